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
        if chunks.contains(where: { $0.result.length == 0 && $0.result.diagnostics.contains { $0.code == "invalid-utf8" } }) {
            let kept = chunks.filter { !($0.result.length == 0 && $0.result.diagnostics.contains { $0.code == "invalid-utf8" }) }
            return ParsedDocument(format: format, text: text, chunks: kept, reparsedBytes: 0, reparsedChunks: 0).applying(edit)
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
        let restart = chunks[first].start
        var text = newText
        text.makeContiguousUTF8()
        var newChunks: [ChunkRef] = Array(chunks[0..<first])
        var reparsedBytes = 0
        var reparsedChunks = 0
        // Old boundaries after the edit, searched as we go.
        var oldIndex = first + 1
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
                            for k in oldIndex..<chunks.count {
                                var c = chunks[k]
                                c.start += delta
                                newChunks.append(c)
                            }
                            return newChunks
                        }
                    }
                }
            }
            if newChunks.isEmpty {
                newChunks.append(ChunkRef(start: 0, result: ChunkResult(parsedStart: 0, length: 0, items: [], diagnostics: [], comments: [], tokens: [])))
            }
            return newChunks
        }
        guard let chunksOut = result else { return ConfigParser.parse(newText, format: format) }
        return ParsedDocument(format: format, text: text, chunks: chunksOut, reparsedBytes: reparsedBytes, reparsedChunks: reparsedChunks)
    }
}
