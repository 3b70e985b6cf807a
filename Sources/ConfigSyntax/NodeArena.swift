// The nodes of a parse, in arenas.
//
// A parse used to allocate one storage object per node and one array per collection (about
// 113,000 allocations for a 380 KB config). Now the parser appends each node to an arena as a
// plain-data record, a collection's children to the arena's list of indices, and strings to its
// table (a one-line plain scalar is a slice of the arena's copy of the source); a `Node` is a
// handle (arena, index, byte shift). The chunks of a fresh parse share an arena of up to 4,096
// nodes. Nodes built outside a parse (`Node(kind:...)`, setters, the assembled root of a
// document) get an arena of their own, and their children (any nodes, or lazily produced ones)
// are kept as they are (`External`). See docs/parsing.md, "Nodes in arenas".

/// The fields of one node as values: what `Node(kind:...)`, the setters and the parsers' node
/// constructors pass to an arena (which stores them as a `NodeRecord`).
struct NodeFields {
    var range: ByteRange
    var scalar: ScalarValue?
    var kind: Node.Kind
    var style: ScalarStyle?
    var isFlow: Bool
    var rawText: String?
    var extra: NodeExtra?

    init(kind: Node.Kind, range: ByteRange, scalar: ScalarValue? = nil, style: ScalarStyle? = nil, rawText: String? = nil,
         tag: String? = nil, anchor: String? = nil, aliasTarget: String? = nil, isFlow: Bool = false) {
        self.range = range
        self.scalar = scalar
        self.kind = kind
        self.style = style
        self.isFlow = isFlow
        self.rawText = rawText
        self.extra = NodeExtra.make(tag: tag, anchor: anchor, aliasTarget: aliasTarget)
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

/// One node in an arena: plain data (no references), so appending, moving and freeing records
/// is copying bytes. Strings live in the arena's string table, tags/anchors/alias names in its
/// extras, children in its index list.
struct NodeRecord {
    // 48 bytes a record (`nodeStorageStaysSmall` guards it).
    var range: ByteRange
    /// The scalar's payload: integer or float bits, a bool, or a string's index in the table.
    var payload: UInt64 = 0
    /// The raw text's index in the string table, -1 for none, -2 for the source bytes of
    /// `range` (see `NodeArena.slice`).
    var rawIndex: Int32 = -1
    /// Index in the arena's extras (tag, anchor, alias name), -1 for none.
    var extraIndex: Int32 = -1
    /// Internal children: `childCount` items or entries (two slots each) from `childStart` in
    /// the index list. External children (`childStart < 0`): `externals[-childStart - 1]`.
    var childStart: Int32 = 0
    var childCount: Int32 = 0
    var kindCode: UInt8
    /// 0: no style, else `ScalarStyle` + 1.
    var styleCode: UInt8 = 0
    /// 0: no scalar, 1 null, 2 bool, 3 int, 4 float, 5 string (in the table), 6 string: the
    /// source bytes of `range` (a one-line plain scalar; no string is made while parsing).
    var scalarCode: UInt8 = 0
    var isFlow = false
    /// The internal children are key/value index pairs (a mapping's entries).
    var pairs = false

    init(kind: Node.Kind, range: ByteRange, style: ScalarStyle?, isFlow: Bool) {
        self.range = range
        self.kindCode = NodeRecord.code(kind)
        self.styleCode = NodeRecord.code(style)
        self.isFlow = isFlow
    }

    static func code(_ k: Node.Kind) -> UInt8 {
        switch k {
        case .scalar: return 0
        case .mapping: return 1
        case .sequence: return 2
        case .alias: return 3
        case .invalid: return 4
        }
    }

    var kind: Node.Kind {
        switch kindCode {
        case 0: return .scalar
        case 1: return .mapping
        case 2: return .sequence
        case 3: return .alias
        default: return .invalid
        }
    }

    static func code(_ s: ScalarStyle?) -> UInt8 {
        switch s {
        case nil: return 0
        case .plain?: return 1
        case .singleQuoted?: return 2
        case .doubleQuoted?: return 3
        case .literal?: return 4
        case .folded?: return 5
        }
    }

    var style: ScalarStyle? {
        switch styleCode {
        case 1: return .plain
        case 2: return .singleQuoted
        case 3: return .doubleQuoted
        case 4: return .literal
        case 5: return .folded
        default: return nil
        }
    }
}

/// The nodes of one chunk (or one node built outside a parse).
///
/// Appended to only by the parser that created it (or by the factory that made a single
/// node), before any node of it is handed out of that parse; never changed afterwards. That is
/// what makes sharing it between threads safe (`@unchecked`: the compiler cannot see that the
/// appends all happen before publication).
final class NodeArena: @unchecked Sendable {
    /// Children kept as values: a node built by `Node(kind:...)`, a setter, the assembler, or
    /// a split collection whose children are produced on first read.
    struct External {
        let items: [Node]
        let entries: [Entry]
        let lazy: LazyChildren?
    }

    // Records, the child index list and the string table live in buffers of our own: an array
    // in a class property is checked for exclusive access on every read and append at run
    // time (that check cost more than the allocations the arena saves). Each is a list of
    // segments: the first holds what the arena was reserved for, later ones 1,024 elements
    // each, so growing never copies and no buffer is larger than the reservation or 48 KB (a
    // multi-megabyte buffer per parse was mapped fresh by malloc each time: JSON spent more on
    // page faults than the arena saved). Every read is checked against `nodeCount` /
    // `childSlots` / `stringSlots`, which only grow.
    private var rec0: UnsafeMutablePointer<NodeRecord>
    private var recFirst: Int
    private var recTable = Segments<NodeRecord>.none
    private var nodeCount = 0
    private var kid0: UnsafeMutablePointer<Int32>
    private var kidFirst: Int
    private var kidTable = Segments<Int32>.none
    private var childSlots = 0
    private var str0: UnsafeMutablePointer<String>
    private var strFirst: Int
    private var strTable = Segments<String>.none
    private var stringSlots = 0
    private var externalList: [External] = []
    private var extraList: [NodeExtra] = []
    /// A copy of the source bytes the records' slices read (`textStart` is the offset of its
    /// first byte in parse coordinates); while the parser runs, `source` is its input.
    private var text: UnsafeMutablePointer<UInt8>
    private var textCapacity = 0
    private var textLength = 0
    private var textStart = 0
    private var source: UnsafeBufferPointer<UInt8>?

    // (Stored properties are private and read through these: an internal stored property of a
    // class is checked for exclusive access at run time when the module is built for testing,
    // since other modules could then reach it.)
    var count: Int { nodeCount }
    var childTotal: Int { childSlots }
    var stringCount: Int { stringSlots }
    var externals: [External] { externalList }
    var extras: [NodeExtra] { extraList }
    var textCount: Int { textLength }
    var textBase: Int { textStart }

    init(reserving n: Int = 1) {
        let first = min(max(n, 1), 1 << 20)
        recFirst = first
        rec0 = UnsafeMutablePointer<NodeRecord>.allocate(capacity: first)
        kidFirst = first
        kid0 = UnsafeMutablePointer<Int32>.allocate(capacity: first)
        strFirst = first
        str0 = UnsafeMutablePointer<String>.allocate(capacity: first)
        text = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        textCapacity = 1
    }

    deinit {
        rec0.deinitialize(count: min(nodeCount, recFirst))
        rec0.deallocate()
        let recTableCopy = recTable
        recTableCopy.free(used: max(nodeCount - recFirst, 0))
        kid0.deallocate()
        let kidTableCopy = kidTable
        kidTableCopy.free(used: max(childSlots - kidFirst, 0))
        str0.deinitialize(count: min(stringSlots, strFirst))
        str0.deallocate()
        let strTableCopy = strTable
        strTableCopy.free(used: max(stringSlots - strFirst, 0))
        text.deallocate()
    }

    private var recordCapacity: Int { recFirst + recTable.capacity }

    // MARK: source text

    /// The parser's input, read by slices until `keepText` has copied their bytes. The buffer
    /// must stay valid until `detach()`, which the parser calls before any node leaves it.
    func attach(_ b: UnsafeBufferPointer<UInt8>) { source = b }

    func detach() { source = nil }

    /// Copies the input up to `end` (after a chunk: its bytes and the line after), so that the
    /// chunk's slices read the copy once the parse is over. Chunks sharing an arena are
    /// consecutive, so the copy is one contiguous run from the first chunk's start.
    func keepText(from start: Int, to end: Int) {
        guard let src = source, let srcBase = src.baseAddress else { return }
        if textLength == 0 { textStart = start }
        let from = textStart + textLength
        guard from >= 0, end > from, end <= src.count else { return }
        let k = end - from
        if textLength + k > textCapacity {
            let newCapacity = max(textCapacity * 2, textLength + k)
            let p = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            p.initialize(from: text, count: textLength)
            text.deallocate()
            text = p
            textCapacity = newCapacity
        }
        (text + textLength).initialize(from: srcBase + from, count: k)
        textLength += k
    }

    /// The source text of `[s, e)` (parse coordinates): from the input while parsing, else
    /// from the copy; "" outside both (never, for a record's own range).
    func slice(_ s: Int, _ e: Int) -> String {
        if let src = source, s >= 0, s <= e, e <= src.count { return makeString(src, s, e) }
        let a = s - textStart, z = e - textStart
        guard a >= 0, a <= z, z <= textLength else { return "" }
        return makeString(UnsafeBufferPointer(start: text, count: textLength), a, z)
    }

    /// Whether the source text of `[s, e)` is exactly `str`, without making a string.
    func sliceEquals(_ s: Int, _ e: Int, _ str: String) -> Bool {
        var str = str
        return str.withUTF8 { u -> Bool in
            guard u.count == e - s else { return false }
            if let src = source, s >= 0, s <= e, e <= src.count {
                for k in 0..<u.count where src[s + k] != u[k] { return false }
                return true
            }
            let a = s - textStart
            guard a >= 0, e - textStart <= textLength else { return false }
            for k in 0..<u.count where text[a + k] != u[k] { return false }
            return true
        }
    }

    // Written once here, only read afterwards.
    nonisolated(unsafe) private static let placeholder: UnsafeMutablePointer<NodeRecord> = {
        let p = UnsafeMutablePointer<NodeRecord>.allocate(capacity: 1)
        p.initialize(to: NodeRecord(kind: .invalid, range: ByteRange(0, 0), style: nil, isFlow: false))
        return p
    }()

    /// The record at `i`, read in place (an index this arena handed out; anything else reads a
    /// placeholder).
    @inline(__always) func rec(_ i: Int32) -> UnsafePointer<NodeRecord> {
        let j = Int(i)
        guard j >= 0 && j < nodeCount else { return UnsafePointer(NodeArena.placeholder) }
        if j < recFirst { return UnsafePointer(rec0 + j) }
        return UnsafePointer(recTable.at(j - recFirst) ?? NodeArena.placeholder)
    }

    /// The record index stored at slot `k` of the child list.
    @inline(__always) func child(_ k: Int) -> Int32 {
        guard k >= 0 && k < childSlots else { return -1 }
        return k < kidFirst ? kid0[k] : kidTable.at(k - kidFirst)?.pointee ?? -1
    }

    /// The string at `i` of the table (nil for -1 or an index not handed out).
    @inline(__always) func string(_ i: Int32) -> String? {
        let j = Int(i)
        guard j >= 0 && j < stringSlots else { return nil }
        return j < strFirst ? str0[j] : strTable.at(j - strFirst)?.pointee
    }

    func extra(_ i: Int32) -> NodeExtra? {
        let j = Int(i)
        return j >= 0 && j < extraList.count ? extraList[j] : nil
    }

    // MARK: reading a node's fields

    func scalar(_ i: Int32) -> ScalarValue? {
        let r = rec(i)
        let p = r.pointee.payload
        switch r.pointee.scalarCode {
        case 1: return .null
        case 2: return .bool(p != 0)
        case 3: return .int(Int64(bitPattern: p))
        case 4: return .float(Double(bitPattern: p))
        case 5: return .string(string(Int32(truncatingIfNeeded: p)) ?? "")
        case 6: return .string(slice(r.pointee.range.start, r.pointee.range.end))
        default: return nil
        }
    }

    /// Whether the node's value is the string `s` (without making a value).
    func isString(_ i: Int32, equalTo s: String) -> Bool {
        let r = rec(i)
        switch r.pointee.scalarCode {
        case 5: return string(Int32(truncatingIfNeeded: r.pointee.payload)) == s
        case 6: return sliceEquals(r.pointee.range.start, r.pointee.range.end, s)
        default: return false
        }
    }

    func rawText(_ i: Int32) -> String? {
        let r = rec(i)
        if r.pointee.rawIndex == -2 { return slice(r.pointee.range.start, r.pointee.range.end) }
        return string(r.pointee.rawIndex)
    }

    func extra(of i: Int32) -> NodeExtra? {
        let x = rec(i).pointee.extraIndex
        return x < 0 ? nil : extra(x)
    }

    /// The node's fields as values (children not included).
    func fields(_ i: Int32) -> NodeFields {
        let r = rec(i)
        var f = NodeFields(kind: r.pointee.kind, range: r.pointee.range, scalar: scalar(i), style: r.pointee.style,
                           rawText: rawText(i), isFlow: r.pointee.isFlow)
        f.extra = extra(of: i)
        return f
    }

    // MARK: growing

    private func appendChild(_ x: Int32) {
        if childSlots < kidFirst {
            kid0[childSlots] = x
        } else {
            let k = childSlots - kidFirst
            if k == kidTable.capacity {
                // (Grown on a copy: an access to a stored property that spans a call is checked
                // for exclusivity at run time, and then so is every other access to it.)
                var t = kidTable
                t.grow()
                kidTable = t
            }
            guard let p = kidTable.at(k) else { return }
            p.initialize(to: x)
        }
        childSlots += 1
    }

    /// Appends a string to the table; its index, or -1 when the table is full (never, below
    /// 2^31 strings: the node then reads no text rather than another one).
    private func appendString(_ s: __owned String) -> Int32 {
        guard let i = Int32(exactly: stringSlots), i < Int32.max else { return -1 }
        if stringSlots < strFirst {
            (str0 + stringSlots).initialize(to: s)
        } else {
            let k = stringSlots - strFirst
            if k == strTable.capacity {
                // (Grown on a copy: an access to a stored property that spans a call is checked
                // for exclusivity at run time, and then so is every other access to it.)
                var t = strTable
                t.grow()
                strTable = t
            }
            guard let p = strTable.at(k) else { return -1 }
            p.initialize(to: s)
        }
        stringSlots += 1
        return i
    }

    private func appendExtra(_ x: NodeExtra?) -> Int32 {
        guard let x, let i = Int32(exactly: extraList.count), i < Int32.max else { return -1 }
        extraList.append(x)
        return i
    }

    /// Fills in the scalar and raw text of a record (the raw text shares the value's slot when
    /// it is the same string, as for a one-line plain scalar).
    @inline(__always)
    private func setScalar(_ r: inout NodeRecord, _ scalar: __owned ScalarValue?, rawText: __owned String?, rawIsValue: Bool? = nil) {
        var valueIndex: Int32 = -1
        switch scalar {
        case nil: r.scalarCode = 0
        case .null?: r.scalarCode = 1
        case .bool(let b)?: r.scalarCode = 2; r.payload = b ? 1 : 0
        case .int(let v)?: r.scalarCode = 3; r.payload = UInt64(bitPattern: v)
        case .float(let d)?: r.scalarCode = 4; r.payload = d.bitPattern
        case .string(let v)?:
            let same = rawIsValue ?? (rawText.map { $0 == v } ?? false)
            valueIndex = appendString(v)
            r.scalarCode = 5
            r.payload = UInt64(truncatingIfNeeded: Int(valueIndex))
            if same {
                r.rawIndex = valueIndex
                return
            }
        }
        if let t = rawText { r.rawIndex = appendString(t) }
    }

    @inline(__always)
    private func append(_ r: NodeRecord) -> Node {
        // The first buffer holds at most 2^20 records, so its indices fit in an Int32.
        if nodeCount < recFirst {
            (rec0 + nodeCount).initialize(to: r)
            nodeCount += 1
            return Node(arena: self, index: Int32(truncatingIfNeeded: nodeCount - 1))
        }
        return appendToSegment(r)
    }

    private func appendToSegment(_ r: NodeRecord) -> Node {
        // (Beyond 2^31 nodes in one arena, which no real chunk reaches: the placeholder.)
        guard let i = Int32(exactly: nodeCount), i < Int32.max else { return Node(arena: self, index: -1) }
        let k = nodeCount - recFirst
        if k == recTable.capacity {
            // (Grown on a copy: an access to a stored property that spans a call is checked
            // for exclusivity at run time, and then so is every other access to it.)
            var t = recTable
            t.grow()
            recTable = t
        }
        guard let p = recTable.at(k) else { return Node(arena: self, index: -1) }
        p.initialize(to: r)
        nodeCount += 1
        return Node(arena: self, index: i)
    }

    /// The chunks of a fresh parse share an arena of this many nodes (a new one is started
    /// before a chunk when seven eighths are used, so `trim` has nothing to give back; a big
    /// chunk grows it).
    static let shareLimit = 4096

    var isNearlyFull: Bool { nodeCount >= recordCapacity - recordCapacity / 8 }

    /// Gives back the unused part of a first segment (reserved for more than came) when it is
    /// more than an eighth, and of the text copy; later segments waste at most one segment.
    func trim() {
        if recTable.capacity == 0, recFirst - nodeCount > max(recFirst / 8, 64) {
            let p = UnsafeMutablePointer<NodeRecord>.allocate(capacity: max(nodeCount, 1))
            p.moveInitialize(from: rec0, count: nodeCount)
            rec0.deallocate()
            rec0 = p
            recFirst = max(nodeCount, 1)
        }
        if kidTable.capacity == 0, kidFirst - childSlots > max(kidFirst / 8, 64) {
            let p = UnsafeMutablePointer<Int32>.allocate(capacity: max(childSlots, 1))
            p.initialize(from: kid0, count: childSlots)
            kid0.deallocate()
            kid0 = p
            kidFirst = max(childSlots, 1)
        }
        if strTable.capacity == 0, strFirst - stringSlots > max(strFirst / 8, 64) {
            let p = UnsafeMutablePointer<String>.allocate(capacity: max(stringSlots, 1))
            p.moveInitialize(from: str0, count: stringSlots)
            str0.deallocate()
            str0 = p
            strFirst = max(stringSlots, 1)
        }
        if textCapacity - textLength > max(textCapacity / 8, 256) {
            let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(textLength, 1))
            p.initialize(from: text, count: textLength)
            text.deallocate()
            text = p
            textCapacity = max(textLength, 1)
        }
    }

    // MARK: adding nodes

    /// A node in this arena (same arguments as `Node.init`): a leaf's record is built in place.
    @inline(__always)
    func make(kind: Node.Kind, range: ByteRange, scalar: ScalarValue? = nil, style: ScalarStyle? = nil,
              rawText: String? = nil, tag: String? = nil, anchor: String? = nil,
              aliasTarget: String? = nil, isFlow: Bool = false,
              entries: [Entry] = [], items: [Node] = [], rawIsValue: Bool = false) -> Node {
        if entries.isEmpty && items.isEmpty {
            return addLeaf(kind: kind, range: range, scalar: scalar, style: style, rawText: rawText, tag: tag,
                           anchor: anchor, aliasTarget: aliasTarget, isFlow: isFlow, rawIsValue: rawIsValue)
        }
        return add(NodeFields(kind: kind, range: range, scalar: scalar, style: style, rawText: rawText, tag: tag,
                              anchor: anchor, aliasTarget: aliasTarget, isFlow: isFlow),
                   items: items, entries: entries, lazy: nil)
    }

    /// A node with an arena of its own.
    static func single(_ f: NodeFields, items: [Node], entries: [Entry], lazy: LazyChildren?) -> Node {
        NodeArena().add(f, items: items, entries: entries, lazy: lazy)
    }

    /// The record of `f` (strings and extraList appended to this arena's tables), without children.
    private func record(_ f: __owned NodeFields) -> NodeRecord {
        var r = NodeRecord(kind: f.kind, range: f.range, style: f.style, isFlow: f.isFlow)
        setScalar(&r, f.scalar, rawText: f.rawText)
        r.extraIndex = appendExtra(f.extra)
        return r
    }

    /// Appends a node without children, its record built in place.
    @inline(__always)
    /// `rawIsValue`: a string scalar's raw text is its value (a one-line plain scalar), so the
    /// two share a slot without being compared (`rawText` is then only read for other scalars).
    func addLeaf(kind: Node.Kind, range: ByteRange, scalar: __owned ScalarValue?, style: ScalarStyle?, rawText: __owned String?,
                 tag: __owned String?, anchor: __owned String?, aliasTarget: __owned String?, isFlow: Bool, rawIsValue: Bool = false) -> Node {
        var r = NodeRecord(kind: kind, range: range, style: style, isFlow: isFlow)
        setScalar(&r, scalar, rawText: rawText, rawIsValue: rawIsValue)
        if tag != nil || anchor != nil || aliasTarget != nil {
            r.extraIndex = appendExtra(NodeExtra.make(tag: tag, anchor: anchor, aliasTarget: aliasTarget))
        }
        return append(r)
    }

    /// Appends a one-line plain scalar whose raw text is its source bytes: `value` is its
    /// value when not a string (nil: a string, the same bytes). No string is made.
    func addPlainSlice(range: ByteRange, value: __owned ScalarValue?) -> Node {
        var r = NodeRecord(kind: .scalar, range: range, style: .plain, isFlow: false)
        if let v = value {
            setScalar(&r, v, rawText: nil, rawIsValue: false)
        } else {
            r.scalarCode = 6
        }
        r.rawIndex = -2
        return append(r)
    }

    /// Appends a node without children.
    func add(_ f: __owned NodeFields) -> Node {
        append(record(f))
    }

    /// Appends a collection. Children that are unshifted nodes of this arena become index
    /// ranges; any others are kept as values.
    func add(_ f: __owned NodeFields, items: [Node], entries: [Entry], lazy: LazyChildren?) -> Node {
        var r = record(f)
        if lazy == nil, items.isEmpty, entries.isEmpty { return append(r) }
        if lazy == nil, items.isEmpty || entries.isEmpty, let start = Int32(exactly: childSlots),
           let n = Int32(exactly: max(items.count, entries.count)), canHoldInside(items: items, entries: entries) {
            r.childStart = start
            r.childCount = n
            if entries.isEmpty {
                for x in items { appendChild(x.index) }
            } else {
                r.pairs = true
                for e in entries {
                    appendChild(e.key.index)
                    appendChild(e.value.index)
                }
            }
            return append(r)
        }
        guard let k = Int32(exactly: externalList.count + 1) else { return append(r) }
        externalList.append(External(items: items, entries: entries, lazy: lazy))
        r.childStart = -k
        return append(r)
    }

    /// Appends a collection whose children are indices of this arena (the parser's child
    /// stack; `pairs`: key/value pairs). An index this arena did not hand out makes the
    /// collection keep its children as values instead (never, for the parser's own nodes).
    func add(_ f: __owned NodeFields, kids: UnsafeBufferPointer<Int32>, pairs: Bool) -> Node {
        if kids.isEmpty { return add(f) }
        let valid = kids.allSatisfy { $0 >= 0 && Int($0) < nodeCount }
        let n = pairs ? kids.count / 2 : kids.count
        guard valid, !pairs || kids.count % 2 == 0, childSlots + kids.count < Int(Int32.max),
              let start = Int32(exactly: childSlots), let c = Int32(exactly: n) else {
            var items: [Node] = [], entries: [Entry] = []
            if pairs {
                var k = 0
                while k + 1 < kids.count {
                    let key = Node(arena: self, index: kids[k]), value = Node(arena: self, index: kids[k + 1])
                    entries.append(Entry(key: key, value: value, range: ByteRange(key.range.start, max(value.range.end, key.range.end))))
                    k += 2
                }
            } else {
                items = kids.map { Node(arena: self, index: $0) }
            }
            return add(f, items: items, entries: entries, lazy: nil)
        }
        var r = record(f)
        r.childStart = start
        r.childCount = c
        r.pairs = pairs
        for x in kids { appendChild(x) }
        return append(r)
    }

    /// A copy of a node from elsewhere (or shifted) in this arena, its children kept as values.
    func adopt(_ n: Node) -> Node {
        if let lazy = n.arena.lazyChildren(of: n.index) {
            return add(n.shiftedFields, items: [], entries: [], lazy: n.shift == 0 ? lazy : lazy.shifted(by: n.shift))
        }
        return add(n.shiftedFields, items: n.items, entries: n.entries, lazy: nil)
    }

    /// All children are unshifted nodes of this arena, each entry's range spans its key and
    /// value (so it can be derived), and the index list stays within `Int32`.
    private func canHoldInside(items: [Node], entries: [Entry]) -> Bool {
        guard childSlots + 2 * (items.count + entries.count) < Int(Int32.max) else { return false }
        for x in items where x.arena !== self || x.shift != 0 { return false }
        for e in entries {
            guard e.key.arena === self, e.key.shift == 0, e.value.arena === self, e.value.shift == 0 else { return false }
            let k = rec(e.key.index).pointee.range, v = rec(e.value.index).pointee.range
            if e.range != ByteRange(k.start, max(v.end, k.end)) { return false }
        }
        return true
    }

    /// A copy of the node with other fields (the parser applying properties), same children:
    /// appended, so handles to the old record keep reading what they read.
    func replacing(_ n: Node, _ body: (inout NodeFields) -> Void) -> Node {
        guard n.arena === self, n.shift == 0 else {
            var f = n.shiftedFields
            body(&f)
            return NodeArena.single(f, items: n.items, entries: n.entries, lazy: nil)
        }
        var f = fields(n.index)
        body(&f)
        let old = rec(n.index).pointee
        var r = record(f)
        r.childStart = old.childStart
        r.childCount = old.childCount
        r.pairs = old.pairs
        return append(r)
    }

    func childCount(of i: Int32) -> Int {
        let r = rec(i)
        if r.pointee.childStart >= 0 { return Int(r.pointee.childCount) }
        let x = externalList[Int(-(Int(r.pointee.childStart) + 1))]
        if let lazy = x.lazy { return lazy.items.count + lazy.entries.count }
        return x.items.count + x.entries.count
    }

    func lazyChildren(of i: Int32) -> LazyChildren? {
        let r = rec(i)
        guard r.pointee.childStart < 0 else { return nil }
        return externalList[Int(-(Int(r.pointee.childStart) + 1))].lazy
    }

    func items(of i: Int32, shift: Int) -> [Node] {
        let r = rec(i)
        if r.pointee.childStart < 0 {
            let x = externalList[Int(-(Int(r.pointee.childStart) + 1))]
            let v = x.lazy?.items ?? x.items
            return shift == 0 ? v : v.map { $0.shifted(by: shift) }
        }
        if r.pointee.pairs || r.pointee.childCount == 0 { return [] }
        let s = Int(r.pointee.childStart), n = Int(r.pointee.childCount)
        var out: [Node] = []
        out.reserveCapacity(n)
        for k in s..<(s + n) { out.append(Node(arena: self, index: child(k), shift: shift)) }
        return out
    }

    func entries(of i: Int32, shift: Int) -> [Entry] {
        let r = rec(i)
        if r.pointee.childStart < 0 {
            let x = externalList[Int(-(Int(r.pointee.childStart) + 1))]
            let v = x.lazy?.entries ?? x.entries
            return shift == 0 ? v : v.map { $0.shifted(by: shift) }
        }
        if !r.pointee.pairs || r.pointee.childCount == 0 { return [] }
        let s = Int(r.pointee.childStart), n = Int(r.pointee.childCount)
        var out: [Entry] = []
        out.reserveCapacity(n)
        for k in 0..<n {
            let ki = child(s + 2 * k), vi = child(s + 2 * k + 1)
            let kr = rec(ki).pointee.range, vr = rec(vi).pointee.range
            out.append(Entry(key: Node(arena: self, index: ki, shift: shift), value: Node(arena: self, index: vi, shift: shift),
                             range: ByteRange(kr.start + shift, max(vr.end, kr.end) + shift)))
        }
        return out
    }
}

extension Node {
    /// The same node with every range moved by `d` bytes: a handle with another shift (O(1)).
    /// A node whose children are kept as values moves them too: lazily when they are many or
    /// already lazy (a 10,000-item `datasets:` list moved by an edit above it is shifted when
    /// first read, not on every keystroke).
    func shifted(by d: Int) -> Node {
        if d == 0 { return self }
        let r = arena.rec(index)
        if r.pointee.childStart < 0 {
            let x = arena.externals[Int(-(Int(r.pointee.childStart) + 1))]
            var moved = shiftedFields
            moved.range = moved.range.shifted(by: d)
            if let lazy = x.lazy {
                return NodeArena.single(moved, items: [], entries: [], lazy: lazy.shifted(by: shift + d))
            }
            if x.entries.count + x.items.count > Node.eagerShiftLimit {
                let entries = x.entries, items = x.items, total = shift + d
                let lazy = LazyChildren(delta: total) { t in (items.map { $0.shifted(by: t) }, entries.map { $0.shifted(by: t) }) }
                return NodeArena.single(moved, items: [], entries: [], lazy: lazy)
            }
        }
        return Node(arena: arena, index: index, shift: shift + d)
    }

    /// Nodes kept as values with more children than this are shifted lazily.
    static let eagerShiftLimit = 32
}

extension Entry {
    func shifted(by d: Int) -> Entry {
        Entry(key: key.shifted(by: d), value: value.shifted(by: d), range: range.shifted(by: d))
    }
}

/// The segments after an arena's first buffer: 1,024 elements each, found through a table that
/// doubles when full (growing never moves an element). Only its arena reads, grows or frees it.
struct Segments<T> {
    private var table: UnsafeMutablePointer<UnsafeMutablePointer<T>>?
    private var tableCapacity = 0
    private var segments = 0

    static var none: Segments<T> { Segments() }

    /// Elements the segments hold.
    var capacity: Int { segments * 1024 }

    /// Element `k`; nil unless `0 <= k < capacity`.
    @inline(__always) func at(_ k: Int) -> UnsafeMutablePointer<T>? {
        guard let t = table, k >= 0, k < capacity else { return nil }
        return t[k >> 10] + (k & 1023)
    }

    /// One more segment.
    mutating func grow() {
        if segments == tableCapacity {
            let newCapacity = max(tableCapacity * 2, 4)
            let t = UnsafeMutablePointer<UnsafeMutablePointer<T>>.allocate(capacity: newCapacity)
            if let old = table {
                t.moveInitialize(from: old, count: segments)
                old.deallocate()
            }
            table = t
            tableCapacity = newCapacity
        }
        guard let t = table else { return }
        (t + segments).initialize(to: UnsafeMutablePointer<T>.allocate(capacity: 1024))
        segments += 1
    }

    /// Frees the segments, whose first `used` elements are initialized.
    func free(used: Int) {
        guard let t = table else { return }
        for k in 0..<segments {
            t[k].deinitialize(count: min(max(used - k * 1024, 0), 1024))
            t[k].deallocate()
        }
        t.deallocate()
    }
}
