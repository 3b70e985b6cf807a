// The fit verdict as findings: an error over the target GPU (on the key most responsible,
// with the other big contributors as related locations), a warning inside the safety margin,
// and, with no target, an information naming the smallest catalog GPUs that fit.

import ConfigSyntax
import MemoryModel
import TrainingSetup

enum FitVerdict {
    static let code = "does-not-fit"
    static let marginCode = "near-limit"
    static let noTargetCode = "fits-on"

    static func findings(config: TrainingConfig, estimate e: Estimate, target: TargetGPU?, margin: Double,
                         catalog: Catalog, setup: Setup) -> [Finding] {
        let (anchor, related) = placement(config: config, estimate: e)
        guard let anchor else { return [] }
        let peak = e.peakBytesPerGpu
        guard let t = target else {
            return [Finding(range: anchor, severity: .information, code: noTargetCode,
                            message: noTargetMessage(peak: peak, setup: setup, catalog: catalog))]
        }
        let usable = t.gpu.usableMemoryBytes
        let perGPU = t.count > 1 ? " per GPU (\(t.count) GPUs)" : " per GPU"
        let name = t.gpu.name
        if peak > usable {
            let over = peak - usable
            return [Finding(range: anchor, severity: .error, code: code,
                            message: "Needs \(Format.gib(peak))\(perGPU); \(name) has \(Format.gib(usable)) (\(Format.gib(over)) over)",
                            related: related)]
        }
        let free = usable - peak
        if Double(free) < Double(usable) * margin {
            return [Finding(range: anchor, severity: .warning, code: marginCode,
                            message: "Needs \(Format.gib(peak))\(perGPU); \(name) has \(Format.gib(usable)): only \(Format.gib(free)) free, inside the \(Format.fixed(margin * 100, 0))% safety margin",
                            related: related)]
        }
        return []
    }

    /// The smallest catalog GPUs on which this setup fits.
    static func noTargetMessage(peak: Int64, setup: Setup, catalog: Catalog) -> String {
        var fitting: [(GPU, Int64)] = []
        for g in catalog.gpus where g.vendor != .apple || setup.framework == .mlx {
            let e = MemoryEstimator.estimate(setup, gpu: g)
            if e.isValid, e.peakBytesPerGpu <= g.usableMemoryBytes { fitting.append((g, g.usableMemoryBytes)) }
        }
        fitting.sort { ($0.1, $0.0.id) < ($1.1, $1.0.id) }
        let names = fitting.prefix(3).map { "\($0.0.name) (\(Format.gib($0.1)))" }
        let perGPU = setup.gpuCount > 1 ? " per GPU (\(setup.gpuCount) GPUs)" : " per GPU"
        if names.isEmpty {
            return "Needs \(Format.gib(peak))\(perGPU): more than any GPU in the catalog. Set a target with `# headroom: gpu=NAME`."
        }
        return "Needs \(Format.gib(peak))\(perGPU). Smallest GPUs that fit: \(names.joined(separator: ", ")). Set a target with `# headroom: gpu=NAME`."
    }

    /// Where the verdict goes: the key most responsible for the peak (or the model key), and
    /// the other big contributors (>= 10 % of the peak) as related locations.
    static func placement(config: TrainingConfig, estimate e: Estimate) -> (ByteRange?, [RelatedLocation]) {
        let modelRange = entryRange(config.model)
        var ranked: [(range: ByteRange, component: MemoryComponent)] = []
        for c in e.components where c.countedInPeak && c.bytes > 0 {
            guard let id = MemoryComponent.ID(rawValue: c.id), let r = responsibleRange(for: id, config: config) ?? modelRange else { continue }
            ranked.append((r, c))
        }
        ranked.sort { $0.component.bytes > $1.component.bytes }
        guard let top = ranked.first else { return (modelRange, []) }
        // Messages only for the components that are shown (10 % of the peak or more).
        let related = ranked.dropFirst().filter { Double($0.component.bytes) >= 0.1 * Double(e.peakBytesPerGpu) }.map {
            RelatedLocation(range: $0.range, message: "\($0.component.label): \(Format.gib($0.component.bytes)) (\(Format.percent($0.component.bytes, of: e.peakBytesPerGpu)))")
        }
        return (top.range, related)
    }

    /// The key that controls a component, when the file sets it.
    static func responsibleRange(for id: MemoryComponent.ID, config c: TrainingConfig) -> ByteRange? {
        switch id {
        case .weights, .quantizationConstants, .masterWeights, .gradients:
            return entryRange(c.quantization) ?? entryRange(c.model)
        case .adapters:
            return entryRange(c.loraRank) ?? entryRange(c.method)
        case .optimizerStates, .temporaryBuffers:
            return entryRange(c.optimizer) ?? entryRange(c.optimizerName)
        case .activations:
            return entryRange(c.microBatchSize) ?? entryRange(c.sequenceLength) ?? entryRange(c.gradientCheckpointing)
        case .logits:
            return entryRange(c.sequenceLength) ?? entryRange(c.microBatchSize)
        case .cudaContext, .allocatorOverhead:
            return nil
        }
    }

    /// The whole `key: value` of a setting written in this document.
    static func entryRange<T>(_ s: Setting<T>?) -> ByteRange? {
        guard let loc = s?.provenance.location, loc.isInDocument else { return nil }
        if case .frameworkDefault = s?.provenance { return nil }
        let start = loc.keyRange?.start ?? loc.valueRange.start
        return ByteRange(min(start, loc.valueRange.start), max(loc.valueRange.end, loc.keyRange?.end ?? 0))
    }
}
