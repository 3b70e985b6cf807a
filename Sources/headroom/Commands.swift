// The headless commands: `check`, `estimate`, `gpus`, `models`. Each returns the exit code:
// 0 no error-level finding, 1 an error-level finding (estimate: does not fit), 2 usage/I-O.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Analysis
import ConfigSyntax
import LanguageServer
import MemoryModel
import TrainingSetup

enum Commands {
    static func run(_ args: Arguments) -> Int32 {
        if let g = args.gpu, Catalog.builtIn.parseGPUSpec(g) == nil {
            let near = Catalog.builtIn.suggestions(for: g).prefix(3)
            fail("unknown GPU '\(g)'" + (near.isEmpty ? " (see 'headroom gpus')" : "; did you mean \(near.joined(separator: ", "))?"))
        }
        switch args.command {
        case "check": return check(args)
        case "estimate": return estimate(args)
        case "gpus": return Listing.gpus(args.format)
        case "models": return Listing.models(args.format)
        default: fail("unknown command '\(args.command)'")
        }
    }

    /// Files larger than this are not read (a config is a few KiB).
    static let maxFileBytes = 64 * 1024 * 1024

    struct Input {
        var path: String
        var bytes: [UInt8]
    }

    /// Reads a file or stdin (`-`), bounded; a usage-level failure ends the process with 2.
    static func read(_ path: String) -> Input {
        if path == "-" {
            var data = [UInt8]()
            var chunk = [UInt8](repeating: 0, count: 65536)
            while data.count <= maxFileBytes {
                let n = chunk.withUnsafeMutableBytes { System.read(0, into: $0) }
                if n <= 0 { break }
                data.append(contentsOf: chunk[0..<n])
            }
            guard data.count <= maxFileBytes else { fail("stdin: larger than \(maxFileBytes / 1_048_576) MiB") }
            return Input(path: "-", bytes: data)
        }
        switch readRegularFile(path) {
        case .success(let bytes): return Input(path: path, bytes: bytes)
        case .failure(let why): fail("\(path): \(why.message)")
        }
    }

    struct ReadError: Error { var message: String }

    /// A regular file's bytes, at most `maxFileBytes`: directories, FIFOs and devices are
    /// refused before they are opened, so nothing can block or stream forever.
    static func readRegularFile(_ path: String) -> Result<[UInt8], ReadError> {
        var st = stat()
        guard stat(path, &st) == 0 else {
            return .failure(ReadError(message: errno == ENOENT ? "no such file" : String(cString: strerror(errno))))
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .failure(ReadError(message: "is a directory"))
        default: return .failure(ReadError(message: "not a regular file"))
        }
        guard st.st_size <= maxFileBytes else { return .failure(ReadError(message: "larger than \(maxFileBytes / 1_048_576) MiB")) }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .failure(ReadError(message: String(cString: strerror(errno)))) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while bytes.count <= maxFileBytes {
            let n = chunk.withUnsafeMutableBytes { System.read(fd, into: $0) }
            if n < 0, errno == EINTR { continue }
            if n < 0 { return .failure(ReadError(message: String(cString: strerror(errno)))) }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        guard bytes.count <= maxFileBytes else { return .failure(ReadError(message: "larger than \(maxFileBytes / 1_048_576) MiB")) }
        return .success(bytes)
    }

    static func analyze(_ input: Input, gpu: String?) -> (DocumentAnalysis, LineIndex) {
        let format = ConfigParser.format(forPath: input.path)
            ?? (input.bytes.first { $0 > 0x20 } == UInt8(ascii: "{") ? .json : .yaml)
        let path = input.path == "-" ? nil : absolute(input.path)
        if input.bytes.count > Analyzer.maxDocumentBytes {
            let settings = AnalysisSettings(commandLineGPU: gpu)
            return (Analyzer.tooLarge(byteCount: input.bytes.count, format: format, path: path, settings: settings), LineIndex(""))
        }
        let doc = ConfigParser.parse(bytes: input.bytes, format: format)
        let analysis = Analyzer.analyze(doc, path: path, settings: AnalysisSettings(commandLineGPU: gpu))
        return (analysis, LineIndex(doc.text))
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : System.currentDirectory() + "/" + path
    }

    // MARK: check

    static func check(_ args: Arguments) -> Int32 {
        guard !args.paths.isEmpty else { fail("check needs at least one PATH (or - for stdin)") }
        // Explicit files are always reported; files found in directories only when they are
        // training configs (other YAML/JSON is skipped quietly).
        var work: [(path: String, explicit: Bool)] = []
        for p in args.paths {
            if p != "-", System.isDirectory(p) {
                work += ConfigDiscovery.files(under: p).map { ($0, false) }
            } else {
                work.append((p, true))
            }
        }
        let progress = Progress(total: work.count)
        var results: [CheckedFile] = []
        for (index, item) in work.enumerated() {
            progress.update(index)
            let (a, lines) = analyze(read(item.path), gpu: args.gpu)
            if item.explicit || a.dialect != .unknown { results.append(CheckedFile(path: item.path, analysis: a, lines: lines)) }
        }
        progress.finish()
        print(CheckOutput.render(results, format: args.format), terminator: "")
        return results.contains { $0.analysis.findings.contains { $0.severity == .error } } ? 1 : 0
    }

    // MARK: estimate

    static func estimate(_ args: Arguments) -> Int32 {
        guard args.format == .text || args.format == .json else { fail("estimate supports --format text or json") }
        if let model = args.model {
            guard args.paths.isEmpty else { fail("give either FILE or --model, not both") }
            return EstimateOutput.fromFlags(args, model: model)
        }
        guard args.paths.count == 1, let path = args.paths.first else { fail("estimate needs exactly one FILE (or --model ID)") }
        let (a, _) = analyze(read(path), gpu: args.gpu)
        print(EstimateOutput.render(a, file: path, format: args.format))
        return a.estimate.map { e in (a.target.map { e.peakBytesPerGpu > $0.gpu.usableMemoryBytes } ?? false) ? 1 : 0 } ?? 0
    }
}

struct CheckedFile {
    var path: String
    var analysis: DocumentAnalysis
    var lines: LineIndex
}

/// A progress line on stderr while `check` works through many files: only on a terminal,
/// never in pipes or CI logs.
struct Progress {
    let total: Int
    let enabled: Bool

    init(total: Int) {
        self.total = total
        enabled = total >= 20 && isatty(2) != 0 && System.environment("CI") == nil && System.environment("TERM") != "dumb"
    }

    func update(_ done: Int) {
        guard enabled, done % 10 == 0 else { return }
        System.writeError("\rheadroom: checking \(done)/\(total) files")
    }

    func finish() {
        guard enabled else { return }
        System.writeError("\r\u{1B}[K")
    }
}
