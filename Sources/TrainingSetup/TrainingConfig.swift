// One training run as a dialect file describes it: every memory-relevant fact with where it
// came from (a key in this file, a key in a referenced file, a directive, the framework's default).
import ConfigSyntax
import MemoryModel

/// Where a value was written.
public struct SourceLocation: Sendable, Hashable {
    /// The key's bytes (nil for a list item or a directive).
    public var keyRange: ByteRange?
    /// The value's bytes.
    public var valueRange: ByteRange
    /// The file, when it is not the document being read (a DeepSpeed JSON named by the config).
    public var file: String?

    public init(keyRange: ByteRange?, valueRange: ByteRange, file: String? = nil) {
        self.keyRange = keyRange
        self.valueRange = valueRange
        self.file = file
    }

    /// True when the location is in the document itself.
    public var isInDocument: Bool { file == nil }
}

/// How a setting got its value.
public enum Provenance: Sendable, Hashable {
    /// Written in the file (or a referenced file) at this location.
    case explicit(SourceLocation)
    /// Derived from another key: e.g. the method from a torchtune builder name, QLoRA from a
    /// 4-bit MLX repo. The location is the key it was derived from.
    case derived(from: SourceLocation, note: String)
    /// The framework's default, labelled with its version: "axolotl 0.19.0 default".
    case frameworkDefault(String)
    /// A `# headroom: ...` directive comment.
    case directive(ByteRange)

    public var location: SourceLocation? {
        switch self {
        case .explicit(let l): return l
        case .derived(let l, _): return l
        case .frameworkDefault: return nil
        case .directive(let r): return SourceLocation(keyRange: nil, valueRange: r)
        }
    }

    public var isDefault: Bool {
        if case .frameworkDefault = self { return true }
        return false
    }

    /// Short words for a hover: "set here", "axolotl 0.19.0 default", ...
    public var label: String {
        switch self {
        case .explicit(let l): return l.file.map { "set in \($0)" } ?? "set in this file"
        case .derived(_, let note): return note
        case .frameworkDefault(let label): return label
        case .directive: return "headroom directive"
        }
    }
}

/// A value and where it came from.
public struct Setting<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var provenance: Provenance
    /// The dialect's own key for it (dotted), when there is one: hover and edits use it.
    public var key: String?

    public init(_ value: Value, _ provenance: Provenance, key: String? = nil) {
        self.value = value
        self.provenance = provenance
        self.key = key
    }

    public var keyRange: ByteRange? { provenance.location?.keyRange }
    public var valueRange: ByteRange? { provenance.location?.valueRange }
}

/// The model a config trains, as written.
public struct ModelReference: Sendable, Hashable {
    /// As written: a Hugging Face id, a local path, a torchtune builder, ...
    public var raw: String
    /// The best guess at a Hugging Face repo id or catalog name to look up.
    public var lookupName: String
    public init(raw: String, lookupName: String) {
        self.raw = raw
        self.lookupName = lookupName
    }
}

/// Everything a dialect file says about a run. Fields the file does not determine take the
/// framework's default (provenance `.frameworkDefault`) or stay nil when there is none.
public struct TrainingConfig: Sendable, Hashable {
    public var dialect: Dialect
    /// The training implementation (nil for DeepSpeed and Accelerate files, which only
    /// describe parallelism).
    public var framework: Framework?
    /// "axolotl 0.19.0" — the version the keys and defaults were read from.
    public var frameworkVersion: String

    public var model: Setting<ModelReference>?
    public var method: Setting<FineTuneMethod>?
    public var quantization: Setting<WeightQuantization>?
    public var doubleQuantization: Setting<Bool>?
    public var loraRank: Setting<Int>?
    public var loraAlpha: Setting<Double>?
    public var loraTargets: Setting<LoraTargets>?
    /// The dtype the weights are loaded in.
    public var weightDtype: Setting<DType>?
    /// Mixed-precision (autocast) compute dtype, when AMP is on.
    public var autocastDtype: Setting<DType>?
    public var optimizer: Setting<Optimizer>?
    /// The optimizer as the dialect names it (`paged_adamw_8bit`, `bitsandbytes.optim.AdamW8bit`).
    public var optimizerName: Setting<String>?
    public var microBatchSize: Setting<Int>?
    public var gradientAccumulationSteps: Setting<Int>?
    /// LitGPT / DeepSpeed: the global batch (accumulation derives from it).
    public var globalBatchSize: Setting<Int>?
    public var sequenceLength: Setting<Int>?
    public var packing: Setting<Bool>?
    public var gradientCheckpointing: Setting<Bool>?
    public var activationOffloading: Setting<Bool>?
    public var attention: Setting<AttentionImplementation>?
    public var loss: Setting<LossImplementation>?
    public var gpuCount: Setting<Int>?
    public var sharding: Setting<Sharding>?
    public var zeroStage: Setting<Int>?
    public var offloadOptimizer: Setting<Bool>?
    public var offloadParameters: Setting<Bool>?
    public var optimizerInBackward: Setting<Bool>?
    public var loraDropout: Setting<Double>?
    /// The adapter as the dialect names it: `lora`, `dora`, `ia3`, `llama-adapter`, ... (nil for full).
    public var adapterKind: Setting<String>?
    /// torch.compile on the model.
    public var compiled: Setting<Bool>?
    /// Chunks of a chunked cross-entropy.
    public var lossChunks: Setting<Int>?
    /// MLX: number of last blocks adapted (-1 = all).
    public var adaptedLayers: Setting<Int>?
    /// LLaMA-Factory freeze tuning: blocks that train (the last n; negative: the first -n).
    public var freezeTrainableLayers: Setting<Int>?
    /// LLaMA-Factory `freeze_extra_modules` (e.g. `embed_tokens`, `lm_head`).
    public var freezeExtraModules: Setting<[String]>?
    /// A DeepSpeed JSON named by this file (as written; relative to the config's folder).
    public var deepspeedReference: Setting<String>?
    /// Directives found in comments.
    public var directives: Directives

    public init(dialect: Dialect, framework: Framework?, frameworkVersion: String, directives: Directives = Directives()) {
        self.dialect = dialect
        self.framework = framework
        self.frameworkVersion = frameworkVersion
        self.directives = directives
    }

    /// Every field by a stable name (for hovers, tests and comparisons).
    public var fieldDescriptions: [(name: String, value: String, provenance: Provenance)] { fields(withValues: true) }

    /// Every set field's name and provenance (no value text: the hover asks on every request
    /// which field its key sets).
    public var fieldProvenances: [(name: String, provenance: Provenance)] {
        fields(withValues: false).map { ($0.0, $0.2) }
    }

    private func fields(withValues: Bool) -> [(String, String, Provenance)] {
        // Each value as `String(describing:)` writes it, without its reflection: the generic
        // path (Mirror, type-name demangling, dynamic casts) touched ~1 MB of otherwise unused
        // code and metadata pages on the first hover.
        var out: [(String, String, Provenance)] = []
        out.reserveCapacity(34)
        func put<T>(_ name: String, _ s: Setting<T>?, _ text: (T) -> String) {
            if let s { out.append((name, withValues ? text(s.value) : "", s.provenance)) }
        }
        func add(_ name: String, _ s: Setting<String>?) { put(name, s) { $0 } }
        func add(_ name: String, _ s: Setting<Int>?) { put(name, s) { String($0) } }
        func add(_ name: String, _ s: Setting<Double>?) { put(name, s) { $0.description } }
        func add(_ name: String, _ s: Setting<Bool>?) { put(name, s) { $0 ? "true" : "false" } }
        func add(_ name: String, _ s: Setting<[String]>?) { put(name, s) { "[" + $0.map(\.debugDescription).joined(separator: ", ") + "]" } }
        func add<T: RawRepresentable<String>>(_ name: String, _ s: Setting<T>?) { put(name, s) { $0.rawValue } }
        func add(_ name: String, _ s: Setting<LoraTargets>?) {
            put(name, s) { t in
                "LoraTargets(attentionQuery: \(t.attentionQuery), attentionKey: \(t.attentionKey), attentionValue: \(t.attentionValue), "
                    + "attentionOutput: \(t.attentionOutput), mlp: \(t.mlp), head: \(t.head))"
            }
        }
        add("model", model.map { Setting($0.value.raw, $0.provenance, key: $0.key) })
        add("method", method)
        add("quantization", quantization)
        add("doubleQuantization", doubleQuantization)
        add("loraRank", loraRank)
        add("loraAlpha", loraAlpha)
        add("loraTargets", loraTargets)
        add("weightDtype", weightDtype)
        add("autocastDtype", autocastDtype)
        add("optimizer", optimizer)
        add("optimizerName", optimizerName)
        add("microBatchSize", microBatchSize)
        add("gradientAccumulationSteps", gradientAccumulationSteps)
        add("globalBatchSize", globalBatchSize)
        add("sequenceLength", sequenceLength)
        add("packing", packing)
        add("gradientCheckpointing", gradientCheckpointing)
        add("activationOffloading", activationOffloading)
        add("attention", attention)
        add("loss", loss)
        add("gpuCount", gpuCount)
        add("sharding", sharding)
        add("zeroStage", zeroStage)
        add("offloadOptimizer", offloadOptimizer)
        add("offloadParameters", offloadParameters)
        add("optimizerInBackward", optimizerInBackward)
        add("adaptedLayers", adaptedLayers)
        add("freezeTrainableLayers", freezeTrainableLayers)
        add("freezeExtraModules", freezeExtraModules)
        add("loraDropout", loraDropout)
        add("adapterKind", adapterKind)
        add("compiled", compiled)
        add("lossChunks", lossChunks)
        add("deepspeedReference", deepspeedReference)
        return out
    }

    /// Field name -> value text, for comparing two configs.
    public var fieldValues: [String: String] {
        var d: [String: String] = [:]
        for f in fieldDescriptions { d[f.name] = f.value }
        return d
    }
}
