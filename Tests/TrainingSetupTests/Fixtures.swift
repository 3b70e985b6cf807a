import ConfigSyntax
import Foundation
import MemoryModel
import TestSupport
@testable import TrainingSetup

enum Fixtures {
    /// Files under a folder, recursively, sorted (configs only).
    static func configFiles(under root: URL) -> [URL] {
        guard let e = FileManager.default.enumerator(at: root.resolvingSymlinksInPath(), includingPropertiesForKeys: nil) else { return [] }
        var out: [URL] = []
        for case let url as URL in e where ["yaml", "yml", "json"].contains(url.pathExtension) {
            out.append(url)
        }
        return out.sorted { $0.path < $1.path }
    }

    static var ownExamplesRoot: URL { SharedData.projectRoot.appendingPathComponent("examples") }
    static var ownExamples: [URL] { configFiles(under: ownExamplesRoot) }
    static var sharedExamples: [URL] { configFiles(under: SharedData.url("data/examples")) }

    static func text(_ url: URL) -> String {
        (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    static func format(_ path: String) -> SyntaxFormat {
        path.hasSuffix(".json") ? .json : .yaml
    }

    static func parse(_ url: URL) -> ParsedDocument {
        ConfigParser.parse(text(url), format: format(url.path))
    }

    static func analyze(_ url: URL, reader: ReferenceReader? = FileSystemReferenceReader()) -> SetupAnalysis {
        SetupReader.read(parse(url), path: url.path, options: SetupReaderOptions(reader: reader))
    }

    static func analyze(_ text: String, format: SyntaxFormat = .yaml, path: String? = nil,
                        reader: ReferenceReader? = InMemoryReferenceReader()) -> SetupAnalysis {
        SetupReader.read(ConfigParser.parse(text, format: format), path: path, options: SetupReaderOptions(reader: reader))
    }

    /// The dialect folder an example lives in.
    static func expectedDialect(_ url: URL) -> Dialect? {
        Dialect(rawValue: url.deletingLastPathComponent().lastPathComponent)
    }

    static func relative(_ url: URL) -> String {
        url.deletingLastPathComponent().lastPathComponent + "/" + url.lastPathComponent
    }

    static func bad(_ a: SetupAnalysis) -> [SetupDiagnostic] {
        a.diagnostics.filter { $0.severity == .error || $0.severity == .warning }
    }

    /// Bytes of `range` in `text`.
    static func slice(_ text: String, _ range: ByteRange) -> String {
        let bytes = Array(text.utf8)
        guard range.start >= 0, range.end <= bytes.count, range.start <= range.end else { return "<out of range>" }
        return String(decoding: bytes[range.start..<range.end], as: UTF8.self)
    }
}
