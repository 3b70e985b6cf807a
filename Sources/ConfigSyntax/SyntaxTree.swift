// The public, semantic view of a parsed YAML or JSON document.
//
// This is the contract the rest of Headroom reads (TrainingSetup walks mappings and scalars;
// Analysis and LanguageServer only need byte ranges). The parsers keep their own lossless
// representation internally; what they expose here is enough to find every key and value,
// its exact byte range, and its value as the training frameworks would read it (PyYAML rules).
//
// Offsets are UTF-8 byte offsets into the parsed text: `start` inclusive, `end` exclusive.

/// A half-open byte range `[start, end)` into the UTF-8 text of a document.
public struct ByteRange: Hashable, Sendable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    public var length: Int { end - start }
    public var isEmpty: Bool { start == end }
    public func contains(_ offset: Int) -> Bool { offset >= start && offset < end }
    /// True when `offset` is inside or exactly at the end (a cursor just after a token).
    public func touches(_ offset: Int) -> Bool { offset >= start && offset <= end }
    public func shifted(by delta: Int) -> ByteRange { ByteRange(start + delta, end + delta) }
    public var description: String { "\(start)..<\(end)" }
}

/// Which syntax a document is written in.
public enum SyntaxFormat: String, Sendable, Hashable {
    case yaml
    case json
}

/// A scalar resolved the way the frameworks read it (PyYAML's YAML 1.1 resolver for YAML,
/// Python's `json` for JSON): `1e-4` is a string in YAML, `yes` is a boolean, `0x1F` an integer.
public enum ScalarValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// An integer that fits in 64 bits.
    case int(Int64)
    /// A float, or an integer too large for 64 bits (kept as the nearest Double; may be ±inf).
    case float(Double)
    case string(String)

    /// The numeric value, if this is an int or a float.
    public var number: Double? {
        switch self {
        case .int(let v): return Double(v)
        case .float(let v): return v
        default: return nil
        }
    }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The name of the type as a user would say it ("string", "integer", ...).
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "integer"
        case .float: return "float"
        case .string: return "string"
        }
    }
}

/// How a scalar was written; edits keep the style of the value they replace.
public enum ScalarStyle: String, Hashable, Sendable {
    case plain
    case singleQuoted
    case doubleQuoted
    case literal   // |
    case folded    // >
}

/// One node of the semantic tree.
///
/// A small handle (see NodeArena.swift): the arena holding the node's fields, the node's index
/// there, and a byte shift added to every offset read through it (so moving a reused subtree
/// after an edit is O(1)). The parsers build all nodes of a chunk into one arena; a node made
/// with `init(kind:...)` or changed through a setter gets an arena of its own. The children of
/// a large block collection assembled from an incremental reparse may be materialized lazily
/// (on first read of `items` / `entries`), so that a keystroke does not rebuild them.
public struct Node: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case scalar
        case mapping
        case sequence
        /// `*name` in YAML; `aliasTarget` names the anchor.
        case alias
        /// A node the parser could not read; a syntax diagnostic covers it.
        case invalid
    }

    let arena: NodeArena
    let index: Int32
    /// Added to every offset of this node and its descendants.
    let shift: Int

    init(arena: NodeArena, index: Int32, shift: Int = 0) {
        self.arena = arena
        self.index = index
        self.shift = shift
    }


    /// The bytes of the node, from its first to its last significant byte
    /// (for a block mapping: first key to end of last value; tags and anchors included).
    public var kind: Kind {
        @inline(__always) get { arena.rec(index).pointee.kind }
        set { update { $0.kind = newValue } }
    }
    public var range: ByteRange {
        @inline(__always) get { shift == 0 ? arena.rec(index).pointee.range : arena.rec(index).pointee.range.shifted(by: shift) }
        set { update { $0.range = newValue } }
    }
    /// Resolved value, for `.scalar` nodes.
    public var scalar: ScalarValue? {
        get { arena.scalar(index) }
        set { update { $0.scalar = newValue } }
    }
    public var style: ScalarStyle? {
        @inline(__always) get { arena.rec(index).pointee.style }
        set { update { $0.style = newValue } }
    }
    /// The source text of a scalar exactly as written (quotes included).
    public var rawText: String? {
        get { arena.rawText(index) }
        set { update { $0.rawText = newValue } }
    }
    /// `!tag` as written, kept and never executed.
    public var tag: String? {
        get { arena.extra(of: index)?.tag }
        set { update { $0.tag = newValue } }
    }
    public var anchor: String? {
        get { arena.extra(of: index)?.anchor }
        set { update { $0.anchor = newValue } }
    }
    public var aliasTarget: String? {
        get { arena.extra(of: index)?.aliasTarget }
        set { update { $0.aliasTarget = newValue } }
    }
    /// `{...}` / `[...]` (and every JSON container) rather than block style.
    public var isFlow: Bool {
        @inline(__always) get { arena.rec(index).pointee.isFlow }
        set { update { $0.isFlow = newValue } }
    }
    /// Entries of a mapping, in source order, duplicates included.
    public var entries: [Entry] {
        get { arena.entries(of: index, shift: shift) }
        set { self = NodeArena.single(shiftedFields, items: items, entries: newValue, lazy: nil) }
    }
    /// Items of a sequence, in source order.
    public var items: [Node] {
        get { arena.items(of: index, shift: shift) }
        set { self = NodeArena.single(shiftedFields, items: newValue, entries: entries, lazy: nil) }
    }

    /// How many entries or items the node has (without materializing them).
    var childCount: Int { arena.childCount(of: index) }

    public init(kind: Kind, range: ByteRange, scalar: ScalarValue? = nil, style: ScalarStyle? = nil,
                rawText: String? = nil, tag: String? = nil, anchor: String? = nil,
                aliasTarget: String? = nil, isFlow: Bool = false,
                entries: [Entry] = [], items: [Node] = []) {
        let f = NodeFields(kind: kind, range: range, scalar: scalar, style: style, rawText: rawText, tag: tag,
                           anchor: anchor, aliasTarget: aliasTarget, isFlow: isFlow)
        self = NodeArena.single(f, items: items, entries: entries, lazy: nil)
    }

    /// The node's fields with this handle's shift applied to its range.
    var shiftedFields: NodeFields {
        var f = arena.fields(index)
        if shift != 0 { f.range = f.range.shifted(by: shift) }
        return f
    }

    /// A setter: the node gets an arena of its own (the original arena is never changed), with
    /// the same children (lazy ones stay lazy).
    private mutating func update(_ body: (inout NodeFields) -> Void) {
        var f = shiftedFields
        body(&f)
        if let lazy = arena.lazyChildren(of: index) {
            self = NodeArena.single(f, items: [], entries: [], lazy: shift == 0 ? lazy : lazy.shifted(by: shift))
        } else {
            self = NodeArena.single(f, items: items, entries: entries, lazy: nil)
        }
    }

    public static func == (a: Node, b: Node) -> Bool {
        if a.arena === b.arena && a.index == b.index && a.shift == b.shift { return true }
        return a.kind == b.kind && a.range == b.range && a.scalar == b.scalar && a.style == b.style
            && a.rawText == b.rawText && a.tag == b.tag && a.anchor == b.anchor && a.aliasTarget == b.aliasTarget
            && a.isFlow == b.isFlow && a.entries == b.entries && a.items == b.items
    }

    public func hash(into h: inout Hasher) {
        h.combine(kind)
        h.combine(range)
        h.combine(scalar)
        h.combine(style)
        h.combine(rawText)
        h.combine(tag)
        h.combine(anchor)
        h.combine(aliasTarget)
        h.combine(isFlow)
        h.combine(entries)
        h.combine(items)
    }
}

/// A node's tag, anchor and alias name, when it has any.
final class NodeExtra: Sendable {
    let tag: String?
    let anchor: String?
    let aliasTarget: String?

    private init(tag: String?, anchor: String?, aliasTarget: String?) {
        self.tag = tag
        self.anchor = anchor
        self.aliasTarget = aliasTarget
    }

    static func make(tag: String?, anchor: String?, aliasTarget: String?) -> NodeExtra? {
        tag == nil && anchor == nil && aliasTarget == nil ? nil : NodeExtra(tag: tag, anchor: anchor, aliasTarget: aliasTarget)
    }
}

/// One `key: value` pair of a mapping.
public struct Entry: Hashable, Sendable {
    public var key: Node
    /// The value; a key with nothing after the colon has a `.scalar` `.null` value with an
    /// empty range placed right after the colon.
    public var value: Node
    /// From the first byte of the key to the last byte of the value.
    public var range: ByteRange

    public init(key: Node, value: Node, range: ByteRange) {
        self.key = key
        self.value = value
        self.range = range
    }

    /// The key as a string (scalar keys only; `nil` for complex keys).
    public var keyString: String? {
        guard key.kind == .scalar, let s = key.scalar else { return nil }
        switch s {
        case .string(let v): return v
        case .int(let v): return String(v)
        case .bool(let v): return v ? "true" : "false"
        case .float(let v): return String(v)
        case .null: return nil
        }
    }
}

public enum SyntaxSeverity: String, Hashable, Sendable {
    case error
    case warning
}

/// A problem found while parsing: a syntax error, a duplicate key, a limit reached.
public struct SyntaxDiagnostic: Hashable, Sendable {
    public var range: ByteRange
    public var severity: SyntaxSeverity
    /// Stable code: `syntax-error`, `duplicate-key`, `json-comment`, `json-trailing-comma`,
    /// `json-nan`, `nesting-limit`, `alias-limit`, `invalid-utf8`, ...
    public var code: String
    public var message: String

    public init(range: ByteRange, severity: SyntaxSeverity, code: String, message: String) {
        self.range = range
        self.severity = severity
        self.code = code
        self.message = message
    }
}

/// A `# ...` comment (YAML only), with its text after the `#`.
public struct Comment: Hashable, Sendable {
    public var range: ByteRange
    public var text: String
    public init(range: ByteRange, text: String) {
        self.range = range
        self.text = text
    }
}

public extension Node {
    /// The value of the first entry whose key is `key`... PyYAML keeps the *last* duplicate,
    /// so this returns the last one, as the framework would read it.
    subscript(key: String) -> Node? {
        guard kind == .mapping else { return nil }
        return entries.last(where: { $0.keyString == key })?.value
    }

    /// The entry (key and value) for `key`, last duplicate wins.
    func entry(_ key: String) -> Entry? {
        guard kind == .mapping else { return nil }
        return entries.last(where: { $0.keyString == key })
    }

    /// Follows a dotted path of mapping keys: `node.lookup(["model", "_component_"])`.
    func lookup(_ path: [String]) -> Node? {
        var current: Node? = self
        for component in path {
            current = current?[component]
            if current == nil { return nil }
        }
        return current
    }
}
