import Foundation
import Testing
@testable import LanguageServer

@Test func workspaceDiagnosticsScanTheFoldersWithProgress() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("headroom-ws-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("configs"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let over = "# headroom: gpu=rtx-4090\nbase_model: meta-llama/Llama-3.1-8B\nadapter: lora\nsequence_len: 8192\nmicro_batch_size: 8\n"
    try over.write(to: dir.appendingPathComponent("configs/over.yaml"), atomically: true, encoding: .utf8)
    try "name: not-a-training-config\n".write(to: dir.appendingPathComponent("configs/other.yaml"), atomically: true, encoding: .utf8)
    try "gpu: h100\n".write(to: dir.appendingPathComponent(".hidden.yaml"), atomically: true, encoding: .utf8)

    var sent: [JSONValue] = []
    let core = ServerCore(send: { sent.append($0) }, log: { _ in })
    func request(_ id: Int64, _ method: String, _ params: JSONValue) {
        _ = core.handle(.request(id: .int(id), method: method, params: params))
    }
    request(1, "initialize", ["rootUri": .string(dir.absoluteURL.absoluteString),
                              "capabilities": ["textDocument": ["diagnostic": [:]]]])
    #expect(sent.last?["result"]?["capabilities"]?["diagnosticProvider"]?["workspaceDiagnostics"] == true)
    sent.removeAll()
    request(2, "workspace/diagnostic", ["previousResultIds": [], "workDoneToken": "scan-1"])
    let progress = sent.filter { $0["method"] == "$/progress" }
    #expect(progress.map { $0["params"]?["value"]?["kind"] } == ["begin", "end"])
    #expect(progress.allSatisfy { $0["params"]?["token"] == "scan-1" })
    let items = try #require(sent.last?["result"]?["items"]?.arrayValue)
    #expect(items.count == 1, "only training configs are reported")
    #expect(items.first?["uri"]?.stringValue?.hasSuffix("/configs/over.yaml") == true)
    let codes = items.first?["items"]?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? []
    #expect(codes.contains("does-not-fit"))
}
