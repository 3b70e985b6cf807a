// DeepSpeed JSON keys of deepspeed 0.19.8 (top level and zero_optimization), per ../shared/data/DIALECTS.md 6.
// One key per line: name | types | default | values | flags | deprecation | summary.
// types: n null, b boolean, i integer, f number, s string, l list, m mapping, a anything.
// flags: M memory-relevant, E values are a closed set, R required, X removed (an error to use).
// Generated once from the framework sources named in DialectKeys.source and edited by hand
// for the memory-relevant keys (see ../shared/data/DIALECTS.md); DialectSchema renders it.

extension DialectKeys {
    static let deepSpeed = DialectKeys(
        dialect: .deepspeed,
        source: "deepspeed 0.19.8",
        closedMappings: [""],
        table: """
    train_batch_size|is|||M||micro x accumulation x world size (or "auto")
    train_micro_batch_size_per_gpu|is|||M||batch size per GPU per step (or "auto")
    gradient_accumulation_steps|is|||M||micro batches per optimizer step (or "auto")
    gradient_clipping|fs|1.0||||
    steps_per_print|i|10||||
    wall_clock_breakdown|b|false||||
    memory_breakdown|b|false||||
    optimizer|m|||M||{type, params}; absent = the framework optimizer
    scheduler|m|||||
    fp16|m|||M||{enabled, loss_scale, initial_scale_power, ...}
    bf16|m|||M||{enabled}
    bfloat16|m|||M||legacy name of bf16
    amp|m|||||
    torch_autocast|m|||||
    zero_optimization|m|||M||ZeRO settings
    zero_allow_untested_optimizer|b|false||||
    zero_force_ds_cpu_optimizer|b|true||||
    activation_checkpointing|m|||||Megatron-style activation checkpointing (ignored by HF models)
    prescale_gradients|b|false||||
    gradient_predivide_factor|f|1.0||||
    sparse_gradients|b|false||||
    communication_data_type|s|||||
    seq_parallel_communication_data_type|s|||||
    data_types|m|||||
    flops_profiler|m|||||
    tensorboard|m|||||
    wandb|m|||||
    csv_monitor|m|||||
    comet|m|||||
    aio|m|||||
    nvme|m|||||
    checkpoint|m|||||
    pipeline|m|||||
    elasticity|m|||||
    autotuning|m|||||
    compression_training|m|||||
    curriculum_learning|m|||||
    data_efficiency|m|||||
    dataloader_drop_last|b|false||||
    dump_state|b|false||||
    sparse_attention|m|||||
    quantize_training|m|||||
    eigenvalue|m|||||
    progressive_layer_drop|m|||||
    hybrid_engine|m|||||
    weight_quantization|m|||||
    compile|m|||||
    use_data_before_expert_parallelism|b|false||||
    zero_quantized_weights|b|false||||
    graph_harvesting|b|false||||
    disable_allgather|b|false||||
    timers|m|||||
    load_universal_checkpoint|b|false||||
    use_node_local_storage|b|false||||
    tensor_parallel|m|||||
    gradient_accumulation_dtype|s|||||
    monitor_config|m|||||
    mics_shard_size|i|||||
    mics_hierarchical_params_gather|b|||||
    checkpoint_tag_validation|s|||||
    zero_optimization.stage|i|0|0,1,2,3|M||0 disabled, 1 optimizer states, 2 + gradients, 3 + parameters
    zero_optimization.offload_optimizer|m|||M||{device: none/cpu/nvme, pin_memory}
    zero_optimization.offload_param|m|||M||{device: none/cpu/nvme} (stage 3 only)
    zero_optimization.cpu_offload|b|||M|use offload_optimizer: {device: cpu}|legacy: offload_optimizer to cpu
    zero_optimization.cpu_offload_param|b|||M|use offload_param: {device: cpu}|legacy: offload_param to cpu
    zero_optimization.cpu_offload_use_pin_memory|b|||||
    zero_optimization.overlap_comm|b|||||
    zero_optimization.contiguous_gradients|b|true||||
    zero_optimization.reduce_bucket_size|is|500000000||M||
    zero_optimization.allgather_bucket_size|i|500000000||M||
    zero_optimization.allgather_partitions|b|true||||
    zero_optimization.reduce_scatter|b|true||||
    zero_optimization.load_from_fp32_weights|b|true||||
    zero_optimization.elastic_checkpoint|b|false||||
    zero_optimization.sub_group_size|i|1000000000||||
    zero_optimization.stage3_prefetch_bucket_size|is|50000000||M||
    zero_optimization.stage3_param_persistence_threshold|is|100000||||
    zero_optimization.stage3_max_live_parameters|i|1000000000||M||
    zero_optimization.stage3_max_reuse_distance|i|1000000000||||
    zero_optimization.stage3_gather_16bit_weights_on_model_save|b|false||||
    zero_optimization.stage3_gather_fp16_weights_on_model_save|b|false||||
    zero_optimization.gather_16bit_weights_on_model_save|b|false||||
    zero_optimization.ignore_unused_parameters|b|true||||
    zero_optimization.round_robin_gradients|b|false||||
    zero_optimization.zero_hpz_partition_size|i|1||||
    zero_optimization.zero_quantized_weights|b|false||||
    zero_optimization.zero_quantized_nontrainable_weights|b|false||||
    zero_optimization.zero_quantized_gradients|b|false||||
    zero_optimization.mics_shard_size|i|-1||||
    zero_optimization.mics_hierarchical_params_gather|b|false||||
    zero_optimization.memory_efficient_linear|b|true||||
    zero_optimization.pipeline_loading_checkpoint|b|false||||
    zero_optimization.override_module_apply|b|true||||
    zero_optimization.legacy_stage1|b|false||||
    zero_optimization.round_robin_gradient|b|false||||
    zero_optimization.stage3_module_granularity_threshold|i|0||||
    zero_optimization.use_all_reduce_for_fetch_params|b|false||||
    zero_optimization.log_trace_cache_warnings|b|false||||
    zero_optimization.zeropp_loco_param|m|||||
    zero_optimization.module_granularity_threshold|i|0||||
    zero_optimization.stage3_use_all_reduce_for_fetch_params|b|false||||
    zero_optimization.save_muon_momentum_buffer_in_memory|b|false||||
    zero_optimization.offload_states|m|||||
    """)
}
