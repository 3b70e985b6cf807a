// Byte offset <-> (line, column) conversion for one text.
//
// Lines end at "\n", "\r\n" or a lone "\r" (the LSP rule). Columns can be counted in UTF-8 bytes,
// UTF-16 code units or Unicode scalars. Every function clamps out-of-range input (a line past the
// end, a column past the line's end, a negative number) instead of trapping, and a column that
// falls inside a multi-unit character snaps to that character's start.

public enum PositionEncoding: String, Sendable {
    case utf8 = "utf-8"
    case utf16 = "utf-16"
    case utf32 = "utf-32"
}

public struct LineIndex: Sendable {
    /// The UTF-8 bytes of the text.
    private let bytes: [UInt8]
    /// Byte offset of the first byte of each line; always at least one line.
    public let lineStarts: [Int]

    public init(_ text: String) {
        let bytes = Array(text.utf8)
        var starts = [0]
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == Byte.lf {
                starts.append(i + 1)
            } else if b == Byte.cr {
                if i + 1 < n, bytes[i + 1] == Byte.lf { i += 1 }
                starts.append(i + 1)
            }
            i += 1
        }
        self.bytes = bytes
        self.lineStarts = starts
    }

    public var lineCount: Int { lineStarts.count }
    public var byteCount: Int { bytes.count }

    /// Offset of the first byte of `line` (clamped to the valid lines).
    public func lineStart(_ line: Int) -> Int {
        lineStarts[min(max(line, 0), lineStarts.count - 1)]
    }

    /// Offset just past the last character of `line`, before its line break.
    public func lineContentEnd(_ line: Int) -> Int {
        let l = min(max(line, 0), lineStarts.count - 1)
        var e = l + 1 < lineStarts.count ? lineStarts[l + 1] : bytes.count
        if e > lineStarts[l], bytes[e - 1] == Byte.lf { e -= 1 }
        if e > lineStarts[l], bytes[e - 1] == Byte.cr { e -= 1 }
        return e
    }

    /// The line holding byte `offset` (clamped to the text), 0-based.
    public func line(ofByte offset: Int) -> Int {
        let o = min(max(offset, 0), bytes.count)
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = lo + (hi - lo + 1) / 2
            if lineStarts[mid] <= o { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Line and UTF-8 column of a byte offset (clamped to the text).
    public func location(ofByte offset: Int) -> (line: Int, utf8Column: Int) {
        let o = snapToCharacter(min(max(offset, 0), bytes.count))
        let l = line(ofByte: o)
        return (l, o - lineStarts[l])
    }

    /// Line and column in the given encoding.
    public func position(ofByte offset: Int, encoding: PositionEncoding) -> (line: Int, column: Int) {
        let loc = location(ofByte: offset)
        switch encoding {
        case .utf8: return (loc.line, loc.utf8Column)
        case .utf16: return (loc.line, utf16Column(line: loc.line, utf8Column: loc.utf8Column))
        case .utf32: return (loc.line, utf32Column(line: loc.line, utf8Column: loc.utf8Column))
        }
    }

    /// The UTF-16 column of a UTF-8 column on a line.
    public func utf16Column(line: Int, utf8Column: Int) -> Int {
        countUnits(line: line, utf8Column: utf8Column, utf16: true)
    }

    /// The Unicode-scalar column of a UTF-8 column on a line.
    public func utf32Column(line: Int, utf8Column: Int) -> Int {
        countUnits(line: line, utf8Column: utf8Column, utf16: false)
    }

    private func countUnits(line: Int, utf8Column: Int, utf16: Bool) -> Int {
        let start = lineStart(line)
        let end = min(start + max(utf8Column, 0), lineContentEnd(line))
        return Columns.units(bytes, from: start, to: end, encoding: utf16 ? .utf16 : .utf32)
    }

    /// The byte offset of (line, column); a line past the end clamps to the end of the text,
    /// a column past the line's end clamps to the line's end (before its line break).
    public func byteOffset(line: Int, column: Int, encoding: PositionEncoding) -> Int {
        if line < 0 { return 0 }
        if line >= lineStarts.count { return bytes.count }
        let start = lineStarts[line]
        let end = lineContentEnd(line)
        return Columns.offset(bytes, lineStart: start, lineEnd: end, column: column, encoding: encoding)
    }

    /// Moves an offset that points into the middle of a UTF-8 sequence back to its start.
    public func snapToCharacter(_ offset: Int) -> Int {
        var o = min(max(offset, 0), bytes.count)
        while o > 0, o < bytes.count, Byte.isContinuation(bytes[o]) { o -= 1 }
        return o
    }

}

/// Column arithmetic on one line of UTF-8 bytes, shared by `LineIndex` and the language
/// server's incrementally edited text buffer.
public enum Columns {
    @inline(__always) public static func scalarWidth(_ lead: UInt8) -> Int {
        if lead < 0x80 { return 1 }
        if lead < 0xE0 { return 2 }
        if lead < 0xF0 { return 3 }
        return 4
    }

    /// Code units of `encoding` in `bytes[start..<end]`, counting whole characters only.
    public static func units(_ bytes: [UInt8], from start: Int, to end: Int, encoding: PositionEncoding) -> Int {
        if encoding == .utf8 { return max(end - start, 0) }
        var i = start
        var units = 0
        while i < end {
            let w = scalarWidth(bytes[i])
            if i + w > end { break }
            units += (encoding == .utf16 && w == 4) ? 2 : 1
            i += w
        }
        return units
    }

    /// The byte offset of `column` (in `encoding` units) on the line `[lineStart, lineEnd)`:
    /// past the end clamps to `lineEnd`, inside a character snaps to the character's start.
    public static func offset(_ bytes: [UInt8], lineStart: Int, lineEnd: Int, column: Int, encoding: PositionEncoding) -> Int {
        let col = max(column, 0)
        var i = lineStart
        var units = 0
        while i < lineEnd {
            let w = scalarWidth(bytes[i])
            let u = encoding == .utf8 ? w : (encoding == .utf16 && w == 4) ? 2 : 1
            if units + u > col { break }
            units += u
            i += w
        }
        return min(i, lineEnd)
    }
}
