// A fast "does the text contain these bytes" (memchr for the first byte, then compare), used to skip whole-document work that
// can only matter when a marker is present (`_component_`, `headroom:`), so a keystroke in a
// long file does not pay for walks that would find nothing.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum TextSearch {
    static func contains(_ text: String, _ needle: String) -> Bool {
        var text = text
        var needle = needle
        return text.withUTF8 { hay in
            needle.withUTF8 { n in
                guard let h = hay.baseAddress, let p = n.baseAddress, n.count > 0, hay.count >= n.count else { return false }
                let first = Int32(p.pointee)
                var offset = 0
                let last = hay.count - n.count
                while offset <= last {
                    guard let hit = memchr(h + offset, first, last - offset + 1) else { return false }
                    let at = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - h
                    if memcmp(h + at, p, n.count) == 0 { return true }
                    offset = at + 1
                }
                return false
            }
        }
    }
}
