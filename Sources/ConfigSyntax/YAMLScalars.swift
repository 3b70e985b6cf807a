// Scalar scanners of the YAML chunk parser: plain, single- and double-quoted, block (| and >),
// plus anchors, aliases and tags. Each one advances `pos`, records its token and returns the
// value with its exact range. Line breaks in values are normalised to "\n" (as PyYAML does).

extension YAMLChunkParser {
    struct ScannedScalar {
        var start: Int
        var end: Int
        var value: String
        var multiline: Bool
        var terminated: Bool
        /// A one-line plain scalar: `value` was not made, it is the bytes of `start..<end`.
        var valueIsSource = false
    }

    /// A plain scalar. `n` is the indentation continuation lines must exceed (-1: any).
    mutating func scanPlain(n indent: Int, flow: Bool) -> ScannedScalar {
        let start = pos
        var out: [UInt8] = []
        var end = pos
        var multiline = false
        var pendingBreaks = -1 // -1: first line
        var firstSegment: (Int, Int)?
        while true {
            // One line segment.
            let segStart = pos
            var lastNonBlank = pos
            while pos < n {
                let c = b[pos]
                // Letters and most punctuation: nothing to decide.
                if c > Byte.colon && !(flow && Byte.isFlowIndicator(c)) {
                    pos += 1
                    lastNonBlank = pos
                    continue
                }
                if Byte.isBreak(c) { break }
                if c == Byte.colon {
                    let nx = pos + 1 < n ? b[pos + 1] : Byte.lf
                    if Byte.isWhite(nx) || (flow && Byte.isFlowIndicator(nx)) { break }
                }
                if c == Byte.hash, pos > start, Byte.isBlank(b[pos - 1]) { break }
                if flow && Byte.isFlowIndicator(c) { break }
                pos += 1
                if !Byte.isBlank(c) { lastNonBlank = pos }
            }
            if lastNonBlank > segStart {
                if pendingBreaks < 0 {
                    firstSegment = (segStart, lastNonBlank)
                } else {
                    if out.isEmpty, let f = firstSegment { out.append(contentsOf: b[f.0..<f.1]) }
                    if pendingBreaks == 0 { out.append(Byte.space) }
                    else { for _ in 0..<pendingBreaks { out.append(Byte.lf) } }
                    out.append(contentsOf: b[segStart..<lastNonBlank])
                }
                end = lastNonBlank
            }
            pos = lastNonBlank
            // Continue on the next line?
            var p = pos
            while p < n, Byte.isBlank(b[p]) { p += 1 }
            guard p < n, Byte.isBreak(b[p]) else { break }
            var breaks = 0
            var ls = lineStart
            var q = p
            var contentCol = 0
            var found = false
            while q < n {
                if b[q] == Byte.cr { q += 1; if q < n, b[q] == Byte.lf { q += 1 } }
                else if b[q] == Byte.lf { q += 1 }
                else { break }
                ls = q
                while q < n, Byte.isBlank(b[q]) { q += 1 }
                if q < n, Byte.isBreak(b[q]) { breaks += 1; continue }
                contentCol = q - ls
                found = q < n
                break
            }
            guard found else { break }
            let c = b[q]
            if c == Byte.hash { break }
            if contentCol == 0, isDocumentMarker(at: q) { break }
            if !flow, contentCol <= indent { break }
            if flow, indent >= 0, contentCol <= indent { break }
            if flow, Byte.isFlowIndicator(c) { break }
            if c == Byte.colon {
                let nx = q + 1 < n ? b[q + 1] : Byte.lf
                if Byte.isWhite(nx) || (flow && Byte.isFlowIndicator(nx)) { break }
            }
            // Tab-indented continuation lines are fine in plain scalars.
            moveTo(q, lineStart: ls)
            multiline = true
            pendingBreaks = breaks
        }
        if end < pos, !multiline { pos = end }
        if pos < end { pos = end }
        tokens.append(SyntaxToken(kind: .scalar, start: start, end: end))
        if !multiline, out.isEmpty, let f = firstSegment, f.0 == start, f.1 == end, end > start {
            // The value is the bytes as written: made only if someone reads it (see `plainNode`).
            return ScannedScalar(start: start, end: end, value: "", multiline: false, terminated: true, valueIsSource: true)
        }
        let value: String
        if out.isEmpty, let f = firstSegment { value = makeString(b, f.0, f.1) } else { value = String(decoding: out, as: UTF8.self) }
        return ScannedScalar(start: start, end: end, value: value, multiline: multiline, terminated: true)
    }

    @inline(__always) mutating func moveTo(_ p: Int, lineStart ls: Int) {
        pos = p
        lineStart = ls
    }

    /// `---` or `...` at `p` (column 0) followed by a blank, a break or the end.
    mutating func isDocumentMarker(at p: Int) -> Bool {
        guard p + 3 <= n else { return false }
        let c = b[p]
        guard (c == Byte.minus || c == Byte.dot), b[p + 1] == c, b[p + 2] == c else { return false }
        return p + 3 == n || Byte.isWhite(b[p + 3])
    }

    /// Handles the line break(s) inside a quoted scalar: folds them into `out`. Returns false
    /// (and leaves `pos` at the break) when the next line cannot continue the scalar.
    mutating func foldQuotedBreak(_ out: inout [UInt8], n indent: Int, trimTo: Int) -> Bool {
        var q = pos
        var breaks = 0
        var ls = lineStart
        var contentAt = -1
        while q < n {
            if b[q] == Byte.cr { q += 1; if q < n, b[q] == Byte.lf { q += 1 } }
            else if b[q] == Byte.lf { q += 1 }
            else { break }
            ls = q
            while q < n, Byte.isBlank(b[q]) { q += 1 }
            if q < n, Byte.isBreak(b[q]) { breaks += 1; continue }
            contentAt = q
            break
        }
        guard contentAt >= 0, contentAt < n else { return false }
        let col = contentAt - ls
        if col == 0, isDocumentMarker(at: contentAt) { return false }
        if indent >= 0, col <= indent { return false }
        if out.count > trimTo { out.removeLast(out.count - trimTo) }
        if breaks == 0 { out.append(Byte.space) } else { for _ in 0..<breaks { out.append(Byte.lf) } }
        moveTo(contentAt, lineStart: ls)
        return true
    }

    mutating func scanSingleQuoted(n indent: Int) -> ScannedScalar {
        let start = pos
        pos += 1
        var out: [UInt8] = []
        var trimTo = 0
        var terminated = false
        var multiline = false
        while pos < n {
            let c = b[pos]
            if c == Byte.apos {
                if pos + 1 < n, b[pos + 1] == Byte.apos { out.append(Byte.apos); pos += 2; trimTo = out.count; continue }
                pos += 1
                terminated = true
                break
            }
            if Byte.isBreak(c) {
                if !foldQuotedBreak(&out, n: indent, trimTo: trimTo) { break }
                multiline = true
                trimTo = out.count
                continue
            }
            out.append(c)
            pos += 1
            if !Byte.isBlank(c) { trimTo = out.count }
        }
        if !terminated { pos = lastContentEnd(from: start) }
        tokens.append(SyntaxToken(kind: terminated ? .scalar : .invalid, start: start, end: pos))
        return ScannedScalar(start: start, end: pos, value: String(decoding: out, as: UTF8.self),
                             multiline: multiline, terminated: terminated)
    }

    /// For an unterminated quote: the end of the last non-blank byte read (on the current line).
    mutating func lastContentEnd(from start: Int) -> Int {
        var e = min(pos, n)
        while e > start + 1, Byte.isWhite(b[e - 1]) { e -= 1 }
        return max(e, start + 1)
    }

    mutating func scanDoubleQuoted(n indent: Int) -> ScannedScalar {
        let start = pos
        pos += 1
        // Fast path: the closing quote on this line with no escape before it.
        var q = pos
        while q < n {
            let c = b[q]
            if c == Byte.quote || c == Byte.backslash || Byte.isBreak(c) { break }
            q += 1
        }
        if q < n, b[q] == Byte.quote {
            pos = q + 1
            tokens.append(SyntaxToken(kind: .scalar, start: start, end: pos))
            return ScannedScalar(start: start, end: pos, value: makeString(b, start + 1, q), multiline: false, terminated: true)
        }
        var out: [UInt8] = []
        var trimTo = 0
        var terminated = false
        var multiline = false
        while pos < n {
            let c = b[pos]
            if c == Byte.quote { pos += 1; terminated = true; break }
            if c == Byte.backslash {
                let e0 = pos
                guard pos + 1 < n else { pos += 1; break }
                let x = b[pos + 1]
                if Byte.isBreak(x) {
                    // Escaped line break: joins lines without a space.
                    pos += 1
                    trimTo = out.count
                    var scratch: [UInt8] = []
                    let before = pos
                    if !foldQuotedBreak(&scratch, n: indent, trimTo: 0) { pos = before; break }
                    // Only the extra empty lines survive an escaped break.
                    let extra = scratch.filter { $0 == Byte.lf }.count
                    for _ in 0..<extra { out.append(Byte.lf) }
                    trimTo = out.count
                    multiline = true
                    continue
                }
                pos += 2
                var scalar: UInt32? = nil
                var hexDigits = 0
                switch x {
                case 0x30: scalar = 0
                case 0x61: scalar = 7
                case 0x62: scalar = 8
                case 0x74, Byte.tab: scalar = 9
                case 0x6E: scalar = 10
                case 0x76: scalar = 11
                case 0x66: scalar = 12
                case 0x72: scalar = 13
                case 0x65: scalar = 0x1B
                case Byte.space: scalar = 0x20
                case Byte.quote: scalar = 0x22
                case Byte.slash: scalar = 0x2F
                case Byte.backslash: scalar = 0x5C
                case 0x4E: scalar = 0x85
                case 0x5F: scalar = 0xA0
                case 0x4C: scalar = 0x2028
                case 0x50: scalar = 0x2029
                case 0x78: hexDigits = 2
                case 0x75: hexDigits = 4
                case 0x55: hexDigits = 8
                default: break
                }
                if hexDigits > 0 {
                    var v: UInt32 = 0
                    var ok = pos + hexDigits <= n
                    if ok {
                        for k in pos..<(pos + hexDigits) {
                            if !Byte.isHex(b[k]) { ok = false; break }
                            v = (v << 4) | Byte.hexValue(b[k])
                        }
                    }
                    if ok { pos += hexDigits; scalar = v } else {
                        error(e0, min(pos + hexDigits, n), "Invalid escape: '\\\(makeString(b, e0 + 1, e0 + 2))' needs \(hexDigits) hex digits")
                    }
                } else if scalar == nil {
                    let ce = charEnd(e0 + 1)
                    error(e0, ce, "Invalid escape '\\\(makeString(b, e0 + 1, ce))' in a double-quoted string")
                    pos = ce
                }
                if let v = scalar { appendScalar(&out, Unicode.Scalar(v) ?? "\u{FFFD}") }
                trimTo = out.count
                continue
            }
            if Byte.isBreak(c) {
                if !foldQuotedBreak(&out, n: indent, trimTo: trimTo) { break }
                multiline = true
                trimTo = out.count
                continue
            }
            out.append(c)
            pos += 1
            if !Byte.isBlank(c) { trimTo = out.count }
        }
        if !terminated { pos = lastContentEnd(from: start) }
        tokens.append(SyntaxToken(kind: terminated ? .scalar : .invalid, start: start, end: pos))
        return ScannedScalar(start: start, end: pos, value: String(decoding: out, as: UTF8.self),
                             multiline: multiline, terminated: terminated)
    }

    mutating func charEnd(_ i: Int) -> Int {
        guard i < n else { return n }
        var j = i + 1
        while j < n, Byte.isContinuation(b[j]) { j += 1 }
        return j
    }

    /// A block scalar at `pos` (`|` or `>`); `n` is the parent block indentation.
    mutating func scanBlockScalar(n parentIndent: Int) -> ScannedScalar {
        let start = pos
        let folded = b[pos] == Byte.gt
        pos += 1
        var chomp = 0 // -1 strip, 0 clip, 1 keep
        var increment = 0
        for _ in 0..<2 {
            guard pos < n else { break }
            let c = b[pos]
            if (c == Byte.plus || c == Byte.minus) && chomp == 0 {
                chomp = c == Byte.plus ? 1 : -1
                pos += 1
            } else if c >= 0x31 && c <= 0x39 && increment == 0 {
                increment = Int(c - Byte.zero)
                pos += 1
            }
        }
        var headerEnd = pos
        tokens.append(SyntaxToken(kind: .indicator, start: start, end: headerEnd))
        // Rest of the header line: blanks and an optional comment.
        while pos < n, Byte.isBlank(b[pos]) { pos += 1 }
        if pos < n, b[pos] == Byte.hash, pos > headerEnd {
            recordComment()
        } else if pos < n, !Byte.isBreak(b[pos]) {
            let s = pos
            while pos < n, !Byte.isBreak(b[pos]) { pos += 1 }
            error(s, pos, "Unexpected text after the block scalar indicator")
            tokens.append(SyntaxToken(kind: .invalid, start: s, end: pos))
        }
        headerEnd = pos
        let minIndent = max(parentIndent + 1, 0)
        var indent = increment > 0 ? max(parentIndent, -1) + increment : -1
        if increment > 0, parentIndent < 0 { indent = increment - 1 }
        var out: [UInt8] = []
        var lastBreakEnd = pos
        var contentEnd = headerEnd
        // Consume the header's line break.
        guard pos < n else {
            return ScannedScalar(start: start, end: headerEnd, value: "", multiline: false, terminated: true)
        }
        consumeBreak()
        lastBreakEnd = pos
        // Auto-detect the indentation from the first non-empty line.
        if indent < 0 {
            var q = pos
            var maxEmpty = 0
            var detected = minIndent
            while q < n {
                let ls = q
                while q < n, b[q] == Byte.space { q += 1 }
                let col = q - ls
                if q < n, Byte.isBreak(b[q]) {
                    maxEmpty = max(maxEmpty, col)
                    if b[q] == Byte.cr, q + 1 < n, b[q + 1] == Byte.lf { q += 1 }
                    q += 1
                    continue
                }
                if q >= n { detected = max(minIndent, maxEmpty); break }
                detected = max(minIndent, col)
                if maxEmpty > col, col >= minIndent {
                    error(ls, q, "A leading empty line of the block scalar has more spaces than its first line")
                }
                break
            }
            if q >= n { detected = max(minIndent, maxEmpty) }
            indent = detected
        }
        var breaks: [UInt8] = []
        var lineBreak: [UInt8] = []
        var first = true
        var prevLeadingNonSpace = true
        var atContent = scanBlockBreaks(indent: indent, breaks: &breaks)
        while atContent, pos < n {
            let leadingNonSpace = !Byte.isBlank(b[pos])
            if !first {
                if folded, lineBreak == [Byte.lf], prevLeadingNonSpace, leadingNonSpace {
                    if breaks.isEmpty { out.append(Byte.space) }
                } else {
                    out.append(contentsOf: lineBreak)
                }
            }
            out.append(contentsOf: breaks)
            breaks.removeAll()
            let ls = pos
            while pos < n, !Byte.isBreak(b[pos]) { pos += 1 }
            out.append(contentsOf: b[ls..<pos])
            contentEnd = pos
            prevLeadingNonSpace = leadingNonSpace
            first = false
            if pos >= n { lineBreak = []; break }
            consumeBreak()
            lastBreakEnd = pos
            lineBreak = [Byte.lf]
            atContent = scanBlockBreaks(indent: indent, breaks: &breaks)
        }
        _ = lastBreakEnd
        if first {
            // No content lines at all.
            if chomp == 1 { out.append(contentsOf: breaks) }
        } else {
            if chomp >= 0 { out.append(contentsOf: lineBreak) }
            if chomp == 1 { out.append(contentsOf: breaks) }
        }
        // Leave pos at the start of the line that ended the scalar (after trailing empty lines).
        if pos < n, pos != lineStart, !atContent {
            // pos sits after indentation of a less-indented line: move back to its start.
            pos = lineStart
        }
        let end = max(contentEnd, headerEnd)
        if end > headerEnd { tokens.append(SyntaxToken(kind: .scalar, start: headerEnd, end: end)) }
        // Content past `end` (trailing empty lines) is whitespace.
        return ScannedScalar(start: start, end: end, value: String(decoding: out, as: UTF8.self),
                             multiline: true, terminated: true)
    }

    /// Consumes empty lines of a block scalar (appending "\n" per line) and the indentation of
    /// the next line. Returns true when positioned at a content line (column >= indent).
    mutating func scanBlockBreaks(indent: Int, breaks: inout [UInt8]) -> Bool {
        while true {
            var q = pos
            while q < n, b[q] == Byte.space, q - lineStart < indent { q += 1 }
            if q < n, Byte.isBreak(b[q]) {
                pos = q
                consumeBreak()
                breaks.append(Byte.lf)
                continue
            }
            pos = q
            if q >= n { return false }
            let col = q - lineStart
            if col < indent {
                var r = q
                while r < n, Byte.isBlank(b[r]) { r += 1 }
                if r < n, Byte.isBreak(b[r]), b[q] == Byte.tab {
                    pos = r
                    consumeBreak()
                    breaks.append(Byte.lf)
                    continue
                }
                return false
            }
            if col == 0, isDocumentMarker(at: q) { return false }
            return true
        }
    }

    mutating func consumeBreak() {
        guard pos < n else { return }
        if b[pos] == Byte.cr {
            pos += 1
            if pos < n, b[pos] == Byte.lf { pos += 1 }
        } else if b[pos] == Byte.lf {
            pos += 1
        } else { return }
        lineStart = pos
    }

    /// `&name` / `*name`: the name runs to a blank or a flow indicator.
    mutating func scanName() -> (Int, Int) {
        let s = pos + 1
        var e = s
        while e < n, !Byte.isWhite(b[e]), !Byte.isFlowIndicator(b[e]) { e += 1 }
        pos = e
        return (s, e)
    }

    /// `!tag`, `!!tag`, `!<verbatim>`; returns the tag as written.
    mutating func scanTag() -> String {
        let s = pos
        if pos + 1 < n, b[pos + 1] == Byte.lt {
            var e = pos + 2
            while e < n, b[e] != Byte.gt, !Byte.isWhite(b[e]) { e += 1 }
            if e < n, b[e] == Byte.gt { e += 1 } else { error(s, e, "Unterminated verbatim tag: expected '>'") }
            pos = e
        } else {
            var e = pos + 1
            while e < n, !Byte.isWhite(b[e]), !Byte.isFlowIndicator(b[e]) { e += 1 }
            pos = e
        }
        tokens.append(SyntaxToken(kind: .tag, start: s, end: pos))
        return makeString(b, s, pos)
    }

    mutating func recordComment() {
        let s = pos
        while pos < n, !Byte.isBreak(b[pos]) { pos += 1 }
        comments.append(Comment(range: ByteRange(s, pos), text: makeString(b, s + 1, pos)))
        tokens.append(SyntaxToken(kind: .comment, start: s, end: pos))
    }
}
