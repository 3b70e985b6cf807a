// Validates raw bytes as UTF-8; each maximal invalid sequence becomes U+FFFD and is reported with
// its byte range in the repaired text.

enum UTF8Repair {
    static func repair(_ bytes: [UInt8]) -> (String, [ByteRange]) {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var bad: [ByteRange] = []
        var i = 0
        let n = bytes.count
        while i < n {
            let w = validSequenceLength(bytes, i)
            if w > 0 {
                out.append(contentsOf: bytes[i..<(i + w)])
                i += w
                continue
            }
            // One invalid byte (plus following stray continuation bytes) -> one U+FFFD.
            var j = i + 1
            while j < n, Byte.isContinuation(bytes[j]), j - i < 4 { j += 1 }
            let s = out.count
            out.append(contentsOf: [0xEF, 0xBF, 0xBD])
            if let last = bad.last, last.end == s {
                bad[bad.count - 1] = ByteRange(last.start, out.count)
            } else {
                bad.append(ByteRange(s, out.count))
            }
            i = j
        }
        return (String(decoding: out, as: UTF8.self), bad)
    }

    /// Length of the valid UTF-8 sequence at `i`, or 0.
    static func validSequenceLength(_ b: [UInt8], _ i: Int) -> Int {
        let n = b.count
        let c = b[i]
        if c < 0x80 { return 1 }
        func cont(_ k: Int) -> Bool { k < n && Byte.isContinuation(b[k]) }
        if c >= 0xC2 && c <= 0xDF { return cont(i + 1) ? 2 : 0 }
        if c >= 0xE0 && c <= 0xEF {
            guard i + 2 < n, cont(i + 1), cont(i + 2) else { return 0 }
            let c1 = b[i + 1]
            if c == 0xE0 && c1 < 0xA0 { return 0 }   // overlong
            if c == 0xED && c1 >= 0xA0 { return 0 }  // surrogate
            return 3
        }
        if c >= 0xF0 && c <= 0xF4 {
            guard i + 3 < n, cont(i + 1), cont(i + 2), cont(i + 3) else { return 0 }
            let c1 = b[i + 1]
            if c == 0xF0 && c1 < 0x90 { return 0 }
            if c == 0xF4 && c1 >= 0x90 { return 0 }
            return 4
        }
        return 0
    }
}
