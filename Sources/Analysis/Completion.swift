// Completion: the dialect's keys (not already present, with their documentation), enum
// values after `key: `, model ids from the catalog on the model key, and GPU names inside
// a `# headroom: gpu=` directive. Also the inlay hint shown at the model line.

import ConfigSyntax
import MemoryModel
import TrainingSetup

public struct CompletionCandidate: Sendable, Hashable {
    public enum Kind: String, Sendable { case key, value, model, gpu }
    public var label: String
    public var kind: Kind
    public var detail: String?
    public var documentation: String?
    /// What to insert over `replace` (the partial word before the cursor).
    public var insertText: String
    public var replace: ByteRange
}

/// A short label placed after a line (LSP inlay hint).
public struct InlayLabel: Sendable, Hashable {
    public var offset: Int
    public var label: String
    public var tooltip: String?
}

extension DocumentAnalysis {
    public func completions(at offset: Int) -> [CompletionCandidate] {
        let bytes = Array(document.text.utf8)
        let cursor = min(max(offset, 0), bytes.count)
        var lineStart = cursor
        while lineStart > 0, bytes[lineStart - 1] != 0x0A, bytes[lineStart - 1] != 0x0D { lineStart -= 1 }
        let line = String(decoding: bytes[lineStart..<cursor], as: UTF8.self)
        var wordStart = cursor
        while wordStart > lineStart, Self.isWordByte(bytes[wordStart - 1]) { wordStart -= 1 }
        let partial = String(decoding: bytes[wordStart..<cursor], as: UTF8.self).lowercased()
        let replace = ByteRange(wordStart, cursor)

        if line.contains("#") {
            let beforeWord = String(decoding: bytes[lineStart..<wordStart], as: UTF8.self)
            guard beforeWord.contains("headroom:"), beforeWord.hasSuffix("gpu=") else { return [] }
            return Catalog.builtIn.gpus.filter { partial.isEmpty || $0.id.hasPrefix(partial) || $0.aliases.contains { $0.lowercased().hasPrefix(partial) } }
                .map { CompletionCandidate(label: $0.id, kind: .gpu, detail: "\($0.name) · \(Format.gib($0.usableMemoryBytes)) usable",
                                           documentation: nil, insertText: $0.id, replace: replace) }
        }
        guard dialect != .unknown, document.format == .yaml, let keys = DialectKeys.forDialect(dialect) else { return [] }
        let indent = line.prefix { $0 == " " }.count
        let body = line.dropFirst(indent)
        if let colon = body.firstIndex(of: ":"), !body[..<colon].contains(" ") {
            // `key: partial` -> values of that key.
            let key = String(body[..<colon])
            let path = (parentPath(indent: indent, before: lineStart, bytes: bytes) + [key]).joined(separator: ".")
            return valueCandidates(path: path, keys: keys, partial: partial, replace: replace)
        }
        guard body.allSatisfy({ Self.isWordByte($0.asciiValue ?? 0) }) else { return [] }
        let parent = parentPath(indent: indent, before: lineStart, bytes: bytes).joined(separator: ".")
        let present = Set(presentKeys(parent: parent))
        return keys.children(of: parent).filter { !$0.removed && !present.contains($0.leafName) && (partial.isEmpty || $0.leafName.hasPrefix(partial)) }
            .map { spec in
                CompletionCandidate(label: spec.leafName, kind: .key,
                                    detail: spec.defaultValue.map { "default \($0)" } ?? spec.types.names.joined(separator: " | "),
                                    documentation: spec.summary.isEmpty ? nil : spec.summary,
                                    insertText: spec.leafName + ": ", replace: replace)
            }
    }

    func valueCandidates(path: String, keys: DialectKeys, partial: String, replace: ByteRange) -> [CompletionCandidate] {
        if path == setup.config.model?.key {
            return Catalog.builtIn.models.filter { partial.isEmpty || $0.hfRepo.lowercased().contains(partial) || $0.id.hasPrefix(partial) }
                .map { CompletionCandidate(label: $0.hfRepo, kind: .model, detail: "\($0.name) · \(Format.fixed(Double($0.parameters) / 1e9, 2))B params",
                                           documentation: nil, insertText: $0.hfRepo, replace: replace) }
        }
        guard let spec = keys[path] else { return [] }
        var values = spec.values
        if spec.types.contains(.boolean) { values += ["true", "false"] }
        return values.filter { partial.isEmpty || $0.lowercased().hasPrefix(partial) }
            .map { CompletionCandidate(label: $0, kind: .value, detail: spec.name, documentation: nil, insertText: $0, replace: replace) }
    }

    /// Keys of the enclosing block mappings, found from the lines above with less indentation.
    func parentPath(indent: Int, before lineStart: Int, bytes: [UInt8]) -> [String] {
        guard indent > 0, let root = document.root else { return [] }
        var path: [String] = []
        var node = root
        // Walk down the tree along entries whose range contains the line start.
        for _ in 0..<16 {
            guard node.kind == .mapping,
                  let e = node.entries.last(where: { $0.range.start < lineStart && lineStart <= $0.range.end + 1 }),
                  let key = e.keyString, e.value.kind == .mapping || e.value.kind == .scalar && e.value.range.isEmpty,
                  Self.column(of: e.key.range.start, bytes) < indent else { break }
            path.append(key)
            node = e.value
        }
        return path
    }

    func presentKeys(parent: String) -> [String] {
        guard let root = document.root else { return [] }
        let node = parent.isEmpty ? root : root.lookup(parent.split(separator: ".").map(String.init))
        return node?.entries.compactMap(\.keyString) ?? []
    }

    static func column(of offset: Int, _ bytes: [UInt8]) -> Int {
        let offset = min(max(offset, 0), bytes.count)
        var s = offset
        while s > 0, bytes[s - 1] != 0x0A, bytes[s - 1] != 0x0D { s -= 1 }
        return offset - s
    }

    static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D || b == 0x2E || b == 0x2F
    }

    /// "≈ 21.3 GiB / RTX 4090 24.0 GiB · 2.7 GiB free" after the model line.
    public func inlayHints() -> [InlayLabel] {
        guard let e = estimate, let m = FitVerdict.entryRange(setup.config.model) else { return [] }
        var label = "≈ \(Format.gib(e.peakBytesPerGpu))"
        if let t = target {
            let usable = t.gpu.usableMemoryBytes
            let rest = usable - e.peakBytesPerGpu
            label += " / \(t.count > 1 ? "\(t.count)× " : "")\(t.gpu.name) \(Format.gib(usable)) · "
                + (rest >= 0 ? "\(Format.gib(rest)) free" : "\(Format.gib(-rest)) over")
        } else {
            label += " per GPU"
        }
        return [InlayLabel(offset: m.end, label: " " + label, tooltip: "Headroom's peak estimate per GPU (what nvidia-smi would show)")]
    }
}
