// Which GPU a config must fit, from the four sources of DESIGN.md, highest first:
// `--gpu` on the command line, a `# headroom: gpu=` directive, a `.headroom.yaml` found by
// walking up from the config, the editor setting `headroom.gpu` (+ `headroom.gpuCount`).

import ConfigSyntax
import MemoryModel
import TrainingSetup

public struct TargetGPU: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        case commandLine
        case directive(ByteRange)
        case workspaceFile(String)
        case setting

        public var label: String {
            switch self {
            case .commandLine: return "--gpu"
            case .directive: return "the headroom directive"
            case .workspaceFile(let p): return p
            case .setting: return "the headroom.gpu setting"
            }
        }
    }

    public var gpu: GPU
    public var count: Int
    public var source: Source
}

enum TargetResolver {
    static let maxWalkUp = 64

    /// The target, or findings saying why a named one could not be used.
    static func resolve(settings: AnalysisSettings, directive: Directive?, path: String?,
                        reader: ReferenceReader?, catalog: Catalog) -> (TargetGPU?, [Finding]) {
        if let g = settings.commandLineGPU {
            // An unknown --gpu is a usage error the CLI reports before analysing.
            if let spec = catalog.parseGPUSpec(g) { return (TargetGPU(gpu: spec.gpu, count: spec.count, source: .commandLine), []) }
        }
        if let d = directive {
            if let spec = catalog.parseGPUSpec(d.value) {
                return (TargetGPU(gpu: spec.gpu, count: spec.count, source: .directive(d.valueRange)), [])
            }
            return (nil, [unknownGPU(d.value, range: d.valueRange, catalog: catalog)])
        }
        if let path, let reader, let (file, gpuName, count) = workspaceFile(from: path, reader: reader) {
            if let spec = catalog.parseGPUSpec(gpuName) {
                let n = count ?? spec.count
                return (TargetGPU(gpu: spec.gpu, count: max(1, n), source: .workspaceFile(file)), [])
            }
            // The file is elsewhere: report on the first byte, naming the file.
            var f = unknownGPU(gpuName, range: ByteRange(0, 0), catalog: catalog)
            f.message = "\(file): " + f.message
            return (nil, [f])
        }
        if let g = settings.gpu, let spec = catalog.parseGPUSpec(g) {
            let n = settings.gpuCount ?? spec.count
            return (TargetGPU(gpu: spec.gpu, count: max(1, n), source: .setting), [])
        }
        return (nil, [])
    }

    static func unknownGPU(_ name: String, range: ByteRange, catalog: Catalog) -> Finding {
        let near = catalog.suggestions(for: name).filter { id in catalog.gpus.contains { $0.id == id } }
        let hint = near.isEmpty ? " Run `headroom gpus` for the list, or give a size such as 24GiB."
            : " Did you mean \(near.map { "`\($0)`" }.joined(separator: ", "))?"
        return Finding(range: range, severity: .warning, code: "unknown-gpu",
                       message: "Unknown GPU “\(name)”." + hint)
    }

    /// The nearest `.headroom.yaml` above `path`: (file, gpu, count).
    static func workspaceFile(from path: String, reader: ReferenceReader) -> (String, String, Int?)? {
        var dir = parentDirectory(of: path)
        for _ in 0..<maxWalkUp {
            let candidate = dir == "/" ? "/.headroom.yaml" : dir + "/.headroom.yaml"
            if reader.kind(atPath: candidate) == .file, case .success(let text) = reader.readText(atPath: candidate) {
                let root = ConfigParser.parse(text, format: .yaml).root
                guard let gpu = root?["gpu"]?.scalar?.string ?? root?["gpu"]?.rawText else { return nil }
                var count: Int?
                if case .int(let n)? = root?["count"]?.scalar, n > 0, n <= 1_000_000 { count = Int(n) }
                return (candidate, gpu, count)
            }
            if dir == "/" || dir.isEmpty { break }
            dir = parentDirectory(of: dir)
        }
        return nil
    }

    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }
}
