import Testing
import TestSupport
import Foundation
@testable import ConfigSyntax

@Suite struct LosslessTests {
    /// Every byte is in exactly one token, and bytes outside the parsers' tokens are whitespace.
    static func checkLossless(_ doc: ParsedDocument) -> Bool {
        let tokens = doc.losslessTokens()
        let u = Array(doc.text.utf8)
        var rebuilt: [UInt8] = []
        var pos = 0
        for t in tokens {
            guard t.start == pos, t.end > t.start else { return false }
            if t.kind == .whitespace {
                var i = t.start
                while i < t.end {
                    let c = u[i]
                    if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1; continue }
                    if c == 0xEF, i + 2 < t.end || i + 2 == t.end - 1 || i + 3 <= t.end, i + 2 < u.count, u[i + 1] == 0xBB, u[i + 2] == 0xBF { i += 3; continue }
                    return false
                }
            }
            rebuilt.append(contentsOf: u[t.start..<t.end])
            pos = t.end
        }
        return rebuilt == u
    }

    @Test(arguments: Fixtures.yamlConfigs + [Fixtures.largeYAML(lines: 200), "a: [1, {b: \"c\"}] # x\n? k\n: v\n--- |\n  text\n...\n%YAML 1.2\n---\n&a !t x: *a\n"])
    func yamlTokensGiveBackTheInput(_ text: String) {
        let doc = yaml(text)
        #expect(Self.checkLossless(doc))
    }

    @Test func jsonTokensGiveBackTheInput() {
        #expect(Self.checkLossless(json(Fixtures.deepspeed)))
        #expect(Self.checkLossless(json("{\"a\": [1, 2,], // c\n \"b\": tru }")))
    }

    @Test func brokenInputIsStillLossless() {
        var rng = SeededRandom(seed: 7)
        for _ in 0..<300 {
            var text = Fixtures.torchtune
            for _ in 0..<5 {
                let edit = IncrementalTests.randomEdit(text, &rng)
                text = ConfigParser.parse(text, format: .yaml).applying(edit).text
            }
            let doc = yaml(text)
            if !Self.checkLossless(doc) {
                Issue.record("not lossless:\n\(text)")
                return
            }
        }
    }

    @Test(.enabled(if: SharedData.available, "../shared is absent (a user's clone): skipped"))
    func conformanceInputsAreLossless() throws {
        let root = SharedData.url("conformance/yaml-test-suite")
        var checked = 0
        for id in try FileManager.default.contentsOfDirectory(atPath: root.path) where id.count == 4 {
            guard let bytes = FileManager.default.contents(atPath: root.appendingPathComponent(id).appendingPathComponent("in.yaml").path) else { continue }
            let doc = ConfigParser.parse(bytes: [UInt8](bytes), format: .yaml)
            #expect(Self.checkLossless(doc), "\(id)")
            checked += 1
        }
        #expect(checked > 300)
    }
}

@Suite struct HostileInputTests {
    @Test func deepFlowNestingInYAML() {
        let doc = yaml("a: " + String(repeating: "[", count: 100_000))
        #expect(doc.diagnostics.contains { $0.code == "nesting-limit" })
        #expect(doc.root?.entry("a") != nil)
    }

    @Test func deepBlockNestingInYAML() {
        let doc = yaml(String(repeating: "- ", count: 5_000) + "x\n")
        #expect(doc.diagnostics.map(\.code).contains("nesting-limit"))
        var text = ""
        for i in 0..<1_500 { text += String(repeating: " ", count: i) + "k\(i):\n" }
        let deep = yaml(text)
        #expect(deep.diagnostics.map(\.code) == ["nesting-limit"])
    }

    @Test func billionLaughs() {
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"]
        var prev = "a"
        for n in names {
            text += "\(n): &\(n) [" + Array(repeating: "*\(prev)", count: 10).joined(separator: ", ") + "]\n"
            prev = n
        }
        let doc = yaml(text)
        let limits = doc.diagnostics.filter { $0.code == "alias-limit" }
        #expect(limits.count == 1)
        #expect(limits.first?.severity == .error)
        // Merge expansion stays bounded too (merges nest at most 32 deep).
        #expect(doc.root?["i"]?.resolvedEntries(in: doc).isEmpty == true)
    }

    @Test func hugeNumbers() {
        let doc = yaml("a: 1.0e+400\nb: 18446744073709551617\nc: \(String(repeating: "9", count: 5000))\n")
        #expect(doc.root?["a"]?.scalar == .float(.infinity))
        #expect(doc.root?["b"]?.scalar == .float(18446744073709551617.0))
        #expect(doc.root?["c"]?.scalar == .float(.infinity))
        #expect(doc.diagnostics == [])
    }

    @Test func nulAndBOMInTheMiddle() {
        let doc = yaml("a: x\u{0}y\nb: 1\n\u{FEFF}c: 2\n")
        #expect(doc.root?["a"]?.scalar == .string("x\u{0}y"))
        #expect(doc.root?["c"]?.scalar == .int(2))
        let j = json("{\"a\": \"x\u{0}\"}")
        #expect(j.diagnostics.map(\.code) == ["syntax-error"])
        #expect(j.diagnostics.first?.range == ByteRange(8, 9))
    }

    @Test func invalidUTF8IsReportedAndRepaired() {
        let bytes: [UInt8] = Array("a: ".utf8) + [0xFF, 0xFE] + Array(" ok\nb: 2\n".utf8)
        let doc = ConfigParser.parse(bytes: bytes, format: .yaml)
        #expect(doc.diagnostics.map(\.code) == ["invalid-utf8"])
        #expect(doc.diagnostics.first?.range == ByteRange(3, 9))
        #expect(doc.root?["a"]?.scalar == .string("\u{FFFD}\u{FFFD} ok"))
        #expect(doc.root?["b"]?.scalar == .int(2))
        // An edit reparses the repaired text: the report about the original bytes is gone.
        let edited = doc.applying(TextEdit(range: ByteRange(0, 0), replacement: "# x\n"))
        #expect(edited.diagnostics == ConfigParser.parse(edited.text, format: .yaml).diagnostics)
        #expect(edited.diagnostics == [])
        let j = ConfigParser.parse(bytes: [0x22, 0xC3, 0x22], format: .json)
        #expect(j.diagnostics.map(\.code) == ["invalid-utf8"])
    }

    @Test func randomBytesNeverCrash() {
        var rng = SeededRandom(seed: 99)
        let alphabet: [UInt8] = Array(":-#\"'\n\r \t[]{},|>&*!?%@`\\.0a1e~".utf8) + [0, 0xC3, 0xA9, 0xFF, 0xEF, 0xBB, 0xBF]
        for _ in 0..<2_000 {
            let len = rng.int(60)
            let bytes = (0..<len).map { _ in alphabet[rng.int(alphabet.count)] }
            for f in [SyntaxFormat.yaml, .json] {
                let doc = ConfigParser.parse(bytes: bytes, format: f)
                _ = doc.documents
                #expect(LosslessTests.checkLossless(doc))
            }
        }
    }

    @Test func formatForPath() {
        #expect(ConfigParser.format(forPath: "/x/ds_config.JSON") == .json)
        #expect(ConfigParser.format(forPath: "a.jsonc") == .json)
        #expect(ConfigParser.format(forPath: "conf/train.yml") == .yaml)
        #expect(ConfigParser.format(forPath: "train.yaml") == .yaml)
        #expect(ConfigParser.format(forPath: "README.md") == nil)
        #expect(ConfigParser.format(forPath: "yaml") == nil)
    }
}

/// Memory per node is what a 10,000-line file costs (40,000 nodes for a 10,000-item list):
/// a regression guard on the storage layout, not a timing. A node is one record in its chunk's
/// arena (no object header, no malloc rounding, no array per collection: a child is one
/// `Int32` in the arena's index list), and a `Node` is a handle (arena, index, shift).
@Test func nodeStorageStaysSmall() {
    #expect(MemoryLayout<NodeRecord>.stride <= 48, "\(MemoryLayout<NodeRecord>.stride)")
    #expect(_isPOD(NodeRecord.self), "a record holds no references (strings sit in the arena's table)")
    #expect(MemoryLayout<Node>.size <= 24, "\(MemoryLayout<Node>.size)")
    // A parse puts all nodes of a chunk in one arena.
    let doc = ConfigParser.parse("a:\n  b: [1, 2, {c: d}]\n  e: f\n", format: .yaml)
    guard let root = doc.root, let a = root["a"], let b = a["b"] else { Issue.record("no tree"); return }
    #expect(a.arena === b.arena && b.items.allSatisfy { $0.arena === a.arena })
}

/// An arena's first buffer holds what it was reserved for and later nodes, strings and child
/// indices go to 1,024-element segments: large documents read back every node, value and raw
/// text (one-line plain scalars are read from the arena's copy of the source once parsed).
@Test func arenaSegmentsHoldLargeDocuments() {
    var json = "{"
    for i in 0..<3_000 { json += "\"key_\(i)\": [\"v\(i)\", \(i), true]," }
    json += "\"last\": null}"
    let j = ConfigParser.parse(json, format: .json)
    #expect(!j.hasErrors)
    let entries = j.root?.entries ?? []
    #expect(entries.count == 3_001)
    if entries.count == 3_001 {
        #expect(entries[2_999].keyString == "key_2999")
        #expect(entries[2_999].value.items.map(\.scalar) == [.string("v2999"), .int(2_999), .bool(true)])
        #expect(entries[2_999].value.items[1].rawText == "2999")
    }
    // One chunk with more than 1,024 children (a flow list), and many chunks sharing arenas.
    var yaml = "list: [" + (0..<2_500).map { "item_\($0)" }.joined(separator: ", ") + "]\n"
    for i in 0..<3_000 { yaml += "key_\(i): value number \(i)\n" }
    let y = ConfigParser.parse(yaml, format: .yaml)
    #expect(!y.hasErrors)
    let items = y.root?["list"]?.items ?? []
    #expect(items.count == 2_500)
    #expect(items.last?.scalar == .string("item_2499") && items.last?.rawText == "item_2499")
    #expect(y.root?["key_2999"]?.scalar == .string("value number 2999"))
    #expect(y.root?["key_2999"]?.range == ByteRange(yaml.utf8.count - 18, yaml.utf8.count - 1))
}
