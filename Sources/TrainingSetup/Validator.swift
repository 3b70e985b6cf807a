// Validation: unknown keys (where the dialect's key set is closed), types, enum values,
// numbers PyYAML reads as strings, deprecated and removed keys, and contradictions between keys.
import ConfigSyntax
import MemoryModel

enum Validator {
    static func validate(root: Node, config: TrainingConfig, document: ParsedDocument) -> [SetupDiagnostic] {
        guard let keys = DialectKeys.forDialect(config.dialect), root.kind == .mapping else { return [] }
        var out: [SetupDiagnostic] = []
        walk(root, path: "", keys: keys, config: config, format: document.format, out: &out, depth: 0)
        out += contradictions(root: root, config: config, keys: keys, document: document)
        return out
    }

    /// Loaders that turn `1e-4` into a number anyway (OmegaConf, jsonargparse, mlx-lm's resolver).
    static func loaderReadsExponentFloats(_ d: Dialect) -> Bool {
        switch d {
        case .torchtune, .llamafactory, .litgpt, .mlx: return true
        default: return false
        }
    }

    private static func walk(_ node: Node, path: String, keys: DialectKeys, config: TrainingConfig, format: SyntaxFormat,
                             out: inout [SetupDiagnostic], depth: Int) {
        guard depth < 6, node.kind == .mapping else { return }
        let closed = keys.closedMappings.contains(path)
        for entry in node.entries {
            guard let name = entry.keyString else { continue }
            if name == "<<" { continue }
            let full = path.isEmpty ? name : "\(path).\(name)"
            guard let spec = keys[full] else {
                if closed {
                    let suggestion = NameMatch.closest(to: name, in: keys.suggestionNames(under: path))
                    var message = "Unknown \(keys.source) key “\(name)”"
                    message += suggestion.map { "; did you mean “\($0)”?" } ?? "."
                    message += silentlyIgnored(config.dialect) ? " \(dialectName(config.dialect)) ignores it silently." : ""
                    out.append(SetupDiagnostic(range: entry.key.range, severity: .warning, code: DiagnosticCode.unknownKey,
                                               message: message, suggestion: suggestion))
                }
                continue
            }
            if spec.removed {
                out.append(SetupDiagnostic(range: entry.key.range, severity: .error, code: DiagnosticCode.removedKey,
                                           message: "“\(name)” is not accepted by \(keys.source)" + (spec.deprecation.map { ": \($0)." } ?? ".")))
                continue
            }
            if let dep = spec.deprecation {
                let silentlyDropped = config.dialect == .trl && ["torch_dtype", "max_seq_length"].contains(full)
                out.append(SetupDiagnostic(range: entry.key.range, severity: silentlyDropped ? .warning : .information,
                                           code: DiagnosticCode.deprecatedKey,
                                           message: "“\(name)” is deprecated in \(keys.source): \(dep)."))
            }
            checkValue(entry, spec: spec, keys: keys, config: config, format: format, out: &out)
            if entry.value.kind == .mapping, keys.hasChildren(full) {
                walk(entry.value, path: full, keys: keys, config: config, format: format, out: &out, depth: depth + 1)
            }
        }
    }

    static func silentlyIgnored(_ d: Dialect) -> Bool { d == .axolotl || d == .trl || d == .mlx }

    static func dialectName(_ d: Dialect) -> String {
        switch d {
        case .axolotl: return "Axolotl"
        case .llamafactory: return "LLaMA-Factory"
        case .torchtune: return "torchtune"
        case .trl: return "trl sft"
        case .litgpt: return "LitGPT"
        case .deepspeed: return "DeepSpeed"
        case .accelerate: return "Accelerate"
        case .mlx: return "mlx_lm.lora"
        case .unknown: return "The framework"
        }
    }

    private static func checkValue(_ entry: Entry, spec: KeySpec, keys: DialectKeys, config: TrainingConfig,
                                   format: SyntaxFormat, out: inout [SetupDiagnostic]) {
        let v = entry.value
        let t = spec.types
        if t == .any { return }
        func wrong(_ got: String) {
            let expected = t.names.filter { $0 != "null" }.joined(separator: " or ")
            out.append(SetupDiagnostic(range: v.range, severity: .error, code: DiagnosticCode.wrongType,
                                       message: "“\(spec.leafName)” must be \(article(expected)) \(expected), not \(got)."))
        }
        switch v.kind {
        case .mapping: if !t.contains(.mapping) { wrong("a mapping") }
        case .sequence: if !t.contains(.list) { wrong("a list") }
        case .alias, .invalid: return
        case .scalar:
            guard let s = v.scalar else { return }
            switch s {
            case .null: return
            case .bool: if !t.contains(.boolean) { wrong("a boolean (\(v.rawText ?? "true/false"))") }
            case .int:
                if !t.contains(.integer) && !t.contains(.number) {
                    if t.contains(.boolean), let n = s.number, n == 0 || n == 1 { return }
                    wrong("a number")
                }
            case .float(let d):
                if t.contains(.number) { return }
                if t.contains(.integer) {
                    if !spec.memoryRelevant && d.isFinite && d != d.rounded() { wrong("a fraction (\(v.rawText ?? String(d)))") }
                    return
                }
                wrong("a number")
            case .string(let str):
                if (t.contains(.number) || t.contains(.integer)), Double(str) != nil, !str.lowercased().contains("inf"), !str.lowercased().contains("nan") {
                    stringNumber(str, entry: entry, spec: spec, config: config, format: format, out: &out)
                    return
                }
                if t.contains(.string) {
                    checkEnum(str, entry: entry, spec: spec, keys: keys, out: &out)
                    return
                }
                if t.contains(.boolean), ["true", "false", "yes", "no", "on", "off"].contains(str.lowercased()) { return }
                if (t.contains(.number) || t.contains(.integer)), Double(str) != nil {
                    stringNumber(str, entry: entry, spec: spec, config: config, format: format, out: &out)
                    return
                }
                if str.lowercased() == "auto", config.dialect == .deepspeed || config.dialect == .accelerate { return }
                wrong("the string “\(str)”")
            }
        }
        // Strings allowed alongside other types: still check enums.
    }

    private static func stringNumber(_ str: String, entry: Entry, spec: KeySpec, config: TrainingConfig,
                                     format: SyntaxFormat, out: inout [SetupDiagnostic]) {
        guard format == .yaml, entry.value.style == .plain || entry.value.style == nil else { return }
        if loaderReadsExponentFloats(config.dialect) { return }
        let bareTrainingArguments = config.dialect == .trl && config.model == nil
        let fixed = yamlFloatSpelling(str)
        let consequence: String
        switch config.dialect {
        case .axolotl: consequence = "Axolotl's schema converts it back, but other tools reading this file may not"
        case .trl where !bareTrainingArguments: consequence = "trl's argument parser converts it back, but HfArgumentParser.parse_yaml_file does not"
        default: consequence = "the framework then receives a string where it expects a number"
        }
        out.append(SetupDiagnostic(range: entry.value.range, severity: bareTrainingArguments ? .warning : .information,
                                   code: DiagnosticCode.yamlStringNumber,
                                   message: "PyYAML reads \(str) as the string \"\(str)\" (YAML 1.1 floats need a dot, as in \(fixed)); \(consequence).",
                                   suggestion: fixed))
    }

    /// `1e-4` -> `1.0e-4`.
    static func yamlFloatSpelling(_ s: String) -> String {
        guard let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return s.contains(".") ? s : s + ".0" }
        let mantissa = s[..<e]
        var exponent = String(s[s.index(after: e)...])
        if !exponent.hasPrefix("-") && !exponent.hasPrefix("+") { exponent = "+" + exponent }
        return (mantissa.contains(".") ? String(mantissa) : mantissa + ".0") + "e" + exponent
    }

    private static func checkEnum(_ str: String, entry: Entry, spec: KeySpec, keys: DialectKeys, out: inout [SetupDiagnostic]) {
        guard spec.valuesAreClosed, !spec.values.isEmpty else { return }
        if spec.values.contains(str) { return }
        if spec.leafName == "attn_implementation", str.contains("/") { return }   // hub kernel org/name
        // Mixed types (bf16: true|false|auto): only strings are checked here.
        let suggestion = NameMatch.closest(to: str, in: spec.values)
        var message = "“\(str)” is not a valid \(spec.leafName) for \(keys.source)"
        if let suggestion { message += "; did you mean “\(suggestion)”?" }
        else if spec.values.count <= 12 { message += "; expected one of: " + spec.values.joined(separator: ", ") + "." }
        else { message += "." }
        out.append(SetupDiagnostic(range: entry.value.range, severity: .error, code: DiagnosticCode.invalidEnumValue,
                                   message: message, suggestion: suggestion))
    }

    private static func article(_ s: String) -> String {
        guard let f = s.first else { return "a" }
        return "aeiou".contains(f) ? "an" : "a"
    }

    // MARK: Contradictions

    private static func contradictions(root: Node, config: TrainingConfig, keys: DialectKeys, document: ParsedDocument) -> [SetupDiagnostic] {
        var out: [SetupDiagnostic] = []
        let r = ValueReader(root: root, keys: keys, document: document)
        func range(_ path: String) -> ByteRange { r.find(path)?.entry.range ?? ByteRange(0, 0) }
        func keyRange(_ path: String) -> ByteRange { r.find(path)?.entry.key.range ?? ByteRange(0, 0) }
        func addc(_ path: String, _ severity: SetupSeverity, _ code: String, _ message: String) {
            out.append(SetupDiagnostic(range: range(path), severity: severity, code: code, message: message))
        }
        func add(_ path: String, _ severity: SetupSeverity, _ message: String) {
            addc(path, severity, DiagnosticCode.contradiction, message)
        }
        func isTrue(_ p: String) -> Bool { r.bool(p)?.value == true }
        switch config.dialect {
        case .axolotl:
            let adapter = r.string("adapter")?.value.lowercased()
            if adapter == "lora" && isTrue("load_in_4bit") {
                add("load_in_4bit", .warning, "load_in_4bit with adapter: lora does not quantize: Axolotl builds the 4-bit config only for adapter: qlora. Use adapter: qlora for QLoRA.")
            }
            if adapter == "qlora" && !isTrue("load_in_4bit") {
                add("adapter", .error, "adapter: qlora requires load_in_4bit: true.")
            }
            if adapter == "qlora" && isTrue("load_in_8bit") { add("load_in_8bit", .error, "adapter: qlora cannot be combined with load_in_8bit.") }
            if adapter == nil && (isTrue("load_in_4bit") || isTrue("load_in_8bit")) {
                add(isTrue("load_in_4bit") ? "load_in_4bit" : "load_in_8bit", .error, "Loading in 4 or 8 bits is not supported without an adapter (adapter: lora or qlora).")
            }
            if r.find("gradient_accumulation_steps") != nil && r.find("batch_size") != nil {
                add("batch_size", .error, "batch_size and gradient_accumulation_steps cannot both be set; keep one.")
            }
            if isTrue("bf16") && isTrue("fp16") { add("fp16", .warning, "bf16 and fp16 are both true; choose one.") }
            if r.find("deepspeed") != nil && r.find("fsdp_config") != nil { add("fsdp_config", .warning, "deepspeed and fsdp_config are both set; use one of them.") }
            if r.find("deepspeed") != nil, let f = r.find("fsdp"), !r.isNull(f) { add("fsdp", .error, "deepspeed and fsdp cannot both be set.") }
            if adapter == "lora" || adapter == "qlora", r.find("lora_r") == nil {
                addc("adapter", .error, DiagnosticCode.missingKey, "adapter: \(adapter ?? "") needs lora_r (the LoRA rank); without it PEFT gets r=None.")
            }
            if isTrue("sample_packing") {
                let impl = r.string("attn_implementation")?.value.lowercased()
                let legacyPacking = isTrue("flash_attention") || isTrue("flex_attention") || isTrue("xformers_attention") || isTrue("sage_attention")
                if (impl == nil && !legacyPacking) || impl == "sdpa" || impl == "eager" {
                    add("sample_packing", .warning, "sample_packing without a packing-aware attention (flash_attention_2/3/4, flex_attention, xformers, sage) lets packed samples attend to each other.")
                }
            }
            if let impl = r.string("attn_implementation")?.value {
                let legacy: [(String, String)] = [("flash_attention", "flash_attention_2"), ("sdp_attention", "sdpa"), ("xformers_attention", "xformers"),
                                                  ("flex_attention", "flex_attention"), ("sage_attention", "sage"), ("eager_attention", "eager")]
                for (k, v) in legacy where isTrue(k) && v != impl {
                    add(k, .error, "\(k) cannot be combined with attn_implementation: \(impl); remove the legacy flag.")
                }
            }
            if r.string("fsdp_config.auto_wrap_policy")?.value == "SIZE_BASED_WRAP", r.find("fsdp_config.min_num_params") == nil {
                addc("fsdp_config.auto_wrap_policy", .error, DiagnosticCode.missingKey, "auto_wrap_policy: SIZE_BASED_WRAP requires fsdp_config.min_num_params.")
            }
            if isTrue("lora_target_linear"), r.find("lora_target_modules") != nil {
                addc("lora_target_modules", .information, DiagnosticCode.contradiction, "lora_target_linear: true adapts every linear layer; lora_target_modules is added to that set, not used instead of it.")
            }
            if let e = r.int2("eval_batch_size"), let m = r.int2("micro_batch_size"), e != m {
                add("eval_batch_size", .warning, "eval_batch_size (\(e)) differs from micro_batch_size (\(m)).")
            }
        case .llamafactory:
            let ft = r.string("finetuning_type")?.value.lowercased() ?? "lora"
            let bits = r.int2("quantization_bit")
            if bits != nil && ft != "lora" && ft != "oft" {
                add("quantization_bit", .error, "Quantization is only compatible with the LoRA or OFT method (finetuning_type: \(ft)).")
            }
            let method = r.string("quantization_method")?.value.lowercased() ?? "bnb"
            if let bits, method == "bnb", bits != 4 && bits != 8 {
                addc("quantization_bit", .error, DiagnosticCode.invalidValue, "bitsandbytes accepts only 4-bit or 8-bit quantization, not \(bits).")
            }
            if isTrue("fp8") && bits != nil { add("fp8", .error, "fp8 cannot be combined with quantization_bit.") }
            if isTrue("pure_bf16") && config.zeroStage?.value == 3 { add("pure_bf16", .error, "pure_bf16 is not compatible with DeepSpeed ZeRO-3.") }
            if isTrue("use_unsloth") && config.zeroStage?.value == 3 { add("use_unsloth", .error, "use_unsloth is not compatible with DeepSpeed ZeRO-3.") }
            if let t = r.stringList("lora_target"), t.value.contains(where: { $0.lowercased() == "all-linear" || $0.lowercased() == "all_linear" }) {
                add("lora_target", .warning, "“all-linear” is not a module name in LLaMA-Factory; the keyword for every linear layer is “all”.")
            }
            if isTrue("bf16") && isTrue("fp16") { add("fp16", .error, "bf16 and fp16 cannot both be true.") }
            if r.find("per_device_train_batch_size") == nil {
                out.append(SetupDiagnostic(range: keyRange("model_name_or_path"), severity: .information, code: DiagnosticCode.costlyDefault,
                                           message: "per_device_train_batch_size is not set: it defaults to 8."))
            }
        case .trl:
            if isTrue("bf16") && isTrue("fp16") { add("fp16", .error, "bf16 and fp16 cannot both be true (TrainingArguments rejects it).") }
            if isTrue("load_in_4bit") && isTrue("load_in_8bit") { add("load_in_8bit", .error, "load_in_4bit and load_in_8bit cannot both be true.") }
            if (isTrue("load_in_4bit") || isTrue("load_in_8bit")) && !isTrue("use_peft") {
                add(isTrue("load_in_4bit") ? "load_in_4bit" : "load_in_8bit", .error, "A quantized model cannot be trained without an adapter: add use_peft: true.")
            }
            if config.model != nil, r.find("dtype") == nil, r.find("torch_dtype") == nil, r.find("model_init_kwargs.dtype") == nil {
                out.append(SetupDiagnostic(range: keyRange("model_name_or_path"), severity: .information, code: DiagnosticCode.costlyDefault,
                                           message: "No dtype: trl loads the weights in float32 (twice the memory of bf16), even with bf16: true. Add dtype: bfloat16."))
            }
            if config.model != nil, r.find("per_device_train_batch_size") == nil {
                out.append(SetupDiagnostic(range: keyRange("model_name_or_path"), severity: .information, code: DiagnosticCode.costlyDefault,
                                           message: "per_device_train_batch_size is not set: it defaults to 8."))
            }
            if let t = r.stringList("lora_target_modules"), t.value.contains("all_linear") {
                add("lora_target_modules", .warning, "PEFT does not recognise “all_linear”; the shorthand is “all-linear”.")
            }
        case .torchtune:
            if let d = r.string("dtype"), d.value.lowercased() == "fp16" {
                addc("dtype", .error, DiagnosticCode.invalidValue, "torchtune recipes reject dtype: fp16 (full fp16 training is not supported); use bf16.")
            }
            if isTrue("enable_activation_offloading") && !isTrue("enable_activation_checkpointing") {
                add("enable_activation_offloading", .warning, "enable_activation_offloading needs enable_activation_checkpointing: True.")
            }
            if isTrue("optimizer_in_bwd"), let g = r.int2("gradient_accumulation_steps"), g > 1 {
                add("optimizer_in_bwd", .error, "optimizer_in_bwd: True requires gradient_accumulation_steps: 1.")
            }
            if isTrue("dataset.packed"), r.int2("tokenizer.max_seq_len") == nil {
                add("dataset.packed", .error, "dataset.packed: True requires tokenizer.max_seq_len.")
            }
            if let b = r.string("model._component_")?.value, let name = b.split(separator: ".").last,
               name.hasPrefix("lora_") || name.hasPrefix("qlora_") {
                if r.find("model.lora_attn_modules") == nil {
                    addc("model._component_", .error, DiagnosticCode.missingKey, "LoRA builders require model.lora_attn_modules.")
                }
            }
            if r.int2("tokenizer.max_seq_len") == nil, r.find("tokenizer") != nil {
                out.append(SetupDiagnostic(range: keyRange("tokenizer"), severity: .information, code: DiagnosticCode.costlyDefault,
                                           message: "tokenizer.max_seq_len is not set: samples are not truncated, so activation memory is set by the longest sample."))
            }
            if let m = r.stringList("model.lora_attn_modules"), m.value.contains("o_proj") {
                add("model.lora_attn_modules", .warning, "torchtune calls the attention output projection “output_proj”, not “o_proj”.")
            }
        case .litgpt:
            if let q = r.string("quantize") {
                if let p = r.string("precision")?.value, p.hasSuffix("-mixed") {
                    add("precision", .error, "Quantization and mixed precision are not supported together (quantize: \(q.value) with precision: \(p)); use bf16-true.")
                }
                if (config.gpuCount?.value ?? 1) > 1 { add("quantize", .error, "quantize is supported on a single device only (devices × num_nodes = \(config.gpuCount?.value ?? 1)).") }
            }
            if let g = config.globalBatchSize?.value, let m = config.microBatchSize?.value, let n = config.gpuCount?.value, m > 0, n > 0 {
                let per = m.multipliedReportingOverflow(by: n)
                if !per.overflow, per.partialValue > 0, g >= per.partialValue, g % per.partialValue != 0 {
                    add("train.global_batch_size", .warning, "global_batch_size \(g) is not divisible by devices × micro_batch_size (\(per.partialValue)); accumulation is truncated.")
                }
                if !per.overflow, g < per.partialValue {
                    addc("train.global_batch_size", .error, DiagnosticCode.invalidValue, "global_batch_size \(g) is smaller than devices × micro_batch_size (\(per.partialValue)): gradient accumulation would be 0.")
                }
            }
            if r.find("precision") == nil || r.string("precision")?.value.hasSuffix("-mixed") == true {
                let at = r.find("precision") != nil ? "precision" : "checkpoint_dir"
                out.append(SetupDiagnostic(range: keyRange(at), severity: .information, code: DiagnosticCode.costlyDefault,
                                           message: "Mixed precision (litgpt's default bf16-mixed) keeps fp32 weights: 4 bytes per parameter. precision: bf16-true halves that."))
            }
            if let o = r.string("optimizer")?.value, !o.contains("."), o.lowercased().contains("8bit") {
                add("optimizer", .error, "“\(o)” is looked up in torch.optim; write the module path, e.g. bitsandbytes.optim.\(o).")
            }
        case .deepspeed:
            if let stage = config.zeroStage?.value, stage < 3, config.offloadParameters?.value == true, !(config.offloadParameters?.provenance.isDefault ?? true) {
                add("zero_optimization.offload_param", .warning, "offload_param works only with ZeRO stage 3 (stage is \(stage)).")
            }
            if isTrue("fp16.enabled") && (isTrue("bf16.enabled") || isTrue("bfloat16.enabled")) {
                add("fp16", .error, "fp16 and bf16 cannot both be enabled.")
            }
            if let g = config.globalBatchSize?.value, let m = config.microBatchSize?.value, let a = config.gradientAccumulationSteps?.value {
                let per = m.multipliedReportingOverflow(by: a)
                if !per.overflow, per.partialValue > 0, g % per.partialValue != 0 {
                    add("train_batch_size", .error, "train_batch_size \(g) must equal micro batch × accumulation × GPUs; \(m) × \(a) does not divide it.")
                }
            }
        case .accelerate:
            if r.find("deepspeed_config.deepspeed_config_file") != nil {
                let clash = ["gradient_accumulation_steps", "gradient_clipping", "zero_stage", "offload_optimizer_device", "offload_param_device",
                             "offload_optimizer_nvme_path", "offload_param_nvme_path", "zero3_save_16bit_model"]
                for k in clash where r.find("deepspeed_config.\(k)") != nil {
                    add("deepspeed_config.\(k)", .error, "deepspeed_config.\(k) cannot be set together with deepspeed_config_file; put it in the JSON.")
                }
            }
            if r.int2("fsdp_config.fsdp_version") == 2, r.find("fsdp_config.fsdp_sharding_strategy") != nil {
                addc("fsdp_config.fsdp_sharding_strategy", .warning, DiagnosticCode.deprecatedKey, "fsdp_sharding_strategy is deprecated with FSDP 2; use fsdp_reshard_after_forward.")
            }
        case .mlx, .unknown:
            break
        }
        return out
    }
}

extension ValueReader {
    /// An integer value without range diagnostics (for cross-key checks).
    func int2(_ path: String) -> Int? {
        guard let f = find(path), let s = f.value.scalar else { return nil }
        switch s {
        case .int(let v): return v >= Int64(Int32.min) && v <= Int64(Int32.max) ? Int(v) : nil
        case .float(let d): return d.isFinite && d == d.rounded() && abs(d) < 2e9 ? Int(d) : nil
        default: return nil
        }
    }
}
