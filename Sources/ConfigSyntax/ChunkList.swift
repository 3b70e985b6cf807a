// The top-level chunks of a document, stored so that an edit touches few entries.
//
// A config made of thousands of small top-level keys has thousands of chunks. Kept in one array
// with absolute offsets, every keystroke copied the array and shifted every chunk after the
// edit. Here chunks sit in blocks of up to `blockSize`; a chunk stores its start relative to its
// block, and a block stores its base offset and the index of its first chunk. An edit rebuilds
// the block(s) holding the replaced chunks and moves the later blocks (base and first index
// only, their chunks are shared): about `blockSize + count / blockSize` entries instead of
// `count`. Reading a chunk gives its absolute start, as before.

struct ChunkList: Sendable {
    static let blockSize = 64

    struct BlockRef: Sendable {
        /// Offset of the block's first chunk in the current text.
        var base: Int
        /// Index (in the whole list) of the block's first chunk.
        var first: Int
        /// The block's chunks, with starts relative to `base`.
        let refs: [ChunkRef]
        var count: Int { refs.count }
    }

    private(set) var blocks: [BlockRef]
    private(set) var count: Int
    /// Chunk entries and block entries written by the last `replacing` (the work an edit did on
    /// the list); a fresh list counts its chunks.
    private(set) var touchedEntries: Int

    init(_ chunks: [ChunkRef]) {
        blocks = []
        count = 0
        touchedEntries = 0
        blocks.reserveCapacity(chunks.count / Self.blockSize + 1)
        appendBlocks(chunks)
        touchedEntries = chunks.count
    }

    private init(blocks: [BlockRef], count: Int) {
        self.blocks = blocks
        self.count = count
        self.touchedEntries = blocks.count
    }

    private mutating func appendBlocks(_ chunks: [ChunkRef]) {
        var filler = BlockFiller(total: chunks.count)
        for c in chunks { filler.add(c, to: &self) }
        filler.flush(to: &self)
    }

    private mutating func appendBlock(_ refs: [ChunkRef], base: Int) {
        blocks.append(BlockRef(base: base, first: count, refs: refs))
        count += refs.count
        touchedEntries += refs.count + 1
    }

    /// Makes blocks of a run of `total` chunks given one by one (absolute starts), split evenly:
    /// every block of a run of at least `blockSize / 2` chunks holds at least that many.
    private struct BlockFiller {
        let total: Int
        let blockCount: Int
        var added = 0
        var block = 0
        /// How many chunks the run has once the current block is full.
        var blockEnd: Int
        var part: [ChunkRef] = []
        var partBase = 0

        init(total: Int) {
            self.total = total
            blockCount = Swift.max((total + ChunkList.blockSize - 1) / ChunkList.blockSize, 1)
            blockEnd = 0
            blockEnd = size(ofBlock: 0)
        }

        /// Sizes differ by at most one.
        func size(ofBlock k: Int) -> Int { total / blockCount + (k < total % blockCount ? 1 : 0) }

        mutating func add(_ c: ChunkRef, to list: inout ChunkList) {
            if part.isEmpty {
                partBase = c.start
                part.reserveCapacity(Swift.max(blockEnd - added, 1))
            }
            part.append(ChunkRef(start: c.start - partBase, result: c.result))
            added += 1
            if added >= blockEnd {
                flush(to: &list)
                block += 1
                blockEnd += size(ofBlock: block)
            }
        }

        mutating func flush(to list: inout ChunkList) {
            if part.isEmpty { return }
            list.appendBlock(part, base: partBase)
            part = []
        }
    }

    /// The block holding chunk `i` (0 ..< count).
    func blockIndex(of i: Int) -> Int {
        var lo = 0, hi = blocks.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if blocks[mid].first <= i { lo = mid + 1 } else { hi = mid }
        }
        return Swift.max(lo - 1, 0)
    }

    /// Chunks `range` replaced by `new` (absolute starts in the new text); the chunks after them
    /// move by `delta` bytes.
    func replacing(_ range: Range<Int>, with new: [ChunkRef], delta: Int) -> ChunkList {
        guard !blocks.isEmpty else { return ChunkList(new) }
        let lo = Swift.min(Swift.max(range.lowerBound, 0), count)
        let hi = Swift.min(Swift.max(range.upperBound, lo), count)
        let firstBlock = blockIndex(of: Swift.min(lo, count - 1))
        var lastBlock = Swift.max(blockIndex(of: Swift.max(hi - 1, lo)), firstBlock)
        // A short rebuilt run takes the next block with it, so blocks do not fragment (only the
        // last block may hold fewer than `blockSize / 2` chunks).
        var rebuiltCount = blocks[lastBlock].first + blocks[lastBlock].count - blocks[firstBlock].first - (hi - lo) + new.count
        while rebuiltCount < Self.blockSize / 2, lastBlock + 1 < blocks.count {
            lastBlock += 1
            rebuiltCount += blocks[lastBlock].count
        }
        var out = ChunkList(blocks: Array(blocks[0..<firstBlock]), count: blocks[firstBlock].first)
        out.blocks.reserveCapacity(blocks.count + rebuiltCount / Self.blockSize + 1)
        var filler = BlockFiller(total: rebuiltCount)
        for k in firstBlock...lastBlock {
            let b = blocks[k]
            for j in b.refs.indices where b.first + j < lo {
                filler.add(ChunkRef(start: b.base + b.refs[j].start, result: b.refs[j].result), to: &out)
            }
        }
        for c in new { filler.add(c, to: &out) }
        for k in firstBlock...lastBlock {
            let b = blocks[k]
            for j in b.refs.indices where b.first + j >= hi {
                filler.add(ChunkRef(start: b.base + b.refs[j].start + delta, result: b.refs[j].result), to: &out)
            }
        }
        filler.flush(to: &out)
        let moved = out.count - (blocks[lastBlock].first + blocks[lastBlock].count)
        for k in (lastBlock + 1)..<Swift.max(lastBlock + 1, blocks.count) {
            var b = blocks[k]
            b.base += delta
            b.first += moved
            out.blocks.append(b)
            out.count += b.count
            out.touchedEntries += 1
        }
        if out.count == 0 {
            return ChunkList([ChunkRef(start: 0, result: ChunkResult(parsedStart: 0, length: 0, items: [], diagnostics: [], comments: []))])
        }
        return out
    }
}

extension ChunkList: RandomAccessCollection {
    var startIndex: Int { 0 }
    var endIndex: Int { count }

    /// Chunk `i` with its absolute start (a binary search over the blocks).
    subscript(i: Int) -> ChunkRef {
        let b = blocks[blockIndex(of: i)]
        let r = b.refs[i - b.first]
        return ChunkRef(start: b.base + r.start, result: r.result)
    }

    struct Iterator: IteratorProtocol {
        let blocks: [BlockRef]
        var block = 0
        /// The current block's chunks (one retain per block, not per chunk).
        var refs: [ChunkRef] = []
        var base = 0
        var j = 0

        init(blocks: [BlockRef]) {
            self.blocks = blocks
            if let b = blocks.first {
                refs = b.refs
                base = b.base
            }
        }

        mutating func next() -> ChunkRef? {
            while j >= refs.count {
                block += 1
                guard block < blocks.count else { return nil }
                refs = blocks[block].refs
                base = blocks[block].base
                j = 0
            }
            let r = refs[j]
            j += 1
            return ChunkRef(start: base + r.start, result: r.result)
        }
    }

    func makeIterator() -> Iterator { Iterator(blocks: blocks) }
}
