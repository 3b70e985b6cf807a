// RFC 8259 JSON, error-tolerant, without recursion (an explicit stack of open containers).
//
// What strict loaders reject is reported with a stable code: comments (`json-comment`),
// trailing commas (`json-trailing-comma`), NaN/Infinity (`json-nan`), a byte order mark
// (`json-bom`); any other deviation is `syntax-error`. Duplicate keys are valid JSON but
// reported as a warning (`duplicate-key`): DeepSpeed rejects them, Python's json keeps the last.

enum JSONParser {
    static let maxDepth = 1000

    static func parse(_ buf: UnsafeBufferPointer<UInt8>) -> ChunkResult {
        var p = JSONParserState(buf)
        p.run()
        p.arena.trim()
        return ChunkResult(parsedStart: 0, length: buf.count, items: p.root.map { TopItems(.node($0)) } ?? [],
                           diagnostics: p.diags, comments: p.comments, tokens: p.tokens)
    }
}

private struct JSONFrame {
    var isObject: Bool
    var start: Int
    /// Where the frame's children start in the parser's `kids` stack (arena indices; an
    /// object's entries as key/value pairs). Only the innermost open container receives children.
    var kidBase = 0
    var pendingKey: Node?
    var keys: [String: Int] = [:]
    /// Object: 0 expect key or '}', 1 expect ':', 2 expect value, 3 expect ',' or '}', 4 expect key (after ',').
    /// Array: 0 expect value or ']', 3 expect ',' or ']', 2 expect value (after ',').
    var state: Int = 0
    var lastComma: Int = -1
}

private struct JSONParserState {
    let b: UnsafeBufferPointer<UInt8>
    let n: Int
    var pos = 0
    var frames: [JSONFrame] = []
    /// The children of the open containers (see `JSONFrame.kidBase`).
    var kids: [Int32] = []
    var root: Node?
    var diags: [SyntaxDiagnostic] = []
    var comments: [Comment] = []
    var tokens: [SyntaxToken] = []
    /// The document's nodes (see NodeArena.swift).
    let arena: NodeArena

    init(_ b: UnsafeBufferPointer<UInt8>) {
        self.b = b
        self.n = b.count
        // About one node per 7 bytes in DeepSpeed-like configs (trimmed at the end).
        arena = NodeArena(reserving: min(b.count / 7 + 8, 1024))
    }

    /// The node's index in the document's arena (a node from elsewhere is copied in first).
    func own(_ node: Node) -> Int32 {
        if node.arena === arena && node.shift == 0 { return node.index }
        return arena.adopt(node).index
    }


    mutating func error(_ s: Int, _ e: Int, _ msg: String, code: String = "syntax-error") {
        diags.append(SyntaxDiagnostic(range: ByteRange(s, e), severity: .error, code: code, message: msg))
    }

    /// End of the character starting at `i` (for precise one-character ranges).
    func charEnd(_ i: Int) -> Int {
        guard i < n else { return n }
        var j = i + 1
        while j < n, Byte.isContinuation(b[j]) { j += 1 }
        return j
    }

    func describe(_ i: Int) -> String {
        guard i < n else { return "end of input" }
        return "'" + makeString(b, i, charEnd(i)) + "'"
    }

    mutating func skipWhitespace() {
        while pos < n {
            let c = b[pos]
            if c == Byte.space || c == Byte.tab || c == Byte.lf || c == Byte.cr { pos += 1; continue }
            if c == Byte.slash, pos + 1 < n, b[pos + 1] == Byte.slash || b[pos + 1] == Byte.star {
                let s = pos
                if b[pos + 1] == Byte.slash {
                    pos += 2
                    while pos < n, !Byte.isBreak(b[pos]) { pos += 1 }
                } else {
                    pos += 2
                    var closed = false
                    while pos < n {
                        if b[pos] == Byte.star, pos + 1 < n, b[pos + 1] == Byte.slash { pos += 2; closed = true; break }
                        pos += 1
                    }
                    if !closed { error(s, pos, "Unterminated /* comment") }
                }
                comments.append(Comment(range: ByteRange(s, pos), text: makeString(b, s + 2, pos)))
                tokens.append(SyntaxToken(kind: .comment, start: s, end: pos))
                error(s, pos, "Comments are not allowed in JSON: Python's json module (used by DeepSpeed and transformers) rejects this file", code: "json-comment")
                continue
            }
            break
        }
    }

    mutating func run() {
        if n >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF {
            error(0, 3, "The file starts with a UTF-8 byte order mark: Python's json.load rejects it (DeepSpeed cannot read this file)", code: "json-bom")
            tokens.append(SyntaxToken(kind: .invalid, start: 0, end: 3))
            pos = 3
        }
        while true {
            skipWhitespace()
            if pos >= n { break }
            if frames.isEmpty && root != nil {
                let s = pos
                error(s, charEnd(s), "Unexpected \(describe(s)) after the JSON value: a JSON text holds exactly one value")
                tokens.append(SyntaxToken(kind: .invalid, start: s, end: n))
                pos = n
                break
            }
            step()
        }
        // End of input with open containers.
        if !frames.isEmpty {
            let top = frames[frames.count - 1]
            let expected = top.isObject ? (top.state == 1 ? "':'" : top.state == 2 ? "a value" : "'}'") : (top.state == 2 ? "a value" : "']'")
            error(n, n, "Unexpected end of input: expected \(expected)")
            while !frames.isEmpty { closeTop(at: n) }
        } else if root == nil {
            error(pos, pos, "Expected a JSON value, found end of input")
        }
    }

    /// Handles one token at `pos` (not whitespace, not end of input).
    mutating func step() {
        let c = b[pos]
        let s = pos
        if let idx = frames.indices.last {
            let isObject = frames[idx].isObject
            let state = frames[idx].state
            let lastComma = frames[idx].lastComma
            if isObject {
                switch state {
                case 0, 4:
                    if c == Byte.rbrace {
                        if state == 4, lastComma >= 0 {
                            error(lastComma, lastComma + 1, "Trailing comma before '}': Python's json module (used by DeepSpeed and transformers) rejects it", code: "json-trailing-comma")
                        }
                        tokens.append(SyntaxToken(kind: .punctuation, start: s, end: s + 1))
                        pos += 1
                        closeTop(at: pos)
                        return
                    }
                    if c == Byte.quote {
                        let key = scanString()
                        frames[idx].pendingKey = key
                        frames[idx].state = 1
                        return
                    }
                    if c == Byte.rbracket { mismatchedClose(); return }
                    error(s, charEnd(s), "Expected a string key or '}', found \(describe(s))")
                    skipBadToken(asKeyIn: idx)
                    return
                case 1:
                    if c == Byte.colon {
                        tokens.append(SyntaxToken(kind: .punctuation, start: s, end: s + 1))
                        pos += 1
                        frames[idx].state = 2
                        return
                    }
                    error(s, charEnd(s), "Expected ':' after the key, found \(describe(s))")
                    frames[idx].state = 2   // recover: act as if the colon was there
                    if c == Byte.comma || c == Byte.rbrace { addValue(arena.make(kind: .invalid, range: ByteRange(s, s))) }
                    return
                case 2:
                    if c == Byte.rbrace || c == Byte.comma {
                        error(s, charEnd(s), "Expected a value, found \(describe(s))")
                        addValue(arena.make(kind: .invalid, range: ByteRange(s, s)))
                        return
                    }
                    parseValue()
                    return
                default: // 3
                    if c == Byte.comma {
                        tokens.append(SyntaxToken(kind: .punctuation, start: s, end: s + 1))
                        pos += 1
                        frames[idx].state = 4
                        frames[idx].lastComma = s
                        return
                    }
                    if c == Byte.rbrace {
                        tokens.append(SyntaxToken(kind: .punctuation, start: s, end: s + 1))
                        pos += 1
                        closeTop(at: pos)
                        return
                    }
                    if c == Byte.rbracket { mismatchedClose(); return }
                    error(s, charEnd(s), "Expected ',' or '}' after the value, found \(describe(s))")
                    frames[idx].state = 4
                    frames[idx].lastComma = -1
                    return
                }
            } else {
                switch state {
                case 0, 2:
                    if c == Byte.rbracket {
                        if state == 2, lastComma >= 0 {
                            error(lastComma, lastComma + 1, "Trailing comma before ']': Python's json module (used by DeepSpeed and transformers) rejects it", code: "json-trailing-comma")
                        }
                        tokens.append(SyntaxToken(kind: .punctuation, start: s, end: s + 1))
                        pos += 1
                        closeTop(at: pos)
                        return
                    }
                    if c == Byte.comma {
                        error(s, s + 1, "Expected a value, found ','")
                        tokens.append(SyntaxToken(kind: .punctuation, start: s, end: s + 1))
                        pos += 1
                        frames[idx].state = 2
                        frames[idx].lastComma = -1
                        return
                    }
                    if c == Byte.rbrace { mismatchedClose(); return }
                    parseValue()
                    return
                default:
                    if c == Byte.comma {
                        tokens.append(SyntaxToken(kind: .punctuation, start: s, end: s + 1))
                        pos += 1
                        frames[idx].state = 2
                        frames[idx].lastComma = s
                        return
                    }
                    if c == Byte.rbracket {
                        tokens.append(SyntaxToken(kind: .punctuation, start: s, end: s + 1))
                        pos += 1
                        closeTop(at: pos)
                        return
                    }
                    if c == Byte.rbrace { mismatchedClose(); return }
                    error(s, charEnd(s), "Expected ',' or ']' after the value, found \(describe(s))")
                    frames[idx].state = 2
                    frames[idx].lastComma = -1
                    return
                }
            }
        }
        parseValue()
    }

    /// A ']' closing an object or '}' closing an array.
    mutating func mismatchedClose() {
        let s = pos
        let c = b[s]
        let wantObject = c == Byte.rbrace
        error(s, s + 1, "Unexpected \(describe(s)): the innermost open \(frames.last?.isObject == true ? "object needs '}'" : "array needs ']'")")
        tokens.append(SyntaxToken(kind: .invalid, start: s, end: s + 1))
        pos += 1
        // If an enclosing container matches, close up to it.
        if let k = frames.lastIndex(where: { $0.isObject == wantObject }) {
            while frames.count > k + 1 { closeTop(at: s) }
            closeTop(at: pos)
        }
    }

    /// Skips a token that cannot start a key (object expecting a key).
    mutating func skipBadToken(asKeyIn idx: Int) {
        let s = pos
        if isWordByte(b[pos]) {
            while pos < n, isWordByte(b[pos]) { pos += 1 }
        } else if b[pos] == Byte.lbrace || b[pos] == Byte.lbracket {
            // A value where a key belongs: parse it as the value of an empty key.
            frames[idx].pendingKey = arena.make(kind: .invalid, range: ByteRange(s, s))
            frames[idx].state = 2
            return
        } else {
            pos = charEnd(pos)
        }
        tokens.append(SyntaxToken(kind: .invalid, start: s, end: pos))
        if pos < n, b[pos] == Byte.colon || isAfterSpaceColon() {
            frames[idx].pendingKey = arena.make(kind: .invalid, range: ByteRange(s, pos), rawText: makeString(b, s, pos))
            frames[idx].state = 1
        }
    }

    func isAfterSpaceColon() -> Bool {
        var i = pos
        while i < n, b[i] == Byte.space || b[i] == Byte.tab { i += 1 }
        return i < n && b[i] == Byte.colon
    }

    @inline(__always) func isWordByte(_ c: UInt8) -> Bool {
        Byte.isDigit(c) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == Byte.plus || c == Byte.minus || c == Byte.dot || c == 0x5F
    }

    /// Parses a value at `pos` and attaches it, or opens a container.
    mutating func parseValue() {
        let s = pos
        let c = b[pos]
        if c == Byte.lbrace || c == Byte.lbracket {
            tokens.append(SyntaxToken(kind: .punctuation, start: s, end: s + 1))
            pos += 1
            if frames.count >= JSONParser.maxDepth {
                skipNested(from: s)
                return
            }
            frames.append(JSONFrame(isObject: c == Byte.lbrace, start: s))
            frames[frames.count - 1].kidBase = kids.count
            return
        }
        if c == Byte.quote {
            addValue(scanString())
            return
        }
        if isWordByte(c) {
            while pos < n, isWordByte(b[pos]) { pos += 1 }
            tokens.append(SyntaxToken(kind: .scalar, start: s, end: pos))
            let range = ByteRange(s, pos)
            let word = UnsafeBufferPointer(rebasing: b[s..<pos])
            if word.count <= 5 {
                switch YAMLResolver.packed(word) {
                case JSONParserState.trueWord: addValue(arena.make(kind: .scalar, range: range, scalar: .bool(true), style: .plain, rawText: "true")); return
                case JSONParserState.falseWord: addValue(arena.make(kind: .scalar, range: range, scalar: .bool(false), style: .plain, rawText: "false")); return
                case JSONParserState.nullWord: addValue(arena.make(kind: .scalar, range: range, scalar: .null, style: .plain, rawText: "null")); return
                default: break
                }
            }
            if let v = JSONParserState.number(b, s, pos) {
                addValue(arena.make(kind: .scalar, range: range, scalar: v, style: .plain, rawText: makeString(b, s, pos)))
                return
            }
            let raw = makeString(b, s, pos)
            switch raw {
            case "NaN", "Infinity", "-Infinity", "+Infinity", "+NaN", "-NaN":
                error(s, pos, "\(raw) is not valid JSON (RFC 8259); strict JSON loaders reject it and Python's json module only accepts it as a non-standard extension", code: "json-nan")
                let v: Double = raw.hasSuffix("NaN") ? .nan : (raw.hasPrefix("-") ? -.infinity : .infinity)
                addValue(arena.make(kind: .scalar, range: range, scalar: .float(v), style: .plain, rawText: raw))
                return
            default: break
            }
            let isNum = Byte.isDigit(c) || c == Byte.minus || c == Byte.dot || c == Byte.plus
            error(s, pos, isNum ? "Invalid number '\(raw)'" : "Unexpected '\(raw)': expected a value (a string, number, object, array, true, false or null)")
            addValue(arena.make(kind: .invalid, range: range, rawText: raw))
            return
        }
        let e = charEnd(s)
        error(s, e, "Unexpected \(describe(s)): expected a value")
        tokens.append(SyntaxToken(kind: .invalid, start: s, end: e))
        pos = e
        addValue(arena.make(kind: .invalid, range: ByteRange(s, e), rawText: makeString(b, s, e)))
    }

    /// Beyond the depth limit: skip the balanced container without building it.
    mutating func skipNested(from s: Int) {
        error(s, s + 1, "Nesting deeper than \(JSONParser.maxDepth) levels: the rest of this value is not read", code: "nesting-limit")
        var depth = 1
        while pos < n, depth > 0 {
            let c = b[pos]
            if c == Byte.quote {
                pos += 1
                while pos < n, b[pos] != Byte.quote, !Byte.isBreak(b[pos]) {
                    if b[pos] == Byte.backslash { pos += 1 }
                    pos += 1
                }
                pos = min(pos + 1, n)
                continue
            }
            if c == Byte.lbrace || c == Byte.lbracket { depth += 1 }
            if c == Byte.rbrace || c == Byte.rbracket { depth -= 1 }
            pos += 1
        }
        tokens.append(SyntaxToken(kind: .invalid, start: s + 1, end: pos))
        addValue(arena.make(kind: .invalid, range: ByteRange(s, pos)))
    }

    /// Attaches a completed value to the innermost container (or makes it the root).
    mutating func addValue(_ node: Node) {
        guard !frames.isEmpty else {
            root = node
            return
        }
        let idx = frames.count - 1
        if frames[idx].isObject {
            let key = frames[idx].pendingKey ?? arena.make(kind: .invalid, range: ByteRange(node.range.start, node.range.start))
            frames[idx].pendingKey = nil
            if key.kind == .scalar, case .string(let k)? = key.scalar {
                let base = frames[idx].kidBase
                let count = max(kids.count - base, 0) / 2
                var seen = false
                if count < 16 {
                    for j in 0..<count where arena.isString(kids[base + 2 * j], equalTo: k) { seen = true; break }
                } else {
                    if frames[idx].keys.isEmpty {
                        for j in 0..<count {
                            if case .string(let x)? = arena.scalar(kids[base + 2 * j]) { frames[idx].keys[x] = 0 }
                        }
                    }
                    seen = frames[idx].keys.updateValue(count, forKey: k) != nil
                }
                if seen {
                    diags.append(SyntaxDiagnostic(range: key.range, severity: .warning, code: "duplicate-key",
                                                  message: "Duplicate key \"\(k)\": DeepSpeed's config loader rejects duplicate keys, and Python's json module silently keeps the last one"))
                }
            }
            kids.append(own(key))
            kids.append(own(node))
        } else {
            kids.append(own(node))
        }
        frames[idx].state = 3
    }

    mutating func closeTop(at end: Int) {
        guard let f = frames.popLast() else { return }
        let base = min(f.kidBase, kids.count)
        let node = kids.withUnsafeBufferPointer { k in
            arena.add(NodeFields(kind: f.isObject ? .mapping : .sequence, range: ByteRange(f.start, end), isFlow: true),
                      kids: UnsafeBufferPointer(rebasing: k[base...]), pairs: f.isObject)
        }
        if base < kids.count { kids.removeLast(kids.count - base) }
        addValue(node)
    }

    static let trueWord = YAMLResolver.packed("true")
    static let falseWord = YAMLResolver.packed("false")
    static let nullWord = YAMLResolver.packed("null")

    /// Scans a string at `pos` (a quote). Reports bad escapes and control characters; an
    /// unterminated string stops at the end of its line.
    mutating func scanString() -> Node {
        let s = pos
        pos += 1
        // Fast path: no escape and no control character before the closing quote.
        var q = pos
        while q < n {
            let c = b[q]
            if c == Byte.quote || c == Byte.backslash || c < 0x20 { break }
            q += 1
        }
        if q < n, b[q] == Byte.quote {
            pos = q + 1
            tokens.append(SyntaxToken(kind: .scalar, start: s, end: pos))
            return arena.make(kind: .scalar, range: ByteRange(s, pos), scalar: .string(makeString(b, s + 1, q)),
                        style: .doubleQuoted, rawText: makeString(b, s, pos))
        }
        var out: [UInt8] = []
        out.append(contentsOf: b[pos..<q])
        pos = q
        var terminated = false
        var bad = false
        while pos < n {
            let c = b[pos]
            if c == Byte.quote { pos += 1; terminated = true; break }
            if Byte.isBreak(c) { break }
            if c == Byte.backslash {
                let e0 = pos
                pos += 1
                guard pos < n else { break }
                let x = b[pos]
                pos += 1
                switch x {
                case Byte.quote: out.append(Byte.quote)
                case Byte.backslash: out.append(Byte.backslash)
                case Byte.slash: out.append(Byte.slash)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(Byte.lf)
                case 0x72: out.append(Byte.cr)
                case 0x74: out.append(Byte.tab)
                case 0x75:
                    guard let u = hex4(pos) else {
                        error(e0, min(pos + 4, n), "Invalid \\u escape: expected four hex digits")
                        bad = true
                        continue
                    }
                    pos += 4
                    var scalar = u
                    if u >= 0xD800 && u < 0xDC00, pos + 6 <= n, b[pos] == Byte.backslash, b[pos + 1] == 0x75,
                       let lo = hex4(pos + 2), lo >= 0xDC00 && lo < 0xE000 {
                        scalar = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)
                        pos += 6
                    }
                    appendScalar(&out, Unicode.Scalar(scalar) ?? "\u{FFFD}")
                default:
                    if Byte.isBreak(x) { pos -= 1 }
                    error(e0, Byte.isBreak(x) ? pos : charEnd(e0 + 1), "Invalid escape '\\\(Byte.isBreak(x) ? "" : makeString(b, e0 + 1, charEnd(e0 + 1)))' in a JSON string")
                    bad = true
                }
                continue
            }
            if c < 0x20 {
                error(pos, pos + 1, "Control character U+\(String(c, radix: 16, uppercase: true).leftPadded(4)) must be escaped in a JSON string")
                bad = true
            }
            out.append(c)
            pos += 1
        }
        tokens.append(SyntaxToken(kind: .scalar, start: s, end: pos))
        let raw = makeString(b, s, pos)
        if !terminated {
            error(s, pos, "Unterminated string: expected '\"'")
            return arena.make(kind: .invalid, range: ByteRange(s, pos), rawText: raw)
        }
        _ = bad
        return arena.make(kind: .scalar, range: ByteRange(s, pos), scalar: .string(String(decoding: out, as: UTF8.self)),
                    style: .doubleQuoted, rawText: raw)
    }

    func hex4(_ i: Int) -> UInt32? {
        guard i + 4 <= n else { return nil }
        var v: UInt32 = 0
        for k in i..<(i + 4) {
            guard Byte.isHex(b[k]) else { return nil }
            v = v << 4 | Byte.hexValue(b[k])
        }
        return v
    }

    /// Strict RFC 8259 number; nil when the text is not one.
    static func number(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> ScalarValue? {
        var i = s
        var negative = false
        if i < e, b[i] == Byte.minus { negative = true; i += 1 }
        guard i < e, Byte.isDigit(b[i]) else { return nil }
        let intStart = i
        if b[i] == Byte.zero { i += 1 } else { while i < e, Byte.isDigit(b[i]) { i += 1 } }
        let intEnd = i
        var isFloat = false
        if i < e, b[i] == Byte.dot {
            i += 1
            let f = i
            while i < e, Byte.isDigit(b[i]) { i += 1 }
            guard i > f else { return nil }
            isFloat = true
        }
        if i < e, b[i] == 0x65 || b[i] == 0x45 {
            i += 1
            if i < e, b[i] == Byte.plus || b[i] == Byte.minus { i += 1 }
            let f = i
            while i < e, Byte.isDigit(b[i]) { i += 1 }
            guard i > f else { return nil }
            isFloat = true
        }
        guard i == e else { return nil }
        if !isFloat {
            if intEnd - intStart <= 18 {
                var v: Int64 = 0
                for k in intStart..<intEnd { v = v &* 10 &+ Int64(b[k] &- Byte.zero) }
                return .int(negative ? -v : v)
            }
            if let p = YAMLResolver.parseInteger(Array(b[intStart..<intEnd]), radix: 10) {
                if let v = p.exact { return .int(negative ? 0 &- v : v) }
                if negative, p.magnitude == UInt64(Int64.max) + 1 { return .int(Int64.min) }
                return .float(negative ? -p.double : p.double)
            }
            return nil
        }
        let text = makeString(b, s, e)
        if let d = Double(text) { return .float(d) }
        return .float(negative ? -.infinity : .infinity)
    }
}

func appendScalar(_ out: inout [UInt8], _ s: Unicode.Scalar) {
    var v = s.value
    if v < 0x80 { out.append(UInt8(v)); return }
    if v < 0x800 {
        out.append(UInt8(0xC0 | (v >> 6))); out.append(UInt8(0x80 | (v & 0x3F))); return
    }
    if v < 0x10000 {
        out.append(UInt8(0xE0 | (v >> 12))); out.append(UInt8(0x80 | ((v >> 6) & 0x3F))); out.append(UInt8(0x80 | (v & 0x3F))); return
    }
    v = min(v, 0x10FFFF)
    out.append(UInt8(0xF0 | (v >> 18))); out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
    out.append(UInt8(0x80 | ((v >> 6) & 0x3F))); out.append(UInt8(0x80 | (v & 0x3F)))
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
