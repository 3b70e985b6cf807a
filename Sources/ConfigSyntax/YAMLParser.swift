// The YAML chunk parser: reads one top-level piece of a YAML stream (a top-level mapping entry,
// sequence item, document marker, directive or bare node, with its trailing comments) from a
// fresh state. It never recurses: open collections live on an explicit stack of frames, and
// nesting beyond `maxDepth` is skipped with a `nesting-limit` diagnostic.
//
// A chunk's result depends only on the text from its start up to the end of the line after it
// (`readEnd`); the incremental reparse relies on that.

struct YAMLChunkParser {
    static let maxDepth = 1000

    let b: UnsafeBufferPointer<UInt8>
    let n: Int
    var chunkStart: Int
    var pos: Int
    var lineStart: Int
    var diags: [SyntaxDiagnostic] = []
    var comments: [Comment] = []
    var tokens = TokenSink()
    var items: [TopItem] = []
    var frames: [Frame] = []
    var mode: Mode = .done
    /// The nodes (see NodeArena.swift). The chunks of one fresh parse share an arena until it
    /// holds `NodeArena.shareLimit` nodes: one allocation per few hundred chunks instead of
    /// three per chunk, and a chunk reused after an edit keeps at most that much alive.
    var arena = NodeArena(reserving: 16)
    /// The children of the open frames (see `Frame.kidBase`); capacity kept between chunks.
    var kids: [Int32] = []
    /// Sub-chunk marks recorded by a fresh parse (see SubChunks.swift).
    var marks: [SubMark] = []
    var closeMark: SubMark?
    /// Duplicate-key warnings of the sub-chunked collection (kept apart: they depend on earlier entries).
    var outerDiags: [SyntaxDiagnostic] = []
    /// No byte before this offset may start an unprintable character (see `reportUnprintable`).
    var firstUnprintableCandidate = 0
    /// Set when parsing one sub-chunk: stop at the next item of the sub-root collection or where it closes.
    var subMode = false
    var subStop: SubStop?

    struct Props {
        var tag: String?
        var anchor: String?
        var start: Int
        var end: Int
    }

    struct BlockReq {
        /// Content must be indented more than this (-1 at document level).
        var n: Int
        var sameLine: Bool
        /// A block collection may start here (not on the line of an implicit key).
        var blockOK: Bool
        /// A `- ` at column `n` starts an (indentless) sequence: a mapping value.
        var indentlessOK: Bool
        /// Where an empty value is placed.
        var emptyAt: Int
        /// The node is a key of the top block mapping (at column `n`).
        var keyOfTopMap: Bool = false
    }

    enum Mode {
        case node(BlockReq)
        case after
        case flow
        case explicitValue
        case done
    }

    struct Frame {
        enum Kind { case map, seq, flowMap, flowSeq }
        var kind: Kind
        /// Block: the column of the keys / dashes. Flow: the enclosing block indentation.
        var indent: Int
        var start: Int
        var props: Props?
        /// Where the frame's children start in the parser's `kids` stack (arena indices; a
        /// mapping's entries as key/value pairs). Only the top frame receives children, so they
        /// are `kids[kidBase...]`, copied into the arena when the frame closes.
        var kidBase = 0
        var pendingKey: Node?
        var awaitingExplicitKey = false
        var itemStart = 0
        var flowState = 0
        var isChunkRoot = false
        var lastEnd: Int
        /// For the outermost flow collection in block context: how it was requested.
        var blockReq: BlockReq?
        var propsSameLine = false
        var outerProps: Props?
        var keyIndex: [ScalarValue: Int]?
        /// A block collection that is the value of the chunk's top-level entry: split into sub-chunks.
        var isSubRoot = false

        init(kind: Kind, indent: Int, start: Int, props: Props?) {
            self.kind = kind
            self.indent = indent
            self.start = start
            self.props = props
            self.lastEnd = start
        }

        init(kind: Kind, indent: Int, start: Int, kidBase: Int) {
            self.kind = kind
            self.indent = indent
            self.start = start
            self.kidBase = kidBase
            self.lastEnd = start
        }
    }

    init(_ b: UnsafeBufferPointer<UInt8>, at start: Int) {
        self.b = b
        self.n = b.count
        self.chunkStart = start
        self.pos = start
        self.lineStart = start
        arena.attach(b)
    }

    static func parseChunk(_ b: UnsafeBufferPointer<UInt8>, at start: Int) -> ChunkResult {
        var p = YAMLChunkParser(b, at: start)
        let r = p.parseChunk(at: start)
        p.arena.detach()
        p.arena.trim()
        return r
    }

    /// Parses the chunk at `start` with this parser's buffers (emptied first, capacity kept):
    /// parsing a whole stream with one parser grows its buffers once, and each chunk keeps
    /// exact-size copies.
    mutating func parseChunk(at start: Int) -> ChunkResult {
        reset(at: start)
        let end = run()
        // The chunk's slices read a copy of its bytes (and the line after, all it read).
        arena.keepText(from: start, to: lineEnd(from: end))
        if !marks.isEmpty, let split = splitIntoSubChunks(end: end) { return split }
        reportUnprintable(from: start, to: min(max(end, start + 1), b.count))
        var d = exactCopy(diags[...])
        if !outerDiags.isEmpty { d.append(contentsOf: outerDiags) }
        // Items and comments hold references: moved out (copying would retain and release each);
        // tokens are only counted (derived again on demand), the buffer stays for the next chunk.
        // (Almost always one item: kept inline, and the buffer keeps its capacity.)
        let chunkItems: TopItems
        if items.count == 1, let only = items.popLast() {
            chunkItems = TopItems(only)
        } else {
            chunkItems = TopItems(items)
            items = []
        }
        let chunkComments = comments
        comments = []
        return ChunkResult(parsedStart: start, length: max(end - start, 0), items: chunkItems, diagnostics: d,
                           comments: chunkComments, counts: tokens.counts, readEnd: lineEnd(from: end))
    }

    /// The tokens of the chunk at `start`, from a parse of it (as `parseChunk` reads them).
    static func chunkTokens(_ b: UnsafeBufferPointer<UInt8>, at start: Int) -> [SyntaxToken] {
        guard start < b.count else { return [] }
        var p = YAMLChunkParser(b, at: start)
        p.tokens = TokenSink(recording: true)
        p.reset(at: start)
        _ = p.run()
        return p.tokens.list
    }

    mutating func reset(at start: Int) {
        chunkStart = start
        pos = start
        lineStart = start
        if arena.isNearlyFull {
            arena.detach()
            arena.trim()
            arena = NodeArena(reserving: NodeArena.shareLimit)
            arena.attach(b)
        }
        // (Emptying an empty array is not free: skip those.)
        if !diags.isEmpty { diags.removeAll(keepingCapacity: true) }
        if !comments.isEmpty { comments.removeAll(keepingCapacity: true) }
        if !tokens.isEmpty { tokens.removeAll(keepingCapacity: true) }
        if !items.isEmpty { items.removeAll(keepingCapacity: true) }
        if !kids.isEmpty { kids.removeAll(keepingCapacity: true) }
        // (`removeAll(keepingCapacity:)` allocated a new buffer here on every chunk; popping one
        // frame at a time copied each.)
        if !frames.isEmpty { frames.removeLast(frames.count) }
        mode = .done
        if !marks.isEmpty { marks.removeAll(keepingCapacity: true) }
        closeMark = nil
        if !outerDiags.isEmpty { outerDiags.removeAll(keepingCapacity: true) }
        subMode = false
        subStop = nil
    }

    /// Opens a collection frame, built in place (a `Frame` is large, and copying one retains
    /// all its fields). Returns its index.
    @discardableResult
    mutating func pushFrame(kind: Frame.Kind, indent: Int, start: Int, props: Props?) -> Int {
        // Built without its properties, which are set after (they are rare; appending a frame
        // that holds references made the compiler copy and destroy a temporary frame).
        frames.append(Frame(kind: kind, indent: indent, start: start, kidBase: kids.count))
        let i = frames.count - 1
        if props != nil { frames[i].props = props }
        return i
    }

    /// The children of a frame that was just popped, as values (sub-chunk parses).
    mutating func takeChildren(_ f: Frame) -> (entries: [Entry], items: [Node]) {
        var entries: [Entry] = [], items: [Node] = []
        let isMap = f.kind == .map || f.kind == .flowMap
        var k = f.kidBase
        while k < kids.count {
            if isMap, k + 1 < kids.count {
                let key = Node(arena: arena, index: kids[k]), value = Node(arena: arena, index: kids[k + 1])
                entries.append(Entry(key: key, value: value, range: ByteRange(key.range.start, max(value.range.end, key.range.end))))
                k += 2
            } else {
                items.append(Node(arena: arena, index: kids[k]))
                k += 1
            }
        }
        if f.kidBase < kids.count { kids.removeLast(kids.count - f.kidBase) }
        return (entries, items)
    }

    /// The collection node of a frame that was just popped: its children move from `kids`
    /// into the arena.
    mutating func collectionNode(_ f: Frame, kind: Node.Kind, range: ByteRange, tag: String?, anchor: String?, isFlow: Bool) -> Node {
        let base = min(f.kidBase, kids.count)
        let node = kids.withUnsafeBufferPointer { k in
            arena.add(NodeFields(kind: kind, range: range, tag: tag, anchor: anchor, isFlow: isFlow),
                      kids: UnsafeBufferPointer(rebasing: k[base...]), pairs: kind == .mapping)
        }
        if base < kids.count { kids.removeLast(kids.count - base) }
        return node
    }

    /// How many children the frame has now (the top frame).
    mutating func childCount(_ f: Frame) -> Int {
        let n = max(kids.count - f.kidBase, 0)
        return f.kind == .seq || f.kind == .flowSeq ? n : n / 2
    }

    /// The node's index in the chunk's arena (a node from elsewhere is copied in first).
    mutating func own(_ node: Node) -> Int32 {
        if node.arena === arena && node.shift == 0 { return node.index }
        return arena.adopt(node).index
    }

    /// PyYAML's reader refuses the whole file on a character outside YAML's printable set: C0
    /// controls other than tab/LF/CR (NUL included), DEL, and C1 controls other than NEL.
    /// One error per run of such characters, at most 20 per chunk.
    mutating func reportUnprintable(from s: Int, to e: Int) {
        // Nothing before the first candidate of the text (found once for a fresh parse).
        if e <= firstUnprintableCandidate { return }
        var i = max(s, firstUnprintableCandidate)
        var reported = 0
        while i < e, reported < 20 {
            i = nextUnprintableCandidate(i, e)
            guard i < e else { break }
            let c = b[i]
            let width: Int
            if (c < 0x20 && c != Byte.tab && c != 0x0A && c != 0x0D) || c == 0x7F {
                width = 1
            } else if c == 0xC2, i + 1 < n, b[i + 1] >= 0x80, b[i + 1] <= 0x9F, b[i + 1] != 0x85 {
                width = 2
            } else {
                i += 1
                continue
            }
            let first = i
            let code = width == 1 ? UInt32(c) : UInt32(b[i + 1])
            i += width
            while i < e, (b[i] < 0x20 && b[i] != Byte.tab && b[i] != 0x0A && b[i] != 0x0D) || b[i] == 0x7F { i += 1 }
            let hex = String(code, radix: 16, uppercase: true)
            error(first, i, "Control character U+\(String(repeating: "0", count: 4 - hex.count))\(hex) is not allowed in YAML: PyYAML refuses to load this file",
                  code: "invalid-character")
            reported += 1
        }
    }

    /// The first byte in `from..<e` that may start an unprintable character (a C0 control other
    /// than tab/LF/CR, DEL, or 0xC2), or `e`. Eight bytes at a time with exact per-byte masks.
    mutating func nextUnprintableCandidate(_ from: Int, _ e: Int) -> Int {
        var i = from
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        @inline(__always) func zeroBytes(_ y: UInt64) -> UInt64 { ~(((y & lows) &+ lows) | y) & highs }
        while i < e {
            if i + 8 <= e, let base = b.baseAddress {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                let below20 = ~(((w & lows) &+ ones &* 0x60) | w) & highs
                let allowed = zeroBytes(w ^ (ones &* 0x09)) | zeroBytes(w ^ (ones &* 0x0A)) | zeroBytes(w ^ (ones &* 0x0D))
                let bad = (below20 & ~allowed) | zeroBytes(w ^ (ones &* 0x7F)) | zeroBytes(w ^ (ones &* 0xC2))
                if bad == 0 { i += 8; continue }
            }
            let stop = min(i + 8, e)
            while i < stop {
                let c = b[i]
                if (c < 0x20 && c != Byte.tab && c != 0x0A && c != 0x0D) || c == 0x7F || c == 0xC2 { return i }
                i += 1
            }
        }
        return e
    }

    mutating func lineEnd(from p: Int) -> Int {
        var q = min(p, n)
        while q < n, !Byte.isBreak(b[q]) { q += 1 }
        return min(q + 1, n)
    }

    // MARK: diagnostics and trivia

    mutating func error(_ s: Int, _ e: Int, _ msg: String, code: String = "syntax-error") {
        diags.append(SyntaxDiagnostic(range: ByteRange(s, e), severity: .error, code: code, message: msg))
    }

    var col: Int { pos - lineStart }
    var atEnd: Bool { pos >= n }

    @inline(__always) func blankAfter(_ p: Int) -> Bool { p >= n || Byte.isWhite(b[p]) }

    mutating func isSeqDash(_ p: Int) -> Bool { p < n && b[p] == Byte.minus && blankAfter(p + 1) }

    /// Skips blanks on the current line, and a comment.
    mutating func skipInline() {
        while pos < n, Byte.isBlank(b[pos]) { pos += 1 }
        if pos < n, b[pos] == Byte.hash, pos == lineStart || (pos > 0 && Byte.isWhite(b[pos - 1])) { recordComment() }
    }

    var atLineEnd: Bool { pos >= n || Byte.isBreak(b[pos]) }

    /// Skips blanks, comments and line breaks. Returns true when a line break was crossed.
    @discardableResult
    mutating func skipToContent() -> Bool {
        var crossed = false
        while true {
            skipInline()
            guard pos < n else { return crossed }
            let c = b[pos]
            if Byte.isBreak(c) {
                consumeBreak()
                crossed = true
                if pos + 2 < n, b[pos] == 0xEF, b[pos + 1] == 0xBB, b[pos + 2] == 0xBF {
                    pos += 3
                    lineStart = pos
                }
                continue
            }
            if pos == lineStart, pos + 2 < n, c == 0xEF, b[pos + 1] == 0xBB, b[pos + 2] == 0xBF {
                pos += 3
                lineStart = pos
                continue
            }
            return crossed
        }
    }

    /// Reports tabs used as indentation before the content at `pos`.
    mutating func checkTabIndent() {
        if pos < n, b[pos] == Byte.lbracket || b[pos] == Byte.lbrace { return }
        var i = lineStart
        while i < pos {
            if b[i] == Byte.tab {
                error(i, i + 1, "Tabs are not allowed for indentation in YAML; use spaces")
                return
            }
            i += 1
        }
    }

    /// Skips the rest of the line as invalid text (with a token).
    mutating func skipRestOfLine() -> Int {
        let s = pos
        while pos < n, !Byte.isBreak(b[pos]) { pos += 1 }
        var e = pos
        while e > s, Byte.isBlank(b[e - 1]) { e -= 1 }
        if e > s { tokens.append(SyntaxToken(kind: .invalid, start: s, end: e)) }
        return e
    }

    /// Skips the current line and the following lines indented more than `indent`.
    mutating func skipLineAndDeeper(indent: Int) -> Int {
        var e = skipRestOfLine()
        while true {
            let save = pos, saveLS = lineStart, saveTokens = tokens.mark, saveComments = comments.count
            skipToContent()
            if pos < n, col > indent, !(col == 0 && isDocumentMarker(at: pos)) {
                e = skipRestOfLine()
                continue
            }
            pos = save; lineStart = saveLS
            tokens.restore(saveTokens)
            comments.removeLast(comments.count - saveComments)
            return e
        }
    }

    // MARK: driver

    mutating func run() -> Int {
        skipToContent()
        if pos >= n { return n }
        if col == 0, isDocumentMarker(at: pos) {
            let isStart = b[pos] == Byte.minus
            let r = ByteRange(pos, pos + 3)
            tokens.append(SyntaxToken(kind: .documentMarker, start: pos, end: pos + 3))
            pos += 3
            if isStart {
                items.append(.documentStart(r))
                skipInline()
                if !atLineEnd {
                    mode = .node(BlockReq(n: -1, sameLine: true, blockOK: false, indentlessOK: false, emptyAt: pos))
                }
            } else {
                items.append(.documentEnd(r))
                skipInline()
                if !atLineEnd {
                    let s = pos
                    let e = skipRestOfLine()
                    error(s, e, "Unexpected text after the document end marker '...'")
                }
            }
        } else if col == 0, b[pos] == Byte.percent {
            let s = pos
            while pos < n, !Byte.isBreak(b[pos]) { pos += 1 }
            var e = pos
            while e > s, Byte.isBlank(b[e - 1]) { e -= 1 }
            // A comment after the directive.
            var k = s
            while k < e {
                if b[k] == Byte.hash, k > s, Byte.isBlank(b[k - 1]) {
                    var ce = k
                    while ce > s, Byte.isBlank(b[ce - 1]) { ce -= 1 }
                    comments.append(Comment(range: ByteRange(k, e), text: makeString(b, k + 1, e)))
                    tokens.append(SyntaxToken(kind: .directive, start: s, end: ce))
                    tokens.append(SyntaxToken(kind: .comment, start: k, end: e))
                    items.append(.directive(ByteRange(s, ce)))
                    break
                }
                k += 1
            }
            if k >= e {
                tokens.append(SyntaxToken(kind: .directive, start: s, end: e))
                items.append(.directive(ByteRange(s, e)))
            }
            checkYAMLDirective(s, k < e ? k : e)
        } else {
            checkTabIndent()
            mode = .node(BlockReq(n: -1, sameLine: false, blockOK: true, indentlessOK: false, emptyAt: pos))
        }
        drive()
        // Trailing trivia up to the next content line.
        while true {
            let crossed = skipToContent()
            if pos >= n { return n }
            if crossed || pos == lineStart || lineStart > chunkStart && pos - lineStart >= 0 && onlyBlankBefore() { return lineStart }
            let s = pos
            let e = skipRestOfLine()
            error(s, e, "Unexpected text after the value")
        }
    }

    mutating func drive() {
        loop: while true {
            switch mode {
            case .done: break loop
            case .node(let r): startBlockNode(r)
            case .after: afterBlock()
            case .flow: flowStep()
            case .explicitValue: explicitValue()
            }
        }
    }

    /// `%YAML 1.x` takes exactly one version number.
    mutating func checkYAMLDirective(_ s: Int, _ e: Int) {
        let words = makeString(b, s, e).split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.first == "%YAML" else { return }
        let ok = words.count == 2 && words[1].split(separator: ".", omittingEmptySubsequences: false).count == 2
            && words[1].allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") }
        if !ok { error(s, e, "Malformed %YAML directive: expected '%YAML 1.2'") }
    }

    mutating func onlyBlankBefore() -> Bool {
        var i = lineStart
        while i < pos { if !Byte.isBlank(b[i]) { return false }; i += 1 }
        return true
    }

    // MARK: block nodes


    mutating func emptyNode(at p: Int, props: Props?) -> Node {
        guard let pr = props else {
            return arena.make(kind: .scalar, range: ByteRange(p, p), scalar: .null, style: .plain, rawText: "")
        }
        let scalar: ScalarValue = pr.tag.map { YAMLParserSupport.resolveTagged("", tag: $0, plain: true) } ?? .null
        return arena.make(kind: .scalar, range: ByteRange(pr.start, pr.end), scalar: scalar, style: .plain, rawText: "",
                    tag: pr.tag, anchor: pr.anchor)
    }

    /// A plain scalar node, built once (the raw text of a one-line plain scalar is its value).
    mutating func plainNode(_ scanned: consuming ScannedScalar) -> Node {
        let start = scanned.start, end = scanned.end
        if scanned.valueIsSource, start >= 0, start < end, end <= n {
            // One line: its value and raw text are its bytes, kept as a slice (no string made).
            return arena.addPlainSlice(range: ByteRange(start, end), value: YAMLResolver.nonString(UnsafeBufferPointer(rebasing: b[start..<end])))
        }
        if scanned.multiline {
            let scalar = YAMLParserSupport.resolvePlain(scanned.value, b, start, end, multiline: true)
            return arena.make(kind: .scalar, range: ByteRange(start, end), scalar: scalar, style: .plain, rawText: makeString(b, start, end))
        }
        let value = scanned.value.isEmpty && scanned.valueIsSource ? makeString(b, start, end) : scanned.value
        let scalar = YAMLParserSupport.resolvePlain(value, b, start, end, multiline: false)
        if case .string = scalar {
            // The raw text is the value: one string, one slot.
            return arena.addLeaf(kind: .scalar, range: ByteRange(start, end), scalar: scalar, style: .plain, rawText: nil,
                                 tag: nil, anchor: nil, aliasTarget: nil, isFlow: false, rawIsValue: true)
        }
        return arena.addLeaf(kind: .scalar, range: ByteRange(start, end), scalar: scalar, style: .plain, rawText: value,
                             tag: nil, anchor: nil, aliasTarget: nil, isFlow: false)
    }

    mutating func parseProps() -> Props? {
        var props: Props?
        while pos < n {
            let c = b[pos]
            if c == Byte.bang {
                let s = pos
                let t = scanTag()
                if props == nil { props = Props(start: s, end: pos) }
                if props?.tag != nil { error(s, pos, "A node can have only one tag") }
                props?.tag = t
                props?.end = pos
            } else if c == Byte.amp {
                let s = pos
                let (ns, ne) = scanName()
                tokens.append(SyntaxToken(kind: .anchor, start: s, end: ne))
                if ne == ns { error(s, ne, "An anchor needs a name after '&'") }
                if props == nil { props = Props(start: s, end: pos) }
                if props?.anchor != nil { error(s, pos, "A node can have only one anchor") }
                props?.anchor = makeString(b, ns, ne)
                props?.end = pos
            } else {
                break
            }
            let save = pos
            while pos < n, Byte.isBlank(b[pos]) { pos += 1 }
            if pos < n, b[pos] != Byte.bang, b[pos] != Byte.amp { pos = save; break }
            if pos == save { break }
        }
        return props
    }

    mutating func startBlockNode(_ req: BlockReq) {
        var r = req
        if r.keyOfTopMap {
            r.sameLine = true
            r.blockOK = true
        } else if r.sameLine {
            skipInline()
            if atLineEnd {
                skipToContent()
                r.sameLine = false
                r.blockOK = true
            }
        }
        if !r.sameLine {
            if atEnd || (col == 0 && isDocumentMarker(at: pos)) || (col <= r.n && !(r.indentlessOK && col == r.n && isSeqDash(pos))) {
                deliver(emptyNode(at: r.emptyAt, props: nil))
                return
            }
        }
        // Properties.
        var props: Props?
        var propsSameLine = true
        var outerProps: Props?
        while pos < n, b[pos] == Byte.bang || b[pos] == Byte.amp {
            props = parseProps()
            skipInline()
            if !atLineEnd { break }
            // Properties alone on their line apply to the node below.
            outerProps = mergeProps(outerProps, props)
            props = nil
            skipToContent()
            if frames.isEmpty && r.n < 0, let p = outerProps {
                items.append(.properties(tag: p.tag, anchor: p.anchor, range: ByteRange(p.start, p.end)))
                mode = .done
                return
            }
            if atEnd || (col == 0 && isDocumentMarker(at: pos)) || (col <= r.n && !(r.indentlessOK && col == r.n && isSeqDash(pos))) {
                deliver(emptyNode(at: r.emptyAt, props: outerProps))
                return
            }
            r.sameLine = false
            r.blockOK = true
        }
        if props == nil, outerProps != nil {
            props = outerProps
            outerProps = nil
            propsSameLine = false
        }
        // With properties both above and on this line, `props` are this line's.
        let allProps = outerProps == nil ? props : mergeProps(outerProps, props, report: false)
        guard pos < n else {
            deliver(emptyNode(at: r.emptyAt, props: props))
            return
        }
        let c = b[pos]
        let nodeCol = col
        // Block sequence.
        if c == Byte.minus && blankAfter(pos + 1) {
            if r.keyOfTopMap {
                let s = pos
                let e = skipLineAndDeeper(indent: r.n)
                error(s, s + 1, "Expected a mapping key, found a sequence entry '-': a mapping and a sequence cannot share one indentation level")
                _ = e
                mode = .after
                return
            }
            if !r.blockOK || (props != nil && propsSameLine) {
                let s = pos
                let e = skipLineAndDeeper(indent: r.n)
                error(s, s + 1, r.blockOK ? "A block sequence cannot start on the same line as its properties" : "A block sequence cannot start on the same line as its key; put '- ...' on the next line, indented")
                deliver(arena.make(kind: .invalid, range: ByteRange(allProps?.start ?? s, e), rawText: makeString(b, s, e)))
                return
            }
            guard frames.count < YAMLChunkParser.maxDepth else { nestingLimit(r, props: allProps); return }
            let colProps = propsSameLine ? props : props
            let isRoot = frames.isEmpty, isSub = isSubRootCandidate
            let fi = pushFrame(kind: .seq, indent: nodeCol, start: colProps?.start ?? pos, props: allProps)
            frames[fi].isChunkRoot = isRoot
            frames[fi].isSubRoot = isSub
            frames[fi].itemStart = pos
            tokens.append(SyntaxToken(kind: .indicator, start: pos, end: pos + 1))
            pos += 1
            mode = .node(BlockReq(n: nodeCol, sameLine: true, blockOK: true, indentlessOK: false, emptyAt: pos))
            return
        }
        // Explicit key.
        if c == Byte.question && blankAfter(pos + 1) {
            if r.keyOfTopMap, let i = frames.indices.last {
                frames[i].awaitingExplicitKey = true
                tokens.append(SyntaxToken(kind: .indicator, start: pos, end: pos + 1))
                pos += 1
                mode = .node(BlockReq(n: frames[i].indent, sameLine: true, blockOK: true, indentlessOK: true, emptyAt: pos))
                return
            }
            if !r.blockOK {
                let s = pos
                let e = skipLineAndDeeper(indent: r.n)
                error(s, s + 1, "An explicit key '?' cannot start on the same line as another key")
                deliver(arena.make(kind: .invalid, range: ByteRange(allProps?.start ?? s, e), rawText: makeString(b, s, e)))
                return
            }
            guard frames.count < YAMLChunkParser.maxDepth else { nestingLimit(r, props: allProps); return }
            let isRoot = frames.isEmpty
            let fi = pushFrame(kind: .map, indent: nodeCol, start: allProps?.start ?? pos, props: allProps)
            frames[fi].isChunkRoot = isRoot
            frames[fi].awaitingExplicitKey = true
            tokens.append(SyntaxToken(kind: .indicator, start: pos, end: pos + 1))
            pos += 1
            mode = .node(BlockReq(n: nodeCol, sameLine: true, blockOK: true, indentlessOK: true, emptyAt: pos))
            return
        }
        // Block scalar.
        if c == Byte.pipe || c == Byte.gt {
            if r.keyOfTopMap {
                let s = pos
                _ = skipLineAndDeeper(indent: r.n)
                error(s, s + 1, "Expected a mapping key, found a block scalar indicator")
                mode = .after
                return
            }
            let scanned = scanBlockScalar(n: r.n)
            let style: ScalarStyle = c == Byte.pipe ? .literal : .folded
            var node = arena.make(kind: .scalar, range: ByteRange(allProps?.start ?? scanned.start, scanned.end),
                            scalar: .string(scanned.value), style: style, rawText: makeString(b, scanned.start, scanned.end))
            if allProps != nil { applyProps(&node, allProps, plain: false) }
            deliver(node)
            return
        }
        // Flow collection.
        if c == Byte.lbracket || c == Byte.lbrace {
            guard frames.count < YAMLChunkParser.maxDepth else { nestingLimit(r, props: allProps); return }
            let fi = pushFrame(kind: c == Byte.lbracket ? .flowSeq : .flowMap, indent: r.n, start: allProps?.start ?? pos, props: props)
            frames[fi].blockReq = r
            frames[fi].propsSameLine = propsSameLine
            frames[fi].outerProps = outerProps
            tokens.append(SyntaxToken(kind: .punctuation, start: pos, end: pos + 1))
            pos += 1
            mode = .flow
            return
        }
        // Alias.
        if c == Byte.star {
            let s = pos
            let (ns, ne) = scanName()
            tokens.append(SyntaxToken(kind: .alias, start: s, end: ne))
            if ne == ns { error(s, ne, "An alias needs a name after '*'") }
            if let p = props, propsSameLine { error(p.start, p.end, "An alias cannot have a tag or an anchor") }
            let node = arena.make(kind: .alias, range: ByteRange(s, ne), rawText: makeString(b, s, ne), aliasTarget: makeString(b, ns, ne))
            finishCandidate(node, r, props: propsSameLine ? nil : props, propsSameLine: false, multiline: false, jsonLike: true, outerProps: outerProps)
            return
        }
        if c == Byte.quote || c == Byte.apos {
            let scanned = c == Byte.quote ? scanDoubleQuoted(n: r.n) : scanSingleQuoted(n: r.n)
            var node: Node
            if scanned.terminated {
                node = arena.make(kind: .scalar, range: ByteRange(scanned.start, scanned.end), scalar: .string(scanned.value),
                            style: c == Byte.quote ? .doubleQuoted : .singleQuoted, rawText: makeString(b, scanned.start, scanned.end))
            } else {
                error(scanned.start, scanned.end, c == Byte.quote ? "Unterminated double-quoted string: expected '\"'" : "Unterminated single-quoted string: expected \"'\"")
                node = arena.make(kind: .invalid, range: ByteRange(scanned.start, scanned.end), rawText: makeString(b, scanned.start, scanned.end))
            }
            finishCandidate(node, r, props: props, propsSameLine: propsSameLine, multiline: scanned.multiline, jsonLike: true, outerProps: outerProps)
            return
        }
        if c == Byte.rbracket || c == Byte.rbrace || c == Byte.comma || c == Byte.at || c == Byte.backtick
            || (c == Byte.percent) || (c == Byte.hash) {
            let s = pos
            let e = skipRestOfLine()
            let what = c == Byte.at || c == Byte.backtick ? "'\(makeString(b, s, s + 1))' is reserved and cannot start a plain scalar"
                : "Unexpected '\(makeString(b, s, s + 1))'"
            error(s, s + 1, what)
            if r.keyOfTopMap { mode = .after; return }
            deliver(arena.make(kind: .invalid, range: ByteRange(props?.start ?? s, e), rawText: makeString(b, s, e)))
            return
        }
        // Plain scalar.
        let scanned = scanPlain(n: r.n, flow: false)
        let multiline = scanned.multiline
        let node = plainNode(consume scanned)
        finishCandidate(node, r, props: props, propsSameLine: propsSameLine, multiline: multiline, jsonLike: false, outerProps: outerProps)
    }

    mutating func nestingLimit(_ r: BlockReq, props: Props?) {
        let s = pos
        let e = skipLineAndDeeper(indent: max(r.n, 0))
        error(s, max(s + 1, min(e, s + 1)), "Nesting deeper than \(YAMLChunkParser.maxDepth) levels: the rest of this value is not read", code: "nesting-limit")
        deliver(arena.make(kind: .invalid, range: ByteRange(props?.start ?? s, max(e, s))))
    }

    mutating func applyProps(_ node: inout Node, _ props: Props?, plain: Bool) {
        guard let p = props else { return }
        let text = p.tag != nil && node.kind == .scalar ? (node.scalar?.string ?? scalarText(node)) : ""
        node = arena.replacing(node) { x in
            x.tag = p.tag
            x.anchor = p.anchor
            x.range = ByteRange(min(p.start, x.range.start), x.range.end)
            if let t = p.tag, x.kind == .scalar {
                x.scalar = YAMLParserSupport.resolveTagged(text, tag: t, plain: plain)
            }
        }
    }

    mutating func scalarText(_ node: Node) -> String {
        switch node.scalar {
        case .string(let s)?: return s
        default: return node.rawText ?? ""
        }
    }

    /// A node just read in block context: a key if `:` follows, otherwise a value.
    mutating func mergeProps(_ a: Props?, _ b: Props?, report: Bool = true) -> Props? {
        guard var p = a else { return b }
        guard let m = b else { return a }
        if m.tag != nil { if p.tag != nil && report { error(m.start, m.end, "A node can have only one tag") }; p.tag = m.tag }
        if m.anchor != nil { if p.anchor != nil && report { error(m.start, m.end, "A node can have only one anchor") }; p.anchor = m.anchor }
        p.start = min(p.start, m.start)
        p.end = max(p.end, m.end)
        return p
    }

    mutating func finishCandidate(_ node: Node, _ r: BlockReq, props: Props?, propsSameLine: Bool, multiline: Bool, jsonLike: Bool, outerProps: Props? = nil) {
        let save = pos
        while pos < n, Byte.isBlank(b[pos]) { pos += 1 }
        if pos < n, b[pos] == Byte.colon, blankAfter(pos + 1) {
            var key = node
            if propsSameLine, props != nil { applyProps(&key, props, plain: node.style == .plain) }
            let mapProps = propsSameLine ? outerProps : props
            if multiline { error(node.range.start, node.range.end, "An implicit mapping key must be on a single line") }
            let colon = pos
            tokens.append(SyntaxToken(kind: .indicator, start: colon, end: colon + 1))
            pos += 1
            if r.keyOfTopMap, let i = frames.indices.last {
                frames[i].pendingKey = key
                mode = .node(BlockReq(n: frames[i].indent, sameLine: true, blockOK: false, indentlessOK: true, emptyAt: colon + 1))
                return
            }
            if !r.blockOK {
                let e = skipLineAndDeeper(indent: max(r.n, 0))
                error(colon, colon + 1, "Mapping values are not allowed here: a value on the same line as its key cannot itself be 'key: value'")
                deliver(arena.make(kind: .invalid, range: ByteRange(props?.start ?? node.range.start, max(e, colon + 1)),
                             rawText: makeString(b, props?.start ?? node.range.start, max(e, colon + 1))))
                return
            }
            guard frames.count < YAMLChunkParser.maxDepth else {
                pos = save
                nestingLimit(r, props: props)
                return
            }
            let keyStart = key.range.start
            let savePos = pos
            pos = keyStart
            checkTabIndent()
            pos = savePos
            let isRoot = frames.isEmpty, isSub = isSubRootCandidate
            let fi = pushFrame(kind: .map, indent: keyStart - lineStart, start: mapProps?.start ?? keyStart, props: mapProps)
            frames[fi].isChunkRoot = isRoot
            frames[fi].isSubRoot = isSub
            frames[fi].pendingKey = key
            mode = .node(BlockReq(n: keyStart - lineStart, sameLine: true, blockOK: false, indentlessOK: true, emptyAt: colon + 1))
            return
        }
        pos = save
        if r.keyOfTopMap, let i = frames.indices.last {
            error(node.range.start, node.range.end, "Expected ':' after the mapping key")
            var key = node
            if props != nil { applyProps(&key, props, plain: node.style == .plain) }
            skipInline()
            if !atLineEnd { _ = skipRestOfLine() }
            frames[i].pendingKey = nil
            addEntry(key: key, value: emptyNode(at: key.range.end, props: nil))
            mode = .after
            return
        }
        var value = node
        if outerProps != nil || props != nil { applyProps(&value, mergeProps(outerProps, props), plain: node.style == .plain) }
        skipInline()
        if !atLineEnd {
            let s = pos
            let e = skipRestOfLine()
            error(s, e, "Unexpected text after the value")
        }
        deliver(value)
    }

    // MARK: delivering nodes to frames

    mutating func deliver(_ node: Node) {
        guard let i = frames.indices.last else {
            items.append(.node(node))
            mode = .done
            return
        }
        frames[i].lastEnd = max(frames[i].lastEnd, node.range.end)
        switch frames[i].kind {
        case .map:
            if frames[i].awaitingExplicitKey {
                frames[i].awaitingExplicitKey = false
                frames[i].pendingKey = node
                frames[i].lastEnd = max(frames[i].lastEnd, node.range.end)
                mode = .explicitValue
            } else {
                let key = frames[i].pendingKey ?? emptyNode(at: node.range.start, props: nil)
                frames[i].pendingKey = nil
                addEntry(key: key, value: node)
                mode = .after
            }
        case .seq:
            let start = frames[i].itemStart
            frames[i].lastEnd = max(node.range.end, start + 1)
            if frames[i].isChunkRoot {
                items.append(.item(node, indent: frames[i].indent, start: start))
            } else {
                kids.append(own(node))
            }
            mode = .after
        case .flowSeq:
            if frames[i].flowState == 3 {
                let key = frames[i].pendingKey ?? emptyNode(at: node.range.start, props: nil)
                frames[i].pendingKey = nil
                let pairKids = [own(key), own(node)]
                let pair = pairKids.withUnsafeBufferPointer {
                    arena.add(NodeFields(kind: .mapping, range: ByteRange(key.range.start, max(node.range.end, key.range.end)), isFlow: true),
                              kids: $0, pairs: true)
                }
                kids.append(pair.index)
                frames[i].flowState = 1
            } else {
                // A single-pair mapping `[key: value]`?
                var p = pos
                while p < n, Byte.isBlank(b[p]) { p += 1 }
                let jsonLike = node.kind != .scalar || node.style == .doubleQuoted || node.style == .singleQuoted
                if p < n, b[p] == Byte.colon, jsonLike || p + 1 >= n || Byte.isWhite(b[p + 1]) || Byte.isFlowIndicator(b[p + 1]) {
                    frames[i].pendingKey = node
                    tokens.append(SyntaxToken(kind: .indicator, start: p, end: p + 1))
                    pos = p + 1
                    frames[i].flowState = 3
                } else if frames[i].flowState == 4 {
                    frames[i].pendingKey = node
                    frames[i].flowState = 3
                    deliver(emptyNode(at: node.range.end, props: nil))
                    return
                } else {
                    kids.append(own(node))
                    frames[i].flowState = 1
                }
            }
            mode = .flow
        case .flowMap:
            if frames[i].flowState == 0 || frames[i].flowState == 4 {
                frames[i].pendingKey = node
                frames[i].flowState = 1
            } else {
                let key = frames[i].pendingKey ?? emptyNode(at: node.range.start, props: nil)
                frames[i].pendingKey = nil
                addEntry(key: key, value: node)
                frames[i].flowState = 3
            }
            mode = .flow
        }
    }

    /// Adds an entry to the top mapping frame (or emits it, for the chunk's root mapping).
    mutating func addEntry(key: Node, value: Node) {
        guard let i = frames.indices.last else { return }
        let entry = Entry(key: key, value: value, range: ByteRange(key.range.start, max(value.range.end, key.range.end)))
        frames[i].lastEnd = max(frames[i].lastEnd, entry.range.end)
        if frames[i].isChunkRoot {
            items.append(.entry(entry, indent: frames[i].indent))
            return
        }
        if frames[i].isSubRoot && subMode {
            // Duplicates depend on the earlier entries: the incremental reparse keeps the old verdict.
        } else {
            let base = frames[i].kidBase, arena = self.arena
            let count = max(kids.count - base, 0) / 2
            if let dupOf = count == 0 ? nil : (fewStringKeysDuplicate(key, base: base, count: count) ?? kids.withUnsafeBufferPointer({ k in
                YAMLParserSupport.duplicateIndex(of: key, count: count, keyAt: { Node(arena: arena, index: k[base + 2 * $0]) },
                                                 index: &frames[i].keyIndex)
            })) {
                let d = YAMLParserSupport.duplicateDiagnostic(key: key, first: Node(arena: arena, index: kids[base + 2 * dupOf]))
                if frames[i].isSubRoot { outerDiags.append(d) } else { diags.append(d) }
            }
        }
        kids.append(own(key))
        kids.append(own(value))
    }

    /// The common case of the duplicate-key check without building key values: a string key
    /// (not `<<`) among fewer than 12 earlier keys, compared with the earlier string keys in
    /// the arena (its string table or source bytes; only string keys can equal a string key,
    /// see `normalizedKey`).
    /// `.some(nil)`: no duplicate; nil: use `duplicateIndex`.
    mutating func fewStringKeysDuplicate(_ key: Node, base: Int, count: Int) -> Int?? {
        guard count < 12, key.arena === arena, key.shift == 0,
              case .string(let ks)? = YAMLParserSupport.normalizedKey(key), ks != "<<" else { return nil }
        var j = 0
        while j < count, base + 2 * j < kids.count {
            let r = arena.rec(kids[base + 2 * j])
            if r.pointee.kindCode == 0, arena.isString(kids[base + 2 * j], equalTo: ks) { return .some(j) }
            j += 1
        }
        return .some(nil)
    }

    /// Closes the top frame and delivers its node to the frame below.
    mutating func closeTopFrame(end: Int? = nil) {
        guard !frames.isEmpty else { mode = .done; return }
        var f = frames.removeLast()
        if f.kind == .map, f.awaitingExplicitKey || f.pendingKey != nil {
            // A key without a value.
            let key = f.pendingKey ?? emptyNode(at: f.lastEnd, props: nil)
            let value = emptyNode(at: key.range.end, props: nil)
            let entry = Entry(key: key, value: value, range: key.range)
            if f.isChunkRoot { items.append(.entry(entry, indent: f.indent)) } else {
                kids.append(own(key))
                kids.append(own(value))
            }
            f.lastEnd = max(f.lastEnd, key.range.end)
        }
        if f.isChunkRoot {
            mode = .done
            return
        }
        let isMap = f.kind == .map || f.kind == .flowMap
        let isFlow = f.kind == .flowMap || f.kind == .flowSeq
        let range = ByteRange(f.start, end ?? f.lastEnd)
        if let r = f.blockReq {
            // The outermost flow collection in block context: maybe a key.
            let bare = collectionNode(f, kind: isMap ? .mapping : .sequence, range: ByteRange(flowOpenOffset(f), range.end),
                                      tag: nil, anchor: nil, isFlow: isFlow)
            var spans = false
            var k = bare.range.start
            while k < bare.range.end { if Byte.isBreak(b[k]) { spans = true; break }; k += 1 }
            finishCandidate(bare, r, props: f.props, propsSameLine: f.propsSameLine, multiline: spans, jsonLike: true, outerProps: f.outerProps)
            return
        }
        deliver(collectionNode(f, kind: isMap ? .mapping : .sequence, range: range, tag: f.props?.tag, anchor: f.props?.anchor,
                               isFlow: isFlow))
    }

    /// The offset of the opening bracket of a flow frame (its start may include properties).
    mutating func flowOpenOffset(_ f: Frame) -> Int {
        flowOpenOffset(start: f.start, propsEnd: f.props?.end)
    }

    mutating func flowOpenOffset(start: Int, propsEnd: Int?) -> Int {
        var p = start
        if let e = propsEnd { p = e }
        while p < n, b[p] != Byte.lbracket, b[p] != Byte.lbrace { p += 1 }
        return p
    }

    // MARK: after a node in a block collection

    mutating func afterBlock() {
        guard let i = frames.indices.last else { mode = .done; return }
        let crossed = skipToContent()
        if atEnd || (col == 0 && isDocumentMarker(at: pos)) {
            if frames[i].isSubRoot, subClosing() { return }
            closeTopFrame()
            return
        }
        if !crossed && !onlyBlankBefore() {
            let s = pos
            let e = skipRestOfLine()
            error(s, e, "Unexpected text after the value")
            return
        }
        let fIndent = frames[i].indent
        let fKind = frames[i].kind
        if col < fIndent {
            if frames[i].isSubRoot, subClosing() { return }
            closeTopFrame()
            return
        }
        checkTabIndent()
        if col > fIndent {
            let s = pos
            let e = skipLineAndDeeper(indent: fIndent)
            error(s, max(e, s + 1), fKind == .map
                  ? "Bad indentation: this line is indented more than the keys of its mapping (did you forget a ':' on the line above?)"
                  : "Bad indentation: this line is indented more than the items of its sequence")
            return
        }
        if frames[i].isChunkRoot {
            mode = .done
            return
        }
        switch fKind {
        case .map:
            if frames[i].isSubRoot, subBoundary() { return }
            mode = .node(BlockReq(n: fIndent, sameLine: true, blockOK: true, indentlessOK: false, emptyAt: pos, keyOfTopMap: true))
        case .seq:
            if isSeqDash(pos) {
                if frames[i].isSubRoot, subBoundary() { return }
                frames[i].itemStart = pos
                tokens.append(SyntaxToken(kind: .indicator, start: pos, end: pos + 1))
                pos += 1
                mode = .node(BlockReq(n: fIndent, sameLine: true, blockOK: true, indentlessOK: false, emptyAt: pos))
            } else {
                if frames[i].isSubRoot, subClosing() { return }
                closeTopFrame()
            }
        default:
            mode = .flow
        }
    }

    mutating func explicitValue() {
        guard let i = frames.indices.last else { mode = .done; return }
        let save = pos, saveLS = lineStart
        skipToContent()
        let fIndent = frames[i].indent
        let fLastEnd = frames[i].lastEnd
        if pos < n, col == fIndent, b[pos] == Byte.colon, blankAfter(pos + 1), !(col == 0 && isDocumentMarker(at: pos)) {
            tokens.append(SyntaxToken(kind: .indicator, start: pos, end: pos + 1))
            pos += 1
            mode = .node(BlockReq(n: fIndent, sameLine: true, blockOK: true, indentlessOK: true, emptyAt: pos))
            return
        }
        _ = save; _ = saveLS
        let key = frames[i].pendingKey ?? emptyNode(at: fLastEnd, props: nil)
        frames[i].pendingKey = nil
        addEntry(key: key, value: emptyNode(at: key.range.end, props: nil))
        mode = .after
    }
}
