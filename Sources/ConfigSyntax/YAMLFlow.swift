// Flow collections (`[...]`, `{...}`) of the YAML chunk parser.

/// The scalar fields of a flow frame (copying the frame itself would copy its arrays).
struct FlowInfo {
    let kind: YAMLChunkParser.Frame.Kind
    let indent: Int
    let flowState: Int
    let pendingKey: Node?
    init(_ frames: [YAMLChunkParser.Frame], _ i: Int) {
        kind = frames[i].kind
        indent = frames[i].indent
        flowState = frames[i].flowState
        pendingKey = frames[i].pendingKey
    }
}

extension YAMLChunkParser {
    /// Skips whitespace, line breaks and comments inside a flow collection. Returns true when a
    /// line break was crossed.
    mutating func skipFlowTrivia() -> Bool {
        skipToContent()
    }

    mutating func flowStep() {
        guard let i = frames.indices.last else { mode = .done; return }
        let crossed = skipFlowTrivia()
        let f = FlowInfo(frames, i)
        if atEnd || (crossed && col == 0 && isDocumentMarker(at: pos)) || (crossed && f.indent >= 0 && col <= f.indent) {
            unterminatedFlow()
            return
        }
        let c = b[pos]
        let closeByte = f.kind == .flowSeq ? Byte.rbracket : Byte.rbrace
        let otherClose = f.kind == .flowSeq ? Byte.rbrace : Byte.rbracket
        if c == closeByte {
            if f.kind == .flowMap, f.flowState == 1 || f.flowState == 2 || f.pendingKey != nil {
                let key = frames[i].pendingKey ?? emptyNode(at: pos, props: nil)
                frames[i].pendingKey = nil
                addEntry(key: key, value: emptyNode(at: pos, props: nil))
            }
            if f.kind == .flowSeq, f.flowState == 3 {
                deliverNoMode(emptyNode(at: pos, props: nil), frame: i)
            }
            tokens.append(SyntaxToken(kind: .punctuation, start: pos, end: pos + 1))
            pos += 1
            closeTopFrame(end: pos)
            return
        }
        if c == otherClose {
            error(pos, pos + 1, "Unexpected '\(makeString(b, pos, pos + 1))': this flow \(f.kind == .flowSeq ? "sequence needs ']'" : "mapping needs '}'")")
            tokens.append(SyntaxToken(kind: .invalid, start: pos, end: pos + 1))
            pos += 1
            return
        }
        if c == Byte.comma {
            switch (f.kind, f.flowState) {
            case (.flowSeq, 1):
                frames[i].flowState = 0
            case (.flowSeq, 3):
                deliverNoMode(emptyNode(at: pos, props: nil), frame: i)
                frames[i].flowState = 0
            case (.flowMap, 1), (.flowMap, 2):
                let key = frames[i].pendingKey ?? emptyNode(at: pos, props: nil)
                frames[i].pendingKey = nil
                addEntry(key: key, value: emptyNode(at: pos, props: nil))
                frames[i].flowState = 0
            case (.flowMap, 3):
                frames[i].flowState = 0
            default:
                error(pos, pos + 1, "Expected a value before ','")
            }
            tokens.append(SyntaxToken(kind: .punctuation, start: pos, end: pos + 1))
            pos += 1
            return
        }
        // Expecting a separator?
        if (f.kind == .flowSeq && f.flowState == 1) || (f.kind == .flowMap && f.flowState == 3) {
            error(pos, charEnd(pos), f.kind == .flowSeq ? "Expected ',' or ']' in the flow sequence" : "Expected ',' or '}' in the flow mapping")
            frames[i].flowState = 0
            return
        }
        if f.kind == .flowMap, f.flowState == 1 {
            if c == Byte.colon {
                tokens.append(SyntaxToken(kind: .indicator, start: pos, end: pos + 1))
                pos += 1
                frames[i].flowState = 2
                return
            }
            error(pos, charEnd(pos), "Expected ':' or ',' after the key in the flow mapping")
            let key = frames[i].pendingKey ?? emptyNode(at: pos, props: nil)
            frames[i].pendingKey = nil
            addEntry(key: key, value: emptyNode(at: key.range.end, props: nil))
            frames[i].flowState = 0
            return
        }
        // Explicit key.
        if c == Byte.question, blankAfter(pos + 1) || (pos + 1 < n && Byte.isFlowIndicator(b[pos + 1])) {
            tokens.append(SyntaxToken(kind: .indicator, start: pos, end: pos + 1))
            pos += 1
            frames[i].flowState = 4
            return
        }
        // Empty key: `{: v}` or `[: v]`.
        if c == Byte.colon, blankAfter(pos + 1) || (pos + 1 < n && Byte.isFlowIndicator(b[pos + 1])), f.flowState == 0 || f.flowState == 4 {
            let k = emptyNode(at: pos, props: nil)
            tokens.append(SyntaxToken(kind: .indicator, start: pos, end: pos + 1))
            frames[i].pendingKey = k
            pos += 1
            frames[i].flowState = f.kind == .flowMap ? 2 : 3
            return
        }
        startFlowNode(i)
    }

    /// Delivers into flow frame `i` but keeps the current mode.
    mutating func deliverNoMode(_ node: Node, frame i: Int) {
        let saved = mode
        deliver(node)
        mode = saved
    }

    mutating func unterminatedFlow() {
        guard let i = frames.indices.last else { return }
        let open = flowOpenOffset(start: frames[i].start, propsEnd: frames[i].props?.end)
        error(open, open + 1, frames[i].kind == .flowSeq ? "Unterminated flow sequence: expected ']'" : "Unterminated flow mapping: expected '}'")
        // Close every open flow collection; the outermost goes back to block context.
        while let j = frames.indices.last, frames[j].kind == .flowSeq || frames[j].kind == .flowMap {
            if frames[j].kind == .flowMap, frames[j].pendingKey != nil {
                let key = frames[j].pendingKey ?? emptyNode(at: pos, props: nil)
                frames[j].pendingKey = nil
                addEntry(key: key, value: emptyNode(at: key.range.end, props: nil))
            }
            if frames[j].kind == .flowSeq, frames[j].flowState == 3 {
                deliverNoMode(emptyNode(at: frames[j].lastEnd, props: nil), frame: j)
            }
            let g = frames.removeLast()
            let end = max(g.lastEnd, flowOpenOffset(g) + 1)
            let node = collectionNode(g, kind: g.kind == .flowMap ? .mapping : .sequence, range: ByteRange(g.start, end),
                                      tag: g.props?.tag, anchor: g.props?.anchor, isFlow: true)
            if g.blockReq != nil {
                deliver(node)
                return
            }
            deliverNoMode(node, frame: frames.count - 1)
            if let k = frames.indices.last { frames[k].lastEnd = max(frames[k].lastEnd, end) }
        }
        mode = .after
    }

    mutating func startFlowNode(_ i: Int) {
        let f = FlowInfo(frames, i)
        var props: Props?
        if b[pos] == Byte.bang || b[pos] == Byte.amp {
            props = parseProps()
            let crossed = skipFlowTrivia()
            if atEnd || (crossed && f.indent >= 0 && col <= f.indent) {
                deliver(emptyNode(at: props?.end ?? pos, props: props))
                return
            }
            let c = b[pos]
            if c == Byte.comma || c == Byte.rbracket || c == Byte.rbrace || (c == Byte.colon && (blankAfter(pos + 1) || (pos + 1 < n && Byte.isFlowIndicator(b[pos + 1])))) {
                deliver(emptyNode(at: props?.end ?? pos, props: props))
                return
            }
        }
        let c = b[pos]
        if c == Byte.lbracket || c == Byte.lbrace {
            guard frames.count < YAMLChunkParser.maxDepth else {
                skipNestedFlow(props: props)
                return
            }
            pushFrame(kind: c == Byte.lbracket ? .flowSeq : .flowMap, indent: f.indent, start: props?.start ?? pos, props: props)
            tokens.append(SyntaxToken(kind: .punctuation, start: pos, end: pos + 1))
            pos += 1
            mode = .flow
            return
        }
        var node: Node
        if c == Byte.star {
            let s = pos
            let (ns, ne) = scanName()
            tokens.append(SyntaxToken(kind: .alias, start: s, end: ne))
            if ne == ns { error(s, ne, "An alias needs a name after '*'") }
            if let p = props { error(p.start, p.end, "An alias cannot have a tag or an anchor") }
            node = arena.make(kind: .alias, range: ByteRange(s, ne), rawText: makeString(b, s, ne), aliasTarget: makeString(b, ns, ne))
            deliver(node)
            return
        }
        if c == Byte.quote || c == Byte.apos {
            let scanned = c == Byte.quote ? scanDoubleQuoted(n: f.indent) : scanSingleQuoted(n: f.indent)
            if scanned.terminated {
                node = arena.make(kind: .scalar, range: ByteRange(scanned.start, scanned.end), scalar: .string(scanned.value),
                            style: c == Byte.quote ? .doubleQuoted : .singleQuoted, rawText: makeString(b, scanned.start, scanned.end))
            } else {
                error(scanned.start, scanned.end, c == Byte.quote ? "Unterminated double-quoted string: expected '\"'" : "Unterminated single-quoted string: expected \"'\"")
                node = arena.make(kind: .invalid, range: ByteRange(scanned.start, scanned.end), rawText: makeString(b, scanned.start, scanned.end))
            }
            if props != nil { applyProps(&node, props, plain: false) }
            deliver(node)
            return
        }
        if c == Byte.at || c == Byte.backtick || c == Byte.hash || c == Byte.pipe || c == Byte.gt || c == Byte.percent {
            let s = pos
            pos = charEnd(pos)
            tokens.append(SyntaxToken(kind: .invalid, start: s, end: pos))
            error(s, pos, "Unexpected '\(makeString(b, s, pos))' in a flow collection")
            node = arena.make(kind: .invalid, range: ByteRange(s, pos), rawText: makeString(b, s, pos))
            deliver(node)
            return
        }
        if c == Byte.minus || c == Byte.question || c == Byte.colon, pos + 1 >= n || Byte.isWhite(b[pos + 1]) || Byte.isFlowIndicator(b[pos + 1]) {
            let s = pos
            pos += 1
            tokens.append(SyntaxToken(kind: .invalid, start: s, end: pos))
            error(s, pos, "'\(makeString(b, s, pos))' cannot stand alone as a value in a flow collection (quote it)")
            deliver(arena.make(kind: .invalid, range: ByteRange(s, pos), rawText: makeString(b, s, pos)))
            return
        }
        let scanned = scanPlain(n: f.indent, flow: true)
        if scanned.end == scanned.start {
            // Nothing readable (e.g. a lone '-' before a flow indicator): consume one character.
            let s = pos
            pos = charEnd(pos)
            tokens.append(SyntaxToken(kind: .invalid, start: s, end: pos))
            error(s, pos, "Unexpected '\(makeString(b, s, pos))' in a flow collection")
            deliver(arena.make(kind: .invalid, range: ByteRange(s, pos), rawText: makeString(b, s, pos)))
            return
        }
        node = plainNode(consume scanned)
        if props != nil { applyProps(&node, props, plain: true) }
        deliver(node)
    }

    /// Beyond the depth limit inside flow: skip the balanced brackets.
    mutating func skipNestedFlow(props: Props?) {
        let s = pos
        error(s, s + 1, "Nesting deeper than \(YAMLChunkParser.maxDepth) levels: the rest of this value is not read", code: "nesting-limit")
        var depth = 0
        while pos < n {
            let c = b[pos]
            if c == Byte.quote || c == Byte.apos {
                let q = c
                pos += 1
                while pos < n, b[pos] != q {
                    if q == Byte.quote, b[pos] == Byte.backslash { pos += 1 }
                    pos += 1
                }
                pos = min(pos + 1, n)
                continue
            }
            if Byte.isBreak(c) {
                consumeBreak()
                continue
            }
            if c == Byte.lbracket || c == Byte.lbrace { depth += 1 }
            if c == Byte.rbracket || c == Byte.rbrace {
                depth -= 1
                if depth == 0 { pos += 1; break }
            }
            pos += 1
        }
        tokens.append(SyntaxToken(kind: .invalid, start: s, end: pos))
        deliver(arena.make(kind: .invalid, range: ByteRange(props?.start ?? s, pos)))
    }
}
