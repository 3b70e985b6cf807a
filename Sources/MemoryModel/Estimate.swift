// The estimator's output: per-GPU bytes by component, the peak, and the fit verdict.

/// One line of the breakdown. Component ids are stable (DESIGN.md `components[].id`).
public struct MemoryComponent: Sendable, Hashable, Codable {
    public enum ID: String, Sendable, Hashable, Codable, CaseIterable {
        case weights
        case quantizationConstants = "quantization-constants"
        case adapters
        case gradients
        case optimizerStates = "optimizer-states"
        case masterWeights = "master-weights"
        case activations
        case logits
        case temporaryBuffers = "temporary-buffers"
        case cudaContext = "cuda-context"
        case allocatorOverhead = "allocator-overhead"
    }

    /// Stable id (`weights`, `optimizer-states`, ...).
    public var id: String
    /// Human label, e.g. "Base weights (NF4)".
    public var label: String
    /// Bytes on one GPU at the peak moment.
    public var bytes: Int64
    /// False for bytes the device need not hold (bitsandbytes paged optimizer states live in
    /// CUDA managed memory: outside torch's counters, evicted to host RAM under pressure).
    public var countedInPeak: Bool

    public init(id: ID, label: String, bytes: Int64, countedInPeak: Bool = true) {
        self.id = id.rawValue
        self.label = label
        self.bytes = bytes
        self.countedInPeak = countedInPeak
    }
}

public struct Estimate: Sendable, Hashable, Codable {
    /// The breakdown at the peak moment; the counted components sum to `peakBytesPerGpu`.
    public var components: [MemoryComponent]
    /// What `torch.cuda.max_memory_allocated()` would report (per GPU).
    public var peakAllocatedBytesPerGpu: Int64
    /// Allocated plus the caching allocator's extra reservation (`max_memory_reserved`).
    public var peakReservedBytesPerGpu: Int64
    /// What the device must hold: reserved plus the CUDA context (what nvidia-smi shows).
    public var peakBytesPerGpu: Int64
    /// The phase where the peak occurs: `forward`, `loss-backward`, `backward`, `optimizer-step`.
    public var peakPhase: String
    /// The target GPU's id and usable bytes, when one is known.
    public var gpuId: String?
    public var usableBytesPerGpu: Int64?
    /// `nil` when no GPU is known or the setup was rejected. Paged optimizer states may spill to host
    /// RAM, so the verdict compares `peakBytesPerGpu - spillableBytesPerGpu` with the usable memory.
    public var fits: Bool?
    /// Bytes that can live in host RAM when the device is full (bitsandbytes paged optimizer states).
    public var spillableBytesPerGpu: Int64 = 0
    public var gpuCount: Int
    public var parameters: Int64
    public var trainableParameters: Int64
    /// Silent framework overrides and assumptions applied ("LitGPT replaces the optimizer ...").
    public var notes: [String]
    /// Why the setup was rejected (empty when valid). A rejected setup has zero bytes.
    public var errors: [String]
    /// Parts of the setup the estimator does not model (e.g. a PEFT method it approximates by
    /// LoRA). Non-empty means the numbers are an approximation: show an information diagnostic.
    public var notModelled: [String] = []

    public var isValid: Bool { errors.isEmpty }

    /// Bytes of one component (0 when absent).
    public func bytes(of id: MemoryComponent.ID) -> Int64 {
        components.filter { $0.id == id.rawValue }.reduce(Int64(0)) { $0 &+ $1.bytes }
    }

    static func rejected(_ errors: [String], gpu: GPU?, gpuCount: Int) -> Estimate {
        Estimate(components: [], peakAllocatedBytesPerGpu: 0, peakReservedBytesPerGpu: 0, peakBytesPerGpu: 0,
                 peakPhase: "none", gpuId: gpu?.id, usableBytesPerGpu: gpu?.usableMemoryBytes, fits: nil,
                 gpuCount: max(gpuCount, 1), parameters: 0, trainableParameters: 0, notes: [], errors: errors)
    }
}

/// Converts a byte total to Int64 without trapping: NaN or negative → 0, huge → Int64.max.
@inlinable
public func clampToInt64(_ x: Double) -> Int64 {
    guard x.isFinite else { return x.isNaN ? 0 : (x > 0 ? Int64.max : 0) }
    if x <= 0 { return 0 }
    if x >= 9.2e18 { return Int64.max }
    return Int64(x.rounded())
}
