// Which dialect a document is, from its content alone (DIALECTS.md §0, in that order), unless a
// `# headroom: dialect=NAME` directive says otherwise.
import ConfigSyntax

public struct DialectDetection: Sendable, Hashable {
    public var dialect: Dialect
    /// Why: the keys that decided it, or "directive".
    public var reason: String
    /// Set by a directive rather than detected.
    public var fromDirective: Bool
}

public enum DialectDetector {
    public static func detect(root: Node?, format: SyntaxFormat, directives: Directives = Directives(),
                              document: ParsedDocument? = nil) -> DialectDetection {
        if let d = directives.dialect {
            let name = d.value.lowercased().replacingAll("-", with: "").replacingAll("_", with: "")
            let aliases: [String: Dialect] = ["llamafactory": .llamafactory, "lf": .llamafactory, "hf": .trl,
                                              "transformers": .trl, "trainingarguments": .trl, "mlxlm": .mlx, "ds": .deepspeed]
            if let dialect = Dialect(rawValue: name) ?? aliases[name] {
                return DialectDetection(dialect: dialect, reason: "directive dialect=\(d.value)", fromDirective: true)
            }
        }
        guard let root, root.kind == .mapping else {
            return DialectDetection(dialect: .unknown, reason: "not a mapping", fromDirective: false)
        }
        let keys = Set((document.map { root.resolvedEntries(in: $0) } ?? root.entries).compactMap(\.keyString))
        func has(_ k: String) -> Bool { keys.contains(k) }
        func any(_ ks: [String]) -> [String] { ks.filter(has) }
        func found(_ d: Dialect, _ why: [String]) -> DialectDetection {
            DialectDetection(dialect: d, reason: why.joined(separator: ", "), fromDirective: false)
        }

        // 1. DeepSpeed
        if let z = root["zero_optimization"], z.kind == .mapping {
            return found(.deepspeed, ["zero_optimization"])
        }
        let dsBatch = any(["train_micro_batch_size_per_gpu", "train_batch_size"])
        let precisionObjects = ["fp16", "bf16", "bfloat16"].filter { root[$0]?.kind == .mapping && root[$0]?["enabled"] != nil }
        if !dsBatch.isEmpty && !precisionObjects.isEmpty { return found(.deepspeed, dsBatch + precisionObjects) }
        if has("gradient_accumulation_steps") && !precisionObjects.isEmpty && !has("model_name_or_path") && !has("base_model") {
            return found(.deepspeed, ["gradient_accumulation_steps"] + precisionObjects)
        }
        // 2. Accelerate
        if has("distributed_type") { return found(.accelerate, ["distributed_type"]) }
        // 3. torchtune
        if document.map({ ByteSearch.contains($0.text, "_component_") }) ?? true, containsComponent(root, depth: 0) {
            return found(.torchtune, ["_component_"])
        }
        // 4. Axolotl
        if has("base_model") {
            let ax = any(["sequence_len", "micro_batch_size", "adapter", "lora_target_linear", "sample_packing",
                          "num_epochs", "datasets", "load_in_4bit", "load_in_8bit", "val_set_size",
                          "pad_to_sequence_len", "special_tokens", "plugins", "gradient_accumulation_steps",
                          "lora_r", "optimizer", "learning_rate", "output_dir"])
            if !ax.isEmpty { return found(.axolotl, ["base_model"] + ax) }
        }
        // 5. LLaMA-Factory
        let lfOnly = any(["stage", "finetuning_type", "template", "cutoff_len", "lora_target", "quantization_bit",
                          "flash_attn", "enable_liger_kernel", "lora_rank", "pure_bf16", "disable_gradient_checkpointing"])
        if has("model_name_or_path") && !lfOnly.isEmpty { return found(.llamafactory, ["model_name_or_path"] + lfOnly) }
        // 6. LitGPT
        if has("checkpoint_dir") {
            var lit = any(["lora_r", "lora_query", "lora_key", "lora_value", "lora_projection", "lora_mlp", "lora_head",
                           "precision", "quantize", "devices", "num_nodes", "out_dir", "logger_name"])
            if let train = root["train"], train.kind == .mapping {
                let tk = Set(train.entries.compactMap(\.keyString))
                if !tk.isDisjoint(with: ["global_batch_size", "micro_batch_size", "epochs", "max_seq_length", "max_steps"]) {
                    lit.append("train")
                }
            }
            if !lit.isEmpty { return found(.litgpt, ["checkpoint_dir"] + lit) }
        }
        // 7. MLX-LM
        if let model = root["model"], model.kind == .scalar, model.scalar?.string != nil {
            var mlx = any(["fine_tune_type", "num_layers", "lora_parameters", "iters", "grad_checkpoint", "adapter_path",
                           "steps_per_eval", "val_batches", "mask_prompt", "grad_accumulation_steps", "steps_per_report"])
            if root["train"]?.scalar?.bool == true { mlx.append("train") }
            if !mlx.isEmpty { return found(.mlx, ["model"] + mlx) }
        }
        // 8. TRL / TrainingArguments
        let ta = any(["per_device_train_batch_size", "gradient_accumulation_steps", "output_dir", "learning_rate",
                      "num_train_epochs", "optim", "bf16", "logging_steps", "lr_scheduler_type", "max_steps"])
        let trlOnly = any(["use_peft", "dataset_name", "max_length", "packing", "dtype", "load_in_4bit",
                           "use_bnb_nested_quant", "lora_target_modules", "attn_implementation", "max_seq_length",
                           "torch_dtype", "warmup_steps", "warmup_ratio", "dataset_text_field", "lora_r",
                           "use_liger_kernel", "gradient_checkpointing", "dataset_train_split"])
        if has("model_name_or_path") && !(ta + trlOnly).isEmpty { return found(.trl, ["model_name_or_path"] + ta + trlOnly) }
        let strongTA = any(["per_device_train_batch_size", "num_train_epochs", "optim", "lr_scheduler_type"])
        if !has("model") && !has("base_model") && !has("checkpoint_dir") && !strongTA.isEmpty && ta.count >= 2 {
            return found(.trl, ta)
        }
        _ = format
        return DialectDetection(dialect: .unknown, reason: "no dialect's keys", fromDirective: false)
    }

    /// The tree is walked only when the text holds `_component_` at all (see `detect`): walking
    /// a 10,000-item `datasets:` list on each keystroke would make detection grow with the file.
    private static func containsComponent(_ node: Node, depth: Int) -> Bool {
        guard depth < 8 else { return false }
        switch node.kind {
        case .mapping:
            for e in node.entries {
                if e.keyString == "_component_" { return true }
                if containsComponent(e.value, depth: depth + 1) { return true }
            }
        case .sequence:
            for item in node.items where containsComponent(item, depth: depth + 1) { return true }
        default: break
        }
        return false
    }
}
