import Testing
@testable import ConfigSyntax

@Suite struct JSONTests {
    @Test func parsesADeepSpeedConfig() {
        let doc = json(#"{"zero_optimization": {"stage": 3, "offload_param": {"device": "cpu"}}, "bf16": {"enabled": true}, "train_micro_batch_size_per_gpu": 4, "lr": 1e-4, "x": null}"#)
        #expect(doc.diagnostics == [])
        #expect(doc.root?.lookup(["zero_optimization", "stage"])?.scalar == .int(3))
        #expect(doc.root?["lr"]?.scalar == .float(1e-4))
        #expect(doc.root?["x"]?.scalar == .null)
        #expect(doc.root?["bf16"]?["enabled"]?.scalar == .bool(true))
        #expect(doc.root?.isFlow == true)
        #expect(doc.root?.entry("lr").map { slice(doc, $0.range) } == #""lr": 1e-4"#)
        #expect(doc.documents.count == 1)
    }

    @Test(arguments: [
        ("{\"a\": 1 // c\n}", "json-comment", 8, 12),
        ("{\"a\": 1 /* c */}", "json-comment", 8, 15),
        ("{\"a\": 1,}", "json-trailing-comma", 7, 8),
        ("[1, 2,]", "json-trailing-comma", 5, 6),
        ("{\"a\": NaN}", "json-nan", 6, 9),
        ("[-Infinity]", "json-nan", 1, 10),
        ("{\"a\" 1}", "syntax-error", 5, 6),
        ("[1 2]", "syntax-error", 3, 4),
        ("[01]", "syntax-error", 1, 3),
        ("{'a': 1}", "syntax-error", 1, 2),
        ("[1] x", "syntax-error", 4, 5),
        ("\"abc", "syntax-error", 0, 4),
        ("", "syntax-error", 0, 0),
        ("[\"a\\qb\"]", "syntax-error", 3, 5),
        ("\u{FEFF}{}", "json-bom", 0, 3),
    ])
    func reportsWhatStrictLoadersReject(_ text: String, _ code: String, _ start: Int, _ end: Int) {
        let doc = json(text)
        #expect(doc.diagnostics.first?.code == code, "\(text)")
        #expect(doc.diagnostics.first?.range == ByteRange(start, end), "\(text)")
        #expect(doc.diagnostics.first?.severity == .error)
    }

    @Test func messagesNameTheLoader() {
        #expect(json("{\"a\": 1,}").diagnostics.first?.message == "Trailing comma before '}': Python's json module (used by DeepSpeed and transformers) rejects it")
        #expect(json("{} // x").diagnostics.first?.message == "Comments are not allowed in JSON: Python's json module (used by DeepSpeed and transformers) rejects this file")
    }

    @Test func duplicateKeysWarn() {
        let doc = json(#"{"a": 1, "a": 2}"#)
        #expect(doc.diagnostics.map(\.code) == ["duplicate-key"])
        #expect(doc.diagnostics.first?.severity == .warning)
        #expect(doc.diagnostics.first?.range == ByteRange(9, 12))
        #expect(doc.diagnostics.first?.message == "Duplicate key \"a\": DeepSpeed's config loader rejects duplicate keys, and Python's json module silently keeps the last one")
        #expect(doc.root?["a"]?.scalar == .int(2))
    }

    @Test func numbers() {
        let doc = json("[1e400, 18446744073709551617, -9223372036854775808, 0.5, -0, 1E2]")
        #expect(doc.diagnostics == [])
        #expect(doc.root.map(plain) == .seq([.float(.infinity), .float(18446744073709551617.0), .int(Int64.min), .float(0.5), .int(0), .float(100)]))
    }

    @Test func stringsAndEscapes() {
        let doc = json(#"["\u00e9\ud83d\ude00\n", "\ud800"]"#)
        #expect(doc.root.map(plain) == .seq([.string("é😀\n"), .string("\u{FFFD}")]))
    }

    @Test func errorsDoNotLoseTheRest() {
        let doc = json("{\"a\": tru, \"b\": 2,, \"c\": [1,}")
        #expect(doc.root?["b"]?.scalar == .int(2))
        #expect(doc.root?["a"]?.kind == .invalid)
        #expect(doc.hasErrors)
    }

    @Test func deepNestingIsBounded() {
        let doc = json(String(repeating: "[", count: 100_000))
        #expect(doc.diagnostics.contains { $0.code == "nesting-limit" && $0.range == ByteRange(1000, 1001) })
        let ok = json(String(repeating: "[", count: 999) + String(repeating: "]", count: 999))
        #expect(ok.diagnostics == [])
    }
}

@Suite struct LineIndexTests {
    let index = LineIndex("ab\r\ncé\r😀x\ny")

    @Test func lineStartsFollowLSPBreaks() {
        #expect(index.lineStarts == [0, 4, 8, 14])
        #expect(index.lineCount == 4)
        #expect(index.lineStart(99) == 14)
        #expect(index.lineStart(-3) == 0)
    }

    @Test func locationsInEveryEncoding() {
        #expect(index.location(ofByte: 5) == (1, 1) ? true : false)
        #expect(index.position(ofByte: 12, encoding: .utf16) == (2, 2) ? true : false)
        #expect(index.position(ofByte: 12, encoding: .utf32) == (2, 1) ? true : false)
        #expect(index.position(ofByte: 12, encoding: .utf8) == (2, 4) ? true : false)
        #expect(index.position(ofByte: 13, encoding: .utf16) == (2, 3) ? true : false)
        #expect(index.utf16Column(line: 1, utf8Column: 3) == 2)
        #expect(index.utf32Column(line: 2, utf8Column: 4) == 1)
    }

    @Test func inverseClampsAndSnaps() {
        #expect(index.byteOffset(line: 2, column: 2, encoding: .utf16) == 12)
        #expect(index.byteOffset(line: 2, column: 1, encoding: .utf16) == 8)  // inside the surrogate pair: snaps back
        #expect(index.byteOffset(line: 1, column: 99, encoding: .utf16) == 7) // clamps to line end (before \r)
        #expect(index.byteOffset(line: 9, column: 0, encoding: .utf8) == 15)  // past the last line: document end
        #expect(index.byteOffset(line: 1, column: 2, encoding: .utf8) == 5)   // inside é: snaps to its start
        #expect(index.byteOffset(line: -1, column: 4, encoding: .utf32) == 0)
        #expect(index.location(ofByte: 1000) == (3, 1) ? true : false)
    }

    @Test func emptyText() {
        let e = LineIndex("")
        #expect(e.lineCount == 1)
        #expect(e.byteOffset(line: 0, column: 5, encoding: .utf16) == 0)
    }
}
