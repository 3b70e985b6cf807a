import Testing
import TestSupport
import Foundation
@testable import ConfigSyntax

@Suite struct IncrementalTests {
    static let pieces = [":", ": ", "-", "- ", "#", " #", "\"", "'", "\n", "\r\n", " ", "  ", "\t", "a", "x1", "1", "0.5",
                         "[", "]", "{", "}", ",", "|", ">", "&a", "*a", "!", "?", "é", "😀", "---\n", "...", "key: v\n",
                         "  - ", "<<: *defaults\n", "\\", "%YAML 1.2\n"]

    /// Snaps an offset to a character boundary of `text`.
    static func snap(_ text: String, _ offset: Int) -> Int {
        let u = Array(text.utf8)
        var o = min(max(offset, 0), u.count)
        while o > 0, o < u.count, u[o] & 0xC0 == 0x80 { o -= 1 }
        return o
    }

    static func randomEdit(_ text: String, _ rng: inout SeededRandom) -> TextEdit {
        let count = text.utf8.count
        let s = snap(text, rng.int(count + 1))
        switch rng.int(3) {
        case 0: // insert
            var ins = ""
            for _ in 0..<(1 + rng.int(3)) { ins += pieces[rng.int(pieces.count)] }
            return TextEdit(range: ByteRange(s, s), replacement: ins)
        case 1: // delete
            let e = snap(text, s + 1 + rng.int(12))
            return TextEdit(range: ByteRange(s, max(e, s)), replacement: "")
        default: // replace
            let e = snap(text, s + 1 + rng.int(6))
            return TextEdit(range: ByteRange(s, max(e, s)), replacement: pieces[rng.int(pieces.count)])
        }
    }

    static func expectSame(_ a: ParsedDocument, _ b: ParsedDocument, _ context: @autoclosure () -> String) -> Bool {
        let same = a.text == b.text && a.documents == b.documents && a.diagnostics == b.diagnostics && a.comments == b.comments
            && a.chunks.map(\.start) == b.chunks.map(\.start)
        if !same {
            Issue.record("incremental != fresh parse after \(context())\nTEXT:\n\(b.text)\nINCR diags: \(a.diagnostics.map { "\($0.range) \($0.message)" })\nFULL diags: \(b.diagnostics.map { "\($0.range) \($0.message)" })\nINCR chunks \(a.chunks.map(\.start)) FULL chunks \(b.chunks.map(\.start))")
        }
        return same
    }

    @Test func tenThousandRandomEditsMatchAFreshParse() {
        var seeds = Fixtures.yamlConfigs
        if SharedData.available, let files = try? FileManager.default.contentsOfDirectory(atPath: SharedData.url("data/examples/axolotl").path) {
            for f in files.sorted() where f.hasSuffix(".yaml") {
                if let t = try? SharedData.text("data/examples/axolotl/\(f)") { seeds.append(t) }
            }
        }
        var rng = SeededRandom(seed: 0x5EED_CAFE)
        var total = 0
        var reused = 0
        var failures = 0
        let editsPerSeed = 10_000 / seeds.count + 1
        for seed in seeds {
            var doc = ConfigParser.parse(seed, format: .yaml)
            for i in 0..<editsPerSeed {
                if i % 250 == 0 { doc = ConfigParser.parse(seed, format: .yaml) }
                let edit = Self.randomEdit(doc.text, &rng)
                let incremental = doc.applying(edit)
                let fresh = ConfigParser.parse(incremental.text, format: .yaml)
                total += 1
                if incremental.lastReparsedChunkCount < incremental.chunks.count { reused += 1 }
                if !Self.expectSame(incremental, fresh, "edit #\(i) \(edit)") {
                    failures += 1
                    if failures > 3 { return }
                }
                doc = incremental
            }
        }
        #expect(total >= 10_000)
        // Most edits reuse chunks (otherwise the test would only compare full parses).
        #expect(reused * 10 >= total * 7, "reused \(reused) of \(total)")
    }

    @Test func editsProduceTheExpectedText() {
        let doc = ConfigParser.parse("a: 1\nb: 2\n", format: .yaml)
        let edited = doc.applying([TextEdit(range: ByteRange(3, 4), replacement: "42"), TextEdit(range: ByteRange(0, 0), replacement: "# c\n")])
        #expect(edited.text == "# c\na: 42\nb: 2\n")
        #expect(edited.root?["a"]?.scalar == .int(42))
        #expect(edited.root?["a"]?.range == ByteRange(7, 9))
        #expect(edited.root?["b"]?.range == ByteRange(13, 14))
        // A range that splits a character is widened to the whole character.
        let u = ConfigParser.parse("k: é\n", format: .yaml).applying(TextEdit(range: ByteRange(4, 5), replacement: "e"))
        #expect(u.text == "k: e\n")
    }

    @Test func keystrokeWorkStaysFlat() {
        var work: [Int] = []
        for lines in [100, 1_000, 10_000] {
            let text = Fixtures.largeYAML(lines: lines)
            let doc = ConfigParser.parse(text, format: .yaml)
            // Type a character in the middle of the document.
            let mid = Self.snap(text, text.utf8.count / 2)
            let lineStart = Array(text.utf8)[..<mid].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            let edited = doc.applying(TextEdit(range: ByteRange(lineStart + 2, lineStart + 2), replacement: "x"))
            #expect(edited.lastReparsedChunkCount <= 3)
            work.append(edited.lastReparsedByteCount)
        }
        #expect(work[2] <= work[0] * 2, "reparsed bytes \(work)")
        #expect(work[0] < 400)
    }

    @Test func jsonEditsReparse() {
        var rng = SeededRandom(seed: 42)
        var doc = ConfigParser.parse(Fixtures.deepspeed, format: .json)
        for i in 0..<300 {
            let edit = Self.randomEdit(doc.text, &rng)
            let inc = doc.applying(edit)
            let fresh = ConfigParser.parse(inc.text, format: .json)
            if !Self.expectSame(inc, fresh, "json edit #\(i)") { return }
            doc = inc
        }
    }
}
