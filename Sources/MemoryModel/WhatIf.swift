// What-if: the effect of each suggestion (DESIGN.md ids) on the peak, with its cost in words and
// numbers, and `make-it-fit`: the cheapest combination of changes that fits a target GPU, found by
// searching the combinations in order of cost (not a fixed recipe).

public struct Suggestion: Sendable, Hashable, Codable {
    /// Stable id: `qlora`, `adamw-8bit`, `paged-optimizer`, `gradient-checkpointing`,
    /// `flash-attention`, `smaller-micro-batch`, `shorter-sequence`, `zero3`, `cpu-offload`, `lora`,
    /// `make-it-fit`.
    public var id: String
    public var title: String
    /// The ids of the single changes applied (one for a plain suggestion, several for make-it-fit).
    public var changes: [String]
    public var changedSetup: Setup
    public var estimate: Estimate
    /// The changed setup's peak (DESIGN.md `suggestions[].peakBytesPerGpu`).
    public var peakBytesPerGpu: Int64
    /// Bytes per GPU saved against the original setup.
    public var savedBytesPerGpu: Int64
    /// What it costs, in words and numbers ("~20–30% slower step").
    public var costNote: String
    /// Relative cost used for ranking (sum over the changes; see `WhatIf.Change.cost`).
    public var cost: Double

    public init(id: String, title: String, changes: [String], changedSetup: Setup, estimate: Estimate,
                savedBytesPerGpu: Int64, costNote: String, cost: Double) {
        self.id = id
        self.title = title
        self.changes = changes
        self.changedSetup = changedSetup
        self.estimate = estimate
        self.peakBytesPerGpu = estimate.peakBytesPerGpu
        self.savedBytesPerGpu = savedBytesPerGpu
        self.costNote = costNote
        self.cost = cost
    }
}

public enum WhatIf {
    /// One single change the search can apply.
    public struct Change: Sendable {
        public var id: String
        public var title: String
        public var costNote: String
        /// Relative cost: compute slowdown and quality risk folded into one number (MEMORY.md).
        public var cost: Double
        public var apply: @Sendable (Setup) -> Setup?
    }

    /// The single changes, in application order (method first, then optimizer, then the rest).
    public static let changes: [Change] = [
        Change(id: "lora", title: "Train LoRA adapters (r=16, all linear layers) instead of all weights",
               costNote: "~1–5% lower quality than full fine-tuning on hard tasks; faster steps", cost: 3.0) { s in
            guard s.method == .full else { return nil }
            var n = s
            n.method = .lora
            n.loraRank = 16
            n.loraTargets = .allLinear
            return n
        },
        Change(id: "qlora", title: "Load the base weights in 4-bit NF4 (QLoRA, double quantization)",
               costNote: "~1–3% quality; ~20–40% slower step (dequantization)", cost: 3.5) { s in
            guard s.method != .qlora else { return nil }
            var n = s
            if n.method == .full {
                n.loraRank = 16
                n.loraTargets = .allLinear
            }
            n.method = .qlora
            n.quantization = .nf4
            n.doubleQuantization = true
            return n
        },
        Change(id: "adamw-8bit", title: "Use 8-bit AdamW (bitsandbytes)",
               costNote: "~0–1% quality; same step time; 2 B instead of 8 B of states per trainable parameter", cost: 0.6) { s in
            guard [.adamw, .adamwFused, .pagedAdamw32bit, .lion].contains(s.optimizer) else { return nil }
            if s.framework == .litgpt && (s.method == .qlora || s.quantization != .none) { return nil }  // overridden
            var n = s
            n.optimizer = s.optimizer == .pagedAdamw32bit ? .pagedAdamw8bit : .adamw8bit
            return n
        },
        Change(id: "paged-optimizer", title: "Use a paged optimizer (states in CUDA managed memory)",
               costNote: "states page to CPU RAM under pressure: stalls of ~5–30% when they do", cost: 1.0) { s in
            var n = s
            switch s.optimizer {
            case .adamw8bit: n.optimizer = .pagedAdamw8bit
            case .adamw, .adamwFused: n.optimizer = .pagedAdamw32bit
            default: return nil
            }
            return n
        },
        Change(id: "gradient-checkpointing", title: "Enable gradient checkpointing",
               costNote: "~20–30% slower step (one extra forward per layer)", cost: 1.5) { s in
            guard !s.gradientCheckpointing else { return nil }
            var n = s
            n.gradientCheckpointing = true
            return n
        },
        Change(id: "flash-attention", title: "Use FlashAttention (no repeated K/V, no attention matrix)",
               costNote: "same math; needs an Ampere or newer GPU; usually faster", cost: 0.2) { s in
            guard s.attention != .flash, s.framework == .huggingface || s.attention == .eager else { return nil }
            var n = s
            n.attention = .flash
            return n
        },
        Change(id: "smaller-micro-batch", title: "Halve the micro batch, double gradient accumulation",
               costNote: "same effective batch; ~10–30% lower throughput", cost: 1.0) { s in
            guard s.microBatchSize > 1 else { return nil }
            var n = s
            n.microBatchSize = s.microBatchSize / 2
            n.gradientAccumulationSteps = s.gradientAccumulationSteps.multipliedReportingOverflow(by: 2).overflow
                ? s.gradientAccumulationSteps : s.gradientAccumulationSteps * 2
            return n
        },
        Change(id: "shorter-sequence", title: "Halve the maximum sequence length",
               costNote: "examples longer than the new limit are truncated: changes what the model learns", cost: 4.0) { s in
            guard s.sequenceLength >= 512 else { return nil }
            var n = s
            n.sequenceLength = s.sequenceLength / 2
            return n
        },
        Change(id: "zero3", title: "Shard weights, gradients and optimizer states across GPUs (ZeRO-3 / FSDP full shard)",
               costNote: "~10–20% slower step (parameter all-gathers); needs several GPUs", cost: 1.2) { s in
            guard s.gpuCount > 1, s.sharding != .zero3, s.sharding != .fsdpFullShard else { return nil }
            var n = s
            n.sharding = s.framework == .huggingface ? .zero3 : .fsdpFullShard
            return n
        },
        Change(id: "cpu-offload", title: "Offload optimizer states to CPU (ZeRO-Offload)",
               costNote: "optimizer step on the CPU: ~1.5–3× slower step; needs ~12 B per trainable parameter of host RAM", cost: 5.0) { s in
            guard !s.offloadOptimizer else { return nil }
            var n = s
            n.offloadOptimizer = true
            if n.sharding == .none { n.sharding = .zero2 }
            return n
        },
    ]

    static func change(_ id: String) -> Change? { changes.first { $0.id == id } }

    /// Each applicable suggestion that lowers the peak, with its estimate, best saving first.
    public static func suggestions(for setup: Setup, gpu: GPU?) -> [Suggestion] {
        let counts = setup.model.parameterCounts
        let base = MemoryEstimator.estimate(setup, gpu: gpu, counts: counts)
        guard base.isValid else { return [] }
        var out: [Suggestion] = []
        for c in changes {
            guard let n = c.apply(setup) else { continue }
            let e = MemoryEstimator.estimate(n, gpu: gpu, counts: counts)
            // Helps: a lower peak, or (paged optimizer) less that must stay on the device.
            guard e.isValid, e.peakBytesPerGpu < base.peakBytesPerGpu
                || e.peakBytesPerGpu - e.spillableBytesPerGpu < base.peakBytesPerGpu - base.spillableBytesPerGpu else { continue }
            out.append(Suggestion(id: c.id, title: c.title, changes: [c.id], changedSetup: n, estimate: e,
                                  savedBytesPerGpu: (base.peakBytesPerGpu - base.spillableBytesPerGpu) - (e.peakBytesPerGpu - e.spillableBytesPerGpu), costNote: c.costNote,
                                  cost: c.cost))
        }
        out.sort { $0.savedBytesPerGpu > $1.savedBytesPerGpu }
        return out
    }

    /// The cheapest combination of changes after which the setup fits `gpu`; `nil` when nothing
    /// fits (or it already fits: then there is nothing to change). Micro batch and sequence can be
    /// halved repeatedly (each halving costs again).
    public static func makeItFit(_ setup: Setup, gpu: GPU) -> Suggestion? {
        let counts = setup.model.parameterCounts
        let base = MemoryEstimator.estimate(setup, gpu: gpu, counts: counts)
        guard base.isValid, base.fits == false else { return nil }
        // Candidate moves: each binary change once, halvings up to 4 (batch) / 3 (sequence) times.
        var moves: [(change: Change, times: Int)] = []
        for c in changes {
            switch c.id {
            case "smaller-micro-batch":
                var b = setup.microBatchSize, k = 0
                while b > 1 && k < 4 { b /= 2; k += 1 }
                if k > 0 { moves.append((c, k)) }
            case "shorter-sequence":
                var sq = setup.sequenceLength, k = 0
                while sq >= 512 && k < 3 { sq /= 2; k += 1 }
                if k > 0 { moves.append((c, k)) }
            default:
                if c.apply(setup) != nil { moves.append((c, 1)) }
            }
        }
        // If even every move at once does not fit, nothing will (each move only lowers the peak).
        var all = setup
        for m in moves where m.change.id != "lora" || !moves.contains(where: { $0.change.id == "qlora" }) {
            for _ in 0..<m.times { if let n = m.change.apply(all) { all = n } }
        }
        if MemoryEstimator.estimate(all, gpu: gpu, counts: counts).fits != true { return nil }
        // Enumerate every combination (binary moves on/off, halvings 0...k times) with its cost.
        // Levels are packed 4 bits per move (at most 10 moves, each at most 4 levels).
        struct Combo { var packed: UInt64; var cost: Double; var count: Int
            func level(_ i: Int) -> Int { Int((packed >> UInt64(4 * i)) & 0xF) } }
        var combos: [Combo] = [Combo(packed: 0, cost: 0, count: 0)]
        for (i, m) in moves.enumerated() {
            var next: [Combo] = []
            next.reserveCapacity(combos.count * (m.times + 1))
            for c in combos {
                for level in 0...m.times {
                    // Halving k times costs 1 + 2 + ... (each halving hurts more than the last).
                    let add = m.change.cost * Double(level * (level + 1)) / 2
                    next.append(Combo(packed: c.packed | (UInt64(level) << UInt64(4 * i)), cost: c.cost + add,
                                      count: c.count + (level > 0 ? 1 : 0)))
                }
            }
            combos = next
        }
        // "lora" and "qlora" from full are alternatives, not a pair.
        let loraIdx = moves.firstIndex { $0.change.id == "lora" }
        let qloraIdx = moves.firstIndex { $0.change.id == "qlora" }
        combos.removeAll { c in
            if c.count == 0 { return true }
            if let a = loraIdx, let b = qloraIdx, c.level(a) > 0 && c.level(b) > 0 { return true }
            return false
        }
        combos.sort { $0.cost != $1.cost ? $0.cost < $1.cost : $0.count < $1.count }
        for combo in combos {
            var s = setup
            var applied: [String] = []
            var ok = true
            for (i, m) in moves.enumerated() where combo.level(i) > 0 {
                for _ in 0..<combo.level(i) {
                    guard let n = m.change.apply(s) else { ok = false; break }
                    s = n
                }
                if !ok { break }
                applied.append(combo.level(i) > 1 ? "\(m.change.id)×\(combo.level(i))" : m.change.id)
            }
            guard ok else { continue }
            let e = MemoryEstimator.estimate(s, gpu: gpu, counts: counts)
            if e.isValid, e.fits == true {
                let titles = moves.enumerated().filter { combo.level($0.offset) > 0 }.map { $0.element.change }
                let notes = titles.map { "\($0.id): \($0.costNote)" }
                return Suggestion(id: "make-it-fit", title: "Make it fit: " + applied.joined(separator: " + "),
                                  changes: applied, changedSetup: s, estimate: e,
                                  savedBytesPerGpu: base.peakBytesPerGpu - e.peakBytesPerGpu,
                                  costNote: notes.joined(separator: "; "), cost: combo.cost)
            }
        }
        return nil
    }
}
