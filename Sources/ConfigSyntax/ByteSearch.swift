// Finding a marker's byte offsets in a text with memchr and memcmp: directive comments and
// other markers are looked up without a per-character walk of a long document.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

enum ByteSearch {
    /// Every offset where `needle` starts in `text` (overlaps included), in order.
    static func offsets(of needle: String, in text: String) -> [Int] {
        var text = text
        var needle = needle
        return text.withUTF8 { hay in
            needle.withUTF8 { n in
                guard let h = hay.baseAddress, let p = n.baseAddress, n.count > 0, hay.count >= n.count else { return [] }
                var out: [Int] = []
                let first = Int32(p.pointee)
                let last = hay.count - n.count
                var offset = 0
                while offset <= last, let hit = memchr(h + offset, first, last - offset + 1) {
                    let at = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - h
                    if memcmp(h + at, p, n.count) == 0 { out.append(at) }
                    offset = at + 1
                }
                return out
            }
        }
    }
}
