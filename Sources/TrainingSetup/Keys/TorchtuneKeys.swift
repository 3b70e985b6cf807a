// torchtune recipe config keys read by the 0.6.1 LoRA and full recipes (open set: recipes ignore unknown keys and components take arbitrary kwargs).
// One key per line: name | types | default | values | flags | deprecation | summary.
// types: n null, b boolean, i integer, f number, s string, l list, m mapping, a anything.
// flags: M memory-relevant, E values are a closed set, R required, X removed (an error to use).
// Generated once from the framework sources named in DialectKeys.source and edited by hand
// for the memory-relevant keys (see ../shared/data/DIALECTS.md); DialectSchema renders it.

extension DialectKeys {
    static let torchtune = DialectKeys(
        dialect: .torchtune,
        source: "torchtune 0.6.1",
        closedMappings: [],
        table: """
    output_dir|s|||||
    model|m|||MR||model builder: {_component_, lora_* kwargs}
    model._component_|s|||MR||builder path: lora_* = LoRA, qlora_* = QLoRA, plain = full
    model.lora_attn_modules|l|||M||subset of q_proj, k_proj, v_proj, output_proj (required by lora builders)
    model.apply_lora_to_mlp|b|false||M||LoRA on the MLP
    model.apply_lora_to_output|b|false||M||LoRA on the output projection
    model.lora_rank|i|8||M||LoRA rank
    model.lora_alpha|f|16||M||LoRA alpha
    model.lora_dropout|f|0.0||M||LoRA dropout
    model.use_dora|b|false||M||DoRA
    model.quantize_base|b|false||M||NF4 base weights of the adapted linears (QLoRA)
    tokenizer|m|||R||
    tokenizer.max_seq_len|ni|||M||maximum sequence length (null = no truncation)
    checkpointer|m|||R||
    checkpointer.checkpoint_dir|s|||M||local directory of the checkpoint
    checkpointer.model_type|s|||||
    dataset|ml|||R||
    dataset.packed|b|false||M||pack samples
    optimizer|m|||MR||{_component_: torch.optim.AdamW, ...}
    optimizer._component_|s|||M||optimizer class
    optimizer_in_bwd|b|false||M||fuse the optimizer step into backward
    loss|m|||MR||{_component_: ...}; CEWithChunkedOutputLoss = chunked
    loss._component_|s|||M||loss class
    loss.num_output_chunks|i|8||M||chunks of CEWithChunkedOutputLoss
    optimizer.fused|b|false||M||fused AdamW kernel (torch.optim.AdamW only)
    optimizer.lr|f|||||learning rate
    batch_size|i|||MR||batch size per GPU
    gradient_accumulation_steps|i|||MR||micro batches per optimizer step
    epochs|i|||R||
    max_steps_per_epoch|ni|||||
    dtype|s|fp32|bf16,fp32|ME||bf16 or fp32 (absent = fp32)
    enable_activation_checkpointing|b|false||M||activation checkpointing
    enable_activation_offloading|b|false||M||activation offloading (needs checkpointing)
    ac_mode|s|||||
    ac_option|i|||||
    compile|b|false||||
    fsdp_cpu_offload|b|false||M||FSDP: parameters, gradients and optimizer states on CPU
    fsdp_reshard_after_forward|b|true||M||FSDP reshard after forward (ZeRO-3-like)
    custom_sharded_layers|l|||||
    tensor_parallel_dim|i|1||M||
    device|s|cuda||||
    seed|ni|||||
    shuffle|b|||||
    resume_from_checkpoint|b|false||||
    metric_logger|m|||||
    profiler|m|||||
    lr_scheduler|m|||||
    clip_grad_norm|nf|||||
    log_every_n_steps|i|||||
    log_peak_memory_stats|b|false||||
    low_cpu_ram|b|false||||
    save_adapter_weights_only|b|false||||
    """)
}
