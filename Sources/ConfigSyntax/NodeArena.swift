// The nodes of a chunk, in one arena.
//
// A parse used to allocate one storage object per node and one array per collection (about
// 113,000 allocations for a 380 KB config). Now the parser appends each node's fields to the
// chunk's arena (one growing array of records) and a collection's children to one shared list
// of indices; a `Node` is a handle (arena, index, byte shift). Nodes built outside a parse
// (`Node(kind:...)`, setters, the assembled root of a document) get an arena of their own, and
// their children (any nodes, or lazily produced ones) are kept as they are (`External`).

/// The fields of one node in an arena.
struct NodeRecord {
    // Declaration order is layout order: the one-byte fields sit together after the 17-byte
    // scalar (72 bytes a record; `nodeRecordStaysSmall` guards it).
    var range: ByteRange
    var scalar: ScalarValue?
    var kind: Node.Kind
    var style: ScalarStyle?
    var isFlow: Bool
    /// The internal children are key/value index pairs (a mapping's entries).
    var pairs = false
    var rawText: String?
    /// Tag, anchor and alias name: rare, so one optional reference instead of three strings.
    var extra: NodeExtra?
    /// Internal children: `children[childStart...]`, `childCount` items or entries (two slots
    /// each). External children (`childStart < 0`): `externals[-childStart - 1]`.
    var childStart: Int32 = 0
    var childCount: Int32 = 0

    @inline(__always)
    init(kind: Node.Kind, range: ByteRange, scalar: __owned ScalarValue? = nil, style: ScalarStyle? = nil, rawText: __owned String? = nil,
         tag: String? = nil, anchor: String? = nil, aliasTarget: String? = nil, isFlow: Bool = false) {
        self.range = range
        self.scalar = scalar
        self.kind = kind
        self.style = style
        self.isFlow = isFlow
        self.rawText = rawText
        self.extra = tag == nil && anchor == nil && aliasTarget == nil ? nil : NodeExtra.make(tag: tag, anchor: anchor, aliasTarget: aliasTarget)
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

    // The records and the child index list live in buffers of our own: an array in a class
    // property is checked for exclusive access on every read and append at run time (that
    // check cost more than the allocations the arena saves). Every access is bounds-checked
    // against `count` / `childTotal`, which only grow.
    private var base: UnsafeMutablePointer<NodeRecord>
    private var capacity: Int
    private(set) var count = 0
    private var kids: UnsafeMutablePointer<Int32>
    private var kidCapacity: Int
    private(set) var childTotal = 0
    private(set) var externals: [External] = []

    init(reserving n: Int = 1) {
        capacity = max(n, 1)
        base = UnsafeMutablePointer<NodeRecord>.allocate(capacity: capacity)
        kidCapacity = max(n, 1)
        kids = UnsafeMutablePointer<Int32>.allocate(capacity: kidCapacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
        kids.deallocate()
    }

    /// Read in place of a record that does not exist (never, for handles this arena made).
    // Written once here, only read afterwards.
    nonisolated(unsafe) private static let placeholder: UnsafeMutablePointer<NodeRecord> = {
        let p = UnsafeMutablePointer<NodeRecord>.allocate(capacity: 1)
        p.initialize(to: NodeRecord(kind: .invalid, range: ByteRange(0, 0)))
        return p
    }()

    /// The record at `i`, read in place (an index this arena handed out; anything else reads a
    /// placeholder).
    @inline(__always) func rec(_ i: Int32) -> UnsafePointer<NodeRecord> {
        let j = Int(i)
        return j >= 0 && j < count ? UnsafePointer(base + j) : UnsafePointer(NodeArena.placeholder)
    }

    /// A copy of the record at `i`.
    subscript(i: Int32) -> NodeRecord { rec(i).pointee }

    /// The record index stored at slot `k` of the child list.
    @inline(__always) func child(_ k: Int) -> Int32 {
        k >= 0 && k < childTotal ? kids[k] : -1
    }

    private func reserveRecord() {
        guard count == capacity else { return }
        let newCapacity = capacity * 2
        let p = UnsafeMutablePointer<NodeRecord>.allocate(capacity: newCapacity)
        p.moveInitialize(from: base, count: count)
        base.deallocate()
        base = p
        capacity = newCapacity
    }

    private func appendChild(_ x: Int32) {
        if childTotal == kidCapacity {
            let newCapacity = kidCapacity * 2
            let p = UnsafeMutablePointer<Int32>.allocate(capacity: newCapacity)
            p.initialize(from: kids, count: childTotal)
            kids.deallocate()
            kids = p
            kidCapacity = newCapacity
        }
        kids[childTotal] = x
        childTotal += 1
    }

    /// The chunks of a fresh parse share an arena of this many nodes (a new one is started
    /// before a chunk when seven eighths are used, so `trim` has nothing to give back; a big
    /// chunk grows it).
    static let shareLimit = 4096

    var isNearlyFull: Bool { count >= capacity - capacity / 8 }

    /// Gives back the unused capacity (the buffers grew by doubling) when it is more than an
    /// eighth (a 10,000-item list's arena kept a quarter of its 4.7 MB unused).
    func trim() {
        if capacity - count > max(capacity / 8, 64) {
            let p = UnsafeMutablePointer<NodeRecord>.allocate(capacity: max(count, 1))
            p.moveInitialize(from: base, count: count)
            base.deallocate()
            base = p
            capacity = max(count, 1)
        }
        if kidCapacity - childTotal > max(kidCapacity / 8, 64) {
            let p = UnsafeMutablePointer<Int32>.allocate(capacity: max(childTotal, 1))
            p.initialize(from: kids, count: childTotal)
            kids.deallocate()
            kids = p
            kidCapacity = max(childTotal, 1)
        }
    }

    /// A node with an arena of its own.
    static func single(record: NodeRecord, items: [Node], entries: [Entry], lazy: LazyChildren?) -> Node {
        NodeArena().add(record, items: items, entries: entries, lazy: lazy)
    }

    /// Appends a node without children, its record built in place.
    @inline(__always)
    func addLeaf(kind: Node.Kind, range: ByteRange, scalar: __owned ScalarValue?, style: ScalarStyle?, rawText: __owned String?,
                 tag: __owned String?, anchor: __owned String?, aliasTarget: __owned String?, isFlow: Bool) -> Node {
        guard let i = Int32(exactly: count), i < Int32.max else {
            return NodeArena().add(NodeRecord(kind: kind, range: range, scalar: scalar, style: style, rawText: rawText, tag: tag,
                                              anchor: anchor, aliasTarget: aliasTarget, isFlow: isFlow))
        }
        reserveRecord()
        // Initialized with trivial fields, then the references moved in (building the whole
        // record first made the compiler copy it and destroy the original).
        let p = base + count
        p.initialize(to: NodeRecord(kind: kind, range: range, style: style, isFlow: isFlow))
        if scalar != nil { p.pointee.scalar = scalar }
        if rawText != nil { p.pointee.rawText = rawText }
        if tag != nil || anchor != nil || aliasTarget != nil { p.pointee.extra = NodeExtra.make(tag: tag, anchor: anchor, aliasTarget: aliasTarget) }
        count += 1
        return Node(arena: self, index: i)
    }

    /// Appends a node without children.
    func add(_ r: consuming NodeRecord) -> Node {
        r.childStart = 0
        r.childCount = 0
        r.pairs = false
        return append(consume r)
    }

    private func append(_ r: consuming NodeRecord) -> Node {
        // (Beyond 2^31 nodes in one arena, which no real chunk reaches: a node of its own.)
        guard let i = Int32(exactly: count), i < Int32.max else {
            return NodeArena().append(r)
        }
        reserveRecord()
        (base + count).initialize(to: consume r)
        count += 1
        return Node(arena: self, index: i)
    }

    /// Appends a collection. Children that are unshifted nodes of this arena (what the parser
    /// builds) become index ranges; any others are kept as values.
    func add(_ r: consuming NodeRecord, items: [Node], entries: [Entry], lazy: LazyChildren?) -> Node {
        r.childStart = 0
        r.childCount = 0
        r.pairs = false
        if lazy == nil, items.isEmpty, entries.isEmpty { return append(r) }
        if lazy == nil, items.isEmpty || entries.isEmpty, let start = Int32(exactly: childTotal),
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
            return append(consume r)
        }
        guard let k = Int32(exactly: externals.count + 1) else {
            return NodeArena.single(record: r, items: items, entries: entries, lazy: lazy)
        }
        externals.append(External(items: items, entries: entries, lazy: lazy))
        r.childStart = -k
        return append(consume r)
    }

    /// Appends a collection whose children are indices of this arena (the parser's child
    /// stack; `pairs`: key/value pairs). An index this arena did not hand out makes the
    /// collection keep its children as values instead (never, for the parser's own nodes).
    func add(_ r: consuming NodeRecord, kids: UnsafeBufferPointer<Int32>, pairs: Bool) -> Node {
        r.childStart = 0
        r.childCount = 0
        r.pairs = false
        if kids.isEmpty { return append(r) }
        let valid = kids.allSatisfy { $0 >= 0 && Int($0) < count }
        let n = pairs ? kids.count / 2 : kids.count
        guard valid, !pairs || kids.count % 2 == 0, childTotal + kids.count < Int(Int32.max),
              let start = Int32(exactly: childTotal), let c = Int32(exactly: n) else {
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
            return add(r, items: items, entries: entries, lazy: nil)
        }
        r.childStart = start
        r.childCount = c
        r.pairs = pairs
        for x in kids { appendChild(x) }
        return append(consume r)
    }

    /// A copy of a node from elsewhere (or shifted) in this arena, its children kept as values.
    func adopt(_ n: Node) -> Node {
        if let lazy = n.arena.lazyChildren(of: n.index) {
            return add(n.shiftedRecord, items: [], entries: [], lazy: n.shift == 0 ? lazy : lazy.shifted(by: n.shift))
        }
        return add(n.shiftedRecord, items: n.items, entries: n.entries, lazy: nil)
    }

    /// All children are unshifted nodes of this arena, each entry's range spans its key and
    /// value (so it can be derived), and the index list stays within `Int32`.
    private func canHoldInside(items: [Node], entries: [Entry]) -> Bool {
        guard childTotal + 2 * (items.count + entries.count) < Int(Int32.max) else { return false }
        for x in items where x.arena !== self || x.shift != 0 { return false }
        for e in entries {
            guard e.key.arena === self, e.key.shift == 0, e.value.arena === self, e.value.shift == 0 else { return false }
            let k = rec(e.key.index).pointee.range, v = rec(e.value.index).pointee.range
            if e.range != ByteRange(k.start, max(v.end, k.end)) { return false }
        }
        return true
    }

    /// A copy of the node at `i` with other fields (the parser applying properties): appended,
    /// so handles to the old record keep reading what they read.
    func replacing(_ n: Node, _ body: (inout NodeRecord) -> Void) -> Node {
        guard n.arena === self, n.shift == 0 else {
            var r = n.shiftedRecord
            body(&r)
            return NodeArena.single(record: r, items: n.items, entries: n.entries, lazy: nil)
        }
        var r = self[n.index]
        body(&r)
        return append(consume r)
    }

    func childCount(of i: Int32) -> Int {
        let r = rec(i)
        if r.pointee.childStart >= 0 { return Int(r.pointee.childCount) }
        let x = externals[Int(-(Int(r.pointee.childStart) + 1))]
        if let lazy = x.lazy { return lazy.items.count + lazy.entries.count }
        return x.items.count + x.entries.count
    }

    func lazyChildren(of i: Int32) -> LazyChildren? {
        let r = rec(i)
        guard r.pointee.childStart < 0 else { return nil }
        return externals[Int(-(Int(r.pointee.childStart) + 1))].lazy
    }

    func items(of i: Int32, shift: Int) -> [Node] {
        let r = rec(i)
        if r.pointee.childStart < 0 {
            let x = externals[Int(-(Int(r.pointee.childStart) + 1))]
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
            let x = externals[Int(-(Int(r.pointee.childStart) + 1))]
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
            let moved = shiftedRecord.movedRange(by: d)
            if let lazy = x.lazy {
                return NodeArena.single(record: moved, items: [], entries: [], lazy: shift == 0 ? lazy.shifted(by: d) : lazy.shifted(by: shift + d))
            }
            if x.entries.count + x.items.count > Node.eagerShiftLimit {
                let entries = x.entries, items = x.items, total = shift + d
                let lazy = LazyChildren(delta: total) { t in (items.map { $0.shifted(by: t) }, entries.map { $0.shifted(by: t) }) }
                return NodeArena.single(record: moved, items: [], entries: [], lazy: lazy)
            }
        }
        return Node(arena: arena, index: index, shift: shift + d)
    }

    /// Nodes kept as values with more children than this are shifted lazily.
    static let eagerShiftLimit = 32
}

extension NodeRecord {
    func movedRange(by d: Int) -> NodeRecord {
        var r = self
        r.range = r.range.shifted(by: d)
        return r
    }
}

extension Entry {
    func shifted(by d: Int) -> Entry {
        Entry(key: key.shifted(by: d), value: value.shifted(by: d), range: range.shifted(by: d))
    }
}
