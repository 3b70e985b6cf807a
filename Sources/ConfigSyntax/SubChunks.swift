// Sub-chunks: a keystroke inside one item of a huge block collection reparses that item only.
//
// A top-level chunk whose entry's value is a block sequence or block mapping with many items
// (`datasets:` with 10,000 `- path: ...` items) is stored split: a head (the key, the
// collection's first item), one sub-chunk per further item / entry, and a tail (what follows the
// collection's last item). A sub-chunk starts where the parser, in the collection's frame, has
// just decided "next item" (at the `-` of a sequence item, at the key of a mapping entry), and
// its parse depends only on its bytes, up to the end of the line where the next one starts, plus
// the collection's kind and column. So after an edit the incremental reparse restarts at the
// sub-chunk whose read range reaches the edit, parses from a synthetic state, and stops as soon
// as a new sub-chunk boundary falls on an old one. Duplicate-key warnings of the collection
// depend on the earlier entries, so they are kept apart (`outerDiagnostics`) and reused only when
// the reparsed entries' keys are unchanged. Sub-chunks are kept in blocks of `blockSize` so that
// replacing one copies one block, not the whole list.

enum SubChunking {
    /// A chunk is split when its collection has at least this many sub-chunks.
    static let minSubChunks = 8
    static let blockSize = 64
}

/// Where the parser stopped a sub-chunk parse.
enum SubStop: Equatable {
    /// At the start of the collection's next item.
    case boundary(Int)
    /// Where the collection closes.
    case close(Int)
}

/// Parser counters at a sub-chunk boundary (fresh parse).
struct SubMark {
    var pos: Int
    var tokens: TokenSink.Mark
    var diags: Int
    var comments: Int
    var outer: Int
    var children: Int
    var lastEnd: Int
    var col: Int
}

/// One piece of a split chunk (head, item, tail), with the offsets it was parsed at.
final class SubResult: Sendable {
    let parsedStart: Int
    let length: Int
    let readEnd: Int
    /// Counted, not kept: the chunk's tokens are derived on demand.
    let tokenCount: Int
    let diagnostics: [SyntaxDiagnostic]
    let outerDiagnostics: [SyntaxDiagnostic]
    let comments: [Comment]
    let items: [Node]
    let entries: [Entry]
    /// The collection's end after this piece, when it delivered a child.
    let lastEnd: Int?
    let aliasCount: Int

    init(parsedStart: Int, length: Int, readEnd: Int, tokens: TokenCounts, diagnostics: [SyntaxDiagnostic],
         outerDiagnostics: [SyntaxDiagnostic], comments: [Comment], items: [Node], entries: [Entry], lastEnd: Int?) {
        self.parsedStart = parsedStart
        self.length = length
        self.readEnd = readEnd
        self.tokenCount = tokens.tokens
        self.diagnostics = diagnostics
        self.outerDiagnostics = outerDiagnostics
        self.comments = comments
        self.items = items
        self.entries = entries
        self.lastEnd = lastEnd
        self.aliasCount = tokens.aliases
    }

    var hasDiagnostics: Bool { !diagnostics.isEmpty || !outerDiagnostics.isEmpty }

    var tokenCounts: TokenCounts {
        var c = TokenCounts()
        c.tokens = tokenCount
        c.aliases = aliasCount
        return c
    }
}

struct SubRef: Sendable {
    /// Offset relative to the block's base.
    var start: Int
    let result: SubResult
}

final class SubBlock: Sendable {
    let refs: [SubRef]
    let hasDiagnostics: Bool
    let aliasCount: Int
    let tokenCount: Int

    init(refs: [SubRef]) {
        self.refs = refs
        var d = false, a = 0, t = 0
        for r in refs {
            if r.result.hasDiagnostics { d = true }
            a += r.result.aliasCount
            t += r.result.tokenCount
        }
        hasDiagnostics = d
        aliasCount = a
        tokenCount = t
    }
}

struct BlockRef: Sendable {
    /// Offset of the block in the chunk's parse coordinates.
    var base: Int
    let block: SubBlock
}

/// The split form of a chunk. Offsets of `head` are the chunk's own parse coordinates; a sub
/// piece is at `base + ref.start` in those coordinates, the tail at `tailStart`.
final class SubChunked: Sendable {
    let kind: Node.Kind
    let indent: Int
    let rootIndent: Int
    let head: SubResult
    let blocks: [BlockRef]
    let tail: SubResult
    let tailStart: Int
    let subCount: Int

    init(kind: Node.Kind, indent: Int, rootIndent: Int, head: SubResult, blocks: [BlockRef], tail: SubResult, tailStart: Int) {
        self.kind = kind
        self.indent = indent
        self.rootIndent = rootIndent
        self.head = head
        self.blocks = blocks
        self.tail = tail
        self.tailStart = tailStart
        var c = 0
        for b in blocks { c += b.block.refs.count }
        self.subCount = c
    }

    static func makeBlocks(_ subs: [(start: Int, result: SubResult)]) -> [BlockRef] {
        var out: [BlockRef] = []
        out.reserveCapacity(subs.count / SubChunking.blockSize + 1)
        var i = 0
        while i < subs.count {
            let e = min(i + SubChunking.blockSize, subs.count)
            let base = subs[i].start
            out.append(BlockRef(base: base, block: SubBlock(refs: subs[i..<e].map { SubRef(start: $0.start - base, result: $0.result) })))
            i = e
        }
        return out
    }

    /// Every piece in source order with the shift from its parse offsets to the chunk's.
    func forEachPiece(withDiagnosticsOnly: Bool = false, _ body: (SubResult, Int) -> Void) {
        body(head, 0)
        for b in blocks {
            if withDiagnosticsOnly && !b.block.hasDiagnostics { continue }
            for r in b.block.refs {
                if withDiagnosticsOnly && !r.result.hasDiagnostics { continue }
                body(r.result, b.base + r.start - r.result.parsedStart)
            }
        }
        body(tail, tailStart - tail.parsedStart)
    }

    var aliasCount: Int { head.aliasCount + tail.aliasCount + blocks.reduce(0) { $0 + $1.block.aliasCount } }
    var tokenCount: Int { head.tokenCount + tail.tokenCount + blocks.reduce(0) { $0 + $1.block.tokenCount } }

    /// The collection's end: the last piece that delivered a child.
    var lastEnd: Int? {
        for b in blocks.reversed() {
            for r in b.block.refs.reversed() {
                if let e = r.result.lastEnd { return e + b.base + r.start - r.result.parsedStart }
            }
        }
        return head.lastEnd
    }

    /// The chunk's top item rebuilt around `old` (same key, same collection start and properties)
    /// with children produced lazily from the pieces.
    func topItem(rebuilding old: TopItem) -> TopItem? {
        guard case .entry(let e, let indent) = old, let end = lastEnd else { return nil }
        let head = self.head
        let blocks = self.blocks
        let isSeq = kind == .sequence
        let lazy = LazyChildren(delta: 0) { d in
            var items: [Node] = []
            var entries: [Entry] = []
            if isSeq {
                items.reserveCapacity(head.items.count + blocks.count * SubChunking.blockSize)
                for x in head.items { items.append(x.shifted(by: d)) }
            } else {
                entries.reserveCapacity(head.entries.count + blocks.count * SubChunking.blockSize)
                for x in head.entries { entries.append(x.shifted(by: d)) }
            }
            for b in blocks {
                for r in b.block.refs {
                    let s = d + b.base + r.start - r.result.parsedStart
                    if isSeq {
                        for x in r.result.items { items.append(x.shifted(by: s)) }
                    } else {
                        for x in r.result.entries { entries.append(x.shifted(by: s)) }
                    }
                }
            }
            return (items, entries)
        }
        var v = e.value.shiftedFields
        v.range = ByteRange(v.range.start, end)
        let value = NodeArena.single(v, items: [], entries: [], lazy: lazy)
        let entry = Entry(key: e.key, value: value, range: ByteRange(e.key.range.start, max(value.range.end, e.key.range.end)))
        return .entry(entry, indent: indent)
    }
}

extension YAMLChunkParser {
    /// A block collection created now is the value of the chunk's top-level mapping entry.
    var isSubRootCandidate: Bool {
        mutating get {
            !subMode && marks.isEmpty && closeMark == nil && frames.count == 1 && frames[0].isChunkRoot
                && frames[0].kind == .map && frames[0].pendingKey != nil && !frames[0].awaitingExplicitKey
        }
    }

    mutating func currentMark() -> SubMark {
        let i = frames.count - 1
        return SubMark(pos: pos, tokens: tokens.mark, diags: diags.count, comments: comments.count, outer: outerDiags.count,
                       children: i >= 0 ? childCount(frames[i]) : 0, lastEnd: i >= 0 ? frames[i].lastEnd : pos,
                       col: pos - lineStart)
    }

    /// At the next item of the sub-root collection. Returns true when the parse must stop.
    mutating func subBoundary() -> Bool {
        if subMode {
            subStop = .boundary(pos)
            mode = .done
            return true
        }
        marks.append(currentMark())
        return false
    }

    /// The sub-root collection is about to close. Returns true when the parse must stop.
    mutating func subClosing() -> Bool {
        if subMode {
            subStop = .close(pos)
            mode = .done
            return true
        }
        closeMark = currentMark()
        return false
    }

    /// Unprintable-character errors for one piece.
    mutating func unprintable(_ s: Int, _ e: Int) -> [SyntaxDiagnostic] {
        let before = diags.count
        reportUnprintable(from: s, to: min(max(e, s + 1), b.count))
        let out = Array(diags[before...])
        diags.removeLast(diags.count - before)
        return out
    }

    /// After a fresh parse: the split form of the chunk, when its collection has enough items.
    mutating func splitIntoSubChunks(end: Int) -> ChunkResult? {
        guard marks.count >= SubChunking.minSubChunks, let close = closeMark, items.count == 1,
              case .entry(let top, let rootIndent) = items[0],
              top.value.kind == .sequence || top.value.kind == .mapping, !top.value.isFlow else { return nil }
        let isSeq = top.value.kind == .sequence
        let children = top.value.childCount
        guard close.children == children, let first = marks.first, first.pos > chunkStart else { return nil }
        let indent = first.col
        guard marks.allSatisfy({ $0.col == indent }) else { return nil }
        let allDiags = diags, allTokens = tokens.mark, allComments = comments, allOuter = outerDiags
        let value = top.value
        let allItems = isSeq ? value.items : [], allEntries = isSeq ? [] : value.entries
        func piece(_ from: SubMark?, _ to: SubMark, start: Int, end: Int, readEnd: Int) -> SubResult {
            let t0 = from?.tokens ?? TokenSink.Mark(), d0 = from?.diags ?? 0, c0 = from?.comments ?? 0, o0 = from?.outer ?? 0, k0 = from?.children ?? 0
            var d = Array(allDiags[d0..<to.diags])
            d.append(contentsOf: unprintable(start, end))
            return SubResult(parsedStart: start, length: end - start, readEnd: readEnd,
                             tokens: TokenCounts(from: t0, to: to.tokens), diagnostics: d,
                             outerDiagnostics: Array(allOuter[o0..<to.outer]), comments: Array(allComments[c0..<to.comments]),
                             items: isSeq ? Array(allItems[k0..<to.children]) : [],
                             entries: isSeq ? [] : Array(allEntries[k0..<to.children]),
                             lastEnd: to.children > k0 ? to.lastEnd : (from == nil ? to.lastEnd : nil))
        }
        let head = piece(nil, first, start: chunkStart, end: first.pos, readEnd: lineEnd(from: first.pos))
        var subs: [(start: Int, result: SubResult)] = []
        subs.reserveCapacity(marks.count)
        for k in 0..<marks.count {
            let to = k + 1 < marks.count ? marks[k + 1] : close
            subs.append((marks[k].pos, piece(marks[k], to, start: marks[k].pos, end: to.pos, readEnd: lineEnd(from: to.pos))))
        }
        var tailDiags = Array(allDiags[close.diags...])
        tailDiags.append(contentsOf: unprintable(close.pos, end))
        let tail = SubResult(parsedStart: close.pos, length: end - close.pos, readEnd: lineEnd(from: end),
                             tokens: TokenCounts(from: close.tokens, to: allTokens), diagnostics: tailDiags,
                             outerDiagnostics: Array(allOuter[close.outer...]), comments: Array(allComments[close.comments...]),
                             items: [], entries: [], lastEnd: nil)
        let sub = SubChunked(kind: value.kind, indent: indent, rootIndent: rootIndent, head: head,
                             blocks: SubChunked.makeBlocks(subs), tail: tail, tailStart: close.pos)
        return ChunkResult(parsedStart: chunkStart, length: max(end - chunkStart, 0), items: TopItems(items), diagnostics: [],
                           comments: [], readEnd: lineEnd(from: end), sub: sub)
    }

    /// Parses one sub-chunk starting at `start` (a boundary) from the state a fresh parse has
    /// there. Nil when the parse did not end at a boundary or close of the collection.
    static func parseSub(_ b: UnsafeBufferPointer<UInt8>, at start: Int, kind: Node.Kind, indent: Int, rootIndent: Int) -> (SubResult, SubStop)? {
        guard start >= indent, start < b.count else { return nil }
        var p = YAMLChunkParser(b, at: start)
        p.subMode = true
        p.lineStart = start - indent
        var root = Frame(kind: .map, indent: rootIndent, start: 0, props: nil)
        root.isChunkRoot = true
        root.pendingKey = Node(kind: .scalar, range: ByteRange(0, 0))
        var f = Frame(kind: kind == .sequence ? .seq : .map, indent: indent, start: start, props: nil)
        f.isSubRoot = true
        p.frames = [root, f]
        if kind == .sequence {
            guard p.isSeqDash(start) else { return nil }
            p.frames[1].itemStart = start
            p.tokens.append(SyntaxToken(kind: .indicator, start: start, end: start + 1))
            p.pos = start + 1
            p.mode = .node(BlockReq(n: indent, sameLine: true, blockOK: true, indentlessOK: false, emptyAt: p.pos))
        } else {
            p.mode = .node(BlockReq(n: indent, sameLine: true, blockOK: true, indentlessOK: false, emptyAt: start, keyOfTopMap: true))
        }
        p.drive()
        p.arena.keepText(from: start, to: p.lineEnd(from: p.pos))
        p.arena.detach()
        p.arena.trim()
        guard let stop = p.subStop, p.frames.count == 2, p.items.isEmpty, p.frames[1].isSubRoot,
              p.frames[1].pendingKey == nil, !p.frames[1].awaitingExplicitKey else { return nil }
        let end: Int
        switch stop {
        case .boundary(let e), .close(let e): end = e
        }
        guard end > start else { return nil }
        let g = p.frames[1]
        let children = p.takeChildren(g)
        let count = kind == .sequence ? children.items.count : children.entries.count
        var d = p.diags
        d.append(contentsOf: p.unprintable(start, end))
        let r = SubResult(parsedStart: start, length: end - start, readEnd: p.lineEnd(from: end), tokens: p.tokens.counts,
                          diagnostics: d, outerDiagnostics: [], comments: p.comments,
                          items: kind == .sequence ? children.items : [], entries: kind == .sequence ? [] : children.entries,
                          lastEnd: count > 0 ? g.lastEnd : nil)
        return (r, stop)
    }
}
