// The exact edits of each memory-saving suggestion, in each dialect's own keys and values
// (DIALECTS.md "Code actions (exact edits)" and §11).
import ConfigSyntax
import MemoryModel

/// Stable suggestion ids (DESIGN.md).
public enum SuggestionID: String, Sendable, CaseIterable {
    case qlora
    case adamw8bit = "adamw-8bit"
    case pagedOptimizer = "paged-optimizer"
    case gradientCheckpointing = "gradient-checkpointing"
    case flashAttention = "flash-attention"
    case smallerMicroBatch = "smaller-micro-batch"
    case shorterSequence = "shorter-sequence"
    case zero3
    case cpuOffload = "cpu-offload"
    case lora
}

public struct EditParameters: Sendable, Hashable {
    /// `shorter-sequence`: the new length (default: half the current one, at least 128).
    public var sequenceLength: Int?
    /// `smaller-micro-batch`: divide the micro batch by this (default: its smallest divisor > 1).
    public var microBatchDivisor: Int?
    public init(sequenceLength: Int? = nil, microBatchDivisor: Int? = nil) {
        self.sequenceLength = sequenceLength
        self.microBatchDivisor = microBatchDivisor
    }
}

public enum SetupEdits {
    /// Which suggestions this dialect can express at all.
    public static func supported(in dialect: Dialect) -> [SuggestionID] {
        switch dialect {
        case .axolotl, .llamafactory: return SuggestionID.allCases
        case .trl: return SuggestionID.allCases
        case .torchtune: return [.qlora, .lora, .adamw8bit, .pagedOptimizer, .gradientCheckpointing, .smallerMicroBatch, .shorterSequence, .zero3, .cpuOffload]
        case .litgpt: return [.qlora, .lora, .adamw8bit, .pagedOptimizer, .smallerMicroBatch, .shorterSequence]
        case .mlx: return [.qlora, .lora, .gradientCheckpointing, .smallerMicroBatch, .shorterSequence]
        case .deepspeed: return [.smallerMicroBatch, .zero3, .cpuOffload]
        case .accelerate: return [.gradientCheckpointing, .zero3, .cpuOffload]
        case .unknown: return []
        }
    }

    /// The edits (UTF-8 byte ranges of `document.text`) that apply `suggestionID` to `config`:
    /// nil when the dialect cannot express it (or it cannot apply, e.g. a micro batch of 1),
    /// empty when the config already has it.
    public static func edits(for suggestionID: String, in config: TrainingConfig, document: ParsedDocument,
                             parameters: EditParameters = EditParameters()) -> [TextEdit]? {
        guard let id = SuggestionID(rawValue: suggestionID), supported(in: config.dialect).contains(id) else { return nil }
        var ed = DocumentEditor(document: document)
        let ok: Bool
        switch id {
        case .qlora: ok = qlora(&ed, config, toQLoRA: true)
        case .lora: ok = qlora(&ed, config, toQLoRA: false)
        case .adamw8bit: ok = optimizer(&ed, config, paged: false)
        case .pagedOptimizer: ok = optimizer(&ed, config, paged: true)
        case .gradientCheckpointing: ok = checkpointing(&ed, config)
        case .flashAttention: ok = flash(&ed, config)
        case .smallerMicroBatch: ok = microBatch(&ed, config, parameters)
        case .shorterSequence: ok = sequence(&ed, config, parameters)
        case .zero3: ok = zero3(&ed, config, offload: false)
        case .cpuOffload: ok = zero3(&ed, config, offload: true)
        }
        return ok ? ed.finished() : nil
    }

    // MARK: QLoRA / LoRA

    private static func qlora(_ ed: inout DocumentEditor, _ c: TrainingConfig, toQLoRA: Bool) -> Bool {
        let method = c.method?.value
        if toQLoRA && method == .qlora { return true }
        if !toQLoRA && method != .full { return method != nil }
        switch c.dialect {
        case .axolotl:
            ed.set(["adapter"], toQLoRA ? "qlora" : "lora", after: ["load_in_4bit", "load_in_8bit", "base_model"])
            if toQLoRA {
                ed.set(["load_in_4bit"], ed.bool(true), after: ["load_in_8bit", "base_model"])
                if ed.entry(["load_in_8bit"]) != nil { ed.delete(["load_in_8bit"]) }
            }
            if ed.entry(["lora_r"]) == nil { ed.set(["lora_r"], "16", after: ["adapter"]) }
            if ed.entry(["lora_alpha"]) == nil { ed.set(["lora_alpha"], "32", after: ["lora_r", "adapter"]) }
            if ed.entry(["lora_dropout"]) == nil { ed.set(["lora_dropout"], "0.05", after: ["lora_alpha", "lora_r", "adapter"]) }
            if ed.entry(["lora_target_modules"]) == nil && ed.entry(["lora_target_linear"]) == nil {
                ed.set(["lora_target_linear"], ed.bool(true), after: ["lora_dropout", "lora_alpha", "lora_r", "adapter"])
            }
        case .llamafactory:
            ed.set(["finetuning_type"], "lora", after: ["stage", "model_name_or_path"])
            if toQLoRA {
                ed.set(["quantization_bit"], "4", after: ["model_name_or_path"])
            } else if ed.entry(["quantization_bit"]) != nil {
                ed.delete(["quantization_bit"])
            }
            if ed.entry(["lora_rank"]) == nil { ed.set(["lora_rank"], "16", after: ["finetuning_type"]) }
            if ed.entry(["lora_target"]) == nil { ed.set(["lora_target"], "all", after: ["lora_rank", "finetuning_type"]) }
        case .trl:
            guard c.model != nil else { return false }   // a bare TrainingArguments file has no PEFT keys
            ed.set(["use_peft"], ed.bool(true), after: ["attn_implementation", "dtype", "model_name_or_path"])
            if toQLoRA {
                ed.set(["load_in_4bit"], ed.bool(true), after: ["use_peft"])
                ed.set(["bnb_4bit_quant_type"], ed.string("nf4"), after: ["load_in_4bit"])
                ed.set(["use_bnb_nested_quant"], ed.bool(true), after: ["bnb_4bit_quant_type", "load_in_4bit"])
                ed.set(["dtype"], ed.string("bfloat16"), after: ["model_name_or_path"])
                if ed.entry(["load_in_8bit"]) != nil { ed.delete(["load_in_8bit"]) }
            }
            if ed.entry(["lora_target_modules"]) == nil { ed.set(["lora_target_modules"], ed.string("all-linear"), after: ["lora_dropout", "lora_alpha", "lora_r", "use_peft"]) }
        case .torchtune:
            guard let builder = ed.entry(["model", "_component_"]), let path = builder.value.scalar?.string else { return false }
            var parts = path.split(separator: ".").map(String.init)
            guard var name = parts.popLast() else { return false }
            if !name.hasPrefix("lora_") && !name.hasPrefix("qlora_") {
                name = "lora_" + name
                ed.set(["model", "_component_"], (parts + [name]).joined(separator: "."))
                ed.set(["model", "lora_attn_modules"], "['q_proj', 'k_proj', 'v_proj', 'output_proj']", after: ["_component_"])
                ed.set(["model", "apply_lora_to_mlp"], ed.bool(true), after: ["lora_attn_modules"])
                ed.set(["model", "apply_lora_to_output"], ed.bool(false), after: ["apply_lora_to_mlp"])
                ed.set(["model", "lora_rank"], "8", after: ["apply_lora_to_output"])
                ed.set(["model", "lora_alpha"], "16", after: ["lora_rank"])
                ed.set(["model", "lora_dropout"], "0.0", after: ["lora_alpha"])
            }
            if toQLoRA { ed.set(["model", "quantize_base"], ed.bool(true), after: ["lora_dropout", "lora_alpha", "lora_rank", "apply_lora_to_output", "apply_lora_to_mlp", "lora_attn_modules"]) }
        case .litgpt:
            if toQLoRA {
                ed.set(["quantize"], ed.string("bnb.nf4-dq"), after: ["precision", "out_dir", "checkpoint_dir"])
                ed.set(["precision"], ed.string("bf16-true"), after: ["out_dir", "checkpoint_dir"])
                if let d = ed.entry(["devices"]), d.value.scalar != .int(1) { ed.set(["devices"], "1") }
                if let n = ed.entry(["num_nodes"]), n.value.scalar != .int(1) { ed.set(["num_nodes"], "1") }
            }
            if method == .full {
                let anchor = ["num_nodes", "devices", "quantize", "precision", "out_dir", "checkpoint_dir"]
                ed.set(["lora_r"], "16", after: anchor)
                ed.set(["lora_alpha"], "32", after: ["lora_r"])
                ed.set(["lora_dropout"], "0.05", after: ["lora_alpha"])
                var prev = "lora_dropout"
                for (k, v) in [("lora_query", true), ("lora_key", true), ("lora_value", true), ("lora_projection", true), ("lora_mlp", true), ("lora_head", false)] {
                    ed.set([k], ed.bool(v), after: [prev])
                    prev = k
                }
            }
        case .mlx:
            if toQLoRA {
                guard let m = c.model?.value.raw else { return false }
                let name = m.split(separator: "/").last.map(String.init) ?? m
                ed.set(["model"], "mlx-community/\(name)-4bit")
            }
            if method == .full { ed.set(["fine_tune_type"], "lora", after: ["model"]) }
        default:
            return false
        }
        return true
    }

    // MARK: Optimizer

    private static func optimizer(_ ed: inout DocumentEditor, _ c: TrainingConfig, paged: Bool) -> Bool {
        let current = c.optimizer?.value
        let eightBit = current == .adamw8bit || current == .pagedAdamw8bit
        if paged && (current == .pagedAdamw8bit || current == .pagedAdamw32bit) { return true }
        if !paged && eightBit { return true }
        let hfName = paged ? (eightBit ? "paged_adamw_8bit" : "paged_adamw_32bit") : "adamw_bnb_8bit"
        switch c.dialect {
        case .axolotl:
            ed.set(["optimizer"], hfName, after: ["num_epochs", "gradient_accumulation_steps", "micro_batch_size"])
        case .llamafactory, .trl:
            ed.set(["optim"], ed.string(hfName), after: ["learning_rate", "gradient_accumulation_steps", "per_device_train_batch_size"])
        case .torchtune:
            let cls = paged ? (eightBit ? "bitsandbytes.optim.PagedAdamW8bit" : "bitsandbytes.optim.PagedAdamW") : "bitsandbytes.optim.AdamW8bit"
            guard ed.entry(["optimizer", "_component_"]) != nil else { return false }
            ed.set(["optimizer", "_component_"], cls)
            if ed.entry(["optimizer", "fused"]) != nil { ed.delete(["optimizer", "fused"]) }
        case .litgpt:
            if c.quantization?.value != WeightQuantization.none && c.quantization != nil { return false }   // quantize forces PagedAdamW
            let cls = paged ? "bitsandbytes.optim.PagedAdamW" : "bitsandbytes.optim.AdamW8bit"
            if ed.entry(["optimizer", "class_path"]) != nil {
                ed.set(["optimizer", "class_path"], cls)
            } else if ed.entry(["optimizer"]) != nil {
                ed.replaceValue(["optimizer"], with: cls)
            } else {
                ed.set(["optimizer"], cls)
            }
        default:
            return false
        }
        return true
    }

    // MARK: Checkpointing, attention

    private static func checkpointing(_ ed: inout DocumentEditor, _ c: TrainingConfig) -> Bool {
        if c.gradientCheckpointing?.value == true { return true }
        switch c.dialect {
        case .axolotl: ed.set(["gradient_checkpointing"], ed.bool(true), after: ["tf32", "bf16", "fp16", "optimizer", "micro_batch_size"])
        case .llamafactory:
            if ed.entry(["disable_gradient_checkpointing"]) != nil { ed.delete(["disable_gradient_checkpointing"]) }
        case .torchtune: ed.set(["enable_activation_checkpointing"], ed.bool(true), after: ["dtype", "device"])
        case .trl:
            if ed.entry(["activation_checkpointing"]) != nil { ed.set(["activation_checkpointing"], ed.bool(true)) }
            else { ed.set(["gradient_checkpointing"], ed.bool(true), after: ["bf16", "optim", "gradient_accumulation_steps"]) }
        case .mlx: ed.set(["grad_checkpoint"], ed.bool(true), after: ["max_seq_length", "batch_size"])
        case .accelerate:
            guard c.sharding?.value == .fsdpFullShard || c.sharding?.value == .fsdpShardGradOp, ed.entry(["fsdp_config"]) != nil else { return false }
            ed.set(["fsdp_config", "fsdp_activation_checkpointing"], ed.bool(true), after: ["fsdp_offload_params", "fsdp_reshard_after_forward"])
        default: return false
        }
        return true
    }

    private static func flash(_ ed: inout DocumentEditor, _ c: TrainingConfig) -> Bool {
        if c.attention?.value == .flash { return true }
        switch c.dialect {
        case .axolotl:
            for k in ["flash_attention", "sdp_attention", "xformers_attention", "flex_attention", "sage_attention", "eager_attention"] where ed.entry([k]) != nil {
                ed.delete([k])
            }
            ed.set(["attn_implementation"], "flash_attention_2", after: ["gradient_checkpointing_kwargs", "gradient_checkpointing", "bf16"])
        case .llamafactory:
            ed.set(["flash_attn"], "fa2", after: ["model_name_or_path", "trust_remote_code"])
        case .trl:
            guard c.model != nil else { return false }
            if ed.entry(["model_init_kwargs", "attn_implementation"]) != nil && ed.entry(["attn_implementation"]) == nil {
                ed.set(["model_init_kwargs", "attn_implementation"], ed.string("flash_attention_2"))
            } else {
                ed.set(["attn_implementation"], ed.string("flash_attention_2"), after: ["dtype", "model_name_or_path"])
            }
        default: return false
        }
        return true
    }

    // MARK: Batch and sequence

    private static func microBatch(_ ed: inout DocumentEditor, _ c: TrainingConfig, _ p: EditParameters) -> Bool {
        guard let m = c.microBatchSize?.value, m > 1 else { return false }
        let k: Int
        if let d = p.microBatchDivisor {
            guard d > 1, m % d == 0 else { return false }
            k = d
        } else {
            guard let d = (2...m).first(where: { m % $0 == 0 }) else { return false }
            k = d
        }
        let newMicro = m / k
        let accum = c.gradientAccumulationSteps?.value ?? 1
        let mul = accum.multipliedReportingOverflow(by: k)
        guard !mul.overflow, Limits.accumulation.contains(mul.partialValue) else { return false }
        let newAccum = mul.partialValue
        switch c.dialect {
        case .axolotl:
            ed.set(["micro_batch_size"], String(newMicro), after: ["sequence_len"])
            if ed.entry(["batch_size"]) == nil || ed.entry(["gradient_accumulation_steps"]) != nil {
                ed.set(["gradient_accumulation_steps"], String(newAccum), after: ["micro_batch_size"])
            }
        case .llamafactory, .trl:
            ed.set(["per_device_train_batch_size"], String(newMicro), after: ["output_dir"])
            ed.set(["gradient_accumulation_steps"], String(newAccum), after: ["per_device_train_batch_size"])
        case .torchtune:
            if c.optimizerInBackward?.value == true { return false }
            ed.set(["batch_size"], String(newMicro))
            ed.set(["gradient_accumulation_steps"], String(newAccum), after: ["epochs", "batch_size"])
        case .litgpt:
            let global = c.globalBatchSize?.value ?? 16
            let devices = c.gpuCount?.value ?? 1
            let per = devices.multipliedReportingOverflow(by: newMicro)
            guard !per.overflow, per.partialValue > 0, global % per.partialValue == 0 else { return false }
            ed.set(["train", "micro_batch_size"], String(newMicro), after: ["global_batch_size"])
        case .mlx:
            ed.set(["batch_size"], String(newMicro), after: ["num_layers"])
            ed.set(["grad_accumulation_steps"], String(newAccum), after: ["batch_size"])
        case .deepspeed:
            guard ed.entry(["train_micro_batch_size_per_gpu"])?.value.scalar?.number != nil else { return false }
            ed.set(["train_micro_batch_size_per_gpu"], String(newMicro))
            ed.set(["gradient_accumulation_steps"], String(newAccum), after: ["train_micro_batch_size_per_gpu"])
        default: return false
        }
        return true
    }

    private static func sequence(_ ed: inout DocumentEditor, _ c: TrainingConfig, _ p: EditParameters) -> Bool {
        let current = c.sequenceLength?.value
        guard let target = p.sequenceLength ?? current.map({ max(128, $0 / 2) }), Limits.sequence.contains(target) else { return false }
        if let current, target >= current { return false }
        let value = String(target)
        switch c.dialect {
        case .axolotl: ed.set(["sequence_len"], value, after: ["output_dir", "base_model"])
        case .llamafactory: ed.set(["cutoff_len"], value, after: ["template", "dataset"])
        case .trl:
            guard c.model != nil else { return false }
            if ed.entry(["max_seq_length"]) != nil && ed.entry(["max_length"]) == nil { ed.set(["max_seq_length"], value) }
            else { ed.set(["max_length"], value, after: ["dataset_train_split", "dataset_name"]) }
        case .torchtune:
            guard ed.entry(["tokenizer"]) != nil else { return false }
            ed.set(["tokenizer", "max_seq_len"], value, after: ["path"])
        case .litgpt: ed.set(["train", "max_seq_length"], value, after: ["epochs", "micro_batch_size"])
        case .mlx: ed.set(["max_seq_length"], value, after: ["batch_size"])
        default: return false
        }
        return true
    }

    // MARK: ZeRO-3 and offload

    private static func zero3(_ ed: inout DocumentEditor, _ c: TrainingConfig, offload: Bool) -> Bool {
        let stage3 = c.zeroStage?.value == 3 || c.sharding?.value == .zero3
        let offloaded = c.offloadOptimizer?.value == true && (c.offloadParameters?.value == true || (c.zeroStage?.value ?? 3) < 3)
        if !offload && (stage3 || c.sharding?.value == .fsdpFullShard) { return true }
        if offload && offloaded { return true }
        switch c.dialect {
        case .axolotl:
            if offload && ed.entry(["fsdp_config"]) != nil {
                ed.set(["fsdp_config", "offload_params"], ed.bool(true))
            } else {
                ed.set(["deepspeed"], offload ? "deepspeed_configs/zero3_bf16_cpuoffload_all.json" : "deepspeed_configs/zero3_bf16.json",
                       after: ["attn_implementation", "gradient_checkpointing", "bf16"])
            }
        case .llamafactory:
            ed.set(["deepspeed"], offload ? "examples/deepspeed/ds_z3_offload_config.json" : "examples/deepspeed/ds_z3_config.json",
                   after: ["finetuning_type", "stage"])
        case .trl:
            if ed.entry(["deepspeed"]) != nil { return false }   // edit the referenced DeepSpeed JSON instead
            if let f = ed.entry(["fsdp"]), let s = f.value.scalar?.string {
                guard offload else { return true }
                ed.set(["fsdp"], ed.string(s + " offload"))
            } else {
                let isJSON = ed.format == .json
                func q(_ s: String) -> String { isJSON ? "\"" + s + "\"" : s }
                let inner = offload
                    ? "{\(q("zero_optimization")): {\(q("stage")): 3, \(q("offload_optimizer")): {\(q("device")): \(q("cpu"))}, \(q("offload_param")): {\(q("device")): \(q("cpu"))}}}"
                    : "{\(q("zero_optimization")): {\(q("stage")): 3}}"
                ed.set(["deepspeed"], inner, after: ["gradient_checkpointing_kwargs", "gradient_checkpointing", "bf16"])
            }
        case .torchtune:
            guard c.sharding?.value == .fsdpFullShard || c.sharding?.value == .fsdpShardGradOp else { return false }
            if offload { ed.set(["fsdp_cpu_offload"], ed.bool(true), after: ["optimizer_in_bwd", "compile"]) }
            else { ed.set(["fsdp_reshard_after_forward"], ed.bool(true), after: ["fsdp_cpu_offload"]) }
        case .deepspeed:
            let stage = offload ? max(c.zeroStage?.value ?? 0, 2) : 3
            if ed.entry(["zero_optimization"]) == nil {
                var obj = "{\"stage\": \(stage)"
                if offload {
                    obj += ", \"offload_optimizer\": {\"device\": \"cpu\", \"pin_memory\": true}"
                    if stage == 3 { obj += ", \"offload_param\": {\"device\": \"cpu\", \"pin_memory\": true}" }
                }
                ed.set(["zero_optimization"], obj + "}")
                return true
            }
            if stage != c.zeroStage?.value { ed.set(["zero_optimization", "stage"], String(stage)) }
            if offload {
                let dev = "{\"device\": \"cpu\", \"pin_memory\": true}"
                if ed.entry(["zero_optimization", "offload_optimizer", "device"]) != nil { ed.set(["zero_optimization", "offload_optimizer", "device"], "\"cpu\"") }
                else { ed.set(["zero_optimization", "offload_optimizer"], dev) }
                if stage == 3 {
                    if ed.entry(["zero_optimization", "offload_param", "device"]) != nil { ed.set(["zero_optimization", "offload_param", "device"], "\"cpu\"") }
                    else { ed.set(["zero_optimization", "offload_param"], dev) }
                }
            }
        case .accelerate:
            if ed.entry(["deepspeed_config", "deepspeed_config_file"]) != nil { return false }
            let type = ed.entry(["distributed_type"])?.value.scalar?.string?.uppercased()
            if type == "FSDP" {
                guard offload else { return true }
                ed.set(["fsdp_config", "fsdp_offload_params"], ed.bool(true), after: ["fsdp_reshard_after_forward"])
                return true
            }
            if type != "DEEPSPEED" { ed.set(["distributed_type"], "DEEPSPEED") }
            let stage = offload ? max(c.zeroStage?.value ?? 2, 2) : 3
            if c.zeroStage?.value != stage || c.zeroStage?.provenance.isDefault == true {
                ed.set(["deepspeed_config", "zero_stage"], String(stage), after: ["deepspeed_multinode_launcher"])
            }
            if offload {
                ed.set(["deepspeed_config", "offload_optimizer_device"], "cpu", after: ["zero_stage"])
                if stage == 3 { ed.set(["deepspeed_config", "offload_param_device"], "cpu", after: ["offload_optimizer_device"]) }
            } else if ed.entry(["deepspeed_config", "zero3_init_flag"]) == nil {
                ed.set(["deepspeed_config", "zero3_init_flag"], ed.bool(true), after: ["zero_stage"])
            }
        default:
            return false
        }
        return true
    }
}
