// An open document: its text (edited incrementally), its version, its incrementally
// reparsed syntax tree, and the analysis of the current version (computed on demand).

import Analysis
import ConfigSyntax
import TrainingSetup

final class OpenDocument {
    let uri: String
    let path: String?
    let languageId: String
    let format: SyntaxFormat
    var version: Int
    private(set) var buffer: TextBuffer
    private(set) var parsed: ParsedDocument
    /// Over `Analyzer.maxDocumentBytes`: the text is kept (edits must apply) but not parsed.
    private(set) var tooLarge = false
    private var cachedAnalysis: DocumentAnalysis?

    init(uri: String, languageId: String, version: Int, text: String) {
        self.uri = uri
        self.path = OpenDocument.filePath(fromURI: uri)
        self.languageId = languageId
        self.format = OpenDocument.format(languageId: languageId, path: path, text: text)
        self.version = version
        self.buffer = TextBuffer(text)
        self.tooLarge = text.utf8.count > Analyzer.maxDocumentBytes
        self.parsed = ConfigParser.parse(tooLarge ? "" : text, format: format)
    }

    static func format(languageId: String, path: String?, text: String) -> SyntaxFormat {
        switch languageId.lowercased() {
        case "json", "jsonc": return .json
        case "yaml", "yml": return .yaml
        default: break
        }
        if let p = path, let f = ConfigParser.format(forPath: p) { return f }
        let first = text.utf8.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        return first == UInt8(ascii: "{") ? .json : .yaml
    }

    /// `file:///a/b%20c.yaml` -> `/a/b c.yaml`; other schemes have no path.
    static func filePath(fromURI uri: String) -> String? {
        guard uri.hasPrefix("file://") else { return nil }
        var rest = Substring(uri.dropFirst("file://".count))
        if !rest.hasPrefix("/"), let slash = rest.firstIndex(of: "/") { rest = rest[slash...] } // host part
        return rest.removingPercentEncodingSafely()
    }

    /// Replaces `range` (byte offsets already clamped by the caller) and reparses incrementally.
    func replace(_ range: ByteRange, with text: String) {
        let edit = TextEdit(range: range, replacement: text)
        buffer.replace(range, with: Array(text.utf8))
        cachedAnalysis = nil
        let wasTooLarge = tooLarge
        tooLarge = buffer.bytes.count > Analyzer.maxDocumentBytes
        if tooLarge {
            parsed = ConfigParser.parse("", format: format)
        } else if wasTooLarge {
            parsed = ConfigParser.parse(buffer.text, format: format)
        } else {
            parsed = parsed.applying(edit)
        }
    }

    func replaceAll(with text: String) {
        buffer = TextBuffer(text)
        tooLarge = text.utf8.count > Analyzer.maxDocumentBytes
        parsed = ConfigParser.parse(tooLarge ? "" : text, format: format)
        cachedAnalysis = nil
    }

    func invalidateAnalysis() { cachedAnalysis = nil }

    func analysis(settings: AnalysisSettings, reader: ReferenceReader) -> DocumentAnalysis {
        if let a = cachedAnalysis { return a }
        let a = tooLarge
            ? Analyzer.tooLarge(byteCount: buffer.bytes.count, format: format, path: path, settings: settings)
            : Analyzer.analyze(parsed, path: path, settings: settings, reader: reader)
        cachedAnalysis = a
        return a
    }
}

extension Substring {
    /// Percent-decoding that keeps malformed escapes as they are (never fails).
    func removingPercentEncodingSafely() -> String {
        var out: [UInt8] = []
        let bytes = Array(utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
               let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
