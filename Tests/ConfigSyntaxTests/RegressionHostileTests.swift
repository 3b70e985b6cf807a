// Regressions from the reliability work (issue 12): inputs found by fuzzing or by the
// hostile-input review. Each test names what used to go wrong.

import Testing
@testable import ConfigSyntax

@Suite struct RegressionHostileTests {
    /// NUL and other control characters used to parse without a word (a line starting with
    /// NUL even turned a whole Axolotl config into an unknown document). PyYAML refuses such a
    /// file, so each run of them is an `invalid-character` error at its exact bytes.
    @Test func controlCharactersInYAMLAreErrors() {
        let doc = ConfigParser.parse("base_model: x\n\u{0}micro_batch_size: 2\u{0}\u{0}\n", format: .yaml)
        let bad = doc.diagnostics.filter { $0.code == "invalid-character" }
        #expect(bad.map(\.range) == [ByteRange(14, 15), ByteRange(34, 36)])
        #expect(bad.first?.message == "Control character U+0000 is not allowed in YAML: PyYAML refuses to load this file")
        #expect(bad.allSatisfy { $0.severity == .error })

        let c1 = ConfigParser.parse("a: \u{7F}\nb: \u{9F} \u{85}\n", format: .yaml)
        #expect(c1.diagnostics.filter { $0.code == "invalid-character" }.map(\.message) == [
            "Control character U+007F is not allowed in YAML: PyYAML refuses to load this file",
            "Control character U+009F is not allowed in YAML: PyYAML refuses to load this file",
        ])
        // Tab, LF, CR, NEL and ordinary text are fine.
        let ok = ConfigParser.parse("a:\tb\r\nc: d\re: \u{85}é😀\n", format: .yaml)
        #expect(!ok.diagnostics.contains { $0.code == "invalid-character" })
    }

    /// The report is per chunk, so an incremental reparse gives the same diagnostics as a
    /// fresh parse when a NUL is typed and removed again.
    @Test func controlCharacterReportSurvivesIncrementalEdits() {
        let text = "a: 1\nb: 2\nc: 3\n"
        let doc = ConfigParser.parse(text, format: .yaml)
        let typed = doc.applying(TextEdit(range: ByteRange(8, 8), replacement: "\u{0}"))
        let fresh = ConfigParser.parse(typed.text, format: .yaml)
        #expect(typed.diagnostics == fresh.diagnostics)
        #expect(typed.diagnostics.map(\.code) == ["invalid-character"])
        let removed = typed.applying(TextEdit(range: ByteRange(8, 9), replacement: ""))
        #expect(removed.diagnostics.isEmpty)
        #expect(removed.text == text)
    }

    /// At most 20 reports per chunk, however many NULs there are.
    @Test func controlCharacterReportsAreBounded() {
        let text = "a: " + String(repeating: "x\u{0}", count: 10_000) + "\n"
        let doc = ConfigParser.parse(text, format: .yaml)
        #expect(doc.diagnostics.filter { $0.code == "invalid-character" }.count == 20)
    }

    /// 100,000 levels of nesting in every form stop at the nesting limit: one diagnostic, no
    /// stack overflow.
    @Test func hundredThousandLevels() {
        let n = 100_000
        let cases: [(String, SyntaxFormat)] = [
            (String(repeating: "[", count: n) + String(repeating: "]", count: n), .json),
            (String(repeating: "{\"a\":", count: n) + "1" + String(repeating: "}", count: n), .json),
            ("a: " + String(repeating: "[", count: n) + String(repeating: "]", count: n) + "\n", .yaml),
            ("a: " + String(repeating: "{b: ", count: n) + "1" + String(repeating: "}", count: n) + "\n", .yaml),
            (String(repeating: "- ", count: n) + "x\n", .yaml),
            (String(repeating: "[", count: n), .json),
        ]
        for (text, format) in cases {
            let doc = ConfigParser.parse(text, format: format)
            #expect(doc.diagnostics.contains { $0.code == "nesting-limit" }, "\(format) \(text.prefix(12))")
        }
    }

    /// A large file with no alias at all used to get `alias-limit` ("billion laughs") once it
    /// held more than a million nodes (a 50 MB dataset list): only alias expansion counts.
    @Test func manyNodesWithoutAliasesAreNotBillionLaughs() {
        var text = "datasets:\n"
        for i in 0..<260_000 { text += "  - p\(i)\n" }
        let doc = ConfigParser.parse(text, format: .yaml)
        #expect(doc.root?["datasets"]?.items.count == 260_000)
        #expect(!doc.diagnostics.contains { $0.code == "alias-limit" })
        // The real pattern is still caught, once.
        var laughs = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1..<9 {
            let prev = Character(UnicodeScalar(UInt8(96 + i)))
            let name = Character(UnicodeScalar(UInt8(97 + i)))
            laughs += "\(name): &\(name) [" + Array(repeating: "*\(prev)", count: 10).joined(separator: ", ") + "]\n"
        }
        let bomb = ConfigParser.parse(laughs, format: .yaml)
        #expect(bomb.diagnostics.filter { $0.code == "alias-limit" }.count == 1)
    }
}
