// Hostile input through the language server, in process (ServerCore, as FixtureReplayTests
// drives it): every category of issue 12 gets a diagnostic or an error reply, never a trap.
// The same categories go through the real binary (`headroom lsp` and `headroom check`) in
// Tests/HeadroomCLITests/HostileInputTests.swift, which also bounds peak memory.

import Foundation
import Testing
@testable import LanguageServer

/// An in-process LSP session: messages in as bytes, everything the server sends collected.
final class LSPSession {
    final class Outbox { var messages: [JSONValue] = [] }
    let outbox = Outbox()
    let core: ServerCore
    private var nextID: Int64 = 1

    init(initializationOptions: JSONValue = ["gpu": "rtx-4090"]) {
        let box = outbox
        core = ServerCore(send: { box.messages.append($0) }, log: { _ in })
        _ = request("initialize", ["processId": nil, "rootUri": nil, "capabilities": [:],
                                   "initializationOptions": initializationOptions])
        notify("initialized", [:])
        outbox.messages.removeAll()
    }

    /// Sends a raw body (any bytes) and returns what came back before the next message.
    @discardableResult
    func raw(_ body: [UInt8]) -> [JSONValue] {
        let start = outbox.messages.count
        _ = core.handle(IncomingMessage.decode(body))
        core.flush()
        return Array(outbox.messages[start...])
    }

    func request(_ method: String, _ params: JSONValue) -> JSONValue? {
        let id = nextID
        nextID += 1
        let out = raw(JSONWriter.encode(["jsonrpc": "2.0", "id": .int(id), "method": .string(method), "params": params]))
        return out.first { $0["id"] == .int(id) }
    }

    @discardableResult
    func notify(_ method: String, _ params: JSONValue) -> [JSONValue] {
        raw(JSONWriter.encode(["jsonrpc": "2.0", "method": .string(method), "params": params]))
    }

    /// Opens a document and returns the codes of the diagnostics published for it.
    func open(_ uri: String, _ text: String, languageId: String = "yaml") -> [String] {
        let out = notify("textDocument/didOpen", ["textDocument": ["uri": .string(uri), "languageId": .string(languageId),
                                                                   "version": 1, "text": .string(text)]])
        return Self.codes(out, uri: uri)
    }

    static func codes(_ messages: [JSONValue], uri: String) -> [String] {
        guard let p = messages.last(where: { $0["method"]?.stringValue == "textDocument/publishDiagnostics" && $0["params"]?["uri"]?.stringValue == uri }) else {
            return ["<no publishDiagnostics>"]
        }
        return (p["params"]?["diagnostics"]?.arrayValue ?? []).compactMap { $0["code"]?.stringValue }
    }

    func hover(_ uri: String, line: JSONValue, character: JSONValue) -> JSONValue? {
        request("textDocument/hover", ["textDocument": ["uri": .string(uri)], "position": ["line": line, "character": character]])
    }
}

@Suite struct HostileInputLSP {
    static let axolotl = "base_model: meta-llama/Llama-3.1-8B\nadapter: lora\nlora_r: 8\nmicro_batch_size: 2\nsequence_len: 2048\n"

    @Test func deepNestingInDocuments() {
        let s = LSPSession()
        let n = 100_000
        #expect(s.open("file:///h/deep.json", String(repeating: "[", count: n) + String(repeating: "]", count: n), languageId: "json").contains("nesting-limit"))
        #expect(s.open("file:///h/deep-obj.json", String(repeating: "{\"a\":", count: n) + "1" + String(repeating: "}", count: n), languageId: "json").contains("nesting-limit"))
        #expect(s.open("file:///h/deep-flow.yaml", "a: " + String(repeating: "[", count: n) + "\n").contains("nesting-limit"))
        #expect(s.open("file:///h/deep-seq.yaml", String(repeating: "- ", count: n) + "x\n").contains("nesting-limit"))
        let indented = (0..<1500).map { String(repeating: " ", count: $0) + "k\($0):\n" }.joined()
        #expect(s.open("file:///h/deep-indent.yaml", indented).contains("nesting-limit"))
        // The hover on a deep document still answers.
        #expect(s.hover("file:///h/deep-seq.yaml", line: 0, character: 5)?["result"] != nil)
    }

    @Test func deepNestingInTheMessageIsAParseError() throws {
        let s = LSPSession()
        let body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"textDocument/hover\",\"params\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        let out = s.raw(Array(body.utf8))
        #expect(out.count == 1)
        #expect(out.first?["error"]?["code"] == .int(ErrorCode.parseError))
        #expect(out.first?["error"]?["message"]?.stringValue?.contains("nesting deeper than 512") == true)
    }

    @Test func billionLaughs() {
        var text = "base_model: meta-llama/Llama-3.1-8B\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1..<10 {
            let prev = Character(UnicodeScalar(UInt8(96 + i))), name = Character(UnicodeScalar(UInt8(97 + i)))
            text += "\(name): &\(name) [" + Array(repeating: "*\(prev)", count: 9).joined(separator: ", ") + "]\n"
        }
        text += "micro_batch_size: *j\n<<: *j\n"
        let s = LSPSession()
        let codes = s.open("file:///h/laughs.yaml", text)
        #expect(codes.filter { $0 == "alias-limit" }.count == 1)
        #expect(s.hover("file:///h/laughs.yaml", line: 11, character: 3)?["result"] != nil)
    }

    @Test func enormousNegativeAndZeroNumbers() {
        let s = LSPSession()
        let codes = s.open("file:///h/nums.yaml", "base_model: meta-llama/Llama-3.1-8B\nadapter: lora\nlora_r: -8\nmicro_batch_size: 1e30\nsequence_len: 18446744073709551617\ngradient_accumulation_steps: 0\nlearning_rate: 1e400\nlora_alpha: -.inf\nnum_epochs: .nan\n")
        #expect(codes.filter { $0 == "invalid-value" }.count == 5) // lora_r, micro_batch_size, sequence_len, gradient_accumulation_steps, lora_alpha
        let json = s.open("file:///h/ds.json", "{\"train_micro_batch_size_per_gpu\": 1e400, \"gradient_accumulation_steps\": 18446744073709551617, \"train_batch_size\": -1e400, \"zero_optimization\": {\"stage\": -3}}", languageId: "json")
        #expect(json.filter { $0 == "invalid-value" }.count == 4)
        // Hovers on each of them answer.
        for line in 0..<9 { #expect(s.hover("file:///h/nums.yaml", line: JSONValue(line), character: 2)?["result"] != nil) }
    }

    @Test func enormousNumbersInPositionsAndIDs() {
        let s = LSPSession()
        _ = s.open("file:///h/a.yaml", Self.axolotl)
        for (line, character) in [(JSONValue.double(1e400), JSONValue.int(0)), (.double(18446744073709551617.0), .int(0)),
                                  (.int(-1), .int(0)), (.int(0), .double(-0.5)), (.double(.nan), .int(0))] {
            let r = s.hover("file:///h/a.yaml", line: line, character: character)
            #expect(r?["error"]?["code"] == .int(ErrorCode.invalidParams), "\(line) \(character)")
        }
        // Positions past the end are clamped, not refused.
        #expect(s.hover("file:///h/a.yaml", line: .int(Int64.max), character: .int(Int64.max))?["result"] != nil)
        // A request id that is not an integer or a string: -32600 with id null.
        let out = s.raw(Array(#"{"jsonrpc":"2.0","id":1e400,"method":"shutdown"}"#.utf8))
        #expect(out.first?["error"]?["code"] == .int(ErrorCode.invalidRequest))
        // An edit whose range is far past the end is clamped to the end.
        s.notify("textDocument/didChange", ["textDocument": ["uri": "file:///h/a.yaml", "version": 2],
                                            "contentChanges": [["range": ["start": ["line": 999_999_999, "character": 0], "end": ["line": 999_999_999, "character": 5]], "text": "lora_r: 16\n"]]])
        #expect(s.core.documents["file:///h/a.yaml"]?.buffer.text.hasSuffix("sequence_len: 2048\nlora_r: 16\n") == true)
    }

    @Test func nulBytes() {
        let s = LSPSession()
        #expect(s.open("file:///h/nul.yaml", "base_model: meta-llama/Llama-3.1-8B\n\u{0}micro_batch_size: 2\n").contains("invalid-character"))
        #expect(s.open("file:///h/nul.json", "{\"a\": \"x\u{0}\"}", languageId: "json").contains("syntax-error"))
        // NUL bytes in the message itself (outside strings): a parse error reply.
        let out = s.raw(Array("{\"jsonrpc\":\"2.0\",\u{0}\"id\":1,\"method\":\"shutdown\"}".utf8))
        #expect(out.first?["error"]?["code"] == .int(ErrorCode.parseError))
    }

    @Test func invalidUTF8InTheMessage() {
        let s = LSPSession()
        var body = Array(#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///h/bad.yaml","languageId":"yaml","version":1,"text":"a: "#.utf8)
        body += [0xFF, 0xFE, 0xC3, 0x28]
        body += Array(#""}}}"#.utf8)
        let out = s.raw(body)
        #expect(out.first?["error"]?["code"] == .int(ErrorCode.parseError))
        #expect(s.core.documents["file:///h/bad.yaml"] == nil)
        // The session goes on.
        #expect(s.request("shutdown", nil)?["result"] == .null)
    }

    @Test func byteOrderMarkAndCROnlyLineEnds() {
        let s = LSPSession()
        let plain = s.open("file:///h/plain.yaml", Self.axolotl)
        #expect(plain == ["does-not-fit"])
        // A byte order mark changes nothing.
        #expect(s.open("file:///h/bom.yaml", "\u{FEFF}" + Self.axolotl) == plain)
        // CR-only line ends read like LF; the hover on line 2 (`lora_r: 8`) is on line 2.
        let cr = Self.axolotl.replacingOccurrences(of: "\n", with: "\r")
        #expect(s.open("file:///h/cr.yaml", cr) == plain)
        let h = s.hover("file:///h/cr.yaml", line: 2, character: 2)
        #expect(h?["result"]?["range"]?["start"]?["line"] == .int(2))
    }

    @Test func loneSurrogates() {
        let s = LSPSession()
        // In the document (a DeepSpeed JSON): Python's json accepts them; no trap, a finding.
        let codes = s.open("file:///h/sur.json", #"{"train_micro_batch_size_per_gpu": 1, "\ud800": "\udc00\ud800x", "zero_optimization": {"stage": "\uDFFF"}}"#, languageId: "json")
        #expect(codes.contains("wrong-type"))
        // In the message: the reader replaces them with U+FFFD; the document opens.
        let out = s.raw(Array(#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///h/s.yaml","languageId":"yaml","version":1,"text":"a: \ud800\udc00\ud800 \udfff\n"}}}"#.utf8))
        #expect(LSPSession.codes(out, uri: "file:///h/s.yaml") != ["<no publishDiagnostics>"])
        #expect(s.core.documents["file:///h/s.yaml"]?.buffer.text == "a: 𐀀\u{FFFD} \u{FFFD}\n")
    }

    @Test func largeDocument() {
        let mb = ProcessInfo.processInfo.environment["HEADROOM_STRESS"] == "1" ? 50 : 5
        var text = "base_model: meta-llama/Llama-3.1-8B\nadapter: lora\nlora_r: 8\nmicro_batch_size: 2\ndatasets:\n"
        var i = 0
        while text.utf8.count < mb * 1_000_000 {
            text += "  - path: org/dataset-\(i)\n    type: alpaca\n"
            i += 1
        }
        let s = LSPSession()
        let start = ContinuousClock.now
        let codes = s.open("file:///h/big.yaml", text)
        #expect(!codes.contains("<no publishDiagnostics>"))
        #expect(!codes.contains("alias-limit"))
        // Over the size Headroom analyses: one warning instead of a parse (memory stays bounded).
        #expect(codes.contains("too-large") == (text.utf8.count > 16 << 20))
        // An edit at the end and a hover at the start.
        s.notify("textDocument/didChange", ["textDocument": ["uri": "file:///h/big.yaml", "version": 2],
                                            "contentChanges": [["range": ["start": ["line": 4, "character": 0], "end": ["line": 4, "character": 0]], "text": "# x\n"]]])
        #expect((s.hover("file:///h/big.yaml", line: 2, character: 2)?["result"]?["contents"] != nil) == (text.utf8.count <= 16 << 20))
        #expect(ContinuousClock.now - start < .seconds(mb == 5 ? 60 : 600))
    }

    @Test func referencedFiles() throws {
        let dir = try HostileFiles.make()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let s = LSPSession()
        for (ref, code) in HostileFiles.deepspeedCases(dir) {
            let uri = "file://\(dir)/c-\(abs(ref.hashValue)).yaml"
            let codes = s.open(uri, "base_model: meta-llama/Llama-3.1-8B\nadapter: lora\nlora_r: 8\ndeepspeed: \(ref)\n")
            #expect(codes.contains(code), "deepspeed: \(ref) -> \(codes)")
        }
        for (ref, code) in HostileFiles.modelDirectoryCases(dir) {
            let uri = "file://\(dir)/m-\(abs(ref.hashValue)).yaml"
            let codes = s.open(uri, "base_model: \(ref)\nadapter: lora\nlora_r: 8\n")
            #expect(codes.contains(code), "base_model: \(ref) -> \(codes)")
        }
    }
}

/// Referenced files of every hostile kind, in a fresh temporary folder.
enum HostileFiles {
    static func make() throws -> String {
        let dir = NSTemporaryDirectory() + "headroom-hostile-\(UUID().uuidString)"
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir + "/dsdir", withIntermediateDirectories: true)
        #expect(mkfifo(dir + "/fifo.json", 0o644) == 0)
        try fm.createSymbolicLink(atPath: dir + "/loop1.json", withDestinationPath: dir + "/loop2.json")
        try fm.createSymbolicLink(atPath: dir + "/loop2.json", withDestinationPath: dir + "/loop1.json")
        try Data([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D]).write(to: URL(fileURLWithPath: dir + "/notutf8.json"))
        try Data(repeating: 0x20, count: 5_000_000).write(to: URL(fileURLWithPath: dir + "/huge.json"))
        for m in ["m_empty", "m_fifo", "m_dev", "m_loop", "m_bad", "m_huge", "m_cfgdir/config.json"] {
            try fm.createDirectory(atPath: "\(dir)/\(m)", withIntermediateDirectories: true)
        }
        #expect(mkfifo(dir + "/m_fifo/config.json", 0o644) == 0)
        try fm.createSymbolicLink(atPath: dir + "/m_dev/config.json", withDestinationPath: "/dev/zero")
        try fm.createSymbolicLink(atPath: dir + "/m_loop/config.json", withDestinationPath: dir + "/m_loop/config.json")
        try Data([0x7B, 0xFF, 0x7D]).write(to: URL(fileURLWithPath: dir + "/m_bad/config.json"))
        try Data(repeating: 0x20, count: 5_000_000).write(to: URL(fileURLWithPath: dir + "/m_huge/config.json"))
        return dir
    }

    /// `deepspeed: REF` -> the diagnostic code expected on it.
    static func deepspeedCases(_ dir: String) -> [(String, String)] {
        [("missing.json", "missing-reference"), ("dsdir", "unreadable-reference"), ("fifo.json", "unreadable-reference"),
         ("/dev/zero", "unreadable-reference"), ("loop1.json", "unreadable-reference"),
         ("notutf8.json", "unreadable-reference"), ("huge.json", "unreadable-reference")]
    }

    /// `base_model: REF` (a local directory) -> the diagnostic code expected on it.
    static func modelDirectoryCases(_ dir: String) -> [(String, String)] {
        ["m_empty", "m_fifo", "m_dev", "m_loop", "m_bad", "m_huge", "m_cfgdir"].map { ("\(dir)/\($0)", "unreadable-reference") }
            + [("\(dir)/m_missing", "unknown-model"), ("/dev/zero", "unknown-model")]
    }
}
