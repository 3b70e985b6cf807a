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
        guard let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")) else { return name }
        return String(name[name.utf8.index(after: dot)...])
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
        // One key per line, `|`-separated, read from the bytes (the eight tables hold ~2,000
        // keys; splitting them as Characters was most of the first analysis of a session).
        var table = table
        table.withUTF8 { buf in
            func text(_ a: Int, _ b: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: buf[a..<b]), as: UTF8.self) }
            var lineStart = 0
            while lineStart < buf.count {
                var lineEnd = lineStart
                while lineEnd < buf.count, buf[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                defer { lineStart = lineEnd + 1 }
                var start = lineStart
                while start < lineEnd, buf[start] == UInt8(ascii: " ") { start += 1 }
                // The first six bars end fields 0-5; the rest of the line is the summary.
                var bars: [Int] = []
                var k = start
                while k < lineEnd, bars.count < 6 {
                    if buf[k] == UInt8(ascii: "|") { bars.append(k) }
                    k += 1
                }
                guard start < lineEnd, bars.count == 6 else { continue }
                func field(_ i: Int) -> (Int, Int) { (i == 0 ? start : bars[i - 1] + 1, bars[i]) }
                func has(_ flag: Unicode.Scalar) -> Bool {
                    let (a, b) = field(4)
                    return buf[a..<b].contains(UInt8(ascii: flag))
                }
                let (d0, d1) = field(2), (v0, v1) = field(3), (x0, x1) = field(5)
                var values: [String] = []
                var valueStart = v0
                for p in v0...v1 where p == v1 || buf[p] == UInt8(ascii: ",") {
                    if p > valueStart { values.append(text(valueStart, p)) }
                    valueStart = p + 1
                }
                let spec = KeySpec(
                    name: text(field(0).0, field(0).1),
                    types: KeyTypes(letters: Substring(text(field(1).0, field(1).1))),
                    defaultValue: d1 > d0 ? text(d0, d1) : nil,
                    values: values,
                    valuesAreClosed: has("E"),
                    memoryRelevant: has("M"),
                    required: has("R"),
                    removed: has("X"),
                    deprecation: x1 > x0 ? text(x0, x1) : nil,
                    summary: text(bars[5] + 1, lineEnd))
                if index[spec.name] == nil {
                    index[spec.name] = keys.count
                    keys.append(spec)
                }
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
    guard let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")) else { return "" }
    return String(name[..<dot])
}
