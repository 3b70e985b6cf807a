// Each dialect's keys as data: name, accepted types, default, allowed values, deprecation.
// The tables live in Keys/<Dialect>Keys.swift as one embedded text block per dialect, so the
// binary is self-contained; this file reads them once.

/// The YAML/JSON value types a key accepts.
public struct KeyTypes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let null = KeyTypes(rawValue: 1 << 0)
    public static let boolean = KeyTypes(rawValue: 1 << 1)
    public static let integer = KeyTypes(rawValue: 1 << 2)
    /// Any number (a float; integers are accepted too).
    public static let number = KeyTypes(rawValue: 1 << 3)
    public static let string = KeyTypes(rawValue: 1 << 4)
    public static let list = KeyTypes(rawValue: 1 << 5)
    public static let mapping = KeyTypes(rawValue: 1 << 6)
    /// Anything goes (the type is too loose to check).
    public static let any = KeyTypes(rawValue: 0x7F)

    init(letters: Substring) {
        var set: KeyTypes = []
        for c in letters {
            switch c {
            case "n": set.insert(.null)
            case "b": set.insert(.boolean)
            case "i": set.insert(.integer)
            case "f": set.formUnion([.number, .integer])
            case "s": set.insert(.string)
            case "l": set.insert(.list)
            case "m": set.insert(.mapping)
            default: set = .any
            }
        }
        self = set.isEmpty ? .any : set
    }

    /// Words for messages and schemas ("boolean or string").
    public var names: [String] {
        var out: [String] = []
        if contains(.boolean) { out.append("boolean") }
        if contains(.number) { out.append("number") } else if contains(.integer) { out.append("integer") }
        if contains(.string) { out.append("string") }
        if contains(.list) { out.append("list") }
        if contains(.mapping) { out.append("mapping") }
        if contains(.null) { out.append("null") }
        return out
    }
}

/// One key of a dialect.
public struct KeySpec: Sendable, Hashable {
    /// Dotted path from the document root: `micro_batch_size`, `train.micro_batch_size`.
    public let name: String
    public let types: KeyTypes
    /// The framework's default as YAML text, when it has one.
    public let defaultValue: String?
    /// Known string values (closed when `valuesAreClosed`).
    public let values: [String]
    public let valuesAreClosed: Bool
    public let memoryRelevant: Bool
    public let required: Bool
    /// Removed from the framework: using it is an error.
    public let removed: Bool
    /// What to use instead, when deprecated or removed.
    public let deprecation: String?
    public let summary: String

    /// The last path component.
    public var leafName: String {
        if let dot = name.lastIndex(of: ".") { return String(name[name.index(after: dot)...]) }
        return name
    }
}

/// All keys of one dialect, with the framework version they were read from.
public struct DialectKeys: Sendable {
    public let dialect: Dialect
    /// Package and version the keys and defaults come from, e.g. "axolotl 0.19.0".
    public let source: String
    /// Mappings whose keys form a closed set ("" = the document root, "train", ...): a key
    /// there that is not in the table is reported as unknown.
    public let closedMappings: Set<String>
    public let keys: [KeySpec]
    private let index: [String: Int]
    /// Parent path -> positions of its direct children (built once; validation asks per node).
    private let childIndex: [String: [Int]]
    /// Parent path -> its children's leaf names for did-you-mean: memory-relevant keys first,
    /// removed keys left out (built once; an unknown key asks on every keystroke).
    private let suggestionIndex: [String: [String]]

    init(dialect: Dialect, source: String, closedMappings: [String], table: String) {
        self.dialect = dialect
        self.source = source
        self.closedMappings = Set(closedMappings)
        var keys: [KeySpec] = []
        var index: [String: Int] = [:]
        for rawLine in table.split(separator: "\n") {
            let line = rawLine.drop(while: { $0 == " " })
            if line.isEmpty { continue }
            let f = line.split(separator: "|", omittingEmptySubsequences: false)
            guard f.count >= 7 else { continue }
            let flags = f[4]
            let spec = KeySpec(
                name: String(f[0]),
                types: KeyTypes(letters: f[1]),
                defaultValue: f[2].isEmpty ? nil : String(f[2]),
                values: f[3].isEmpty ? [] : f[3].split(separator: ",").map(String.init),
                valuesAreClosed: flags.contains("E"),
                memoryRelevant: flags.contains("M"),
                required: flags.contains("R"),
                removed: flags.contains("X"),
                deprecation: f[5].isEmpty ? nil : String(f[5]),
                summary: f[6...].joined(separator: "|"))
            if index[spec.name] == nil {
                index[spec.name] = keys.count
                keys.append(spec)
            }
        }
        self.keys = keys
        self.index = index
        var children: [String: [Int]] = [:]
        for (i, k) in keys.enumerated() { children[parentPath(of: k.name), default: []].append(i) }
        self.childIndex = children
        self.suggestionIndex = children.mapValues { positions in
            let live = positions.map { keys[$0] }.filter { !$0.removed }
            return (live.filter(\.memoryRelevant) + live.filter { !$0.memoryRelevant }).map(\.leafName)
        }
    }

    /// The leaf names an unknown key under `path` is compared with, memory-relevant ones first.
    public func suggestionNames(under path: String) -> [String] {
        suggestionIndex[path] ?? []
    }

    public subscript(path: String) -> KeySpec? {
        guard let i = index[path] else { return nil }
        return keys[i]
    }

    /// Direct children of a mapping path ("" = root).
    public func children(of path: String) -> [KeySpec] {
        (childIndex[path] ?? []).map { keys[$0] }
    }

    /// Whether the table knows any child of `path` (no copies: the validator asks per entry).
    public func hasChildren(_ path: String) -> Bool {
        !(childIndex[path]?.isEmpty ?? true)
    }

    /// "framework version default", e.g. "axolotl 0.19.0 default".
    public var defaultLabel: String { "\(source) default" }

    public static func forDialect(_ dialect: Dialect) -> DialectKeys? {
        switch dialect {
        case .axolotl: return axolotl
        case .llamafactory: return llamaFactory
        case .torchtune: return torchtune
        case .trl: return trl
        case .litgpt: return litGPT
        case .deepspeed: return deepSpeed
        case .accelerate: return accelerate
        case .mlx: return mlx
        case .unknown: return nil
        }
    }
}

func parentPath(of name: String) -> String {
    guard let dot = name.lastIndex(of: ".") else { return "" }
    return String(name[..<dot])
}

/// Levenshtein distance over UTF-8 bytes, ASCII letters compared case-insensitively; stops early
/// and returns `limit + 1` once every path exceeds `limit`. Allocation-free for names up to 64 bytes.
func editDistance(_ a: String, _ b: String, limit: Int = Int.max) -> Int {
    var a = a, b = b
    return a.withUTF8 { x in b.withUTF8 { y in NameMatch.distance(x, y, limit: limit) } }
}

/// The closest candidate within a distance that scales with the name's length.
func closestName(to name: String, in candidates: [String]) -> String? {
    let characters = name.count
    var name = name
    return name.withUTF8 { NameMatch.closest(to: $0, characters: characters, in: candidates) }
}

/// Byte-level helpers of `closestName`: ASCII case folding on the fly, no lowercased copies.
enum NameMatch {
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
