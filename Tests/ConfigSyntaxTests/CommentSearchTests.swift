// `ParsedDocument.comments(containing:)` visits only the chunks where the marker occurs; it must
// give exactly what filtering every comment gives, fresh and after incremental edits.

import Testing
@testable import ConfigSyntax

@Suite struct CommentSearchTests {
    static func document(items: Int) -> String {
        var t = "# headroom: gpu=rtx-4090\nbase_model: x   # headroom: params=7B\n"
        t += "datasets:\n"
        for i in 0..<items {
            t += "  - path: d\(i)   # source \(i)\(i % 97 == 5 ? " headroom: model=m" : "")\n    type: alpaca\n"
        }
        t += "lr: 1.0e-4 # not a headroom:directive\nflow: {a: 1} # headroom:\n# trailing headroom: gpu=h100\n"
        return t
    }

    static func expectSame(_ doc: ParsedDocument, _ marker: String = "headroom:", _ note: String = "") {
        let expected = doc.comments.filter { $0.text.contains(marker) }
        #expect(doc.comments(containing: marker) == expected, "\(note)")
    }

    @Test func sameAsFilteringEveryCommentFreshAndAfterEdits() {
        let doc = ConfigParser.parse(Self.document(items: 400), format: .yaml)
        #expect(doc.comments(containing: "headroom:").count == 10)
        Self.expectSame(doc)
        Self.expectSame(doc, "source 3")
        Self.expectSame(doc, "absent")
        var rng = SeededRandom(seed: 42)
        let pieces = ["# headroom: gpu=a100\n", "x", "\n", "  - path: y  # headroom:\n", "", "#", "headroom:"]
        var d = doc
        for step in 0..<400 {
            let n = d.text.utf8.count
            let s = rng.int(n + 1)
            let e = min(n, s + rng.int(12))
            d = d.applying(TextEdit(range: ByteRange(s, e), replacement: pieces[rng.int(pieces.count)]))
            Self.expectSame(d, "headroom:", "after edit \(step)")
        }
        // JSON has no `#` comments but may have `//` ones (reported as errors, kept as comments).
        Self.expectSame(ConfigParser.parse("{\"a\": 1 // headroom: gpu=x\n}", format: .json))
    }
}
