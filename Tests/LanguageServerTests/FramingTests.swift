import Testing
@testable import LanguageServer

private func frames(_ chunks: [String]) -> [FramerEvent] {
    var f = MessageFramer()
    var out: [FramerEvent] = []
    for c in chunks {
        f.push(Array(c.utf8))
        while let e = f.next() { out.append(e) }
    }
    return out
}

private func msg(_ s: String) -> FramerEvent { .message(Array(s.utf8)) }

@Test func framesTwoMessagesInOneWrite() {
    #expect(frames(["Content-Length: 2\r\n\r\n{}Content-Length: 4\r\n\r\nnull"]) == [msg("{}"), msg("null")])
}

@Test func framesAMessageWrittenOneByteAtATime() {
    let whole = "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 7\r\n\r\n[1,2,3]"
    #expect(frames(whole.map { String($0) }) == [msg("[1,2,3]")])
}

@Test func headersInAnyOrderAndCase() {
    #expect(frames(["content-length: 2\r\ncontent-type: x\r\n\r\n{}"]) == [msg("{}")])
}

@Test func contentLengthCountsBytesNotCharacters() {
    let body = "{\"a\":\"😀é\"}" // 4 + 2 bytes of non-ASCII
    #expect(frames(["Content-Length: \(body.utf8.count)\r\n\r\n\(body)"]) == [msg(body)])
}

@Test func missingContentLengthResynchronises() {
    let events = frames(["Content-Type: x\r\n\r\n{\"id\":1}Content-Length: 2\r\n\r\n{}"])
    #expect(events == [.badHeader("header without Content-Length; skipping to the next Content-Length header"), msg("{}")])
}

@Test func nonNumericNegativeAndAbsurdLengthsResynchronise() {
    for bad in ["twelve", "-5", "1000000000000000"] {
        let events = frames(["Content-Length: \(bad)\r\n\r\n{}\r\nContent-Length: 4\r\n\r\ntrue"])
        #expect(events.count == 2)
        if case .badHeader(let why) = events[0] { #expect(why.contains(bad)) } else { Issue.record("expected a bad header for \(bad)") }
        #expect(events[1] == msg("true"))
    }
}

@Test func oversizedHeaderIsDropped() {
    let junk = String(repeating: "x", count: MessageFramer.maxHeaderBytes + 10)
    let events = frames([junk, "\r\nContent-Length: 2\r\n\r\n{}"])
    #expect(events.count == 2)
    #expect(events.last == msg("{}"))
}
