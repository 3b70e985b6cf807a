// Each dialect's keys -> one TrainingConfig, every field with its provenance.
// The defaults and meanings follow ../shared/data/DIALECTS.md (sections 1-8).
import ConfigSyntax
import MemoryModel

enum Limits {
    static let batch = 1...1_000_000
    static let accumulation = 1...1_000_000
    static let sequence = 1...134_217_728
    static let rank = 1...1_000_000
    static let gpus = 1...1_000_000
    static let alpha = 0.0...1e9
}

extension Setting {
    /// `self`, or the framework default when absent.
    static func or(_ s: Setting<Value>?, _ value: Value, _ reader: ValueReader, key: String?) -> Setting<Value> {
        s ?? Setting(value, .frameworkDefault(reader.defaultLabel), key: key)
    }
}

enum DialectMapper {
    static func framework(for dialect: Dialect) -> Framework? {
        switch dialect {
        case .axolotl, .llamafactory, .trl: return .huggingface
        case .torchtune: return .torchtune
        case .litgpt: return .litgpt
        case .mlx: return .mlx
        case .deepspeed, .accelerate, .unknown: return nil
        }
    }

    /// Maps `root` read as `dialect`. `comments` feed launcher hints (`--nproc_per_node 4`).
    static func map(root: Node?, dialect: Dialect, directives: Directives, commentTexts: [(String, ByteRange)],
                    file: String? = nil, document: ParsedDocument? = nil) -> (TrainingConfig, [SetupDiagnostic]) {
        guard let keys = DialectKeys.forDialect(dialect), let root, root.kind == .mapping else {
            return (TrainingConfig(dialect: dialect, framework: nil, frameworkVersion: "", directives: directives), [])
        }
        var r = ValueReader(root: root, keys: keys, file: file, document: document)
        var c = TrainingConfig(dialect: dialect, framework: framework(for: dialect), frameworkVersion: keys.source,
                               directives: directives)
        switch dialect {
        case .axolotl: mapAxolotl(&c, &r)
        case .llamafactory: mapLlamaFactory(&c, &r)
        case .trl: mapTRL(&c, &r)
        case .torchtune: mapTorchtune(&c, &r, commentTexts: commentTexts)
        case .litgpt: mapLitGPT(&c, &r)
        case .mlx: mapMLX(&c, &r)
        case .deepspeed: mapDeepSpeed(&c, &r)
        case .accelerate: mapAccelerate(&c, &r)
        case .unknown: break
        }
        mapExtras(&c, &r)
        applyGPUDirective(&c)
        return (c, r.diagnostics)
    }

    /// Dropout, adapter kind, torch.compile and loss chunks, per dialect.
    static func mapExtras(_ c: inout TrainingConfig, _ r: inout ValueReader) {
        let adapted = c.method.map { $0.value != .full } ?? false
        let dropout: (String, Double)?
        let compile: (String, Bool)?
        var kind: Setting<String>?
        switch c.dialect {
        case .axolotl:
            dropout = ("lora_dropout", 0.0); compile = ("torch_compile", false)
            if let d = r.bool("peft_use_dora"), d.value { kind = Setting("dora", d.provenance, key: "peft_use_dora") }
            else if let a = r.string("adapter"), !["lora", "qlora"].contains(a.value.lowercased()) { kind = Setting(a.value, a.provenance, key: "adapter") }
            if let n = r.int("chunked_cross_entropy_num_chunks", in: 1...65_536, what: "chunked_cross_entropy_num_chunks") { c.lossChunks = n }
        case .llamafactory:
            dropout = ("lora_dropout", 0.0); compile = ("torch_compile", false)
            if let d = r.bool("use_dora"), d.value { kind = Setting("dora", d.provenance, key: "use_dora") }
            else if let f = r.string("finetuning_type"), f.value.lowercased() == "oft" { kind = Setting("oft", f.provenance, key: "finetuning_type") }
        case .trl:
            dropout = ("lora_dropout", 0.05); compile = ("torch_compile", false)
            if let d = r.bool("use_dora"), d.value { kind = Setting("dora", d.provenance, key: "use_dora") }
        case .torchtune:
            dropout = ("model.lora_dropout", 0.0); compile = ("compile", false)
            if let d = r.bool("model.use_dora"), d.value { kind = Setting("dora", d.provenance, key: "model.use_dora") }
            if c.loss?.value == .chunked {
                c.lossChunks = .or(r.int("loss.num_output_chunks", in: 1...65_536, what: "num_output_chunks"), 8, r, key: "loss.num_output_chunks")
            }
        case .litgpt:
            dropout = ("lora_dropout", 0.05); compile = nil
        case .mlx:
            dropout = ("lora_parameters.dropout", 0.0); compile = nil
            if let f = r.string("fine_tune_type"), f.value.lowercased() == "dora" { kind = Setting("dora", f.provenance, key: "fine_tune_type") }
        case .deepspeed, .accelerate, .unknown:
            dropout = nil; compile = nil
        }
        if adapted, let (key, value) = dropout {
            c.loraDropout = .or(r.number(key, in: 0...1, what: key), value, r, key: key)
            c.adapterKind = kind ?? c.loraRank.map { _ in Setting("lora", c.method?.provenance ?? r.defaulted(), key: c.method?.key) }
                ?? Setting("lora", c.method?.provenance ?? r.defaulted(), key: c.method?.key)
        }
        if let (key, value) = compile {
            c.compiled = .or(r.bool(key), value, r, key: key)
        }
    }

    /// `# headroom: gpu=rtx-4090 x2` / `8xH100`: the count, when the file says nothing itself.
    static func applyGPUDirective(_ c: inout TrainingConfig) {
        guard let gpu = c.directives.gpu, c.gpuCount?.provenance.isDefault ?? true else { return }
        if let n = GPUDirective.count(in: gpu.value), Limits.gpus.contains(n) {
            c.gpuCount = Setting(n, .directive(gpu.valueRange), key: nil)
        }
    }

    // MARK: Hugging Face family helpers

    static func attentionFromHF(_ name: String) -> AttentionImplementation {
        let n = name.lowercased()
        if n == "eager" { return .eager }
        if n.hasPrefix("flash") || n == "fa2" || n == "fa3" || n.contains("flex") || n == "xformers" || n == "sage"
            || n.contains("/") { return .flash }
        return .sdpa
    }

    /// HF `fsdp` string + `fsdp_config`.
    static func mapHFFSDP(_ c: inout TrainingConfig, _ r: inout ValueReader, fsdpKey: String, configKey: String) {
        if let f = r.find(fsdpKey), !r.isNull(f) {
            let text = (f.value.scalar?.string ?? (f.value.scalar?.bool == true ? "full_shard" : "")).lowercased()
            if !text.isEmpty {
                let words = Set(text.split(separator: " ").map(String.init))
                let sharding: Sharding = words.contains("shard_grad_op") || words.contains("hybrid_shard_zero2") ? .fsdpShardGradOp
                    : words.contains("no_shard") ? .none : .fsdpFullShard
                c.sharding = Setting(sharding, r.explicit(f), key: fsdpKey)
                if words.contains("offload") {
                    c.offloadParameters = Setting(true, r.explicit(f), key: fsdpKey)
                    c.offloadOptimizer = Setting(true, r.explicit(f), key: fsdpKey)
                }
            }
        }
        if let cfg = r.find(configKey), cfg.value.kind == .mapping {
            if c.sharding == nil || c.sharding?.value == Sharding.none {
                c.sharding = Setting(.fsdpFullShard, .derived(from: cfg.location, note: "FSDP configured"), key: configKey)
            }
            for k in ["offload_params", "fsdp_offload_params"] {
                if let b = r.bool("\(configKey).\(k)") {
                    c.offloadParameters = b
                    c.offloadOptimizer = Setting(b.value, b.provenance, key: b.key)
                }
            }
            for k in ["reshard_after_forward", "fsdp_reshard_after_forward"] {
                if let b = r.bool("\(configKey).\(k)"), !b.value {
                    c.sharding = Setting(.fsdpShardGradOp, b.provenance, key: b.key)
                }
            }
            for k in ["activation_checkpointing", "fsdp_activation_checkpointing"] {
                if let b = r.bool("\(configKey).\(k)"), b.value { c.gradientCheckpointing = b }
            }
        }
    }

    static func deepspeedReference(_ c: inout TrainingConfig, _ r: inout ValueReader, key: String) {
        guard let f = r.find(key), !r.isNull(f) else { return }
        if let s = f.value.scalar?.string {
            c.deepspeedReference = Setting(s, r.explicit(f), key: key)
        } else if f.value.kind == .mapping {
            // Inline DeepSpeed dict.
            var inner = ValueReader(root: f.value, keys: DialectKeys.deepSpeed, file: r.file)
            var ds = TrainingConfig(dialect: .deepspeed, framework: nil, frameworkVersion: DialectKeys.deepSpeed.source)
            mapDeepSpeed(&ds, &inner)
            mergeDeepSpeed(into: &c, ds)
            r.diagnostics += inner.diagnostics
        }
    }

    /// Folds a DeepSpeed file's ZeRO facts into a training config.
    static func mergeDeepSpeed(into c: inout TrainingConfig, _ ds: TrainingConfig) {
        if let s = ds.sharding { c.sharding = s }
        if let z = ds.zeroStage { c.zeroStage = z }
        if let o = ds.offloadOptimizer, !o.provenance.isDefault || c.offloadOptimizer == nil { c.offloadOptimizer = o }
        if let o = ds.offloadParameters, !o.provenance.isDefault || c.offloadParameters == nil { c.offloadParameters = o }
        if let m = ds.microBatchSize, c.microBatchSize?.provenance.isDefault ?? true { c.microBatchSize = m }
        if let g = ds.gradientAccumulationSteps, c.gradientAccumulationSteps?.provenance.isDefault ?? true {
            c.gradientAccumulationSteps = g
        }
        if let n = ds.gpuCount, !n.provenance.isDefault, c.gpuCount?.provenance.isDefault ?? true { c.gpuCount = n }
    }

    // MARK: Axolotl (axolotl 0.19.0)

    static func mapAxolotl(_ c: inout TrainingConfig, _ r: inout ValueReader) {
        if let m = r.string("base_model") {
            c.model = Setting(ModelReference(raw: m.value, lookupName: m.value), m.provenance, key: "base_model")
        }
        let adapter = r.string("adapter")
        let load4 = r.bool("load_in_4bit")
        let load8 = r.bool("load_in_8bit")
        switch adapter?.value.lowercased() {
        case "qlora"?: c.method = Setting(.qlora, adapter?.provenance ?? r.defaulted(), key: "adapter")
        case .some: c.method = Setting(.lora, adapter?.provenance ?? r.defaulted(), key: "adapter")
        case nil: c.method = r.defaultSetting(.full, key: "adapter")
        }
        // 4-bit BnB config is built only for qlora (+ load_in_4bit); lora + load_in_4bit loads unquantized.
        var quantType: WeightQuantization = .nf4
        var doubleQuant = true
        var qProv: Provenance?
        if let t = r.string("bnb_config_kwargs.bnb_4bit_quant_type") {
            quantType = t.value.lowercased() == "fp4" ? .fp4 : .nf4
            qProv = t.provenance
        }
        let dq = r.bool("bnb_config_kwargs.bnb_4bit_use_double_quant")
        if let dq { doubleQuant = dq.value }
        if c.method?.value == .qlora {
            let prov = qProv ?? (load4?.value == true ? load4?.provenance : adapter?.provenance) ?? r.defaulted()
            c.quantization = Setting(quantType, prov, key: "load_in_4bit")
            c.doubleQuantization = dq ?? Setting(doubleQuant, .frameworkDefault(r.defaultLabel), key: "bnb_config_kwargs")
        } else if c.method?.value == .lora, let l8 = load8, l8.value {
            c.quantization = Setting(.int8, l8.provenance, key: "load_in_8bit")
            c.doubleQuantization = r.defaultSetting(false, key: "bnb_config_kwargs")
        } else {
            c.quantization = r.defaultSetting(WeightQuantization.none, key: "load_in_4bit")
            c.doubleQuantization = r.defaultSetting(false, key: "bnb_config_kwargs")
        }
        c.loraRank = r.int("lora_r", in: Limits.rank, what: "lora_r")
        c.loraAlpha = r.number("lora_alpha", in: Limits.alpha, what: "lora_alpha")
        if let lin = r.bool("lora_target_linear"), lin.value {
            c.loraTargets = Setting(.allLinear, lin.provenance, key: "lora_target_linear")
        } else if let names = r.stringList("lora_target_modules") {
            c.loraTargets = Setting(Vocabulary.loraTargets(names.value), names.provenance, key: "lora_target_modules")
        } else if c.method?.value != .full {
            c.loraTargets = Setting(.queryValue, .frameworkDefault("PEFT per-architecture default (\(r.defaultLabel))"), key: "lora_target_modules")
        }
        // Precision: weights load in torch_dtype (bf16 when bf16 is true/auto, fp16 when fp16).
        let bf16 = r.find("bf16")
        let fp16 = r.bool("fp16")
        let bf16Bool = r.bool("bf16")
        if let pure = r.bool("bfloat16"), pure.value {
            c.weightDtype = Setting(.bf16, pure.provenance, key: "bfloat16")
        } else if let pure = r.bool("float16"), pure.value {
            c.weightDtype = Setting(.fp16, pure.provenance, key: "float16")
        } else if let b = bf16Bool, b.value {
            c.weightDtype = Setting(.bf16, b.provenance, key: "bf16")
        } else if let f = fp16, f.value {
            c.weightDtype = Setting(.fp16, f.provenance, key: "fp16")
        } else if let bf16, bf16.value.scalar?.string?.lowercased() == "auto" {
            c.weightDtype = Setting(.bf16, .derived(from: bf16.location, note: "bf16: auto (bf16 on GPUs that support it)"), key: "bf16")
        } else if bf16Bool?.value == false {
            c.weightDtype = Setting(.fp32, bf16Bool?.provenance ?? r.defaulted(), key: "bf16")
        } else {
            c.weightDtype = Setting(.bf16, .frameworkDefault("\(r.defaultLabel) (bf16: auto)"), key: "bf16")
        }
        if let o = r.string("optimizer") {
            c.optimizerName = o
            c.optimizer = Setting(Vocabulary.hfOptimizer(o.value), o.provenance, key: "optimizer")
        } else {
            c.optimizerName = r.defaultSetting("adamw_torch_fused", key: "optimizer")
            c.optimizer = r.defaultSetting(.adamwFused, key: "optimizer")
        }
        c.microBatchSize = .or(r.int("micro_batch_size", in: Limits.batch, what: "micro_batch_size"), 1, r, key: "micro_batch_size")
        if let g = r.int("gradient_accumulation_steps", in: Limits.accumulation, what: "gradient_accumulation_steps") {
            c.gradientAccumulationSteps = g
        } else if let b = r.int("batch_size", in: Limits.batch, what: "batch_size") {
            c.globalBatchSize = b
            let micro = c.microBatchSize?.value ?? 1
            if micro > 0 {
                c.gradientAccumulationSteps = Setting(max(1, b.value / micro),
                                                      .derived(from: b.provenance.location ?? SourceLocation(keyRange: nil, valueRange: ByteRange(0, 0)),
                                                               note: "batch_size / micro_batch_size"),
                                                      key: "gradient_accumulation_steps")
            }
        } else {
            c.gradientAccumulationSteps = r.defaultSetting(1, key: "gradient_accumulation_steps")
        }
        c.sequenceLength = .or(r.int("sequence_len", in: Limits.sequence, what: "sequence_len"), 512, r, key: "sequence_len")
        c.packing = .or(r.bool("sample_packing"), false, r, key: "sample_packing")
        if let f = r.find("gradient_checkpointing"), let s = f.value.scalar?.string,
           ["offload", "offload_disk"].contains(s.lowercased()) {
            c.gradientCheckpointing = Setting(true, r.explicit(f), key: "gradient_checkpointing")
            c.activationOffloading = Setting(true, r.explicit(f), key: "gradient_checkpointing")
        } else {
            c.gradientCheckpointing = .or(r.bool("gradient_checkpointing"), false, r, key: "gradient_checkpointing")
        }
        if c.activationOffloading == nil {
            if let f = r.find("activation_offloading"), !r.isNull(f) {
                let on = f.value.scalar?.bool ?? (f.value.scalar?.string != nil)
                c.activationOffloading = Setting(on, r.explicit(f), key: "activation_offloading")
            } else {
                c.activationOffloading = r.defaultSetting(false, key: "activation_offloading")
            }
        }
        if let a = r.string("attn_implementation") {
            c.attention = Setting(attentionFromHF(a.value), a.provenance, key: "attn_implementation")
        } else {
            let legacy: [(String, AttentionImplementation)] = [("flash_attention", .flash), ("flex_attention", .flash),
                                                               ("xformers_attention", .flash), ("sage_attention", .flash),
                                                               ("sdp_attention", .sdpa), ("eager_attention", .eager)]
            for (k, impl) in legacy {
                if let b = r.bool(k), b.value { c.attention = Setting(impl, b.provenance, key: k); break }
            }
            if c.attention == nil {
                c.attention = Setting(.sdpa, .frameworkDefault("transformers default (sdpa), \(r.defaultLabel)"), key: "attn_implementation")
            }
        }
        if let f = r.bool("liger_fused_linear_cross_entropy"), f.value {
            c.loss = Setting(.fused, f.provenance, key: "liger_fused_linear_cross_entropy")
        } else if let f = r.bool("cut_cross_entropy"), f.value {
            c.loss = Setting(.fused, f.provenance, key: "cut_cross_entropy")
        } else if let f = r.bool("chunked_cross_entropy"), f.value {
            c.loss = Setting(.chunked, f.provenance, key: "chunked_cross_entropy")
        } else {
            c.loss = r.defaultSetting(.standard, key: "chunked_cross_entropy")
        }
        c.gpuCount = Setting(1, .frameworkDefault("not in the file (set by the launcher); \(r.defaultLabel)"), key: nil)
        c.sharding = r.defaultSetting(Sharding.none, key: "deepspeed")
        c.zeroStage = r.defaultSetting(0, key: "deepspeed")
        c.offloadOptimizer = r.defaultSetting(false, key: "deepspeed")
        c.offloadParameters = r.defaultSetting(false, key: "deepspeed")
        mapHFFSDP(&c, &r, fsdpKey: "fsdp", configKey: "fsdp_config")
        deepspeedReference(&c, &r, key: "deepspeed")
    }

    // MARK: LLaMA-Factory (llamafactory 0.9.5)

    static func mapLlamaFactory(_ c: inout TrainingConfig, _ r: inout ValueReader) {
        if let m = r.string("model_name_or_path") {
            c.model = Setting(ModelReference(raw: m.value, lookupName: m.value), m.provenance, key: "model_name_or_path")
        }
        let ft = r.string("finetuning_type")
        let ftValue = ft?.value.lowercased() ?? "lora"
        let bits = r.int("quantization_bit", in: 1...16, what: "quantization_bit")
        let isAdapter = ftValue == "lora" || ftValue == "oft"
        if isAdapter {
            if let bits, bits.value <= 4 {
                c.method = Setting(.qlora, ft.map { _ in bits.provenance } ?? bits.provenance, key: "quantization_bit")
            } else {
                c.method = ft.map { Setting(.lora, $0.provenance, key: "finetuning_type") } ?? r.defaultSetting(.lora, key: "finetuning_type")
            }
        } else {
            c.method = Setting(.full, ft?.provenance ?? r.defaulted(), key: "finetuning_type")
            if ftValue == "freeze" {
                c.freezeTrainableLayers = .or(r.int("freeze_trainable_layers", in: -1_000_000...1_000_000, what: "freeze_trainable_layers"),
                                              2, r, key: "freeze_trainable_layers")
                c.freezeExtraModules = r.stringList("freeze_extra_modules")
            }
        }
        if let bits, isAdapter {
            if bits.value <= 4 {
                let t = r.string("quantization_type")
                let q: WeightQuantization = t?.value.lowercased() == "fp4" ? .fp4 : .nf4
                c.quantization = Setting(q, t?.provenance ?? bits.provenance, key: "quantization_bit")
            } else {
                c.quantization = Setting(.int8, bits.provenance, key: "quantization_bit")
            }
            c.doubleQuantization = .or(r.bool("double_quantization"), true, r, key: "double_quantization")
        } else {
            c.quantization = r.defaultSetting(WeightQuantization.none, key: "quantization_bit")
            c.doubleQuantization = r.defaultSetting(false, key: "double_quantization")
        }
        if c.method?.value != .full {
            c.loraRank = .or(r.int("lora_rank", in: Limits.rank, what: "lora_rank"), 8, r, key: "lora_rank")
            if let a = r.number("lora_alpha", in: Limits.alpha, what: "lora_alpha") {
                c.loraAlpha = a
            } else if let rank = c.loraRank {
                c.loraAlpha = Setting(Double(rank.value * 2), .frameworkDefault("lora_rank * 2 (\(r.defaultLabel))"), key: "lora_alpha")
            }
            if let t = r.stringList("lora_target") {
                c.loraTargets = Setting(Vocabulary.loraTargets(t.value), t.provenance, key: "lora_target")
            } else {
                c.loraTargets = r.defaultSetting(.allLinear, key: "lora_target")
            }
        }
        mapHFPrecision(&c, &r, pureKey: "pure_bf16")
        mapHFOptimizer(&c, &r)
        c.microBatchSize = .or(r.int("per_device_train_batch_size", in: Limits.batch, what: "per_device_train_batch_size"), 8, r, key: "per_device_train_batch_size")
        c.gradientAccumulationSteps = .or(r.int("gradient_accumulation_steps", in: Limits.accumulation, what: "gradient_accumulation_steps"), 1, r, key: "gradient_accumulation_steps")
        c.sequenceLength = .or(r.int("cutoff_len", in: Limits.sequence, what: "cutoff_len"), 2048, r, key: "cutoff_len")
        if let n = r.bool("neat_packing"), n.value {
            c.packing = Setting(true, n.provenance, key: "neat_packing")
        } else if let p = r.bool("packing") {
            c.packing = p
        } else {
            let stage = r.string("stage")?.value ?? "sft"
            c.packing = Setting(stage == "pt", .frameworkDefault("\(r.defaultLabel) (on only for stage: pt)"), key: "packing")
        }
        if let d = r.bool("disable_gradient_checkpointing") {
            c.gradientCheckpointing = Setting(!d.value, d.provenance, key: "disable_gradient_checkpointing")
        } else {
            c.gradientCheckpointing = Setting(true, .frameworkDefault("\(r.defaultLabel) (on unless disable_gradient_checkpointing)"), key: "disable_gradient_checkpointing")
        }
        c.activationOffloading = .or(r.bool("use_unsloth_gc"), false, r, key: "use_unsloth_gc")
        if let a = r.string("flash_attn") {
            let v = a.value.lowercased()
            let impl: AttentionImplementation = v == "disabled" ? .eager : (v == "fa2" || v == "fa3") ? .flash : .sdpa
            c.attention = Setting(impl, a.provenance, key: "flash_attn")
        } else {
            c.attention = Setting(.sdpa, .frameworkDefault("\(r.defaultLabel) (flash_attn: auto = sdpa)"), key: "flash_attn")
        }
        if let l = r.bool("enable_liger_kernel"), l.value {
            c.loss = Setting(.fused, l.provenance, key: "enable_liger_kernel")
        } else {
            c.loss = r.defaultSetting(.standard, key: "enable_liger_kernel")
        }
        mapHFParallel(&c, &r)
    }

    static func mapHFPrecision(_ c: inout TrainingConfig, _ r: inout ValueReader, pureKey: String?) {
        let bf16 = r.bool("bf16"), fp16 = r.bool("fp16")
        let amp: Setting<DType>? = bf16?.value == true ? Setting(.bf16, bf16?.provenance ?? r.defaulted(), key: "bf16")
            : fp16?.value == true ? Setting(.fp16, fp16?.provenance ?? r.defaulted(), key: "fp16") : nil
        if let pureKey, let pure = r.bool(pureKey), pure.value {
            c.weightDtype = Setting(.bf16, pure.provenance, key: pureKey)
            return
        }
        if c.dialect == .llamafactory {
            // LLaMA-Factory loads weights in the compute dtype; full fine-tuning upcasts the
            // trainable parameters to fp32 (mixed precision with fp32 master weights).
            let compute = amp?.value ?? .bf16
            if c.method?.value == .full && c.freezeTrainableLayers == nil {
                c.weightDtype = Setting(.fp32, .derived(from: amp?.provenance.location ?? SourceLocation(keyRange: nil, valueRange: ByteRange(0, 0)),
                                                        note: "full fine-tuning keeps fp32 trainable weights (\(r.defaultLabel))"), key: pureKey)
                c.autocastDtype = amp ?? Setting(compute, .frameworkDefault("\(r.defaultLabel) (inferred compute dtype)"), key: "bf16")
            } else {
                c.weightDtype = amp ?? Setting(compute, .frameworkDefault("\(r.defaultLabel) (inferred compute dtype)"), key: "bf16")
            }
            return
        }
        _ = amp
    }

    static func mapHFOptimizer(_ c: inout TrainingConfig, _ r: inout ValueReader) {
        if let o = r.string("optim") {
            c.optimizerName = o
            c.optimizer = Setting(Vocabulary.hfOptimizer(o.value), o.provenance, key: "optim")
        } else {
            c.optimizerName = r.defaultSetting("adamw_torch_fused", key: "optim")
            c.optimizer = r.defaultSetting(.adamwFused, key: "optim")
        }
    }

    static func mapHFParallel(_ c: inout TrainingConfig, _ r: inout ValueReader) {
        c.gpuCount = Setting(1, .frameworkDefault("not in the file (set by the launcher); \(r.defaultLabel)"), key: nil)
        c.sharding = r.defaultSetting(Sharding.none, key: "deepspeed")
        c.zeroStage = r.defaultSetting(0, key: "deepspeed")
        c.offloadOptimizer = r.defaultSetting(false, key: "deepspeed")
        c.offloadParameters = r.defaultSetting(false, key: "deepspeed")
        mapHFFSDP(&c, &r, fsdpKey: "fsdp", configKey: "fsdp_config")
        deepspeedReference(&c, &r, key: "deepspeed")
    }

    // MARK: TRL / TrainingArguments (trl 1.16.0, transformers 5.23.0)

    static func mapTRL(_ c: inout TrainingConfig, _ r: inout ValueReader) {
        let isTRL = r.find("model_name_or_path") != nil
        let label = isTRL ? r.defaultLabel : "transformers 5.23.0 default"
        func def<T>(_ v: T, _ key: String?) -> Setting<T> { Setting(v, .frameworkDefault(label), key: key) }
        if !isTRL { c.frameworkVersion = "transformers 5.23.0" }
        if let m = r.string("model_name_or_path") {
            c.model = Setting(ModelReference(raw: m.value, lookupName: m.value), m.provenance, key: "model_name_or_path")
        }
        let peft = r.bool("use_peft")
        let l4 = r.bool("load_in_4bit"), l8 = r.bool("load_in_8bit")
        if peft?.value == true {
            if l4?.value == true {
                c.method = Setting(.qlora, l4?.provenance ?? r.defaulted(), key: "load_in_4bit")
                let t = r.string("bnb_4bit_quant_type")
                c.quantization = Setting(t?.value.lowercased() == "fp4" ? .fp4 : .nf4, t?.provenance ?? def(WeightQuantization.nf4, nil).provenance, key: "bnb_4bit_quant_type")
                c.doubleQuantization = r.bool("use_bnb_nested_quant") ?? def(false, "use_bnb_nested_quant")
            } else {
                c.method = Setting(.lora, peft?.provenance ?? r.defaulted(), key: "use_peft")
                if let l8, l8.value {
                    c.quantization = Setting(.int8, l8.provenance, key: "load_in_8bit")
                } else {
                    c.quantization = def(WeightQuantization.none, "load_in_4bit")
                }
                c.doubleQuantization = def(false, "use_bnb_nested_quant")
            }
            c.loraRank = r.int("lora_r", in: Limits.rank, what: "lora_r") ?? def(16, "lora_r")
            c.loraAlpha = r.number("lora_alpha", in: Limits.alpha, what: "lora_alpha") ?? def(32.0, "lora_alpha")
            if let t = r.stringList("lora_target_modules") {
                c.loraTargets = Setting(Vocabulary.loraTargets(t.value), t.provenance, key: "lora_target_modules")
            } else {
                c.loraTargets = Setting(.queryValue, .frameworkDefault("PEFT per-architecture default (\(label))"), key: "lora_target_modules")
            }
        } else {
            c.method = peft.map { Setting(.full, $0.provenance, key: "use_peft") } ?? def(.full, "use_peft")
            c.quantization = def(WeightQuantization.none, "load_in_4bit")
            c.doubleQuantization = def(false, "use_bnb_nested_quant")
        }
        // Weights: ModelConfig.dtype (TRL default float32); AMP from bf16/fp16.
        let dtypeSetting = r.string("dtype") ?? r.string("torch_dtype") ?? r.string("model_init_kwargs.dtype")
            ?? r.string("model_init_kwargs.torch_dtype")
        func dtype(_ s: String) -> DType? {
            switch s.lowercased() {
            case "bfloat16", "bf16": return .bf16
            case "float16", "fp16", "half": return .fp16
            case "float32", "fp32", "float": return .fp32
            default: return nil
            }
        }
        if let d = dtypeSetting, let v = dtype(d.value) {
            c.weightDtype = Setting(v, d.provenance, key: d.key)
        } else if let d = dtypeSetting, d.value.lowercased() == "auto" {
            c.weightDtype = Setting(.bf16, .derived(from: d.provenance.location ?? SourceLocation(keyRange: nil, valueRange: ByteRange(0, 0)),
                                                    note: "dtype: auto (the checkpoint's stored dtype)"), key: d.key)
        } else {
            c.weightDtype = Setting(.fp32, .frameworkDefault("\(label) (dtype float32)"), key: "dtype")
        }
        let bf16 = r.bool("bf16"), fp16 = r.bool("fp16")
        let ampDtype: Setting<DType>?
        if let b = bf16, b.value { ampDtype = Setting(.bf16, b.provenance, key: "bf16") }
        else if let f = fp16, f.value { ampDtype = Setting(.fp16, f.provenance, key: "fp16") }
        else if isTRL && bf16 == nil { ampDtype = Setting(.bf16, .frameworkDefault("\(label) (bf16 unless fp16)"), key: "bf16") }
        else { ampDtype = nil }
        if let a = ampDtype, a.value != c.weightDtype?.value { c.autocastDtype = a }
        mapHFOptimizer(&c, &r)
        if !isTRL, c.optimizer?.provenance.isDefault == true {
            c.optimizer = def(.adamwFused, "optim")
            c.optimizerName = def("adamw_torch_fused", "optim")
        }
        c.microBatchSize = r.int("per_device_train_batch_size", in: Limits.batch, what: "per_device_train_batch_size") ?? def(8, "per_device_train_batch_size")
        c.gradientAccumulationSteps = r.int("gradient_accumulation_steps", in: Limits.accumulation, what: "gradient_accumulation_steps") ?? def(1, "gradient_accumulation_steps")
        if let s = r.int("max_length", in: Limits.sequence, what: "max_length") ?? r.int("max_seq_length", in: Limits.sequence, what: "max_seq_length") {
            c.sequenceLength = s
        } else if isTRL {
            c.sequenceLength = def(1024, "max_length")
        }
        if let p = r.bool("packing"), p.value { c.packing = p }
        else if let p = r.bool("padding_free"), p.value { c.packing = Setting(true, p.provenance, key: "padding_free") }
        else { c.packing = r.bool("packing") ?? def(false, "packing") }
        if let g = r.bool("activation_checkpointing") ?? r.bool("gradient_checkpointing") {
            c.gradientCheckpointing = g
        } else {
            c.gradientCheckpointing = def(isTRL, "gradient_checkpointing")
        }
        c.activationOffloading = r.bool("activation_offloading") ?? def(false, "activation_offloading")
        if let a = r.string("attn_implementation") ?? r.string("model_init_kwargs.attn_implementation") {
            c.attention = Setting(attentionFromHF(a.value), a.provenance, key: a.key)
        } else {
            c.attention = Setting(.sdpa, .frameworkDefault("transformers default (sdpa), \(label)"), key: "attn_implementation")
        }
        if isTRL {
            // trl 1.16 SFTTrainer always patches a fused LM head that computes log-probs in chunks
            // (use_liger_kernel keeps only Liger's layer kernels there).
            c.loss = Setting(.chunked, .frameworkDefault("\(label) (SFTTrainer's chunked fused LM head)"), key: "loss_type")
        } else if let l = r.bool("use_liger_kernel"), l.value {
            c.loss = Setting(.fused, l.provenance, key: "use_liger_kernel")
        } else {
            c.loss = def(.standard, "use_liger_kernel")
        }
        mapHFParallel(&c, &r)
        if !isTRL {
            c.gpuCount = Setting(1, .frameworkDefault("not in the file (set by the launcher); \(label)"), key: nil)
        }
    }

    // MARK: torchtune (torchtune 0.6.1)

    static func mapTorchtune(_ c: inout TrainingConfig, _ r: inout ValueReader, commentTexts: [(String, ByteRange)]) {
        let builder = r.string("model._component_")
        let builderName = builder.map { String($0.value.split(separator: ".").last ?? "") } ?? ""
        if let dir = r.string("checkpointer.checkpoint_dir") {
            let last = dir.value.split(separator: "/").last.map(String.init) ?? dir.value
            c.model = Setting(ModelReference(raw: dir.value, lookupName: last), dir.provenance, key: "checkpointer.checkpoint_dir")
        } else if let builder {
            let plain = torchtuneModelName(builderName)
            c.model = Setting(ModelReference(raw: builder.value, lookupName: plain),
                              .derived(from: builder.provenance.location ?? SourceLocation(keyRange: nil, valueRange: ByteRange(0, 0)), note: "from the model builder"),
                              key: "model._component_")
        }
        let quantizeBase = r.bool("model.quantize_base")
        if builderName.hasPrefix("qlora_") {
            c.method = Setting(.qlora, builder?.provenance ?? r.defaulted(), key: "model._component_")
        } else if builderName.hasPrefix("lora_") {
            if let q = quantizeBase, q.value { c.method = Setting(.qlora, q.provenance, key: "model.quantize_base") }
            else { c.method = Setting(.lora, builder?.provenance ?? r.defaulted(), key: "model._component_") }
        } else if let builder {
            c.method = Setting(.full, builder.provenance, key: "model._component_")
        }
        if c.method?.value == .qlora {
            c.quantization = Setting(.nf4, c.method?.provenance ?? r.defaulted(), key: c.method?.key)
            c.doubleQuantization = Setting(false, .frameworkDefault("\(r.defaultLabel) (torchao NF4)"), key: nil)
        } else {
            c.quantization = r.defaultSetting(WeightQuantization.none, key: "model.quantize_base")
            c.doubleQuantization = r.defaultSetting(false, key: nil)
        }
        if c.method?.value == .lora || c.method?.value == .qlora {
            c.loraRank = .or(r.int("model.lora_rank", in: Limits.rank, what: "lora_rank"), 8, r, key: "model.lora_rank")
            c.loraAlpha = .or(r.number("model.lora_alpha", in: Limits.alpha, what: "lora_alpha"), 16, r, key: "model.lora_alpha")
            var targets = LoraTargets(attentionQuery: false, attentionKey: false, attentionValue: false,
                                      attentionOutput: false, mlp: false, head: false)
            let attn = r.stringList("model.lora_attn_modules")
            if let attn { targets = Vocabulary.loraTargets(attn.value) }
            targets.mlp = r.bool("model.apply_lora_to_mlp")?.value ?? false
            targets.head = r.bool("model.apply_lora_to_output")?.value ?? false
            c.loraTargets = Setting(targets, attn?.provenance ?? r.defaulted(), key: "model.lora_attn_modules")
        }
        if let d = r.string("dtype") {
            c.weightDtype = Setting(d.value.lowercased() == "bf16" ? .bf16 : d.value.lowercased() == "fp16" ? .fp16 : .fp32, d.provenance, key: "dtype")
        } else {
            c.weightDtype = r.defaultSetting(.fp32, key: "dtype")
        }
        if let o = r.string("optimizer._component_") {
            let fused = r.bool("optimizer.fused")?.value ?? false
            c.optimizerName = o
            c.optimizer = Setting(Vocabulary.classOptimizer(o.value, fused: fused), o.provenance, key: "optimizer._component_")
        }
        c.optimizerInBackward = .or(r.bool("optimizer_in_bwd"), false, r, key: "optimizer_in_bwd")
        c.microBatchSize = r.int("batch_size", in: Limits.batch, what: "batch_size")
        c.gradientAccumulationSteps = r.int("gradient_accumulation_steps", in: Limits.accumulation, what: "gradient_accumulation_steps")
        c.sequenceLength = r.int("tokenizer.max_seq_len", in: Limits.sequence, what: "max_seq_len")
        c.packing = .or(r.bool("dataset.packed"), false, r, key: "dataset.packed")
        c.gradientCheckpointing = .or(r.bool("enable_activation_checkpointing"), false, r, key: "enable_activation_checkpointing")
        c.activationOffloading = .or(r.bool("enable_activation_offloading"), false, r, key: "enable_activation_offloading")
        c.attention = Setting(.sdpa, .frameworkDefault("\(r.defaultLabel) (always SDPA)"), key: nil)
        if let l = r.string("loss._component_") {
            let name = l.value.lowercased()
            let impl: LossImplementation = name.contains("chunked") ? .chunked : name.contains("linearcrossentropy") ? .fused : .standard
            c.loss = Setting(impl, l.provenance, key: "loss._component_")
        }
        // Distributed recipes: FSDP2 always.
        let distributedKeys = ["fsdp_cpu_offload", "fsdp_reshard_after_forward", "custom_sharded_layers", "tensor_parallel_dim", "ac_mode"]
        let distributed = distributedKeys.compactMap { r.find($0) }.first
        if let distributed {
            let reshard = r.bool("fsdp_reshard_after_forward")
            c.sharding = Setting(reshard?.value == false ? .fsdpShardGradOp : .fsdpFullShard,
                                 reshard?.provenance ?? .derived(from: distributed.location, note: "distributed recipe (FSDP2)"), key: "fsdp_reshard_after_forward")
            let off = r.bool("fsdp_cpu_offload") ?? r.defaultSetting(false, key: "fsdp_cpu_offload")
            c.offloadParameters = off
            c.offloadOptimizer = off
        } else {
            c.sharding = r.defaultSetting(Sharding.none, key: nil)
            c.offloadParameters = r.defaultSetting(false, key: "fsdp_cpu_offload")
            c.offloadOptimizer = r.defaultSetting(false, key: "fsdp_cpu_offload")
        }
        // `tune run --nproc_per_node N` in a comment.
        var count: Setting<Int>?
        for (text, range) in commentTexts {
            if let n = launcherCount(text) { count = Setting(n, .derived(from: SourceLocation(keyRange: nil, valueRange: range), note: "--nproc_per_node in a comment"), key: nil) }
        }
        c.gpuCount = count ?? Setting(1, .frameworkDefault("not in the file (tune run --nproc_per_node); \(r.defaultLabel)"), key: nil)
    }

    /// `lora_llama3_1_8b` -> `llama3.1-8b`-ish name for catalog matching.
    static func torchtuneModelName(_ builder: String) -> String {
        var s = builder
        for p in ["qlora_", "lora_"] where s.hasPrefix(p) { s.removeFirst(p.count) }
        return s
    }

    static func launcherCount(_ text: String) -> Int? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "=" || $0 == "\t" }).map(String.init)
        for (i, w) in words.enumerated() where ["--nproc_per_node", "--nproc-per-node", "--num_gpus", "--num_processes"].contains(w) {
            if i + 1 < words.count, let n = Int(words[i + 1]), Limits.gpus.contains(n) { return n }
        }
        return nil
    }

    // MARK: LitGPT (litgpt 0.5.13)

    static func mapLitGPT(_ c: inout TrainingConfig, _ r: inout ValueReader) {
        if let dir = r.string("checkpoint_dir") {
            var name = dir.value
            if name.hasPrefix("checkpoints/") { name.removeFirst("checkpoints/".count) }
            c.model = Setting(ModelReference(raw: dir.value, lookupName: name), dir.provenance, key: "checkpoint_dir")
        }
        let quantize = r.string("quantize")
        let loraKeys = ["lora_r", "lora_alpha", "lora_query", "lora_key", "lora_value", "lora_projection", "lora_mlp", "lora_head", "lora_dropout"]
        let loraFound = loraKeys.compactMap { r.find($0) }.first
        if let q = quantize {
            let v = q.value.lowercased()
            if v.contains("int8") {
                c.method = Setting(.lora, q.provenance, key: "quantize")
                c.quantization = Setting(.int8, q.provenance, key: "quantize")
                c.doubleQuantization = Setting(false, q.provenance, key: "quantize")
            } else {
                c.method = Setting(.qlora, q.provenance, key: "quantize")
                c.quantization = Setting(v.contains("fp4") ? .fp4 : .nf4, q.provenance, key: "quantize")
                c.doubleQuantization = Setting(v.hasSuffix("-dq"), q.provenance, key: "quantize")
            }
        } else {
            if let loraFound {
                c.method = Setting(.lora, .derived(from: loraFound.location, note: "lora_* keys (litgpt finetune_lora)"), key: nil)
            } else {
                c.method = Setting(.full, .frameworkDefault("no lora_* keys: litgpt finetune_full"), key: nil)
            }
            c.quantization = r.defaultSetting(WeightQuantization.none, key: "quantize")
            c.doubleQuantization = r.defaultSetting(false, key: "quantize")
        }
        if c.method?.value != .full {
            c.loraRank = .or(r.int("lora_r", in: Limits.rank, what: "lora_r"), 8, r, key: "lora_r")
            c.loraAlpha = .or(r.number("lora_alpha", in: Limits.alpha, what: "lora_alpha"), 16, r, key: "lora_alpha")
            let flags = ["lora_query": true, "lora_key": false, "lora_value": true, "lora_projection": false, "lora_mlp": false, "lora_head": false]
            func flag(_ k: String) -> Bool { r.bool(k)?.value ?? flags[k] ?? false }
            let t = LoraTargets(attentionQuery: flag("lora_query"), attentionKey: flag("lora_key"), attentionValue: flag("lora_value"),
                                attentionOutput: flag("lora_projection"), mlp: flag("lora_mlp"), head: flag("lora_head"))
            let anyFlag = ["lora_query", "lora_key", "lora_value", "lora_projection", "lora_mlp", "lora_head"].compactMap { r.find($0) }.first
            c.loraTargets = Setting(t, anyFlag.map { .explicit($0.location) } ?? r.defaulted(), key: "lora_query")
        }
        if let p = r.string("precision") {
            let v = p.value.lowercased()
            switch v {
            case "bf16-true", "bf16": c.weightDtype = Setting(.bf16, p.provenance, key: "precision")
            case "16-true", "16": c.weightDtype = Setting(.fp16, p.provenance, key: "precision")
            case "bf16-mixed":
                c.weightDtype = Setting(.fp32, p.provenance, key: "precision")
                c.autocastDtype = Setting(.bf16, p.provenance, key: "precision")
            case "16-mixed":
                c.weightDtype = Setting(.fp32, p.provenance, key: "precision")
                c.autocastDtype = Setting(.fp16, p.provenance, key: "precision")
            default: c.weightDtype = Setting(.fp32, p.provenance, key: "precision")
            }
        } else {
            c.weightDtype = Setting(.fp32, .frameworkDefault("\(r.defaultLabel) (bf16-mixed on bf16 GPUs: fp32 weights)"), key: "precision")
            c.autocastDtype = Setting(.bf16, .frameworkDefault("\(r.defaultLabel) (bf16-mixed)"), key: "precision")
        }
        let opt = r.string("optimizer") ?? r.string("optimizer.class_path")
        if c.quantization?.value != WeightQuantization.none, c.quantization?.value != nil, c.method?.value == .qlora,
           let q = quantize {
            c.optimizerName = Setting("bitsandbytes.optim.PagedAdamW", .derived(from: q.provenance.location ?? SourceLocation(keyRange: nil, valueRange: ByteRange(0, 0)),
                                                                               note: "quantize forces bitsandbytes PagedAdamW (32-bit)"), key: "optimizer")
            c.optimizer = Setting(.pagedAdamw32bit, c.optimizerName?.provenance ?? r.defaulted(), key: "optimizer")
        } else if let opt {
            c.optimizerName = opt
            c.optimizer = Setting(Vocabulary.classOptimizer(opt.value, fused: false), opt.provenance, key: opt.key)
        } else {
            c.optimizerName = r.defaultSetting("AdamW", key: "optimizer")
            c.optimizer = r.defaultSetting(.adamw, key: "optimizer")
        }
        let devices = r.int("devices", in: Limits.gpus, what: "devices")
        let nodes = r.int("num_nodes", in: Limits.gpus, what: "num_nodes")
        let gpus = (devices?.value ?? 1).multipliedReportingOverflow(by: nodes?.value ?? 1)
        if devices != nil || nodes != nil, !gpus.overflow, Limits.gpus.contains(gpus.partialValue) {
            c.gpuCount = Setting(gpus.partialValue, (devices ?? nodes)?.provenance ?? r.defaulted(), key: "devices")
        } else {
            c.gpuCount = r.defaultSetting(1, key: "devices")
        }
        let gpuCount = c.gpuCount?.value ?? 1
        c.microBatchSize = .or(r.int("train.micro_batch_size", in: Limits.batch, what: "micro_batch_size"), 1, r, key: "train.micro_batch_size")
        c.globalBatchSize = .or(r.int("train.global_batch_size", in: Limits.batch, what: "global_batch_size"), 16, r, key: "train.global_batch_size")
        if let global = c.globalBatchSize, let micro = c.microBatchSize {
            let perDevice = global.value / max(1, gpuCount)
            let accum = max(1, perDevice / max(1, micro.value))
            c.gradientAccumulationSteps = Setting(accum, .derived(from: global.provenance.location ?? micro.provenance.location ?? SourceLocation(keyRange: nil, valueRange: ByteRange(0, 0)),
                                                                  note: "global_batch_size / (devices * micro_batch_size)"), key: "train.global_batch_size")
        }
        c.sequenceLength = r.int("train.max_seq_length", in: Limits.sequence, what: "max_seq_length")
        c.packing = Setting(false, .frameworkDefault("\(r.defaultLabel) (no packing)"), key: nil)
        let multi = gpuCount > 1
        c.gradientCheckpointing = Setting(multi, .frameworkDefault(multi ? "\(r.defaultLabel) (multi-GPU strategies checkpoint every block)" : "\(r.defaultLabel) (no checkpointing on one device)"), key: nil)
        c.activationOffloading = r.defaultSetting(false, key: nil)
        c.attention = Setting(.sdpa, .frameworkDefault("\(r.defaultLabel) (SDPA)"), key: nil)
        c.loss = r.defaultSetting(.standard, key: nil)
        c.sharding = Setting(multi ? .fsdpFullShard : .none, .frameworkDefault(multi ? "\(r.defaultLabel) (FSDP full shard on several devices)" : r.defaultLabel), key: "devices")
        c.offloadOptimizer = r.defaultSetting(false, key: nil)
        c.offloadParameters = r.defaultSetting(false, key: nil)
    }

    // MARK: MLX-LM (mlx-lm 0.32.2)

    static func mapMLX(_ c: inout TrainingConfig, _ r: inout ValueReader) {
        let model = r.string("model") ?? r.defaultSetting("Qwen/Qwen3-0.6b", key: "model")
        var lookup = model.value
        var quantBits: Int?
        let lower = model.value.lowercased()
        for (suffix, bits) in [("-4bit", 4), ("-3bit", 3), ("-8bit", 8), ("-6bit", 6), ("-2bit", 2)] where lower.hasSuffix(suffix) {
            quantBits = bits
            lookup = String(model.value.dropLast(suffix.count))
        }
        if lower.hasPrefix("mlx-community/") { lookup = String(lookup.dropFirst("mlx-community/".count)) }
        c.model = Setting(ModelReference(raw: model.value, lookupName: lookup), model.provenance, key: "model")
        let ft = r.string("fine_tune_type")
        let ftv = ft?.value.lowercased() ?? "lora"
        if ftv == "full" {
            c.method = Setting(.full, ft?.provenance ?? r.defaulted(), key: "fine_tune_type")
        } else if let bits = quantBits {
            let loc = model.provenance.location ?? SourceLocation(keyRange: nil, valueRange: ByteRange(0, 0))
            c.method = Setting(bits <= 4 ? .qlora : .lora, .derived(from: loc, note: "\(bits)-bit MLX model"), key: "model")
        } else {
            c.method = ft.map { Setting(.lora, $0.provenance, key: "fine_tune_type") } ?? r.defaultSetting(.lora, key: "fine_tune_type")
        }
        if let bits = quantBits {
            let loc = model.provenance.location ?? SourceLocation(keyRange: nil, valueRange: ByteRange(0, 0))
            c.quantization = Setting(bits <= 4 ? .nf4 : .int8, .derived(from: loc, note: "\(bits)-bit MLX model (affine, group-wise)"), key: "model")
        } else {
            c.quantization = r.defaultSetting(WeightQuantization.none, key: "model")
        }
        c.doubleQuantization = r.defaultSetting(false, key: nil)
        if c.method?.value != .full {
            c.loraRank = .or(r.int("lora_parameters.rank", in: Limits.rank, what: "rank"), 8, r, key: "lora_parameters.rank")
            if let keys = r.stringList("lora_parameters.keys") {
                c.loraTargets = Setting(Vocabulary.loraTargets(keys.value), keys.provenance, key: "lora_parameters.keys")
            } else {
                c.loraTargets = Setting(.allLinear, .frameworkDefault("\(r.defaultLabel) (every linear layer of the adapted blocks)"), key: "lora_parameters.keys")
            }
        }
        if let n = r.find("num_layers"), let v = n.value.scalar, case .int(let raw) = v, raw == -1 || (raw >= 1 && raw <= 100_000) {
            c.adaptedLayers = Setting(Int(raw), r.explicit(n), key: "num_layers")
        } else if let n = r.find("num_layers"), !r.isNull(n), n.value.scalar?.number != nil {
            r.diagnostics.append(SetupDiagnostic(range: n.value.range, severity: .error, code: DiagnosticCode.invalidValue,
                                                 message: "num_layers must be -1 (all blocks) or a positive number of blocks.", file: r.file))
        } else {
            c.adaptedLayers = r.defaultSetting(16, key: "num_layers")
        }
        c.weightDtype = Setting(.bf16, .frameworkDefault("\(r.defaultLabel) (the model's stored dtype)"), key: nil)
        if let o = r.string("optimizer") {
            c.optimizerName = o
            let v = o.value.lowercased()
            c.optimizer = Setting(v == "adafactor" ? .adafactor : v == "sgd" ? .sgd : v == "muon" ? .sgd : .adamw, o.provenance, key: "optimizer")
        } else {
            c.optimizerName = r.defaultSetting("adam", key: "optimizer")
            c.optimizer = r.defaultSetting(.adamw, key: "optimizer")
        }
        c.microBatchSize = .or(r.int("batch_size", in: Limits.batch, what: "batch_size"), 4, r, key: "batch_size")
        c.gradientAccumulationSteps = .or(r.int("grad_accumulation_steps", in: Limits.accumulation, what: "grad_accumulation_steps"), 1, r, key: "grad_accumulation_steps")
        c.sequenceLength = .or(r.int("max_seq_length", in: Limits.sequence, what: "max_seq_length"), 2048, r, key: "max_seq_length")
        c.packing = Setting(false, .frameworkDefault("\(r.defaultLabel) (no packing)"), key: nil)
        c.gradientCheckpointing = .or(r.bool("grad_checkpoint"), false, r, key: "grad_checkpoint")
        c.activationOffloading = r.defaultSetting(false, key: nil)
        c.attention = Setting(.sdpa, .frameworkDefault("\(r.defaultLabel) (fused SDPA)"), key: nil)
        c.loss = r.defaultSetting(.standard, key: nil)
        c.gpuCount = r.defaultSetting(1, key: nil)
        c.sharding = r.defaultSetting(Sharding.none, key: nil)
        c.offloadOptimizer = r.defaultSetting(false, key: nil)
        c.offloadParameters = r.defaultSetting(false, key: nil)
    }

    // MARK: DeepSpeed JSON (deepspeed 0.19.8)

    static func mapDeepSpeed(_ c: inout TrainingConfig, _ r: inout ValueReader) {
        c.microBatchSize = r.int("train_micro_batch_size_per_gpu", in: Limits.batch, what: "train_micro_batch_size_per_gpu")
        c.gradientAccumulationSteps = r.int("gradient_accumulation_steps", in: Limits.accumulation, what: "gradient_accumulation_steps")
        c.globalBatchSize = r.int("train_batch_size", in: Limits.batch, what: "train_batch_size")
        if let g = c.globalBatchSize, let m = c.microBatchSize, let a = c.gradientAccumulationSteps {
            let per = m.value.multipliedReportingOverflow(by: a.value)
            if !per.overflow, per.partialValue > 0, g.value % per.partialValue == 0, let loc = g.provenance.location {
                c.gpuCount = Setting(g.value / per.partialValue, .derived(from: loc, note: "train_batch_size / (micro batch * accumulation)"), key: "train_batch_size")
            }
        }
        let stage = r.int("zero_optimization.stage", in: 0...3, what: "zero_optimization.stage")
        c.zeroStage = stage ?? r.defaultSetting(0, key: "zero_optimization.stage")
        let s = c.zeroStage?.value ?? 0
        let sharding: Sharding = s == 1 ? .zero1 : s == 2 ? .zero2 : s == 3 ? .zero3 : .none
        c.sharding = Setting(sharding, c.zeroStage?.provenance ?? r.defaulted(), key: "zero_optimization.stage")
        func device(_ path: String) -> Setting<Bool>? {
            guard let d = r.string(path) else { return nil }
            return Setting(d.value.lowercased() != "none", d.provenance, key: path)
        }
        c.offloadOptimizer = device("zero_optimization.offload_optimizer.device") ?? r.bool("zero_optimization.cpu_offload")
            ?? r.defaultSetting(false, key: "zero_optimization.offload_optimizer.device")
        c.offloadParameters = device("zero_optimization.offload_param.device") ?? r.bool("zero_optimization.cpu_offload_param")
            ?? r.defaultSetting(false, key: "zero_optimization.offload_param.device")
        if let b = r.bool("bf16.enabled") ?? r.bool("bfloat16.enabled"), b.value {
            c.weightDtype = Setting(.bf16, b.provenance, key: b.key)
        } else if let f = r.bool("fp16.enabled"), f.value {
            c.weightDtype = Setting(.fp16, f.provenance, key: "fp16.enabled")
        }
        if let t = r.string("optimizer.type") {
            c.optimizerName = t
            let v = t.value.lowercased()
            c.optimizer = Setting(v.contains("lion") ? .lion : v == "sgd" ? .sgd : .adamw, t.provenance, key: "optimizer.type")
        }
    }

    // MARK: Accelerate (accelerate 1.15.0)

    static func mapAccelerate(_ c: inout TrainingConfig, _ r: inout ValueReader) {
        if let n = r.find("num_processes"), let v = n.value.scalar, case .int(let raw) = v, raw == -1 {
            c.gpuCount = Setting(1, .derived(from: n.location, note: "num_processes: -1 (all visible GPUs)"), key: "num_processes")
        } else {
            c.gpuCount = .or(r.int("num_processes", in: Limits.gpus, what: "num_processes"), 1, r, key: "num_processes")
        }
        if let mp = r.string("mixed_precision") {
            switch mp.value.lowercased() {
            case "bf16": c.autocastDtype = Setting(.bf16, mp.provenance, key: "mixed_precision")
            case "fp16": c.autocastDtype = Setting(.fp16, mp.provenance, key: "mixed_precision")
            default: break
            }
        }
        let type = r.string("distributed_type")?.value.uppercased() ?? "NO"
        c.sharding = r.defaultSetting(Sharding.none, key: "distributed_type")
        c.offloadOptimizer = r.defaultSetting(false, key: nil)
        c.offloadParameters = r.defaultSetting(false, key: nil)
        if type == "DEEPSPEED" {
            if let file = r.string("deepspeed_config.deepspeed_config_file") {
                c.deepspeedReference = file
            } else {
                let stage = r.int("deepspeed_config.zero_stage", in: 0...3, what: "zero_stage") ?? r.defaultSetting(2, key: "deepspeed_config.zero_stage")
                c.zeroStage = stage
                let s = stage.value
                c.sharding = Setting(s == 1 ? .zero1 : s == 2 ? .zero2 : s == 3 ? .zero3 : .none, stage.provenance, key: "deepspeed_config.zero_stage")
                if let o = r.string("deepspeed_config.offload_optimizer_device") {
                    c.offloadOptimizer = Setting(o.value.lowercased() != "none", o.provenance, key: o.key)
                } else {
                    c.offloadOptimizer = r.defaultSetting(false, key: "deepspeed_config.offload_optimizer_device")
                }
                if let o = r.string("deepspeed_config.offload_param_device") {
                    c.offloadParameters = Setting(o.value.lowercased() != "none", o.provenance, key: o.key)
                } else {
                    c.offloadParameters = r.defaultSetting(false, key: "deepspeed_config.offload_param_device")
                }
                if let g = r.int("deepspeed_config.gradient_accumulation_steps", in: Limits.accumulation, what: "gradient_accumulation_steps") {
                    c.gradientAccumulationSteps = g
                }
            }
        } else if type == "FSDP" {
            var sharding = Setting(Sharding.fsdpFullShard, r.find("distributed_type").map { r.explicit($0) } ?? r.defaulted(), key: "distributed_type")
            if let re = r.bool("fsdp_config.fsdp_reshard_after_forward"), !re.value {
                sharding = Setting(.fsdpShardGradOp, re.provenance, key: re.key)
            }
            if let st = r.string("fsdp_config.fsdp_sharding_strategy") {
                let v = st.value.uppercased()
                if v == "SHARD_GRAD_OP" || v == "2" || v == "HYBRID_SHARD_ZERO2" || v == "5" { sharding = Setting(.fsdpShardGradOp, st.provenance, key: st.key) }
                if v == "NO_SHARD" || v == "3" { sharding = Setting(.none, st.provenance, key: st.key) }
            }
            c.sharding = sharding
            if let off = r.bool("fsdp_config.fsdp_offload_params") {
                c.offloadParameters = off
                c.offloadOptimizer = off
            }
            if let ac = r.bool("fsdp_config.fsdp_activation_checkpointing") { c.gradientCheckpointing = ac }
        }
    }
}

/// Reading `rtx-4090 x2`, `8xH100`, `a100 x 8` for a count.
public enum GPUDirective {
    public static func count(in text: String) -> Int? {
        let t = text.lowercased()
        let words = t.split(separator: " ").map(String.init)
        for (i, w) in words.enumerated() {
            if w.hasPrefix("x"), let n = Int(w.dropFirst()) { return n }
            if w == "x", i + 1 < words.count, let n = Int(words[i + 1]) { return n }
            if w.hasSuffix("x"), let n = Int(w.dropLast()) { return n }
        }
        if let first = words.first, let xi = first.firstIndex(of: "x"), let n = Int(first[..<xi]), xi != first.startIndex { return n }
        if let last = words.last, let star = last.lastIndex(of: "*"), let n = Int(last[last.index(after: star)...]) { return n }
        return nil
    }
}
