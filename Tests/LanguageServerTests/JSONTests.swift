import Testing
@testable import LanguageServer

private func parse(_ s: String) -> JSONValue? {
    if case .success(let v) = JSONReader.parse(Array(s.utf8)) { return v }
    return nil
}

@Test func decodesTheJSONRPCShapes() {
    let v = parse(#"{"jsonrpc":"2.0","id":7,"method":"x","params":{"a":[1,2.5,true,null,"s"]}}"#)
    #expect(v?["id"] == .int(7))
    #expect(v?["params"]?["a"] == [1, 2.5, true, nil, "s"])
}

@Test func rejectsMalformedJSON() {
    for bad in ["{", "{\"a\":}", "[1,]", "nul", "\"abc", "{\"a\" 1}", "01", "1.", "[1] x", "\"\u{01}\""] {
        #expect(parse(bad) == nil, "\(bad) should be rejected")
    }
}

@Test func decodesEscapesAndSurrogatePairs() {
    #expect(parse(#""a\n\"\u00e9\ud83d\ude00""#) == .string("a\n\"é😀"))
    // A lone surrogate becomes U+FFFD instead of failing or trapping.
    #expect(parse(#""\ud800x""#) == .string("\u{FFFD}x"))
    #expect(parse(#""\udc00""#) == .string("\u{FFFD}"))
}

@Test func rejectsInvalidUTF8InStrings() {
    #expect(JSONReader.parse([0x22, 0xFF, 0xFE, 0x22]).isFailure)
}

@Test func deepNestingIsAnErrorNotACrash() {
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    #expect(parse(deep) == nil)
}

@Test func hugeNumbersStayFinite() {
    #expect(parse("18446744073709551617") == .double(18446744073709551617))
    #expect(parse("-9223372036854775808") == .int(Int64.min))
}

@Test func writesSortedCompactJSON() {
    let v: JSONValue = ["b": 1, "a": ["x\n\"", 2.5, nil, false]]
    #expect(JSONWriter.string(v) == #"{"a":["x\n\"",2.5,null,false],"b":1}"#)
    #expect(JSONWriter.string(.string("\u{01}")) == #""\u0001""#)
}

@Test func classifiesMessages() {
    func decode(_ s: String) -> IncomingMessage { IncomingMessage.decode(Array(s.utf8)) }
    if case .request(.int(1), "a", _) = decode(#"{"jsonrpc":"2.0","id":1,"method":"a"}"#) {} else { Issue.record("request") }
    if case .notification("n", _) = decode(#"{"jsonrpc":"2.0","method":"n"}"#) {} else { Issue.record("notification") }
    if case .response(.string("r"), _, _) = decode(#"{"jsonrpc":"2.0","id":"r","result":null}"#) {} else { Issue.record("response") }
    if case .unparsable = decode("{oops") {} else { Issue.record("unparsable") }
    if case .invalid(nil, _) = decode("[1]") {} else { Issue.record("array is invalid") }
    if case .invalid(.int(3), _) = decode(#"{"id":3,"method":5}"#) {} else { Issue.record("non-string method") }
    if case .invalid = decode(#"{"id":3,"method":"m","params":"x"}"#) {} else { Issue.record("string params") }
}

extension Result {
    var isFailure: Bool { if case .failure = self { return true } else { return false } }
}
