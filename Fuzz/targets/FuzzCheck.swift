// Shared by every fuzz target: a failed check prints why and aborts, which libFuzzer reports
// as a crash and saves the input.
#if canImport(Glibc)
import Glibc
#endif
import ConfigSyntax

enum FuzzCheck {
    static func require(_ ok: @autoclosure () -> Bool, _ why: @autoclosure () -> String) {
        if !ok() {
            fputs("FUZZ CHECK FAILED: \(why())\n", stderr)
            abort()
        }
    }

    /// The parser targets' checks: every node and diagnostic range inside the text, and a
    /// second parse of the (repaired) text gives the same tree (and, for JSON, no more
    /// diagnostics).
    static func parsesLosslessly(_ bytes: [UInt8], format: SyntaxFormat) {
        let doc = ConfigParser.parse(bytes: bytes, format: format)
        let n = doc.text.utf8.count
        nodesInside(doc.documents, n)
        for d in doc.diagnostics {
            require(d.range.start >= 0 && d.range.start <= d.range.end && d.range.end <= n, "diagnostic range \(d.range) outside 0..<\(n)")
        }
        let again = ConfigParser.parse(doc.text, format: format)
        require(same(again.documents, doc.documents) && (format == .yaml || again.diagnostics.count <= doc.diagnostics.count),
                "parse is not deterministic")
    }

    static func nodesInside(_ nodes: [Node], _ n: Int) {
        var stack = nodes
        var seen = 0
        while let node = stack.popLast(), seen < 1_000_000 {
            seen += 1
            require(node.range.start >= 0 && node.range.start <= node.range.end && node.range.end <= n,
                    "node range \(node.range) outside 0..<\(n)")
            stack.append(contentsOf: node.items)
            for e in node.entries { stack.append(e.key); stack.append(e.value) }
        }
    }

    /// `==` on node trees, except that NaN scalars equal each other (`.nan` in YAML).
    static func same(_ a: [Node], _ b: [Node]) -> Bool {
        guard a.count == b.count else { return false }
        var stack = Array(zip(a, b))
        while let (x, y) = stack.popLast() {
            guard x.kind == y.kind, x.range == y.range, x.style == y.style, x.rawText == y.rawText,
                  x.tag == y.tag, x.anchor == y.anchor, x.aliasTarget == y.aliasTarget, x.isFlow == y.isFlow,
                  x.items.count == y.items.count, x.entries.count == y.entries.count else { return false }
            switch (x.scalar, y.scalar) {
            case (.float(let p)?, .float(let q)?): if !(p == q || (p.isNaN && q.isNaN)) { return false }
            default: if x.scalar != y.scalar { return false }
            }
            stack.append(contentsOf: zip(x.items, y.items))
            for (e, f) in zip(x.entries, y.entries) {
                guard e.range == f.range else { return false }
                stack.append((e.key, f.key))
                stack.append((e.value, f.value))
            }
        }
        return true
    }
}
