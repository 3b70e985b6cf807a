import Testing
@testable import LanguageServer

@Test func documentsOverTheSizeLimitGetOneWarningUntilTheyShrink() throws {
    var sent: [JSONValue] = []
    let core = ServerCore(send: { sent.append($0) }, log: { _ in })
    _ = core.handle(.request(id: .int(1), method: "initialize", params: ["capabilities": [:]]))
    let uri = "file:///tmp/huge.yaml"
    let line = "k: [1\n" // a syntax error on every line, were it parsed
    let huge = String(repeating: line, count: (16 << 20) / line.utf8.count + 10)
    _ = core.handle(.notification(method: "textDocument/didOpen", params: [
        "textDocument": ["uri": .string(uri), "languageId": "yaml", "version": 1, "text": .string(huge)]]))
    core.flush()
    func codes() -> [String] {
        let publish = sent.last { $0["method"] == "textDocument/publishDiagnostics" }
        return publish?["params"]?["diagnostics"]?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? ["<none>"]
    }
    #expect(codes() == ["too-large"])
    #expect(core.documents[uri]?.tooLarge == true)
    // Deleting all but the first two lines brings it under the limit: it is parsed again.
    let lines = huge.utf8.count / line.utf8.count
    _ = core.handle(.notification(method: "textDocument/didChange", params: [
        "textDocument": ["uri": .string(uri), "version": 2],
        "contentChanges": [["range": ["start": ["line": 2, "character": 0], "end": ["line": JSONValue(lines), "character": 0]], "text": ""]]]))
    core.flush()
    #expect(core.documents[uri]?.tooLarge == false)
    #expect(codes() == ["syntax-error", "duplicate-key", "syntax-error"])
}
