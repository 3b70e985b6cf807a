// The result of a parse, and the entry points.
//
// Internally a document is a list of chunks (the lossless "green" layer): a chunk is a run of
// whole lines that a parser read from a fresh state (for YAML one top-level entry, item or
// document marker with its trailing comments; for JSON the whole text). A chunk's result is
// immutable and stored with the offsets it was parsed at; after an edit, chunks past the edit are
// reused with a byte delta. The public view (`documents`, `diagnostics`, `comments`) is
// assembled from the chunks on first use and cached.

#if canImport(Foundation)
import Synchronization
#endif

public struct ParsedDocument: Sendable {
    public let format: SyntaxFormat
    /// The full text that was parsed.
    public let text: String
    let chunks: ChunkList
    private let cache = OnceBox<Assembled>()
    private let commentCache = OnceBox<[Comment]>()
    private let anchorCache = OnceBox<[[String: [Node]]]>()
    /// Bytes the parser read to produce this value: the whole text for a fresh parse, only the
    /// reparsed chunks for `applying(_:)`. Lets tests assert that a keystroke's work stays flat.
    public let lastReparsedByteCount: Int
    /// How many chunks were parsed (fresh parse: all of them; incremental: the reparsed ones).
    public let lastReparsedChunkCount: Int

    /// How many sub-chunks (items of a split block collection) the last incremental reparse
    /// parsed; 0 when it reparsed whole top-level chunks.
    let lastReparsedSubChunkCount: Int

    init(format: SyntaxFormat, text: String, chunks: ChunkList, reparsedBytes: Int, reparsedChunks: Int, reparsedSubChunks: Int = 0) {
        self.lastReparsedSubChunkCount = reparsedSubChunks
        self.format = format
        self.text = text
        self.chunks = chunks
        self.lastReparsedByteCount = reparsedBytes
        self.lastReparsedChunkCount = reparsedChunks
    }

    var assembled: Assembled {
        cache.get { Assembler.assemble(format: format, chunks: chunks, text: text) }
    }

    /// YAML: one node per document; JSON: one (empty if nothing readable).
    public var documents: [Node] { assembled.documents }
    public var root: Node? { documents.first }
    public var diagnostics: [SyntaxDiagnostic] { assembled.diagnostics }
    /// YAML `#` comments with their ranges (JSON comments too: they are reported as errors).
    public var comments: [Comment] { commentCache.get { Assembler.comments(chunks: chunks) } }

    /// The comments whose text contains `marker`, in order. Only the chunks where the marker
    /// occurs in the text are visited: a directive search on every keystroke must not assemble
    /// the 10,000 comments of a long file.
    public func comments(containing marker: String) -> [Comment] {
        let hits = ByteSearch.offsets(of: marker, in: text)
        guard !hits.isEmpty else { return [] }
        var out: [Comment] = []
        var k = 0
        var iterator = chunks.makeIterator()
        var current = iterator.next()
        while let c = current, k < hits.count {
            let next = iterator.next()
            // A chunk owns the bytes up to the next chunk's start (the last one: to the end).
            let spanEnd = next?.start ?? Int.max
            while k < hits.count, hits[k] < c.start { k += 1 }
            if k < hits.count, hits[k] < spanEnd {
                c.result.forEachComment(c.delta) { comment in
                    if hits.contains(where: { comment.range.start <= $0 && $0 < comment.range.end }) { out.append(comment) }
                }
            }
            current = next
        }
        return out
    }
    /// True when some diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// For each document, anchor name -> the anchored nodes in source order.
    var anchors: [[String: [Node]]] { anchorCache.get { Assembler.anchors(format: format, documents: documents) } }
}

/// The assembled public view.
struct Assembled: Sendable {
    var documents: [Node]
    var diagnostics: [SyntaxDiagnostic]
}

/// Thread-safe, compute-once box.
final class OnceBox<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)

    func get(_ make: () -> Value) -> Value {
        value.withLock { value in
            if let v = value { return v }
            let v = make()
            value = v
            return v
        }
    }
}

/// A chunk in a document: where it is now, and its immutable parse result.
struct ChunkRef: Sendable {
    /// Current start offset in the document's text.
    var start: Int
    let result: ChunkResult
    var end: Int { start + result.length }
    /// Add to the result's stored offsets to get offsets in the current text.
    var delta: Int { start - result.parsedStart }
}

/// One top-level piece of a YAML stream, as the chunk parser read it.
enum TopItem: Sendable, Hashable {
    /// `key: value` of a block mapping; `indent` is the key's column.
    case entry(Entry, indent: Int)
    /// `- item` of a block sequence; `indent` is the dash's column, `start` the dash offset.
    case item(Node, indent: Int, start: Int)
    /// Any other node standing alone (a scalar or flow collection as a document's root).
    case node(Node)
    /// Properties on a line of their own, applying to the following node.
    case properties(tag: String?, anchor: String?, range: ByteRange)
    case documentStart(ByteRange)
    case documentEnd(ByteRange)
    case directive(ByteRange)
}

/// A chunk's top items: almost always one, kept inline (no array allocated per chunk).
struct TopItems: RandomAccessCollection, ExpressibleByArrayLiteral, Sendable {
    private let one: TopItem?
    private let many: [TopItem]

    init(_ item: TopItem) {
        one = item
        many = []
    }

    init(_ items: [TopItem]) {
        one = items.count == 1 ? items.first : nil
        many = items.count == 1 ? [] : items
    }

    init(arrayLiteral items: TopItem...) { self.init(items) }

    var startIndex: Int { 0 }
    var endIndex: Int { one != nil ? 1 : many.count }

    subscript(i: Int) -> TopItem {
        if let x = one { return x }
        return many[i]
    }

    /// A concrete iterator (the default one went through unspecialized generic code).
    struct Iterator: IteratorProtocol {
        var one: TopItem?
        var many: IndexingIterator<[TopItem]>

        mutating func next() -> TopItem? {
            if let x = one {
                one = nil
                return x
            }
            return many.next()
        }
    }

    func makeIterator() -> Iterator { Iterator(one: one, many: many.makeIterator()) }
}

/// Kinds of the lossless tokens. Bytes between tokens are whitespace (space, tab, line breaks,
/// byte order marks); a test checks that.
enum TokenKind: UInt8, Sendable {
    case scalar, indicator, comment, anchor, alias, tag, documentMarker, directive, invalid, punctuation, whitespace
}

struct SyntaxToken: Sendable, Hashable {
    var kind: TokenKind
    var start: Int
    var end: Int
}

/// What the alias checks need of a YAML piece's tokens. The tokens themselves are not kept:
/// `losslessTokens()` reparses the chunk for them (a chunk's parse depends only on its bytes).
struct TokenCounts: Sendable {
    var tokens = 0
    var aliases = 0

    init() {}

    init(_ t: ArraySlice<SyntaxToken>) {
        tokens = t.count
        for x in t where x.kind == .alias { aliases += 1 }
    }

    /// The tokens met between two marks of a `TokenSink`.
    init(from a: TokenSink.Mark, to b: TokenSink.Mark) {
        tokens = max(b.count - a.count, 0)
        aliases = max(b.aliases - a.aliases, 0)
    }
}

/// The YAML parser's tokens as it meets them: only counted in a normal parse (a chunk derives
/// its tokens again on demand, `losslessTokens()`), kept when `recording`. Keeping them all
/// grew a 1.5 MB array while parsing a 10,000-item list, only to count it.
struct TokenSink {
    struct Mark {
        var count = 0
        var aliases = 0
    }

    let recording: Bool
    private(set) var list: [SyntaxToken] = []
    private(set) var mark = Mark()

    init(recording: Bool = false) { self.recording = recording }

    var isEmpty: Bool { mark.count == 0 }
    var count: Int { mark.count }
    var counts: TokenCounts { TokenCounts(from: Mark(), to: mark) }

    @inline(__always)
    mutating func append(_ t: SyntaxToken) {
        mark.count += 1
        if t.kind == .alias { mark.aliases += 1 }
        if recording { list.append(t) }
    }

    mutating func removeAll(keepingCapacity: Bool) {
        mark = Mark()
        if recording { list.removeAll(keepingCapacity: keepingCapacity) }
    }

    /// Back to an earlier mark (a lookahead that did not match).
    mutating func restore(_ m: Mark) {
        if recording { list.removeLast(max(list.count - m.count, 0)) }
        mark = m
    }
}

final class ChunkResult: Sendable {
    let parsedStart: Int
    let length: Int
    /// The chunk's top items. For a split chunk (`sub`), the collection's children may be lazy.
    let items: TopItems
    /// Empty for a split chunk: its pieces hold them (use `forEachDiagnostic` and friends).
    let diagnostics: [SyntaxDiagnostic]
    let comments: [Comment]
    /// The tokens of a JSON document; YAML chunks keep none (`derivesTokens`).
    let tokens: [SyntaxToken]
    /// A YAML chunk: its tokens come from reparsing it (see `losslessTokens()`).
    let derivesTokens: Bool
    /// The parse read bytes up to here (at most the line after the chunk).
    let readEnd: Int
    /// The split form of a chunk holding a large block collection (see SubChunks.swift).
    let sub: SubChunked?
    /// `*alias` tokens and all tokens (for the alias checks' fast path).
    let aliasCount: Int
    let tokenCount: Int

    /// `tokens` are kept (JSON, empty chunks); `counts` means a YAML chunk whose tokens are derived.
    init(parsedStart: Int, length: Int, items: TopItems, diagnostics: [SyntaxDiagnostic],
         comments: [Comment], tokens: [SyntaxToken] = [], counts: TokenCounts? = nil, readEnd: Int? = nil, sub: SubChunked? = nil) {
        self.readEnd = readEnd ?? (parsedStart + length)
        self.parsedStart = parsedStart
        self.length = length
        self.items = items
        self.diagnostics = diagnostics
        self.comments = comments
        self.tokens = tokens
        self.sub = sub
        derivesTokens = counts != nil || sub != nil
        if let s = sub {
            aliasCount = s.aliasCount
            tokenCount = s.tokenCount
        } else if let c = counts {
            aliasCount = c.aliases
            tokenCount = c.tokens
        } else {
            let c = TokenCounts(tokens[...])
            aliasCount = c.aliases
            tokenCount = c.tokens
        }
    }

    var hasDiagnostics: Bool { !diagnostics.isEmpty || sub != nil }

    /// Diagnostics in the chunk's parse coordinates moved by `d`.
    func forEachDiagnostic(_ d: Int, _ body: (SyntaxDiagnostic) -> Void) {
        for x in diagnostics { var y = x; y.range = x.range.shifted(by: d); body(y) }
        sub?.forEachPiece(withDiagnosticsOnly: true) { piece, s in
            for x in piece.diagnostics { var y = x; y.range = x.range.shifted(by: d + s); body(y) }
            for x in piece.outerDiagnostics { var y = x; y.range = x.range.shifted(by: d + s); body(y) }
        }
    }

    func forEachComment(_ d: Int, _ body: (Comment) -> Void) {
        for x in comments { var y = x; y.range = x.range.shifted(by: d); body(y) }
        sub?.forEachPiece { piece, s in
            for x in piece.comments { var y = x; y.range = x.range.shifted(by: d + s); body(y) }
        }
    }

}

public enum ConfigParser {
    /// Parses a whole text. Never throws, never traps: problems come back as diagnostics.
    public static func parse(_ text: String, format: SyntaxFormat) -> ParsedDocument {
        var text = text
        text.makeContiguousUTF8()
        let chunks: [ChunkRef] = text.utf8.withContiguousStorageIfAvailable { buf -> [ChunkRef] in
            parseChunks(buf, format: format, from: 0)
        } ?? {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBufferPointer { parseChunks($0, format: format, from: 0) }
        }()
        return ParsedDocument(format: format, text: text, chunks: ChunkList(chunks),
                              reparsedBytes: text.utf8.count, reparsedChunks: chunks.count)
    }

    /// Parses raw bytes: invalid UTF-8 is reported (`invalid-utf8`, with its byte range) and
    /// replaced by U+FFFD, then the repaired text is parsed. Ranges refer to the repaired text.
    public static func parse(bytes: [UInt8], format: SyntaxFormat) -> ParsedDocument {
        let (text, bad) = UTF8Repair.repair(bytes)
        let doc = parse(text, format: format)
        if bad.isEmpty { return doc }
        let extra = bad.map {
            SyntaxDiagnostic(range: $0, severity: .error, code: "invalid-utf8",
                             message: "Invalid UTF-8 byte sequence (replaced by U+FFFD); the framework cannot read this file as UTF-8")
        }
        return doc.withExtraDiagnostics(extra)
    }

    /// `.json` for *.json / *.jsonc, `.yaml` for *.yaml / *.yml, nil otherwise.
    public static func format(forPath path: String) -> SyntaxFormat? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "json", "jsonc": return .json
        case "yaml", "yml": return .yaml
        default: return nil
        }
    }

    static func parseChunks(_ buf: UnsafeBufferPointer<UInt8>, format: SyntaxFormat, from start: Int) -> [ChunkRef] {
        switch format {
        case .json:
            return [ChunkRef(start: 0, result: JSONParser.parse(buf))]
        case .yaml:
            var out: [ChunkRef] = []
            var pos = start
            var parser = YAMLChunkParser(buf, at: start)
            // One scan of the whole text instead of one per chunk when it has no control characters.
            parser.firstUnprintableCandidate = parser.nextUnprintableCandidate(start, buf.count)
            parser.arena = NodeArena(reserving: min(NodeArena.shareLimit, buf.count / 8 + 16))
            parser.arena.attach(buf)
            while pos < buf.count {
                let r = parser.parseChunk(at: pos)
                out.append(ChunkRef(start: pos, result: r))
                pos += max(r.length, 1)
            }
            parser.arena.detach()
            parser.arena.trim()
            if out.isEmpty {
                out.append(ChunkRef(start: 0, result: ChunkResult(parsedStart: 0, length: 0, items: [], diagnostics: [], comments: [], tokens: [])))
            }
            return out
        }
    }
}

extension ParsedDocument {
    /// Extra diagnostics (from `parse(bytes:)`) are kept in a trailing empty chunk.
    func withExtraDiagnostics(_ extra: [SyntaxDiagnostic]) -> ParsedDocument {
        let end = text.utf8.count
        let extraChunk = ChunkRef(start: end, result: ChunkResult(parsedStart: end, length: 0, items: [], diagnostics: extra, comments: [], tokens: []))
        let chunks = self.chunks.replacing(self.chunks.count..<self.chunks.count, with: [extraChunk], delta: 0)
        return ParsedDocument(format: format, text: text, chunks: chunks,
                              reparsedBytes: lastReparsedByteCount, reparsedChunks: lastReparsedChunkCount)
    }

    /// Every byte of the text as tokens: significant tokens from the parsers and whitespace
    /// runs between them. Concatenating the token texts gives back the text exactly.
    func losslessTokens() -> [SyntaxToken] {
        var out: [SyntaxToken] = []
        var pos = 0
        for c in chunks {
            var tokens = c.result.tokens
            var d = c.delta
            if c.result.derivesTokens {
                // Reparsed where the chunk is now: the same tokens, in current offsets.
                tokens = text.utf8.withContiguousStorageIfAvailable { YAMLChunkParser.chunkTokens($0, at: c.start) } ?? []
                d = 0
            }
            for t in tokens {
                let s = t.start + d, e = t.end + d
                if s > pos { out.append(SyntaxToken(kind: .whitespace, start: pos, end: s)) }
                if e > max(s, pos) { out.append(SyntaxToken(kind: t.kind, start: max(s, pos), end: e)) }
                pos = max(pos, e)
            }
        }
        let n = text.utf8.count
        if n > pos { out.append(SyntaxToken(kind: .whitespace, start: pos, end: n)) }
        return out
    }
}
