// Minimal text edits to a YAML or JSON document: set a key (replacing its value, or inserting the
// key after a related one at its block's indentation), delete a key's line. Everything not
// touched — comments, key order, indentation, quoting — stays byte for byte.
import ConfigSyntax

struct DocumentEditor {
    let document: ParsedDocument
    let bytes: [UInt8]
    let format: SyntaxFormat
    private(set) var edits: [TextEdit] = []
    /// Keys inserted so far, by parent path: later inserts anchored on them join their group.
    private var inserted: [String: (offset: Int, order: Int)] = [:]
    private var insertCounter = 0
    private var pendingInserts: [(offset: Int, order: Int, text: String)] = []
    /// Style of booleans in the file (`True` in torchtune configs).
    let capitalizedBooleans: Bool

    init(document: ParsedDocument) {
        self.document = document
        self.bytes = Array(document.text.utf8)
        self.format = document.format
        var capital = false
        if let root = document.root { capital = DocumentEditor.hasCapitalBool(root, depth: 0) }
        self.capitalizedBooleans = capital
    }

    private static func hasCapitalBool(_ n: Node, depth: Int) -> Bool {
        guard depth < 6 else { return false }
        if n.kind == .scalar, case .bool? = n.scalar, let raw = n.rawText { return raw == "True" || raw == "False" }
        for e in n.entries where hasCapitalBool(e.value, depth: depth + 1) { return true }
        return false
    }

    var root: Node? { document.root }

    func entry(_ path: [String]) -> Entry? {
        var node = root
        var found: Entry?
        for p in path {
            guard let n = node, n.kind == .mapping, let e = n.entry(p) else { return nil }
            found = e
            node = e.value
        }
        return found
    }

    func node(_ path: [String]) -> Node? { path.isEmpty ? root : entry(path)?.value }

    // MARK: Values

    func bool(_ b: Bool) -> String {
        if format == .json { return b ? "true" : "false" }
        if capitalizedBooleans { return b ? "True" : "False" }
        return b ? "true" : "false"
    }

    /// A string as a scalar in this format (quoted when YAML would misread it).
    func string(_ s: String) -> String {
        if format == .json { return jsonQuote(s) }
        return yamlNeedsQuotes(s) ? "\"" + s.replacingAll("\"", with: "\\\"") + "\"" : s
    }

    func jsonQuote(_ s: String) -> String {
        var out = "\""
        for c in s {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out + "\""
    }

    private func yamlNeedsQuotes(_ s: String) -> Bool {
        if s.isEmpty { return true }
        let lower = s.lowercased()
        if ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"].contains(lower) { return true }
        if Double(s) != nil { return true }
        if let f = s.first, "-?:,[]{}#&*!|>'\"%@`".contains(f) { return true }
        return s.contains(": ") || s.contains(" #") || s.hasSuffix(":")
    }

    // MARK: Operations

    /// Sets `path` to the scalar text `value` (already formatted). When the key is absent it is
    /// inserted after the first existing (or already inserted) anchor among `after`, else at the
    /// end of its mapping; a missing parent mapping is created.
    mutating func set(_ path: [String], _ value: String, after: [String] = []) {
        guard let last = path.last else { return }
        if let e = entry(path) {
            let v = e.value
            if v.kind == .scalar {
                var text = value
                if format == .yaml, let style = v.style, v.scalar?.string != nil, !value.hasPrefix("\""), !value.hasPrefix("'") {
                    if style == .singleQuoted { text = "'" + value + "'" }
                    if style == .doubleQuoted { text = "\"" + value + "\"" }
                }
                if v.range.isEmpty {
                    // `key:` with nothing after the colon.
                    edits.append(TextEdit(range: ByteRange(v.range.start, v.range.start), replacement: " " + text))
                } else if v.rawText != text {
                    edits.append(TextEdit(range: v.range, replacement: text))
                }
            } else {
                edits.append(TextEdit(range: v.range, replacement: value))
            }
            return
        }
        let parentPath = Array(path.dropLast())
        guard let parent = node(parentPath) else {
            guard let parentKey = parentPath.last else { return }
            let grandKey = parentPath.dropLast().joined(separator: ".")
            if format == .yaml, let prior = inserted[grandKey + "/" + parentKey] {
                // The parent was created by this edit: add the key to its block.
                let indent = childIndent(of: Array(parentPath.dropLast())) + 2
                insertCounter += 1
                pendingInserts.append((prior.offset, insertCounter, String(repeating: " ", count: indent) + last + ": " + value + "\n"))
                return
            }
            // Create the parent (one level at a time) holding this key.
            if format == .json {
                set(parentPath, "{" + jsonQuote(last) + ": " + value + "}", after: [])
            } else {
                let grand = Array(parentPath.dropLast())
                let indent = childIndent(of: grand) + 2
                let block = "\n" + String(repeating: " ", count: indent) + last + ": " + value
                insertLine(parentPath: grand, key: parentKey, text: parentKey + ":" + block, after: [])
            }
            return
        }
        if format == .json || parent.isFlow {
            insertInFlow(parent, key: last, value: value)
            return
        }
        insertLine(parentPath: parentPath, key: last, text: last + ": " + value, after: after)
    }

    /// Inserts `text` (one or more lines, without indentation on the first) into the block
    /// mapping at `parentPath`.
    private mutating func insertLine(parentPath: [String], key: String, text: String, after: [String]) {
        let parentKey = parentPath.joined(separator: ".")
        let indent = childIndent(of: parentPath)
        let pad = String(repeating: " ", count: indent)
        let body = pad + text + "\n"
        // An anchor inserted earlier in this edit: join its group right after it.
        for a in after {
            if let prior = inserted[parentKey + "/" + a] {
                insertCounter += 1
                pendingInserts.append((prior.offset, insertCounter, body))
                inserted[parentKey + "/" + key] = (prior.offset, insertCounter)
                return
            }
            if let e = entry(parentPath + [a]) {
                let offset = lineEnd(after: e.range.end)
                insertCounter += 1
                pendingInserts.append((offset, insertCounter, body))
                inserted[parentKey + "/" + key] = (offset, insertCounter)
                return
            }
        }
        // End of the mapping.
        let parent = node(parentPath)
        let end: Int
        if let last = parent?.entries.last {
            end = lineEnd(after: last.range.end)
        } else if let p = parent {
            end = lineEnd(after: p.range.end)
        } else {
            end = bytes.count
        }
        insertCounter += 1
        pendingInserts.append((end, insertCounter, body))
        inserted[parentKey + "/" + key] = (end, insertCounter)
    }

    /// `{a: 1}` / JSON objects: add `, key: value` after the last entry.
    private mutating func insertInFlow(_ parent: Node, key: String, value: String) {
        let k = format == .json ? jsonQuote(key) : key
        if let last = parent.entries.last {
            if format == .json && !parent.isFlowSingleLine(bytes) {
                let indent = column(of: last.key.range.start)
                insertCounter += 1
                pendingInserts.append((last.range.end, insertCounter, ",\n" + String(repeating: " ", count: indent) + k + ": " + value))
            } else {
                insertCounter += 1
                pendingInserts.append((last.range.end, insertCounter, ", " + k + ": " + value))
            }
        } else {
            // Empty `{}`: insert inside the braces.
            let inside = max(parent.range.start + 1, parent.range.end - 1)
            insertCounter += 1
            pendingInserts.append((inside, insertCounter, k + ": " + value))
        }
    }

    /// Deletes the entry's whole line(s) (block style), or the entry from a flow mapping.
    mutating func delete(_ path: [String]) {
        guard let e = entry(path) else { return }
        let parent = node(Array(path.dropLast()))
        if format == .json || parent?.isFlow == true {
            guard let parent, let i = parent.entries.firstIndex(where: { $0.range == e.range }) else { return }
            if i > 0 {
                edits.append(TextEdit(range: ByteRange(parent.entries[i - 1].range.end, e.range.end), replacement: ""))
            } else if parent.entries.count > 1 {
                edits.append(TextEdit(range: ByteRange(e.range.start, parent.entries[1].range.start), replacement: ""))
            } else {
                edits.append(TextEdit(range: e.range, replacement: ""))
            }
            return
        }
        let start = lineStart(of: e.range.start)
        let end = lineEnd(after: e.range.end)
        edits.append(TextEdit(range: ByteRange(start, end), replacement: ""))
    }

    /// Replaces a key's whole value (a nested block or a scalar) with a scalar.
    mutating func replaceValue(_ path: [String], with text: String) {
        guard let e = entry(path) else { return }
        if e.value.kind == .scalar || format == .json || e.value.isFlow {
            edits.append(TextEdit(range: e.value.range, replacement: text))
        } else {
            // Block value: from just after the colon to the end of the block.
            edits.append(TextEdit(range: ByteRange(e.key.range.end, lineEnd(after: e.range.end)), replacement: ": " + text + "\n"))
        }
    }

    /// The edits, sorted, with inserts at one offset merged in order.
    func finished() -> [TextEdit] {
        var all = edits
        var grouped: [Int: [(Int, String)]] = [:]
        for p in pendingInserts { grouped[p.offset, default: []].append((p.order, p.text)) }
        for (offset, items) in grouped {
            var text = items.sorted { $0.0 < $1.0 }.map(\.1).joined()
            // Inserting at the very end of a file without a final newline.
            if offset == bytes.count, let last = bytes.last, last != 0x0A, !text.hasPrefix(",") { text = "\n" + String(text.dropLast()) }
            all.append(TextEdit(range: ByteRange(offset, offset), replacement: text))
        }
        return all.sorted { ($0.range.start, $0.range.end) < ($1.range.start, $1.range.end) }
    }

    // MARK: Geometry

    func lineStart(of offset: Int) -> Int {
        var i = min(max(offset, 0), bytes.count)
        while i > 0, bytes[i - 1] != 0x0A { i -= 1 }
        return i
    }

    /// The offset just past the newline ending the line that contains `offset - 1`.
    func lineEnd(after offset: Int) -> Int {
        var i = min(max(offset, 0), bytes.count)
        if i > 0, i <= bytes.count, bytes[i - 1] == 0x0A { return i }
        while i < bytes.count, bytes[i] != 0x0A { i += 1 }
        return i < bytes.count ? i + 1 : i
    }

    func column(of offset: Int) -> Int { offset - lineStart(of: offset) }

    /// Indentation of the entries of the block mapping at `path`.
    func childIndent(of path: [String]) -> Int {
        if let n = node(path), n.kind == .mapping, let first = n.entries.first { return column(of: first.key.range.start) }
        if path.isEmpty { return 0 }
        if let e = entry(path) { return column(of: e.key.range.start) + 2 }
        return 2 * path.count
    }
}

extension Node {
    func isFlowSingleLine(_ bytes: [UInt8]) -> Bool {
        guard range.start >= 0, range.end <= bytes.count, range.start < range.end else { return true }
        return !bytes[range.start..<range.end].contains(0x0A)
    }
}

public enum TextEdits {
    /// Applies non-overlapping edits (UTF-8 byte ranges of `text`) and returns the new text.
    public static func apply(_ edits: [TextEdit], to text: String) -> String {
        var bytes = Array(text.utf8)
        for e in edits.sorted(by: { ($0.range.start, $0.range.end) > ($1.range.start, $1.range.end) }) {
            let s = min(max(0, e.range.start), bytes.count)
            let t = min(max(s, e.range.end), bytes.count)
            bytes.replaceSubrange(s..<t, with: Array(e.replacement.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
