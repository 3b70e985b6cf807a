// The text of an open document as UTF-8 bytes plus a table of line starts, edited in place
// (the table is spliced around each edit, not rebuilt per keystroke), and conversion between
// byte offsets and LSP positions in utf-8, utf-16 or utf-32 columns. Lines end at `\n`,
// `\r\n` or a lone `\r`. Every incoming position is clamped, never trusted.

import ConfigSyntax

public struct TextBuffer: Sendable {
    public private(set) var bytes: [UInt8]
    /// Byte offset where each line starts; `lineStarts[0] == 0`.
    public private(set) var lineStarts: [Int]

    public init(_ text: String) {
        bytes = Array(text.utf8)
        lineStarts = [0]
        TextBuffer.scanLineStarts(bytes, from: 0, to: bytes.count, into: &lineStarts)
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }
    public var lineCount: Int { lineStarts.count }

    /// Appends the start of every line that begins after a terminator in `bytes[from..<to]`.
    static func scanLineStarts(_ bytes: [UInt8], from: Int, to: Int, into starts: inout [Int]) {
        var p = from
        while p < to {
            let b = bytes[p]
            if b == 0x0A {
                starts.append(p + 1)
            } else if b == 0x0D, !(p + 1 < bytes.count && bytes[p + 1] == 0x0A) {
                starts.append(p + 1)
            }
            p += 1
        }
    }

    /// The line holding byte `offset` (binary search).
    public func line(ofByte offset: Int) -> Int {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Byte offset where `line`'s content ends (before its terminator).
    public func lineContentEnd(_ line: Int) -> Int {
        let next = line + 1 < lineStarts.count ? lineStarts[line + 1] : bytes.count
        var end = next
        if end > lineStarts[line], bytes[end - 1] == 0x0A { end -= 1 }
        if end > lineStarts[line], bytes[end - 1] == 0x0D { end -= 1 }
        return end
    }

    /// Replaces `range` (clamped to the text, snapped to character boundaries) with `replacement`.
    public mutating func replace(_ range: ByteRange, with replacement: [UInt8]) {
        let start = snapToCharacter(min(max(range.start, 0), bytes.count))
        let end = max(start, snapToCharacter(min(max(range.end, 0), bytes.count)))
        let firstLine = max(line(ofByte: start) - 1, 0)
        let lastLine = line(ofByte: end)
        let regionStart = lineStarts[firstLine]
        let regionEndOld = lastLine + 2 < lineStarts.count ? lineStarts[lastLine + 2] : bytes.count
        let delta = replacement.count - (end - start)

        bytes.replaceSubrange(start..<end, with: replacement)

        let regionEndNew = regionEndOld + delta
        var newStarts = Array(lineStarts[0...firstLine])
        TextBuffer.scanLineStarts(bytes, from: regionStart, to: regionEndNew, into: &newStarts)
        if lastLine + 2 < lineStarts.count {
            // Starts at or past the old region end are unchanged lines: shift them.
            if newStarts.last != regionEndNew { newStarts.append(regionEndNew) }
            let tail = lineStarts[(lastLine + 3)...]
            newStarts.reserveCapacity(newStarts.count + tail.count)
            for s in tail { newStarts.append(s + delta) }
        }
        lineStarts = newStarts
    }

    /// Moves an offset that points inside a UTF-8 sequence back to the sequence's first byte.
    func snapToCharacter(_ offset: Int) -> Int {
        var o = offset
        while o > 0, o < bytes.count, bytes[o] & 0xC0 == 0x80 { o -= 1 }
        return o
    }

    /// The byte offset of an LSP position; lines past the end clamp to the end of the text,
    /// columns past the end of a line clamp to the line end, a column inside a character
    /// (e.g. between two UTF-16 surrogates) snaps to the character's start.
    public func offset(line: Int, character: Int, encoding: PositionEncoding) -> Int {
        guard line >= 0 else { return 0 }
        guard line < lineStarts.count else { return bytes.count }
        return Columns.offset(bytes, lineStart: lineStarts[line], lineEnd: lineContentEnd(line), column: character, encoding: encoding)
    }

    /// The LSP position of a byte offset, with the column in `encoding` units.
    public func position(ofByte rawOffset: Int, encoding: PositionEncoding) -> (line: Int, character: Int) {
        let offset = snapToCharacter(min(max(rawOffset, 0), bytes.count))
        let line = line(ofByte: offset)
        let start = lineStarts[line]
        return (line, Columns.units(bytes, from: start, to: min(offset, lineContentEnd(line)), encoding: encoding))
    }
}
