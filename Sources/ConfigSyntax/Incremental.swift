// Incremental reparse.
//
// A chunk's parse depends only on the bytes from its start to its `readEnd` (the end of the line
// after it). After an edit, parsing restarts at the first chunk whose `readEnd` reaches the
// edit, and stops as soon as a new chunk boundary lands, past the edit, on an old boundary:
// from there on the old chunks are reused with a byte delta. JSON is one chunk (reparsed whole).

public struct TextEdit: Sendable, Hashable {
    public var range: ByteRange
    public var replacement: String
    public init(range: ByteRange, replacement: String) {
        self.range = range
        self.replacement = replacement
    }
}

extension ParsedDocument {
    /// Incremental reparse: the result equals `ConfigParser.parse(newText, format:)`.
    /// The range is clamped to the text and widened to whole characters if it splits one.
    public func applying(_ edit: TextEdit) -> ParsedDocument {
        // The `invalid-utf8` report of `parse(bytes:)` describes the original bytes only.
        // (`withExtraDiagnostics` keeps it in the last chunk: only that one is checked.)
        if let last = chunks.last, last.result.length == 0, last.result.diagnostics.contains(where: { $0.code == "invalid-utf8" }) {
            let kept = chunks.filter { !($0.result.length == 0 && $0.result.diagnostics.contains { $0.code == "invalid-utf8" }) }
            return ParsedDocument(format: format, text: text, chunks: ChunkList(kept), reparsedBytes: 0, reparsedChunks: 0).applying(edit)
        }
        let utf8 = text.utf8
        let count = utf8.count
        var s = min(max(edit.range.start, 0), count)
        var e = min(max(edit.range.end, s), count)
        // Snap to character boundaries.
        let bytesView = utf8
        func isCont(_ i: Int) -> Bool {
            guard i < count, i > 0 else { return false }
            return Byte.isContinuation(bytesView[bytesView.index(bytesView.startIndex, offsetBy: i)])
        }
        while isCont(s) { s -= 1 }
        while isCont(e) { e += 1 }
        let startIdx = utf8.index(utf8.startIndex, offsetBy: s)
        let endIdx = utf8.index(utf8.startIndex, offsetBy: e)
        var newText = String()
        newText.reserveCapacity(count - (e - s) + edit.replacement.utf8.count)
        newText += text[..<startIdx]
        newText += edit.replacement
        newText += text[endIdx...]
        if format == .json || chunks.isEmpty {
            return ConfigParser.parse(newText, format: format)
        }
        return reparseYAML(newText: newText, oldStart: s, oldEnd: e, insertedCount: edit.replacement.utf8.count)
    }

    /// Several edits, applied in order (each range refers to the text after the previous edits).
    public func applying(_ edits: [TextEdit]) -> ParsedDocument {
        var doc = self
        var bytes = 0
        var chunks = 0
        for edit in edits {
            doc = doc.applying(edit)
            bytes += doc.lastReparsedByteCount
            chunks += doc.lastReparsedChunkCount
        }
        if edits.count > 1 {
            return ParsedDocument(format: doc.format, text: doc.text, chunks: doc.chunks, reparsedBytes: bytes, reparsedChunks: chunks)
        }
        return doc
    }

    private func reparseYAML(newText: String, oldStart: Int, oldEnd: Int, insertedCount: Int) -> ParsedDocument {
        let delta = insertedCount - (oldEnd - oldStart)
        let newEditEnd = oldStart + insertedCount
        // First chunk whose parse may have read the edited bytes.
        var first = 0
        var lo = 0, hi = chunks.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if chunks[mid].start + (chunks[mid].result.readEnd - chunks[mid].result.parsedStart) < oldStart { lo = mid + 1 } else { hi = mid }
        }
        first = min(lo, chunks.count - 1)
        // The readEnd test uses '<': a chunk whose readEnd == oldStart read up to the edit point.
        if first > 0 { first -= 1 }
        var text = newText
        text.makeContiguousUTF8()
        if let doc = reparseInsideSubChunks(text: text, oldStart: oldStart, oldEnd: oldEnd, delta: delta) { return doc }
        let restart = chunks[first].start
        var newChunks: [ChunkRef] = []
        var reparsedBytes = 0
        var reparsedChunks = 0
        // Old boundaries after the edit, searched as we go.
        var oldIndex = first + 1
        // The old chunks `first ..< replacedEnd` are replaced by `newChunks`.
        var replacedEnd = chunks.count
        let result: [ChunkRef]? = text.utf8.withContiguousStorageIfAvailable { buf -> [ChunkRef] in
            var pos = restart
            let n = buf.count
            while pos < n {
                let r = YAMLChunkParser.parseChunk(buf, at: pos)
                newChunks.append(ChunkRef(start: pos, result: r))
                reparsedBytes += max(r.readEnd - pos, r.length)
                reparsedChunks += 1
                pos += max(r.length, 1)
                if pos >= newEditEnd {
                    let oldPos = pos - delta
                    if oldPos >= oldEnd {
                        while oldIndex < chunks.count, chunks[oldIndex].start < oldPos { oldIndex += 1 }
                        if oldIndex < chunks.count, chunks[oldIndex].start == oldPos {
                            replacedEnd = oldIndex
                            return newChunks
                        }
                    }
                }
            }
            return newChunks
        }
        guard let fresh = result else { return ConfigParser.parse(newText, format: format) }
        // (An empty result becomes one empty chunk, as for a fresh parse.)
        return ParsedDocument(format: format, text: text, chunks: chunks.replacing(first..<replacedEnd, with: fresh, delta: delta),
                              reparsedBytes: reparsedBytes, reparsedChunks: reparsedChunks)
    }
}

extension ParsedDocument {
    /// The edit lies inside the items of a split chunk's collection: reparse only the items it
    /// can affect (usually one), reuse the rest of the chunk. Nil when that is not safe; the
    /// caller then reparses whole top-level chunks.
    func reparseInsideSubChunks(text: String, oldStart: Int, oldEnd: Int, delta: Int) -> ParsedDocument? {
        // The top-level chunk holding the edit: the last one starting at or before it.
        var lo = 0, hi = chunks.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if chunks[mid].start <= oldStart { lo = mid + 1 } else { hi = mid }
        }
        let c = lo - 1
        guard c >= 0, let sub = chunks[c].result.sub else { return nil }
        let chunk = chunks[c]
        let cd = chunk.delta
        // The previous chunk must not have read the edited bytes, nor the next one start in them.
        if c > 0 {
            let p = chunks[c - 1]
            guard p.result.readEnd + p.delta < oldStart else { return nil }
        }
        // The edit must end before the tail (the tail is reused, never reparsed).
        let tailStart = sub.tailStart + cd
        guard oldEnd < tailStart else { return nil }
        // Flatten the pieces around the edit: the block holding it and its neighbours.
        var bl = 0, bh = sub.blocks.count
        while bl < bh {
            let mid = (bl + bh) / 2
            if sub.blocks[mid].base + cd <= oldStart { bl = mid + 1 } else { bh = mid }
        }
        let blockAt = bl - 1
        guard blockAt >= 0 else { return nil }
        var firstBlock = max(blockAt - 1, 0)
        var lastBlock = blockAt   // inclusive; grows while the reparse runs past it
        var window: [(start: Int, result: SubResult)] = []   // starts in current (old text) offsets
        func appendBlock(_ k: Int) {
            let b = sub.blocks[k]
            for r in b.block.refs { window.append((b.base + r.start + cd, r.result)) }
        }
        for k in firstBlock...lastBlock { appendBlock(k) }
        // Restart at the first piece whose read range reaches the edit; the one before must not.
        guard var r = window.firstIndex(where: { $0.start + ($0.result.readEnd - $0.result.parsedStart) >= oldStart }) else { return nil }
        if r == 0 && firstBlock > 0 {
            // Its predecessor is in an earlier block.
            firstBlock -= 1
            let b = sub.blocks[firstBlock]
            window.insert(contentsOf: b.block.refs.map { (b.base + $0.start + cd, $0.result) }, at: 0)
            r += b.block.refs.count
        }
        if r == 0 {
            // The predecessor is the head (parsed in the chunk's coordinates).
            guard sub.head.readEnd + cd < oldStart else { return nil }
        } else {
            let prev = window[r - 1]
            guard prev.start + (prev.result.readEnd - prev.result.parsedStart) < oldStart else { return nil }
        }
        guard window[r].start < oldStart else { return nil }
        let newEditEnd = oldEnd + delta
        let isSeq = sub.kind == .sequence
        var newPieces: [(start: Int, result: SubResult)] = []
        var reparsedBytes = 0
        var resync: Int?        // index in `window` of the first reused piece
        var closedAt: Int?      // the collection closed here (new offsets): the tail follows
        var oldIndex = r + 1
        let ok: Bool = text.utf8.withContiguousStorageIfAvailable { buf -> Bool in
            var pos = window[r].start
            while true {
                guard let (res, stop) = YAMLChunkParser.parseSub(buf, at: pos, kind: sub.kind, indent: sub.indent, rootIndent: sub.rootIndent) else { return false }
                newPieces.append((pos, res))
                reparsedBytes += max(res.readEnd - pos, res.length)
                switch stop {
                case .close(let e):
                    closedAt = e
                    return true
                case .boundary(let e):
                    pos = e
                    if e >= newEditEnd, e - delta >= oldEnd {
                        let oldPos = e - delta
                        while true {
                            while oldIndex < window.count, window[oldIndex].start < oldPos { oldIndex += 1 }
                            if oldIndex < window.count || lastBlock + 1 >= sub.blocks.count { break }
                            lastBlock += 1
                            appendBlock(lastBlock)
                        }
                        if oldIndex < window.count, window[oldIndex].start == oldPos {
                            resync = oldIndex
                            return true
                        }
                        if oldIndex >= window.count && oldPos > tailStart { return false }
                    }
                    if newPieces.count > 4 * SubChunking.blockSize { return false }
                }
            }
        } ?? false
        guard ok else { return nil }
        // What the new pieces replace: window[r ..< replacedEnd].
        let replacedEnd: Int
        if let k = resync {
            replacedEnd = k
        } else if let e = closedAt {
            // The collection must close exactly where it did (the tail is reused).
            guard e - delta == tailStart else { return nil }
            guard lastBlock == sub.blocks.count - 1 else {
                return nil
            }
            replacedEnd = window.count
        } else {
            return nil
        }
        // Duplicate-key warnings are reused, so a mapping's reparsed keys must be the same keys.
        var pieces = newPieces
        if !isSeq {
            guard replacedEnd - r == pieces.count else { return nil }
            for (k, np) in pieces.enumerated() {
                let old = window[r + k]
                let shift = np.start - old.start   // both now in new-text offsets vs old-text offsets
                let oldKeys = old.result.entries.map { $0.key.shifted(by: old.start - old.result.parsedStart + shift) }
                let newKeys = np.result.entries.map { $0.key.shifted(by: np.start - np.result.parsedStart) }
                guard oldKeys == newKeys else { return nil }
                if !old.result.outerDiagnostics.isEmpty {
                    let s = np.start - old.start + old.start - old.result.parsedStart - (np.start - np.result.parsedStart)
                    let o = old.result
                    let n = np.result
                    let moved = o.outerDiagnostics.map { x -> SyntaxDiagnostic in var y = x; y.range = x.range.shifted(by: s); return y }
                    pieces[k].result = SubResult(parsedStart: n.parsedStart, length: n.length, readEnd: n.readEnd, tokens: n.tokenCounts,
                                                 diagnostics: n.diagnostics, outerDiagnostics: moved, comments: n.comments,
                                                 items: n.items, entries: n.entries, lastEnd: n.lastEnd)
                }
            }
        }
        // Rebuild: blocks before the window, the window's pieces, blocks after (shifted).
        var merged: [(start: Int, result: SubResult)] = []
        merged.reserveCapacity(window.count - (replacedEnd - r) + pieces.count)
        for k in 0..<r { merged.append((window[k].start - cd, window[k].result)) }
        for p in pieces { merged.append((p.start - cd, p.result)) }
        for k in replacedEnd..<window.count { merged.append((window[k].start + delta - cd, window[k].result)) }
        var blocks: [BlockRef] = []
        blocks.reserveCapacity(sub.blocks.count + 2)
        blocks.append(contentsOf: sub.blocks[0..<firstBlock])
        blocks.append(contentsOf: SubChunked.makeBlocks(merged))
        for k in (lastBlock + 1)..<max(lastBlock + 1, sub.blocks.count) {
            var b = sub.blocks[k]
            b.base += delta
            blocks.append(b)
        }
        let newSub = SubChunked(kind: sub.kind, indent: sub.indent, rootIndent: sub.rootIndent, head: sub.head, blocks: blocks,
                                tail: sub.tail, tailStart: sub.tailStart + delta)
        guard newSub.subCount >= SubChunking.minSubChunks, chunk.result.items.count == 1,
              let top = newSub.topItem(rebuilding: chunk.result.items[0]) else { return nil }
        let old = chunk.result
        let result = ChunkResult(parsedStart: old.parsedStart, length: old.length + delta, items: [top], diagnostics: [],
                                 comments: [], readEnd: old.readEnd + delta, sub: newSub)
        let newChunks = chunks.replacing(c..<(c + 1), with: [ChunkRef(start: chunk.start, result: result)], delta: delta)
        return ParsedDocument(format: format, text: text, chunks: newChunks, reparsedBytes: reparsedBytes, reparsedChunks: 1,
                              reparsedSubChunks: pieces.count)
    }
}
