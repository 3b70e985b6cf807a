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

    /// Work counted, not time: with 100 to 10,000 top-level keys (one chunk each), a keystroke
    /// writes a block of chunk entries and the block list, not one entry per chunk (it used to
    /// copy and shift all of them: 10,000 entries per keystroke).
    @Test func keystrokeTouchesFewChunkEntries() {
        let block = ChunkList.blockSize
        for (name, make) in [("one-line keys", SubChunkTests.topLevel), ("config blocks", Fixtures.largeYAML)] {
            var touched: [Int] = []
            for lines in [100, 1_000, 10_000] {
                let text = make(lines)
                let u = Array(text.utf8)
                var doc = ConfigParser.parse(text, format: .yaml)
                let count = doc.chunks.count
                for fraction in [0.02, 0.5, 0.97] {
                    // At the end of the next `key_N: value N` line.
                    var at = Int(Double(u.count) * fraction)
                    while at + 4 < u.count, !(u[at] == 0x0A && u[at + 1] == UInt8(ascii: "k")) { at += 1 }
                    at += 1
                    while at < u.count, u[at] != 0x0A { at += 1 }
                    // Type, then delete what was typed.
                    for edit in [TextEdit(range: ByteRange(at, at), replacement: "x"), TextEdit(range: ByteRange(at, at + 1), replacement: "")] {
                        doc = doc.applying(edit)
                        #expect(doc.lastReparsedChunkCount <= 3, "\(name) \(lines)")
                        #expect(doc.chunks.count == count)
                        touched.append(doc.chunks.touchedEntries)
                        #expect(doc.chunks.touchedEntries <= 2 * block + count / block + 8, "\(name) \(lines) lines, \(count) chunks: \(touched)")
                    }
                }
                #expect(doc.text == text)
                #expect(doc.documents == ConfigParser.parse(text, format: .yaml).documents)
                if lines == 10_000 {
                    #expect(count >= 2_500)
                    #expect((touched.max() ?? 0) * 10 < count, "\(name): \(touched) entries touched for \(count) chunks")
                }
            }
        }
    }

    /// Documents of many top-level keys span many chunk blocks: random edits (splitting and
    /// joining chunks, at block boundaries too) against a fresh parse.
    @Test func editsAcrossChunkBlocksMatchAFreshParse() {
        var seed = ""
        for i in 0..<400 {
            seed += i % 50 == 7 ? "block_\(i):\n  a: 1\n  b: [x, y]\n" : "key_\(i): value \(i)\n"
            if i % 37 == 0 { seed += "# comment \(i)\n\n" }
        }
        var rng = SeededRandom(seed: 0xB10C_5EED)
        var doc = ConfigParser.parse(seed, format: .yaml)
        #expect(doc.chunks.blocks.count >= 6)
        for i in 0..<1_500 {
            if i % 300 == 0 { doc = ConfigParser.parse(seed, format: .yaml) }
            var edit = Self.randomEdit(doc.text, &rng)
            if i % 3 == 0 {
                // Line breaks and new keys near a block boundary.
                let starts = doc.chunks.blocks.map(\.base)
                let at = Self.snap(doc.text, starts[rng.int(starts.count)] + rng.int(9) - 4)
                edit = TextEdit(range: ByteRange(at, at), replacement: ["\n", "k: v\n", "  ", "x: [\n"][rng.int(4)])
            }
            let incremental = doc.applying(edit)
            if !Self.expectSame(incremental, ConfigParser.parse(incremental.text, format: .yaml), "edit #\(i) \(edit)") { return }
            doc = incremental
        }
    }

    /// `ChunkList.replacing` against the same operation on a plain array.
    @Test func chunkListReplacingMatchesAnArray() {
        func chunk(_ start: Int, _ length: Int) -> ChunkRef {
            ChunkRef(start: start, result: ChunkResult(parsedStart: start, length: length, items: [], diagnostics: [], comments: []))
        }
        var rng = SeededRandom(seed: 7)
        var model: [ChunkRef] = (0..<300).map { chunk($0 * 10, 10) }
        var list = ChunkList(model)
        for _ in 0..<2_000 {
            let lo = rng.int(model.count + 1)
            let hi = min(model.count, lo + rng.int(5))
            let delta = rng.int(41) - 20
            let base = lo < model.count ? model[lo].start : (model.last?.end ?? 0)
            let new = (0..<rng.int(4)).map { chunk(base + $0, 1) }
            if model.count - (hi - lo) + new.count == 0 { continue }
            model = Array(model[..<lo]) + new + model[hi...].map { c in var x = c; x.start += delta; return x }
            list = list.replacing(lo..<hi, with: new, delta: delta)
            #expect(list.count == model.count)
            #expect(list.map(\.start) == model.map(\.start))
            #expect(zip(list, model).allSatisfy { $0.result === $1.result })
            #expect(list.blocks.allSatisfy { $0.count > 0 && $0.count <= ChunkList.blockSize })
            if list.count != model.count { return }
        }
        // Subscripts agree with iteration.
        #expect((0..<list.count).map { list[$0].start } == model.map(\.start))
        #expect(list.blocks.count <= model.count / (ChunkList.blockSize / 4) + 2, "\(list.blocks.count) blocks for \(model.count) chunks")
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

/// Edits inside huge block collections (split into sub-chunks) against a fresh parse.
@Suite struct SubChunkTests {
    /// Configs whose length is one big block: a `datasets:` list, an indentless list, a nested
    /// mapping with duplicate keys, lists of mappings with nested lists, comments, anchors.
    static func seeds() -> [String] {
        var list = "base_model: m\ndatasets:\n"
        for i in 0..<40 {
            list += "  - path: org/dataset-\(i)   # source \(i)\n    type: alpaca\n"
            if i % 7 == 3 { list += "    split: [train, test]\n    extra:\n      - a: 1\n        b: \"x\"\n\n  # between items\n" }
        }
        list += "output_dir: ./out\nlr: 1.0e-4\n"
        var indentless = "datasets:\n"
        for i in 0..<30 { indentless += "- path: d\(i)\n  type: t\n" }
        indentless += "val_set_size: 0.1\n"
        var map = "model:\n  name: x\n"
        for i in 0..<40 {
            map += "  key_\(i % 33): value \(i)\n"
            if i % 9 == 4 { map += "  nested_\(i):\n    a: 1\n    b: [1, 2]\n  | bad\n" }
        }
        map += "trainer: {a: 1}\n"
        var anchors = "defaults: &d\n  lr: 1\nitems:\n"
        for i in 0..<20 { anchors += "  - <<: *d\n    name: n\(i)\n  - *d\n" }
        return [list, indentless, map, anchors]
    }

    @Test func editsInsideBigBlocksMatchAFreshParse() {
        var rng = SeededRandom(seed: 0xB16_B10C)
        var total = 0, viaSubChunks = 0, failures = 0
        for seed in Self.seeds() {
            var doc = ConfigParser.parse(seed, format: .yaml)
            #expect(doc.chunks.contains { $0.result.sub != nil }, "the seed should be split into sub-chunks")
            for i in 0..<1_500 {
                if i % 10 == 0 { doc = ConfigParser.parse(seed, format: .yaml) }
                // Half the edits are typing (a character inserted or deleted within a line), half
                // random (line breaks, indicators, quotes, deletions across lines).
                let edit = i % 2 == 0 ? Self.typingEdit(doc.text, &rng) : IncrementalTests.randomEdit(doc.text, &rng)
                let incremental = doc.applying(edit)
                let fresh = ConfigParser.parse(incremental.text, format: .yaml)
                total += 1
                if incremental.lastReparsedSubChunkCount > 0 { viaSubChunks += 1 }
                if !IncrementalTests.expectSame(incremental, fresh, "edit #\(i) \(edit)") || incremental.losslessTokens() != fresh.losslessTokens() {
                    failures += 1
                    if failures > 3 { return }
                }
                // The lazily built children equal the fresh ones (documents are compared above);
                // anchors resolve the same way.
                if i % 50 == 0 {
                    #expect(incremental.anchors == fresh.anchors)
                }
                doc = incremental
            }
        }
        #expect(total >= 6_000)
        // Random edits often change the structure (line breaks, '---', dedents) or a key of the
        // big mapping; those reparse whole top-level chunks.
        #expect(viaSubChunks * 4 >= total, "sub-chunk reparses: \(viaSubChunks) of \(total)")
    }

    static func typingEdit(_ text: String, _ rng: inout SeededRandom) -> TextEdit {
        let u = Array(text.utf8)
        let s = IncrementalTests.snap(text, rng.int(u.count + 1))
        if rng.int(3) == 0, s < u.count, u[s] != 0x0A, u[s] != 0x0D {
            let e = IncrementalTests.snap(text, s + 1) == s ? min(s + 4, u.count) : s + 1
            var end = s + 1
            while end < u.count, u[end] & 0xC0 == 0x80 { end += 1 }
            _ = e
            return TextEdit(range: ByteRange(s, end), replacement: "")
        }
        let typed = ["a", "1", " ", "é", "x1", "_", ".", "-"]
        return TextEdit(range: ByteRange(s, s), replacement: typed[rng.int(typed.count)])
    }

    static func datasets(lines: Int) -> String {
        var s = "base_model: meta-llama/Llama-3.1-8B\nadapter: qlora\nsequence_len: 4096\ndatasets:\n"
        var n = 4
        while n < lines {
            s += "  - path: org/dataset-\(n)   # source \(n)\n    type: alpaca\n"
            n += 2
        }
        return s + "output_dir: ./out\n"
    }

    static func nestedMap(lines: Int) -> String {
        var s = "base_model: x\nmodel:\n"
        var n = 2
        while n < lines {
            s += "  key_\(n): value \(n)\n"
            n += 1
        }
        return s + "lr: 1\n"
    }

    static func topLevel(lines: Int) -> String {
        var s = ""
        for i in 0..<lines { s += "key_\(i): value \(i)\n" }
        return s
    }

    /// Work counted, not time: the bytes and pieces a keystroke reparses stay flat as the
    /// document grows from 100 to 10,000 lines, wherever the edit is.
    @Test func keystrokeWorkStaysFlatInsideBigBlocks() {
        for (name, make) in [("datasets list", Self.datasets), ("nested mapping", Self.nestedMap), ("top-level keys", Self.topLevel)] {
            var bytes: [Int] = []
            var pieces: [Int] = []
            for lines in [100, 1_000, 10_000] {
                let text = make(lines)
                let u = Array(text.utf8)
                let doc = ConfigParser.parse(text, format: .yaml)
                _ = doc.diagnostics
                // Type at the end of a value at 10%, 50% and 95% of the document, then read the
                // tree. (Editing a key of a huge nested mapping reparses the whole block: its
                // duplicate-key warnings depend on every other key.)
                for fraction in [0.1, 0.5, 0.95] {
                    var at = Int(Double(u.count) * fraction)
                    while at < u.count, u[at] != 0x0A { at += 1 }
                    let edited = doc.applying(TextEdit(range: ByteRange(at, at), replacement: "x"))
                    #expect(edited.diagnostics.isEmpty, "\(name) \(lines) \(fraction)")
                    #expect(edited.lastReparsedChunkCount <= 3, "\(name) \(lines)")
                    bytes.append(edited.lastReparsedByteCount)
                    pieces.append(edited.lastReparsedSubChunkCount)
                    if lines == 10_000 && fraction == 0.5 {
                        #expect(edited.documents == ConfigParser.parse(edited.text, format: .yaml).documents)
                    }
                }
            }
            let small = bytes[0..<3].max() ?? 0
            #expect(small < 400, "\(name): reparsed bytes \(bytes)")
            #expect(bytes.allSatisfy { $0 <= small * 2 }, "\(name): reparsed bytes \(bytes)")
            #expect(pieces.allSatisfy { $0 <= 2 }, "\(name): reparsed sub-chunks \(pieces)")
        }
    }
}
