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

    /// One block's chunks: starts relative to the block's base.
    final class Block: Sendable {
        let starts: [Int]
        let results: [ChunkResult]
        init(starts: [Int], results: [ChunkResult]) {
            self.starts = starts
            self.results = results
        }
        var count: Int { results.count }
    }

    struct BlockRef: Sendable {
        /// Offset of the block's first chunk in the current text.
        var base: Int
        /// Index (in the whole list) of the block's first chunk.
        var first: Int
        let block: Block
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
        appendBlocks(chunks[...])
        touchedEntries = chunks.count
    }

    /// Appends `chunks` (absolute starts) as new blocks at the end, split evenly: every block
    /// of a run of at least `blockSize / 2` chunks holds at least that many.
    private mutating func appendBlocks(_ chunks: ArraySlice<ChunkRef>) {
        let total = chunks.count
        let blockCount = (total + Self.blockSize - 1) / Self.blockSize
        for k in 0..<blockCount {
            let i = chunks.startIndex + total * k / blockCount
            let e = chunks.startIndex + total * (k + 1) / blockCount
            let base = chunks[i].start
            var starts: [Int] = []
            var results: [ChunkResult] = []
            starts.reserveCapacity(e - i)
            results.reserveCapacity(e - i)
            for c in chunks[i..<e] {
                starts.append(c.start - base)
                results.append(c.result)
            }
            blocks.append(BlockRef(base: base, first: count, block: Block(starts: starts, results: results)))
            count += e - i
            touchedEntries += e - i + 1
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
        var lastBlock = blockIndex(of: Swift.max(Swift.min(hi, count) - 1, lo))
        lastBlock = Swift.max(lastBlock, firstBlock)
        // A short rebuilt run takes the next block with it, so blocks do not fragment (only the
        // last block may hold fewer than `blockSize / 2` chunks).
        var rebuiltCount = blocks[lastBlock].first + blocks[lastBlock].block.count - blocks[firstBlock].first - (hi - lo) + new.count
        while rebuiltCount < Self.blockSize / 2, lastBlock + 1 < blocks.count {
            lastBlock += 1
            rebuiltCount += blocks[lastBlock].block.count
        }
        var merged: [ChunkRef] = []
        merged.reserveCapacity(Swift.max(rebuiltCount, 0))
        for k in firstBlock...lastBlock {
            let b = blocks[k]
            for j in 0..<b.block.count {
                let index = b.first + j
                if index >= lo { break }
                merged.append(ChunkRef(start: b.base + b.block.starts[j], result: b.block.results[j]))
            }
        }
        merged.append(contentsOf: new)
        for k in firstBlock...lastBlock {
            let b = blocks[k]
            for j in 0..<b.block.count where b.first + j >= hi {
                merged.append(ChunkRef(start: b.base + b.block.starts[j] + delta, result: b.block.results[j]))
            }
        }
        var out = ChunkList(blocks: Array(blocks[0..<firstBlock]), count: blocks[firstBlock].first)
        out.blocks.reserveCapacity(blocks.count + merged.count / Self.blockSize + 1)
        out.appendBlocks(merged[...])
        let moved = out.count - (blocks[lastBlock].first + blocks[lastBlock].block.count)
        for k in (lastBlock + 1)..<Swift.max(lastBlock + 1, blocks.count) {
            var b = blocks[k]
            b.base += delta
            b.first += moved
            out.blocks.append(b)
            out.count += b.block.count
            out.touchedEntries += 1
        }
        if out.count == 0 {
            return ChunkList([ChunkRef(start: 0, result: ChunkResult(parsedStart: 0, length: 0, items: [], diagnostics: [], comments: [], tokens: []))])
        }
        return out
    }

    private init(blocks: [BlockRef], count: Int) {
        self.blocks = blocks
        self.count = count
        self.touchedEntries = blocks.count
    }
}

extension ChunkList: RandomAccessCollection {
    var startIndex: Int { 0 }
    var endIndex: Int { count }

    /// Chunk `i` with its absolute start (a binary search over the blocks).
    subscript(i: Int) -> ChunkRef {
        let b = blocks[blockIndex(of: i)]
        let j = i - b.first
        return ChunkRef(start: b.base + b.block.starts[j], result: b.block.results[j])
    }

    struct Iterator: IteratorProtocol {
        let blocks: [BlockRef]
        var block = 0
        var j = 0

        mutating func next() -> ChunkRef? {
            while block < blocks.count {
                let b = blocks[block]
                if j < b.block.count {
                    defer { j += 1 }
                    return ChunkRef(start: b.base + b.block.starts[j], result: b.block.results[j])
                }
                block += 1
                j = 0
            }
            return nil
        }
    }

    func makeIterator() -> Iterator { Iterator(blocks: blocks) }
}
