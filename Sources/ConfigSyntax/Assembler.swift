// Builds the public view (documents, diagnostics, comments) from a document's chunks: shifts
// reused chunks to their current offsets, joins top-level entries and items into root
// collections, and runs the checks that need the whole document (top-level duplicate keys,
// undefined aliases, alias expansion).

enum Assembler {
    /// Alias expansion bound (nodes per document once every alias is expanded).
    static let maxExpandedNodes = 1_000_000

    static func assemble(format: SyntaxFormat, chunks: ChunkList, text: String) -> Assembled {
        var diags: [SyntaxDiagnostic] = []
        var builder = DocumentBuilder()
        if format == .yaml { builder.text = text }
        var aliases = 0
        var tokens = 0
        for c in chunks {
            let d = c.delta
            let r = c.result
            aliases += r.aliasCount
            tokens += r.tokenCount
            if d == 0 {
                diags.append(contentsOf: r.diagnostics)
                r.sub?.forEachPiece(withDiagnosticsOnly: true) { piece, s in
                    for x in piece.diagnostics { var y = x; y.range = x.range.shifted(by: s); diags.append(y) }
                    for x in piece.outerDiagnostics { var y = x; y.range = x.range.shifted(by: s); diags.append(y) }
                }
                for item in r.items { builder.add(item, diags: &diags) }
            } else {
                r.forEachDiagnostic(d) { diags.append($0) }
                for item in r.items { builder.add(item.shifted(by: d), diags: &diags) }
            }
        }
        builder.finishDocument(diags: &diags)
        if format == .yaml {
            // Without aliases the walk can only report the expansion bound, which needs at least
            // that many nodes (a node costs at least a third of a token, counting empty values).
            let (bound, overflow) = tokens.addingReportingOverflow(1)
            let mayExceed = overflow || bound > maxExpandedNodes / 3
            if aliases > 0 || mayExceed {
                for doc in builder.documents {
                    _ = checkAliases(doc, diags: &diags)
                }
            }
        }
        // Stable order: by position.
        let sorted = diags.enumerated().sorted { a, b in
            if a.element.range.start != b.element.range.start { return a.element.range.start < b.element.range.start }
            return a.offset < b.offset
        }.map(\.element)
        return Assembled(documents: builder.documents, diagnostics: sorted)
    }

    static func comments(chunks: ChunkList) -> [Comment] {
        var comments: [Comment] = []
        for c in chunks { c.result.forEachComment(c.delta) { comments.append($0) } }
        return comments
    }

    static func anchors(format: SyntaxFormat, documents: [Node]) -> [[String: [Node]]] {
        guard format == .yaml else { return documents.map { _ in [:] } }
        var scratch: [SyntaxDiagnostic] = []
        return documents.map { checkAliases($0, diags: &scratch) }
    }

    /// Walks a document in source order (explicit stack): registers anchors, reports aliases
    /// to unknown anchors, and reports when expanding every alias passes the bound.
    static func checkAliases(_ root: Node, diags: inout [SyntaxDiagnostic]) -> [String: [Node]] {
        var anchors: [String: [Node]] = [:]
        var sizes: [String: Int] = [:]
        var total = 0
        var reported = false
        var stack: [(node: Node, expanded: Bool)] = [(root, false)]
        var sizeStack: [Int] = []
        func add(_ v: Int, _ s: inout [Int]) {
            guard let i = s.indices.last else { return }
            let (x, o) = s[i].addingReportingOverflow(v)
            s[i] = o ? Int.max : x
        }
        while let (node, expanded) = stack.popLast() {
            if expanded {
                let mySize = sizeStack.popLast() ?? 1
                if let a = node.anchor { sizes[a] = mySize }
                add(mySize, &sizeStack)
                continue
            }
            if let a = node.anchor { anchors[a, default: []].append(node) }
            var size = 1
            if node.kind == .alias {
                let name = node.aliasTarget ?? ""
                if anchors[name] == nil {
                    diags.append(SyntaxDiagnostic(range: node.range, severity: .error, code: "undefined-alias",
                                                  message: "Undefined alias '*\(name)': no anchor '&\(name)' comes before it in this document (PyYAML cannot load the file)"))
                } else {
                    size = sizes[name] ?? 1
                }
            }
            // Only what aliases add counts: a large file without aliases is bounded by its size
            // (400,000 list items used to trip this limit with no alias in sight).
            if node.kind == .alias {
                let (t, o) = total.addingReportingOverflow(size)
                total = o ? Int.max : t
            }
            if total > maxExpandedNodes && !reported {
                reported = true
                diags.append(SyntaxDiagnostic(range: node.range, severity: .error, code: "alias-limit",
                                              message: "Alias expansion exceeds \(maxExpandedNodes) nodes (a 'billion laughs' pattern): loading this file would exhaust memory"))
            }
            if node.kind == .mapping || node.kind == .sequence {
                stack.append((node, true))
                sizeStack.append(1)
                if node.kind == .mapping {
                    for e in node.entries.reversed() {
                        stack.append((e.value, false))
                        stack.append((e.key, false))
                    }
                } else {
                    for x in node.items.reversed() { stack.append((x, false)) }
                }
            } else {
                if let a = node.anchor { sizes[a] = size }
                add(size, &sizeStack)
            }
        }
        return anchors
    }
}

/// Joins top-level items into documents.
struct DocumentBuilder {
    var documents: [Node] = []
    private var explicitStart: ByteRange?
    private var rootKind: Node.Kind?
    private var rootIndent = 0
    private var entries: [Entry] = []
    private var items: [Node] = []
    private var rootNode: Node?
    private var props: (tag: String?, anchor: String?, range: ByteRange)?
    private var firstStart: Int?
    private var lastEnd = 0
    private var keyIndex: [ScalarValue: Int]?
    private var open = false
    private var directivePending: ByteRange?
    private var directiveText: String?
    /// The text, for directive checks (set by the assembler).
    var text: String = ""

    func directiveName(_ r: ByteRange) -> String {
        var t = text
        return t.withUTF8 { u -> String in
            guard r.start >= 0, r.end <= u.count else { return "" }
            var e = r.start
            while e < r.end, u[e] != 0x20, u[e] != 0x09 { e += 1 }
            return makeString(u, r.start, e)
        }
    }

    mutating func add(_ item: TopItem, diags: inout [SyntaxDiagnostic]) {
        switch item {
        case .directive(let r):
            if open {
                diags.append(SyntaxDiagnostic(range: r, severity: .error, code: "syntax-error",
                                              message: "A directive must come after the document end marker '...' of the previous document"))
                finishDocument(diags: &diags)
            }
            if let prev = directivePending, directiveName(prev) == "%YAML", directiveName(r) == "%YAML" {
                diags.append(SyntaxDiagnostic(range: r, severity: .error, code: "syntax-error", message: "Duplicate %YAML directive"))
            }
            directivePending = r
            directiveText = nil
        case .documentStart(let r):
            if open { finishDocument(diags: &diags) }
            directivePending = nil
            open = true
            explicitStart = r
        case .documentEnd(let r):
            if open || hasContent { finishDocument(diags: &diags) }
            if let d = directivePending {
                diags.append(SyntaxDiagnostic(range: d, severity: .error, code: "syntax-error", message: "A directive must be followed by a document start marker '---'"))
                directivePending = nil
            }
            _ = r
        case .properties(let tag, let anchor, let r):
            checkDirective(&diags)
            open = true
            if hasContent {
                diags.append(SyntaxDiagnostic(range: r, severity: .error, code: "syntax-error", message: "Unexpected node properties: a document has a single root node"))
            } else {
                if let p = props {
                    if (p.tag != nil && tag != nil) || (p.anchor != nil && anchor != nil) {
                        diags.append(SyntaxDiagnostic(range: r, severity: .error, code: "syntax-error", message: "The root node already has a \(tag != nil && p.tag != nil ? "tag" : "anchor")"))
                    }
                    props = (tag ?? p.tag, anchor ?? p.anchor, ByteRange(p.range.start, r.end))
                } else {
                    props = (tag, anchor, r)
                }
            }
        case .entry(let e, let indent):
            checkDirective(&diags)
            open = true
            if rootKind == nil {
                rootKind = .mapping
                rootIndent = indent
                firstStart = props?.range.start ?? e.range.start
            } else if rootKind != .mapping {
                diags.append(SyntaxDiagnostic(range: e.key.range, severity: .error, code: "syntax-error",
                                              message: rootKind == .sequence ? "Expected a sequence entry '- ' at the top level, found a mapping key" : "Unexpected mapping key after the document's root value (start a new document with '---')"))
                return
            } else if indent != rootIndent {
                diags.append(SyntaxDiagnostic(range: e.key.range, severity: .error, code: "syntax-error",
                                              message: "Bad indentation of a top-level key: expected column \(rootIndent + 1), found column \(indent + 1)"))
            }
            if let dup = YAMLParserSupport.duplicateIndex(of: e.key, in: entries[...], index: &keyIndex) {
                diags.append(YAMLParserSupport.duplicateDiagnostic(key: e.key, first: entries[dup].key))
            }
            entries.append(e)
            lastEnd = e.range.end
        case .item(let node, let indent, let start):
            checkDirective(&diags)
            open = true
            if rootKind == nil {
                rootKind = .sequence
                rootIndent = indent
                firstStart = props?.range.start ?? start
            } else if rootKind != .sequence {
                diags.append(SyntaxDiagnostic(range: ByteRange(start, start + 1), severity: .error, code: "syntax-error",
                                              message: rootKind == .mapping ? "Expected a mapping key at the top level, found a sequence entry '-'" : "Unexpected sequence entry after the document's root value (start a new document with '---')"))
                return
            } else if indent != rootIndent {
                diags.append(SyntaxDiagnostic(range: ByteRange(start, start + 1), severity: .error, code: "syntax-error",
                                              message: "Bad indentation of a top-level sequence entry"))
            }
            items.append(node)
            lastEnd = max(node.range.end, start + 1)
        case .node(let node):
            checkDirective(&diags)
            open = true
            if rootKind != nil {
                diags.append(SyntaxDiagnostic(range: node.range, severity: .error, code: "syntax-error",
                                              message: "Unexpected content: a document has a single root node (start a new document with '---')"))
                return
            }
            rootKind = .scalar
            var n = node
            if let p = props {
                if n.tag == nil { n.tag = p.tag }
                if n.anchor == nil { n.anchor = p.anchor }
                n.range = ByteRange(min(p.range.start, n.range.start), n.range.end)
                if let t = p.tag, n.kind == .scalar, node.tag == nil {
                    n.scalar = YAMLParserSupport.resolveTagged(n.scalar?.string ?? (n.rawText ?? ""), tag: t, plain: n.style == .plain)
                }
                props = nil
            }
            rootNode = n
        }
    }

    private var hasContent: Bool { rootKind != nil }

    private mutating func checkDirective(_ diags: inout [SyntaxDiagnostic]) {
        if let d = directivePending, !open {
            diags.append(SyntaxDiagnostic(range: d, severity: .error, code: "syntax-error", message: "A directive must be followed by a document start marker '---'"))
        }
        directivePending = nil
    }

    mutating func finishDocument(diags: inout [SyntaxDiagnostic]) {
        defer {
            explicitStart = nil; rootKind = nil; entries = []; items = []; rootNode = nil; props = nil
            firstStart = nil; keyIndex = nil; open = false; rootIndent = 0
        }
        if let d = directivePending, !open {
            diags.append(SyntaxDiagnostic(range: d, severity: .error, code: "syntax-error", message: "A directive must be followed by a document start marker '---'"))
            directivePending = nil
        }
        guard open || rootKind != nil else { return }
        var node: Node
        switch rootKind {
        case .mapping?:
            node = Node(kind: .mapping, range: ByteRange(firstStart ?? 0, lastEnd), entries: entries)
        case .sequence?:
            node = Node(kind: .sequence, range: ByteRange(firstStart ?? 0, lastEnd), items: items)
        case nil:
            let at = props?.range.end ?? explicitStart?.end ?? 0
            node = Node(kind: .scalar, range: ByteRange(props?.range.start ?? at, at), scalar: .null, style: .plain, rawText: "")
            if let t = props?.tag { node.scalar = YAMLParserSupport.resolveTagged("", tag: t, plain: true) }
        default:
            node = rootNode ?? Node(kind: .invalid, range: ByteRange(0, 0))
        }
        if rootKind == .mapping || rootKind == .sequence || rootKind == nil, let p = props {
            node.tag = p.tag
            node.anchor = p.anchor
        }
        documents.append(node)
    }
}

extension TopItem {
    func shifted(by d: Int) -> TopItem {
        switch self {
        case .entry(let e, let indent): return .entry(e.shifted(by: d), indent: indent)
        case .item(let n, let indent, let start): return .item(n.shifted(by: d), indent: indent, start: start + d)
        case .node(let n): return .node(n.shifted(by: d))
        case .properties(let t, let a, let r): return .properties(tag: t, anchor: a, range: r.shifted(by: d))
        case .documentStart(let r): return .documentStart(r.shifted(by: d))
        case .documentEnd(let r): return .documentEnd(r.shifted(by: d))
        case .directive(let r): return .directive(r.shifted(by: d))
        }
    }
}
