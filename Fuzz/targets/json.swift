// libFuzzer target: the JSON parser on arbitrary bytes (ranges inside the text, deterministic).
import ConfigSyntax

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let doc = ConfigParser.parse(bytes: bytes, format: .json)
    let n = doc.text.utf8.count
    FuzzCheck.nodesInside(doc.documents, n)
    for d in doc.diagnostics {
        FuzzCheck.require(d.range.start >= 0 && d.range.start <= d.range.end && d.range.end <= n, "diagnostic range \(d.range) outside 0..<\(n)")
    }
    let again = ConfigParser.parse(doc.text, format: .json)
    FuzzCheck.require(FuzzCheck.same(again.documents, doc.documents) && again.diagnostics.count <= doc.diagnostics.count, "parse is not deterministic")
    return 0
}
