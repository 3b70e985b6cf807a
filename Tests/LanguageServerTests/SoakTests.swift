// A short soak in process: 10,000 incremental edits over one ServerCore session with a
// hover every 20 edits and a flush every 250. Every hover is answered, in order; after the
// run the server's text is the text the edits describe, and the diagnostics it publishes
// equal those of a fresh session that opens the final text. The 100,000-edit soak against
// the real binary (with memory figures) is Fuzz/soak.py; see docs/reliability.md.

import TestSupport
import Testing
@testable import LanguageServer

@Suite struct SoakInProcess {
    static let text = """
    # headroom: gpu=rtx-4090
    base_model: meta-llama/Llama-3.1-8B
    adapter: qlora
    load_in_4bit: true
    lora_r: 32
    micro_batch_size: 2
    gradient_accumulation_steps: 4
    sequence_len: 4096
    gradient_checkpointing: true
    optimizer: paged_adamw_8bit
    datasets:
      - path: tatsu-lab/alpaca
        type: alpaca

    """

    @Test func tenThousandEditsAndHovers() {
        let uri = "file:///soak/config.yaml"
        let s = LSPSession()
        _ = s.open(uri, Self.text)
        var lines = Self.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var rng = SeededRandom(seed: 42)
        let editable = [4, 5, 6, 7, 8, 9] // value lines
        var version = 1
        var hoverIDs: [Int64] = []
        var answered: [Int64] = []
        var nextID: Int64 = 1000
        for i in 0..<10_000 {
            version += 1
            let line = editable[rng.int(editable.count)]
            let colon = lines[line].firstIndex(of: ":").map { lines[line].distance(from: lines[line].startIndex, to: $0) } ?? 0
            let oldLength = lines[line].count
            let value: String
            switch rng.int(4) {
            case 0: value = String([1, 2, 4, 8, 16, 64, 4096][rng.int(7)])
            case 1: value = ["true", "false", "adamw_torch", "sgd"][rng.int(4)]
            case 2: value = "" // deleted value: a null
            default: value = "\(rng.int(100_000))x" // a string where a number belongs
            }
            // Replace from after ": " to the end of the line.
            let start = min(colon + 2, oldLength)
            lines[line] = String(lines[line].prefix(start)) + value
            s.notify("textDocument/didChange", [
                "textDocument": ["uri": .string(uri), "version": JSONValue(version)],
                "contentChanges": [["range": ["start": ["line": JSONValue(line), "character": JSONValue(start)],
                                              "end": ["line": JSONValue(line), "character": JSONValue(oldLength)]],
                                    "text": .string(value)]],
            ])
            if i % 20 == 19 {
                let id = nextID
                nextID += 1
                hoverIDs.append(id)
                let out = s.raw(JSONWriter.encode(["jsonrpc": "2.0", "id": .int(id), "method": "textDocument/hover",
                                                   "params": ["textDocument": ["uri": .string(uri)],
                                                              "position": ["line": JSONValue(editable[rng.int(editable.count)]), "character": 1]]]))
                for m in out { if case .int(let r)? = m["id"], m["method"] == nil { answered.append(r) } }
            }
            if i % 250 == 249 { s.core.flush() }
        }
        #expect(answered == hoverIDs)
        let finalText = lines.joined(separator: "\n")
        #expect(s.core.documents[uri]?.buffer.text == finalText)
        #expect(s.core.documents[uri]?.version == version)
        // Diagnostics of the session == diagnostics of a fresh open of the same text.
        s.notify("textDocument/didChange", ["textDocument": ["uri": .string(uri), "version": JSONValue(version + 1)], "contentChanges": []])
        let published = s.outbox.messages.last { $0["method"]?.stringValue == "textDocument/publishDiagnostics" }
        let fresh = LSPSession()
        _ = fresh.open(uri, finalText)
        let freshPublished = fresh.outbox.messages.last { $0["method"]?.stringValue == "textDocument/publishDiagnostics" }
        #expect(published?["params"]?["diagnostics"] == freshPublished?["params"]?["diagnostics"])
        #expect(published?["params"]?["diagnostics"] != nil)
    }
}
