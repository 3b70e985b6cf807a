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
/// A value type over one shared, immutable-once-built storage object: copying a node is one
/// retain, and the mutating setters copy the storage first when it is shared. The children of
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

    var storage: NodeStorage

    /// The bytes of the node, from its first to its last significant byte
    /// (for a block mapping: first key to end of last value; tags and anchors included).
    public var kind: Kind {
        get { storage.f.kind }
        set { var x = storage.f; x.kind = newValue; storage = NodeStorage(x, lazy: storage.lazyChildren) }
    }
    public var range: ByteRange {
        get { storage.f.range }
        set { var x = storage.f; x.range = newValue; storage = NodeStorage(x, lazy: storage.lazyChildren) }
    }
    /// Resolved value, for `.scalar` nodes.
    public var scalar: ScalarValue? {
        get { storage.f.scalar }
        set { var x = storage.f; x.scalar = newValue; storage = NodeStorage(x, lazy: storage.lazyChildren) }
    }
    public var style: ScalarStyle? {
        get { storage.f.style }
        set { var x = storage.f; x.style = newValue; storage = NodeStorage(x, lazy: storage.lazyChildren) }
    }
    /// The source text of a scalar exactly as written (quotes included).
    public var rawText: String? {
        get { storage.f.rawText }
        set { var x = storage.f; x.rawText = newValue; storage = NodeStorage(x, lazy: storage.lazyChildren) }
    }
    /// `!tag` as written, kept and never executed.
    public var tag: String? {
        get { storage.f.tag }
        set { var x = storage.f; x.tag = newValue; storage = NodeStorage(x, lazy: storage.lazyChildren) }
    }
    public var anchor: String? {
        get { storage.f.anchor }
        set { var x = storage.f; x.anchor = newValue; storage = NodeStorage(x, lazy: storage.lazyChildren) }
    }
    public var aliasTarget: String? {
        get { storage.f.aliasTarget }
        set { var x = storage.f; x.aliasTarget = newValue; storage = NodeStorage(x, lazy: storage.lazyChildren) }
    }
    /// `{...}` / `[...]` (and every JSON container) rather than block style.
    public var isFlow: Bool {
        get { storage.f.isFlow }
        set { var x = storage.f; x.isFlow = newValue; storage = NodeStorage(x, lazy: storage.lazyChildren) }
    }
    /// Entries of a mapping, in source order, duplicates included.
    public var entries: [Entry] {
        get { storage.lazyChildren?.entries ?? storage.f.entries }
        set { var x = storage.f; x.entries = newValue; if storage.lazyChildren != nil { x.items = items }; storage = NodeStorage(x, lazy: nil) }
    }
    /// Items of a sequence, in source order.
    public var items: [Node] {
        get { storage.lazyChildren?.items ?? storage.f.items }
        set { var x = storage.f; x.items = newValue; if storage.lazyChildren != nil { x.entries = entries }; storage = NodeStorage(x, lazy: nil) }
    }

    public init(kind: Kind, range: ByteRange, scalar: ScalarValue? = nil, style: ScalarStyle? = nil,
                rawText: String? = nil, tag: String? = nil, anchor: String? = nil,
                aliasTarget: String? = nil, isFlow: Bool = false,
                entries: [Entry] = [], items: [Node] = []) {
        storage = NodeStorage(kind: kind, range: range, scalar: scalar, style: style, rawText: rawText, tag: tag,
                              anchor: anchor, aliasTarget: aliasTarget, isFlow: isFlow, entries: entries, items: items)
    }

    init(storage: NodeStorage) { self.storage = storage }

    public static func == (a: Node, b: Node) -> Bool {
        if a.storage === b.storage { return true }
        let x = a.storage.f, y = b.storage.f
        return x.kind == y.kind && x.range == y.range && x.scalar == y.scalar && x.style == y.style
            && x.rawText == y.rawText && x.tag == y.tag && x.anchor == y.anchor && x.aliasTarget == y.aliasTarget
            && x.isFlow == y.isFlow && a.entries == b.entries && a.items == b.items
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

/// The storage of a `Node`: immutable (a setter on `Node` makes a new one), so sharing it
/// between threads is safe and reads need no exclusivity checks; `lazyChildren` guards its own cache.
final class NodeStorage: Sendable {
    // Declaration order is layout order: the one-byte fields sit together after the 17-byte
    // scalar, so a node's storage is 16 bytes smaller than in the natural order.
    struct Fields: Sendable {
        var range: ByteRange
        var scalar: ScalarValue?
        var kind: Node.Kind
        var style: ScalarStyle?
        var isFlow: Bool
        var rawText: String?
        /// Tag, anchor and alias name: rare, so one optional reference instead of three strings
        /// in every node (a 10,000-item list has 40,000 nodes).
        var extra: NodeExtra?
        var entries: [Entry]
        var items: [Node]

        init(kind: Node.Kind, range: ByteRange, scalar: ScalarValue?, style: ScalarStyle?, rawText: String?, tag: String?,
             anchor: String?, aliasTarget: String?, isFlow: Bool, entries: [Entry], items: [Node]) {
            self.kind = kind
            self.range = range
            self.scalar = scalar
            self.style = style
            self.rawText = rawText
            self.extra = NodeExtra.make(tag: tag, anchor: anchor, aliasTarget: aliasTarget)
            self.isFlow = isFlow
            self.entries = entries
            self.items = items
        }

        var tag: String? {
            get { extra?.tag }
            set { extra = NodeExtra.make(tag: newValue, anchor: anchor, aliasTarget: aliasTarget) }
        }
        var anchor: String? {
            get { extra?.anchor }
            set { extra = NodeExtra.make(tag: tag, anchor: newValue, aliasTarget: aliasTarget) }
        }
        var aliasTarget: String? {
            get { extra?.aliasTarget }
            set { extra = NodeExtra.make(tag: tag, anchor: anchor, aliasTarget: newValue) }
        }
    }
    let f: Fields
    let lazyChildren: LazyChildren?

    init(_ f: Fields, lazy: LazyChildren?) {
        self.f = f
        self.lazyChildren = lazy
    }

    convenience init(kind: Node.Kind, range: ByteRange, scalar: ScalarValue?, style: ScalarStyle?, rawText: String?, tag: String?,
                     anchor: String?, aliasTarget: String?, isFlow: Bool, entries: [Entry], items: [Node], lazyChildren: LazyChildren? = nil) {
        self.init(Fields(kind: kind, range: range, scalar: scalar, style: style, rawText: rawText, tag: tag, anchor: anchor,
                         aliasTarget: aliasTarget, isFlow: isFlow, entries: entries, items: items), lazy: lazyChildren)
    }

    /// The same node moved to `range`, with other children.
    init(copying s: NodeStorage, range: ByteRange, lazy: LazyChildren?, entries: [Entry], items: [Node]) {
        var x = s.f
        x.range = range
        x.entries = entries
        x.items = items
        self.f = x
        self.lazyChildren = lazy
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
