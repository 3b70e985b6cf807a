// Finding a marker's bytes in a text with memchr and memcmp: directive comments, torchtune's
// `_component_` and other markers are looked up without a per-character walk of a long
// document, so a keystroke skips whole-document work that could only find nothing.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

public enum ByteSearch {
    /// Whether `needle` occurs in `text`.
    public static func contains(_ text: String, _ needle: String) -> Bool {
        var found = false
        scan(text, needle) { _ in found = true; return false }
        return found
    }

    /// Every offset where `needle` starts in `text` (overlaps included), in order.
    public static func offsets(of needle: String, in text: String) -> [Int] {
        var out: [Int] = []
        scan(text, needle) { out.append($0); return true }
        return out
    }

    /// `text` with every non-overlapping `needle`, left to right, replaced by `replacement`
    /// (as `String.replacing` does for ASCII needles, without the string-processing library).
    public static func replacing(_ needle: String, with replacement: String, in text: String) -> String {
        let hits = offsets(of: needle, in: text)
        guard !hits.isEmpty else { return text }
        let bytes = Array(text.utf8), n = needle.utf8.count
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var next = 0
        for at in hits where at >= next {
            out.append(contentsOf: bytes[next..<at])
            out.append(contentsOf: replacement.utf8)
            next = at + n
        }
        out.append(contentsOf: bytes[next...])
        return String(decoding: out, as: UTF8.self)
    }

    /// Calls `hit` with each match's offset while it returns true.
    private static func scan(_ text: String, _ needle: String, _ hit: (Int) -> Bool) {
        var text = text
        var needle = needle
        text.withUTF8 { hay in
            needle.withUTF8 { n in
                guard let h = hay.baseAddress, let p = n.baseAddress, n.count > 0, hay.count >= n.count else { return }
                let first = Int32(p.pointee)
                let last = hay.count - n.count
                var offset = 0
                while offset <= last, let m = memchr(h + offset, first, last - offset + 1) {
                    let at = UnsafePointer<UInt8>(m.assumingMemoryBound(to: UInt8.self)) - h
                    if memcmp(h + at, p, n.count) == 0, !hit(at) { return }
                    offset = at + 1
                }
            }
        }
    }
}
