// Anchors, aliases and merge keys (`<<: *base`, `<<: [*a, *b]`) as PyYAML resolves them.

extension ParsedDocument {
    /// The index of the document whose root contains `offset` (0 when none does).
    public func documentIndex(containing offset: Int) -> Int {
        for (i, d) in documents.enumerated() where d.range.start <= offset && offset <= d.range.end { return i }
        return 0
    }

    /// The node anchored `&name` in a document: the last definition before `offset` when given
    /// (as an alias at that offset would see it), else the last one in the document.
    public func anchor(named name: String, document: Int = 0, before offset: Int? = nil) -> Node? {
        let all = anchors
        guard document >= 0, document < all.count, let defs = all[document][name] else { return nil }
        if let o = offset { return defs.last(where: { $0.range.start < o }) }
        return defs.last
    }

    /// The node an alias refers to (the node itself when it is not an alias).
    public func resolveAlias(_ node: Node) -> Node? {
        guard node.kind == .alias else { return node }
        guard let name = node.aliasTarget else { return nil }
        return anchor(named: name, document: documentIndex(containing: node.range.start), before: node.range.start)
    }
}

extension Node {
    /// Merge keys expanded like PyYAML's `flatten_mapping`: entries merged from `<<` come first
    /// (for `<<: [*a, *b]`, *b's before *a's, so *a wins), then the mapping's own entries; with
    /// `node[key]`'s last-wins rule this reads each key as PyYAML would. Aliased values stay
    /// aliases (resolve them with `doc.resolveAlias`). Merges nest at most 32 deep.
    public func resolvedEntries(in doc: ParsedDocument) -> [Entry] {
        resolvedEntries(in: doc, depth: 0)
    }

    /// The value of `key` after merge keys, with an alias value resolved.
    public func resolvedValue(_ key: String, in doc: ParsedDocument) -> Node? {
        guard let v = resolvedEntries(in: doc).last(where: { $0.keyString == key })?.value else { return nil }
        return doc.resolveAlias(v)
    }

    private func resolvedEntries(in doc: ParsedDocument, depth: Int) -> [Entry] {
        guard kind == .mapping else { return [] }
        let isMerge: (Entry) -> Bool = { $0.key.kind == .scalar && $0.key.style == .plain && $0.key.rawText == "<<" && $0.key.tag == nil }
        guard entries.contains(where: isMerge), depth < 32 else { return entries }
        var merged: [Entry] = []
        var own: [Entry] = []
        for e in entries {
            guard isMerge(e) else { own.append(e); continue }
            var sources: [Node] = []
            let v = doc.resolveAlias(e.value) ?? e.value
            if v.kind == .sequence {
                for item in v.items { if let t = doc.resolveAlias(item), t.kind == .mapping { sources.append(t) } }
            } else if v.kind == .mapping {
                sources.append(v)
            }
            for src in sources.reversed() {
                merged.append(contentsOf: src.resolvedEntries(in: doc, depth: depth + 1))
            }
        }
        return merged + own
    }
}
