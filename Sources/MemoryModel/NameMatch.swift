// Did-you-mean matching for names (config keys, enum values, catalog ids): Levenshtein distance
// over UTF-8 bytes with ASCII case folding on the fly, no lowercased copies, and a distance table
// that stops once every path exceeds the limit. An unknown key is matched on every keystroke.

public enum NameMatch {
    /// Levenshtein distance over UTF-8 bytes, ASCII letters compared case-insensitively; stops
    /// early and returns `limit + 1` once every path exceeds `limit`.
    public static func distance(_ a: String, _ b: String, limit: Int = Int.max) -> Int {
        var a = a, b = b
        return a.withUTF8 { x in b.withUTF8 { y in distance(x, y, limit: limit) } }
    }

    /// The closest candidate within a distance that scales with the name's length (1 to 3);
    /// else the first candidate holding all the name's `_`-separated words in order (at most two
    /// more), else one with the same letters once underscores are dropped.
    public static func closest(to name: String, in candidates: [String]) -> String? {
        let characters = name.count
        var name = name
        return name.withUTF8 { closest(to: $0, characters: characters, in: candidates) }
    }

    @inline(__always) static func fold(_ c: UInt8) -> UInt8 { c &- 65 < 26 ? c | 0x20 : c }

    static func equalFolded(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        guard x.count == y.count else { return false }
        for i in 0..<x.count where fold(x[i]) != fold(y[i]) { return false }
        return true
    }

    static func distance(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>, limit: Int) -> Int {
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        let width = y.count + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * width) { rows in
            guard let base = rows.baseAddress else { return limit &+ 1 }
            var previous = base, current = base + width
            for j in 0..<width { previous[j] = j }
            for i in 1...x.count {
                current[0] = i
                var rowMin = i
                let xc = fold(x[i - 1])
                for j in 1...y.count {
                    let cost = xc == fold(y[j - 1]) ? 0 : 1
                    let v = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                    current[j] = v
                    rowMin = min(rowMin, v)
                }
                if rowMin > limit { return limit &+ 1 }
                swap(&previous, &current)
            }
            return previous[y.count]
        }
    }

    static func closest(to name: UnsafeBufferPointer<UInt8>, characters: Int, in candidates: [String]) -> String? {
        let limit = max(1, min(3, characters / 4))
        var best: (String, Int)?
        for c in candidates {
            var c = c
            let d: Int? = c.withUTF8 { y in
                if equalFolded(name, y) { return 0 }
                // The distance is at least the length difference: skip the table for a key far
                // longer than any candidate (a 5 MB key would otherwise take minutes per candidate).
                if abs(name.count - y.count) > limit { return nil }
                return distance(name, y, limit: limit)
            }
            guard let d else { continue }
            if d == 0 { return c }
            if d <= limit, d < (best?.1 ?? Int.max) { best = (c, d) }
        }
        if let best { return best.0 }
        // Words left out (`per_device_batch_size` -> `per_device_train_batch_size`): every word of
        // the name appears, in order, in the candidate; the first such candidate wins (callers list
        // memory-relevant keys first).
        let words = wordRanges(name)
        if words.count >= 2 {
            for c in candidates {
                var c = c
                let found = c.withUTF8 { y -> Bool in
                    var i = 0, count = 0
                    for w in wordRanges(y) {
                        count += 1
                        if i < words.count, equalFolded(UnsafeBufferPointer(rebasing: y[w]), UnsafeBufferPointer(rebasing: name[words[i]])) { i += 1 }
                    }
                    return i == words.count && count <= words.count + 2
                }
                if found { return c }
            }
        }
        // A common confusion: the same words in another order or without separators.
        for c in candidates {
            var c = c
            if c.withUTF8({ equalIgnoringUnderscores(name, $0) }) { return c }
        }
        return nil
    }

    /// The non-empty runs between underscores (`split(separator: "_")`).
    static func wordRanges(_ x: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        for i in 0...x.count where i == x.count || x[i] == UInt8(ascii: "_") {
            if i > start { out.append(start..<i) }
            start = i + 1
        }
        return out
    }

    static func equalIgnoringUnderscores(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0, j = 0
        while true {
            while i < x.count, x[i] == UInt8(ascii: "_") { i += 1 }
            while j < y.count, y[j] == UInt8(ascii: "_") { j += 1 }
            if i == x.count || j == y.count { return i == x.count && j == y.count }
            if fold(x[i]) != fold(y[j]) { return false }
            i += 1; j += 1
        }
    }
}
