// Which architecture a config's model reference means: the built-in catalog, a local model
// directory's config.json, the Hugging Face cache, or a `# headroom: params=` size.
import ConfigSyntax
import MemoryModel

public enum ModelSource: String, Sendable, Hashable {
    case catalog
    case localDirectory = "local-directory"
    case huggingFaceCache = "hf-cache"
    /// Only a size from `# headroom: params=...`: a generic decoder of that size.
    case directive
}

public struct ResolvedModel: Sendable, Hashable {
    public var architecture: ModelArchitecture
    public var source: ModelSource
    /// The name that matched, or the config.json that was read.
    public var detail: String
}

/// Finds catalog entries; defaults to MemoryModel's built-in catalog.
public typealias ModelLookup = @Sendable (String) -> ModelArchitecture?

public enum ModelResolver {
    public static let builtInLookup: ModelLookup = { name in
        Catalog.builtIn.model(matching: name)?.architecture
    }

    /// Resolves `reference` (or the `model=` directive); nil with a diagnostic reason when unknown.
    static func resolve(config: TrainingConfig, configPath: String?, reader: ReferenceReader?,
                        lookup: ModelLookup) -> (ResolvedModel?, [SetupDiagnostic]) {
        var candidates: [String] = []
        if let d = config.directives.model { candidates.append(d.value) }
        if let m = config.model?.value {
            candidates.append(m.lookupName)
            if m.raw != m.lookupName { candidates.append(m.raw) }
        }
        // Instruction-tuned variants share the base model's architecture.
        for c in candidates {
            for suffix in ["-Instruct", "-instruct", "-it", "-Chat", "-chat", "-hf", "-Base", "-base"] where c.hasSuffix(suffix) {
                candidates.append(String(c.dropLast(suffix.count)))
            }
            if c.hasPrefix("Meta-Llama-3.1") || ByteSearch.contains(c, "/Meta-Llama-3.1") {
                candidates.append(c.replacing("Meta-Llama-3.1", with: "Llama-3.1").replacing("-Instruct", with: ""))
            }
        }
        var resolved: ResolvedModel?
        var diagnostics: [SetupDiagnostic] = []
        // A local checkpoint directory says exactly what it holds: read it before guessing by name.
        if let reader {
            for name in candidates where resolved == nil && isPathLike(name) {
                let (r, _) = fromDisk(name, configPath: configPath, reader: reader, config: config)
                resolved = r
            }
        }
        for name in candidates where resolved == nil {
            if let arch = lookup(name) {
                resolved = ResolvedModel(architecture: arch, source: .catalog, detail: name)
            }
        }
        if resolved == nil, let reader {
            for name in candidates where resolved == nil {
                let (r, d) = fromDisk(name, configPath: configPath, reader: reader, config: config)
                resolved = r
                diagnostics += d
            }
        }
        let count = config.directives.parameterCount
        if var r = resolved {
            if let count { r.architecture.parameterCountOverride = count }
            return (r, diagnostics)
        }
        if let count {
            return (ResolvedModel(architecture: genericArchitecture(parameters: count), source: .directive,
                                  detail: config.directives.params?.value ?? ""), diagnostics)
        }
        if config.dialect == .deepspeed || config.dialect == .accelerate { return (nil, diagnostics) }
        if config.model == nil && config.directives.model == nil {
            // The file cannot name its model (a bare TrainingArguments JSON): say so, quietly.
            diagnostics.append(SetupDiagnostic(
                range: ByteRange(0, 0), severity: .information, code: DiagnosticCode.unknownModel,
                message: "This file does not name the model it trains, so memory cannot be estimated from it alone; give the model in a YAML comment `# headroom: model=<id>` or `# headroom: params=7B`, or check the config that launches it."))
            return (nil, diagnostics)
        }
        let range = config.model?.valueRange ?? config.directives.model?.valueRange ?? ByteRange(0, 0)
        let inDocument = config.model?.provenance.location?.isInDocument ?? true
        let what = config.model.map { "“\($0.value.raw)”" } ?? "The model"
        diagnostics.append(SetupDiagnostic(
            range: inDocument ? range : ByteRange(0, 0), severity: .warning, code: DiagnosticCode.unknownModel,
            message: "\(what) is not in Headroom's catalog, not a local model directory and not in the Hugging Face cache, so memory cannot be estimated. Tell Headroom with a comment: `# headroom: model=<catalog id or org/name>` or `# headroom: params=7B`."))
        return (nil, diagnostics)
    }

    static func isPathLike(_ name: String) -> Bool {
        name.hasPrefix("/") || name.hasPrefix("./") || name.hasPrefix("../") || name.hasPrefix("~/")
    }

    /// A local directory with config.json, or the HF cache snapshot of an `org/name` id.
    static func fromDisk(_ name: String, configPath: String?, reader: ReferenceReader, config: TrainingConfig) -> (ResolvedModel?, [SetupDiagnostic]) {
        var dirs: [(String, ModelSource)] = []
        let looksLikePath = name.hasPrefix("/") || name.hasPrefix("./") || name.hasPrefix("../") || name.hasPrefix("~/")
        var expanded = name
        if name.hasPrefix("~/"), let home = reader.environment("HOME") { expanded = home + String(name.dropFirst(1)) }
        let folder = configPath.map { PathUtil.directory(of: $0) }
        let local = PathUtil.resolve(expanded, relativeTo: folder)
        if reader.kind(atPath: local) == .directory { dirs.append((local, .localDirectory)) }
        if !looksLikePath {
            let parts = name.split(separator: "/")
            if parts.count == 2 {
                for hub in hubCaches(reader) {
                    let repo = "\(hub)/models--\(parts[0])--\(parts[1])/snapshots"
                    if let snaps = reader.directoryEntries(atPath: repo) {
                        for s in snaps { dirs.append(("\(repo)/\(s)", .huggingFaceCache)) }
                    }
                }
            }
        }
        var diagnostics: [SetupDiagnostic] = []
        for (dir, source) in dirs {
            let path = "\(dir)/config.json"
            switch reader.readText(atPath: path) {
            case .success(let text):
                if let arch = architecture(fromConfigJSON: text, id: name) {
                    return (ResolvedModel(architecture: arch, source: source, detail: path), [])
                }
                diagnostics.append(SetupDiagnostic(range: config.model?.valueRange ?? ByteRange(0, 0), severity: .warning,
                                                   code: DiagnosticCode.unreadableReference,
                                                   message: "\(path) does not hold the architecture numbers Headroom needs (hidden_size, num_hidden_layers, ...)."))
            case .failure(let why):
                if source == .localDirectory {
                    diagnostics.append(SetupDiagnostic(range: config.model?.valueRange ?? ByteRange(0, 0), severity: .warning,
                                                       code: DiagnosticCode.unreadableReference,
                                                       message: "The model directory's config.json \(why)."))
                }
            }
        }
        return (nil, diagnostics)
    }

    static func hubCaches(_ reader: ReferenceReader) -> [String] {
        var out: [String] = []
        if let c = reader.environment("HF_HUB_CACHE"), !c.isEmpty { out.append(c) }
        if let h = reader.environment("HF_HOME"), !h.isEmpty { out.append(h + "/hub") }
        if let xdg = reader.environment("XDG_CACHE_HOME"), !xdg.isEmpty { out.append(xdg + "/huggingface/hub") }
        if let home = reader.environment("HOME"), !home.isEmpty { out.append(home + "/.cache/huggingface/hub") }
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }
    }

    /// Reads a Hugging Face config.json into architecture numbers (nil when they are missing
    /// or absurd).
    public static func architecture(fromConfigJSON text: String, id: String) -> ModelArchitecture? {
        // Our own JSON parser (FoundationEssentials has no JSONSerialization); a file with a
        // lint error such as NaN elsewhere still gives its numbers, as Python's json would.
        guard let top = ConfigParser.parse(text, format: .json).root, top.kind == .mapping else { return nil }
        var o = top
        var textModelType: String?
        if let textConfig = top["text_config"], textConfig.kind == .mapping, top["hidden_size"] == nil {
            o = textConfig
            textModelType = textConfig["model_type"]?.scalar?.string ?? top["model_type"]?.scalar?.string ?? ""
        }
        func int(_ keys: String...) -> Int? {
            for k in keys {
                switch o[k]?.scalar {
                case .int(let v)? where v >= 0 && v < 1_000_000_000_000: return Int(v)
                case .float(let d)? where d.isFinite && d >= 0 && d < 1e12 && d == d.rounded(): return Int(d)
                default: continue
                }
            }
            return nil
        }
        func bool(_ key: String) -> Bool? { o[key]?.scalar?.bool }
        func string(_ key: String) -> String? { o[key]?.scalar?.string }
        let modelType = textModelType ?? string("model_type") ?? "llama"
        guard let hidden = int("hidden_size", "n_embd", "d_model"), hidden > 0,
              let layers = int("num_hidden_layers", "n_layer", "num_layers"), layers > 0,
              let heads = int("num_attention_heads", "n_head"), heads > 0,
              let vocab = int("vocab_size"), vocab > 0 else { return nil }
        let intermediate = int("intermediate_size", "ffn_hidden_size", "n_inner", "ffn_dim") ?? 4 * hidden
        var kv = int("num_key_value_heads", "num_kv_heads") ?? heads
        if modelType == "falcon", bool("multi_query") == true, bool("new_decoder_architecture") != true { kv = 1 }
        let headDim = int("head_dim") ?? hidden / heads
        let layout: String
        switch modelType {
        case "mistral", "llama", "internlm2", "yi": layout = "llama"
        default: layout = modelType
        }
        var moe: MoEConfig?
        if let experts = int("num_local_experts", "num_experts", "n_routed_experts"), experts > 1 {
            moe = MoEConfig(numExperts: experts, expertsPerToken: int("num_experts_per_tok", "experts_per_token") ?? 2,
                            moeIntermediateSize: int("moe_intermediate_size") ?? intermediate,
                            sharedExperts: int("n_shared_experts") ?? 0,
                            sharedExpertIntermediateSize: int("shared_expert_intermediate_size") ?? 0,
                            firstDenseLayers: int("first_k_dense_replace") ?? 0)
        }
        var mla: MLAConfig?
        if let kvr = int("kv_lora_rank") {
            mla = MLAConfig(qLoraRank: int("q_lora_rank"), kvLoraRank: kvr, qkNopeHeadDim: int("qk_nope_head_dim") ?? 128,
                            qkRopeHeadDim: int("qk_rope_head_dim") ?? 64, vHeadDim: int("v_head_dim") ?? 128)
        }
        let dtypeName = (string("torch_dtype") ?? string("dtype") ?? top["torch_dtype"]?.scalar?.string ?? "bfloat16").lowercased()
        let dtype: DType = ByteSearch.contains(dtypeName, "float32") ? .fp32
            : ByteSearch.contains(dtypeName, "float16") && !dtypeName.utf8.contains(UInt8(ascii: "b")) ? .fp16 : .bf16
        let tie = bool("tie_word_embeddings") ?? (["gpt2", "gpt_neox", "gemma", "gemma2", "gemma3", "falcon", "phi"].contains(modelType) ? modelType != "gpt_neox" : false)
        return ModelArchitecture(
            id: id, hfRepo: string("_name_or_path") ?? (id.utf8.contains(UInt8(ascii: "/")) ? id : nil), layout: layout,
            hiddenSize: hidden, intermediateSize: intermediate, numLayers: layers, numHeads: heads,
            numKeyValueHeads: max(1, kv), headDim: max(1, headDim), vocabSize: vocab,
            tieWordEmbeddings: tie,
            attentionBias: bool("attention_bias") ?? (modelType == "qwen2" || bool("bias") == true),
            mlpBias: bool("mlp_bias") ?? false, moe: moe, mla: mla,
            maxPositionEmbeddings: modelType == "gpt2" ? (int("n_positions", "max_position_embeddings") ?? 0) : 0,
            newDecoderArchitecture: bool("new_decoder_architecture") ?? false,
            checkpointDtype: dtype)
    }

    /// A Llama-shaped decoder with about `parameters` parameters (for `params=` alone).
    public static func genericArchitecture(parameters: Int) -> ModelArchitecture {
        let p = Double(max(parameters, 1))
        // Typical depth for the size; hidden from 12·L·h² ≈ p (attention 4h², MLP 8h²).
        let layers: Int = p < 1.5e9 ? 16 : p < 4e9 ? 28 : p < 1e10 ? 32 : p < 2e10 ? 40 : p < 4e10 ? 60 : p < 1e11 ? 80 : 126
        let raw = (p / (12.0 * Double(layers))).squareRoot()
        let hidden = max(128, Int((raw / 128).rounded()) * 128)
        let heads = max(1, hidden / 128)
        return ModelArchitecture(id: "params=\(parameters)", hfRepo: nil, layout: "llama", hiddenSize: hidden,
                                 intermediateSize: hidden * 8 / 3, numLayers: layers, numHeads: heads,
                                 numKeyValueHeads: max(1, heads / 4), headDim: 128, vocabSize: 32000,
                                 parameterCountOverride: parameters)
    }
}

