// Axolotl keys: pydantic AxolotlInputConfig of axolotl 0.19.0 plus its bundled plugins' args.
// One key per line: name | types | default | values | flags | deprecation | summary.
// types: n null, b boolean, i integer, f number, s string, l list, m mapping, a anything.
// flags: M memory-relevant, E values are a closed set, R required, X removed (an error to use).
// Generated once from the framework sources named in DialectKeys.source and edited by hand
// for the memory-relevant keys (see ../shared/data/DIALECTS.md); DialectSchema renders it.

extension DialectKeys {
    static let axolotl = DialectKeys(
        dialect: .axolotl,
        source: "axolotl 0.19.0",
        closedMappings: [""],
        table: """
    base_model|s|||MR||Hugging Face model id or local path of the base model
    base_model_config|ns|||||
    cls_model_config|ns|||||
    tokenizer_config|ns|||||
    tokenizer_use_fast|nb|||||
    tokenizer_legacy|nb|||||
    tokenizer_use_mistral_common|nb|||||
    tokenizer_type|ns|||||
    processor_type|ns|||||
    processor_kwargs|nm|||||
    tokenizer_save_jinja_files|nb|true||||
    trust_remote_code|nb|||||
    experimental_skip_move_to_device|nb|true||||
    use_kernels|nb|||||
    model_quantization_config|ns||Mxfp4Config,FineGrainedFP8Config|||
    model_quantization_config_kwargs|nm|||||
    use_onebitllms|nb|||||
    output_dir|s|./model-out||||
    hub_model_id|ns|||||
    hub_strategy|ns|||||
    hub_revision|ns|||||
    save_safetensors|nb|true||||
    load_in_8bit|nb|false||M||load the base weights in 8-bit (bitsandbytes)
    load_in_4bit|nb|false||M||load the base weights in 4-bit (bitsandbytes; required by adapter: qlora)
    adapter|ns||lora,qlora,llama-adapter|M||lora, qlora, llama-adapter (or a plugin adapter); absent = full fine-tune
    lora_model_dir|ns|||||
    lora_r|ni|||M||LoRA rank (must be set for lora/qlora)
    lora_alpha|nif|||M||LoRA alpha
    lora_fan_in_fan_out|nb|||||
    lora_target_modules|nsl|||M||module names to adapt; absent = PEFT per-architecture default (q_proj, v_proj)
    lora_target_parameters|nsl|||||
    lora_target_linear|nb|||M||adapt every linear layer except lm_head
    lora_modules_to_save|nl|||M||modules trained fully and saved (e.g. embed_tokens, lm_head): full-size trainable copies
    lora_rank_pattern|nm|||||
    lora_alpha_pattern|nm|||||
    lora_dropout|nif|0.0||M||LoRA dropout
    peft_layers_to_transform|nl|||||
    peft_layers_pattern|nl|||||
    peft|a|||||
    peft_use_dora|nb|||||
    peft_use_rslora|nb|||||
    peft_layer_replication|nl|||||
    peft_init_lora_weights|nbs|||||
    peft_trainable_token_indices|nlm|||||
    peft_ensure_weight_tying|nb|||||
    peft_autocast_adapter_dtype|nb|||||
    qlora_sharded_model_loading|nb|false||||
    lora_on_cpu|nb|||||
    gptq|nb|||||
    bnb_config_kwargs|nm|||M||bitsandbytes config overrides (bnb_4bit_quant_type, bnb_4bit_use_double_quant)
    loraplus_lr_ratio|nif|||||
    loraplus_lr_embedding|nif|1e-06||||
    merge_lora|nb|||||
    merge_method|ns|memory_efficient|legacy,memory_efficient|||
    relora|nb|||||
    relora_prune_ratio|nif|||||
    relora_prune_method|ns|magnitude|magnitude,random,reset|||
    relora_cpu_offload|nb|||||
    jagged_restart_steps|ni|||||
    jagged_restart_warmup_steps|ni|||||
    jagged_restart_anneal_steps|ni|||||
    gradient_accumulation_steps|ni|1||M||micro batches accumulated per optimizer step
    micro_batch_size|ni|1||M||batch size per GPU per step
    batch_size|ni|||M||global batch (deprecated style); accumulation derived from it
    eval_batch_size|ni|||M||evaluation batch size (defaults to micro_batch_size)
    auto_find_batch_size|nb|||||
    train_on_inputs|nb|false||||
    group_by_length|nb|||||
    learning_rate|nifs|||||peak learning rate
    embedding_lr|nif|||||
    embedding_lr_scale|nif|||||
    weight_decay|nif|0.0||||
    optimizer|ns|adamw_torch_fused|adamw_torch,adamw_torch_fused,adamw_torch_xla,adamw_torch_npu_fused,adafactor,adamw_anyprecision,adamw_torch_4bit,adamw_torch_8bit,ademamix,sgd,adagrad,adamw_bnb_8bit,adamw_8bit,ademamix_8bit,lion_8bit,lion_32bit,paged_adamw_32bit,paged_adamw_8bit,paged_ademamix_32bit,paged_ademamix_8bit,paged_lion_32bit,paged_lion_8bit,rmsprop,rmsprop_bnb,rmsprop_bnb_8bit,rmsprop_bnb_32bit,galore_adamw,galore_adamw_8bit,galore_adafactor,galore_adamw_layerwise,galore_adamw_8bit_layerwise,galore_adafactor_layerwise,lomo,adalomo,grokadamw,schedule_free_radam,schedule_free_adamw,schedule_free_sgd,apollo_adamw,apollo_adamw_layerwise,stable_adamw,optimi_adamw,ao_adamw_4bit,ao_adamw_8bit,ao_adamw_fp8,adopt_adamw,adamc,came_pytorch,muon,dion,sinkgd,polora,flash_adamw,flash_adam,flash_sgd,flash_sgdw,flash_lion,q_galore_adamw8bit|ME||optimizer name (transformers OptimizerNames or an Axolotl custom optimizer)
    optim_args|nsm|||||
    optim_target_modules|nsl||all_linear|||
    torchdistx_path|ns|||||
    lr_scheduler|ns|cosine||||
    lr_scheduler_kwargs|nm|||||
    lr_quadratic_warmup|nb|||||
    cosine_min_lr_ratio|nif|||||
    cosine_constant_lr_ratio|nif|||||
    lr_div_factor|nif|||||
    lr_groups|nl|||||
    adam_epsilon|nif|||||
    adam_epsilon2|nif|||||
    adam_beta1|nif|||||
    adam_beta2|nif|||||
    adam_beta3|nif|||||
    dion_lr|nif|||||
    dion_momentum|nif|||||
    dion_rank_fraction|nif|1.0||||
    dion_rank_multiple_of|ni|1||||
    qgalore_rank|ni|256||||
    qgalore_update_proj_gap|ni|200||||
    qgalore_scale|nif|0.25||||
    qgalore_proj_type|ns|std||||
    qgalore_proj_quant|nb|true||||
    qgalore_proj_bits|ni|4||||
    qgalore_proj_group_size|ni|256||||
    qgalore_cos_threshold|nif|0.4||||
    qgalore_gamma_proj|ni|2||||
    qgalore_queue_size|ni|5||||
    max_grad_norm|nif|||||
    num_epochs|if|1.0||||
    use_wandb|nb|||||
    wandb_name|ns|||||
    wandb_run_id|ns|||||
    wandb_mode|ns|||||
    wandb_project|ns|||||
    wandb_entity|ns|||||
    wandb_watch|ns|||||
    wandb_log_model|ns|||||
    use_mlflow|nb|||||
    mlflow_tracking_uri|ns|||||
    mlflow_experiment_name|ns|||||
    mlflow_run_name|ns|||||
    hf_mlflow_log_artifacts|nb|||||
    use_comet|nb|||||
    comet_api_key|ns|||||
    comet_workspace|ns|||||
    comet_project_name|ns|||||
    comet_experiment_key|ns|||||
    comet_mode|ns|||||
    comet_online|nb|||||
    comet_experiment_config|nm|||||
    use_trackio|nb|||||
    trackio_project_name|ns|||||
    trackio_run_name|ns|||||
    trackio_space_id|ns|||||
    use_otel_metrics|nb|false||||
    otel_metrics_host|ns|localhost||||
    otel_metrics_port|ni|8000||||
    lisa_n_layers|ni|||||
    lisa_step_interval|ni|||||
    lisa_layers_attribute|ns|model.layers||||
    gradio_title|ns|||||
    gradio_share|nb|||||
    gradio_server_name|ns|||||
    gradio_server_port|ni|||||
    gradio_max_new_tokens|ni|||||
    gradio_temperature|nif|||||
    use_ray|b|false||||
    ray_run_name|ns|||||
    ray_num_workers|i|1||||
    resources_per_worker|m|||||
    image_size|nil|||||
    image_resize_algorithm|a|||||
    role_boundaries|nl|||||
    overrides_of_model_config|nm|||||
    model_config|nm|||||
    overrides_of_model_kwargs|nm|||||
    model_kwargs|nm|||||
    type_of_model|ns|||||
    model_type|ns|||||
    revision_of_model|ns|||||
    model_revision|ns|||||
    max_packed_sequence_len|ni||||deprecated in axolotl 0.19.0|
    rope_scaling|a||||deprecated in axolotl 0.19.0|
    noisy_embedding_alpha|nif||||use neftune_noise_alpha|
    dpo_beta|nif||||use rl_beta|
    evaluation_strategy|ns||||use eval_strategy|
    eval_table_size|ni||||deprecated in axolotl 0.19.0|
    eval_max_new_tokens|ni||||deprecated in axolotl 0.19.0|
    dpo_use_logits_to_keep|nb||||deprecated in axolotl 0.19.0|
    dpo_generate_during_eval|nb||||deprecated in axolotl 0.19.0|
    dpo_norm_loss|nb||||deprecated in axolotl 0.19.0|
    rpo_alpha|nif||||deprecated in axolotl 0.19.0|
    s2_attention|nb||||deprecated in axolotl 0.19.0|
    flash_attn_rms_norm|nb||||deprecated in axolotl 0.19.0|
    strict|nb|false||||
    resume_from_checkpoint|ns|||||
    auto_resume_from_checkpoints|nb|||||
    resize_token_embeddings_to_32x|nb|||||
    mean_resizing_embeddings|nb|false||||
    shrink_embeddings|nb|||||
    embeddings_skip_upcast|nb|||||
    reinit_weights|nb|||||
    trainer_cls|ns|||||
    rl|a|||||
    trl|a|||||
    vllm|a|||||
    ebft|a|||||
    qat|a|||||
    quantization|a|||||
    reward_model|nb|||||
    dynamic_checkpoint|a|||||
    process_reward_model|nb|||||
    center_rewards_coefficient|nif|||||
    num_labels|ni|||||
    dpo_use_weighting|nb|||||
    dpo_label_smoothing|nif|||||
    precompute_ref_log_probs|nb|||||
    dpo_use_liger_kernel|nb|||||
    dpo_padding_free|nb|||||
    dpo_loss_type|a|||||
    dpo_loss_weights|a|||||
    datasets|a|||||training datasets: list of {path, type, ...}
    test_datasets|a|||||
    shuffle_merged_datasets|nb|true||||
    shuffle_before_merging_datasets|nb|false||||
    dataset_prepared_path|ns|||||
    dataset_shard_num|ni|||||
    dataset_shard_idx|ni|||||
    skip_prepare_dataset|nb|false||||
    num_dataset_shards_to_save|ni|||||
    pretraining_dataset|a|||||
    dataset_processes|ni||||use dataset_num_proc|
    dataset_num_proc|ni|||||
    dataset_exact_deduplication|nb|||||
    dataset_keep_in_memory|nb|||||
    dataloader_pin_memory|nb|||||
    dataloader_num_workers|ni|||||
    dataloader_prefetch_factor|ni|||||
    dataloader_drop_last|nb|||||
    accelerator_config|nm|||||
    remove_unused_columns|nb|||||
    push_dataset_to_hub|ns|||||
    hf_use_auth_token|nb|||||
    device|a|||||
    device_map|a|||||
    world_size|ni|||||
    local_rank|ni|||||
    ddp|nb|||||
    seed|ni|||||
    ddp_timeout|ni|||||
    ddp_bucket_cap_mb|ni|||||
    ddp_broadcast_buffers|nb|||||
    ddp_find_unused_parameters|nb|||||
    do_causal_lm_eval|nb|||||
    eval_causal_lm_metrics|nl|||||
    do_bench_eval|nb|||||
    bench_dataset|ns|||||
    bench_split|ns|||||
    metric_for_best_model|ns|||||
    greater_is_better|nb|||||
    loss_watchdog_threshold|nif|||||
    loss_watchdog_patience|ni|||||
    gc_steps|ni||||deprecated in axolotl 0.19.0|
    torch_empty_cache_steps|ni|||||
    gc_collect_steps|ni|||||
    bf16|nbs|auto|auto|ME||bf16 mixed precision: true, false or auto
    fp16|nb|||M||fp16 mixed precision
    fp8|nb|||M||fp8 training (TorchAO)
    fp8_config|a|||||
    fp8_enable_fsdp_float8_all_gather|nb|||||
    bfloat16|nb|||M||load weights in bf16 without AMP
    float16|nb|||M||load weights in fp16 without AMP
    tf32|nbs|auto|auto|E||allow TF32 matmuls
    float32|nb|||||
    gradient_checkpointing|nbs|false|offload,offload_disk|ME||activation (gradient) checkpointing: true, false, offload, offload_disk
    gradient_checkpointing_kwargs|nm|||M||e.g. {use_reentrant: false}
    selective_checkpointing|a|||||
    activation_offloading|nbs|false|legacy,disk,hidden_states|ME||offload activations to CPU
    layer_offloading|nb|false||||
    freeze_mm_modules|nb|||||
    unfrozen_parameters|nl|||||
    sequence_len|ni|512||M||maximum sequence length in tokens
    excess_length_strategy|ns||drop,truncate,raise|||
    eval_sequence_len|ni|||||
    min_sample_len|ni|||||
    max_prompt_len|ni|||||
    sample_packing|nb|||M||pack several samples into one sequence
    sample_packing_group_size|ni|100000||||
    sample_packing_bin_size|ni|200||||
    sample_packing_sequentially|nb|||||
    sample_packing_mp_start_method|ns|||||
    eval_sample_packing|nb|||||
    pad_to_sequence_len|nb|||M||pad every batch to sequence_len (activation memory always at maximum)
    pad_to_multiple_of|ni|||||
    curriculum_sampling|nb|||||
    multipack_real_batches|nb|||||
    batch_flattening|nbs||auto|||
    use_pose|nb|||||
    pose_split_on_token_ids|nl|||||
    pose_max_context_len|ni|||||
    pose_num_chunks|ni|||||
    pretrain_multipack_buffer_size|ni||||deprecated in axolotl 0.19.0|
    pretrain_multipack_attn|nb|true||||
    pretraining_sample_concatenation|nb|||||
    streaming|nb|||||
    streaming_multipack_buffer_size|ni|10000||||
    xformers_attention|nb|||M|use attn_implementation: xformers|legacy attention flag (maps to attn_implementation: xformers)
    sdp_attention|nb|||M|use attn_implementation: sdpa|legacy attention flag (maps to attn_implementation: sdpa)
    flex_attention|nb|||M|use attn_implementation: flex_attention|legacy attention flag (maps to attn_implementation: flex_attention)
    flex_attn_compile_kwargs|nm|||||
    flash_attention|nb|||M|use attn_implementation: flash_attention_2|legacy attention flag (maps to attn_implementation: flash_attention_2)
    flash_attn_cross_entropy|nb|||||
    flash_attn_fuse_mlp|nb|||||
    flash_optimum|nb|||||
    sage_attention|nb|||M|use attn_implementation: sage|legacy attention flag (maps to attn_implementation: sage)
    eager_attention|nb|||M|use attn_implementation: eager|legacy attention flag (maps to attn_implementation: eager)
    attn_implementation|ns||eager,sdpa,flash_attention_2,flash_attention_3,flash_attention_4,flash_attention_torch,flex_attention,xformers,sage,fp8|ME||attention kernel (or a hub kernel org/name); absent = transformers default (sdpa)
    gemma4_hybrid_attn_impl|nb|||||
    large_head_attention|ns|||||
    flash_attn_d512|nb|||||
    sdpa_varlen|nb|||||
    fused_attn_kernel|nb|||||
    experts_implementation|ns|||||
    ple_cpu_offload|b|false||||
    quantize_moe_experts|b|false||||
    scaling_softmax|nb|||||
    scaling_softmax_factor|nif|||||
    scaling_softmax_bias|nif|||||
    lora_mlp_kernel|nb|||||
    lora_qkv_kernel|nb|||||
    lora_o_kernel|nb|||||
    lora_embedding_kernel|nb|||||
    chunked_cross_entropy|nb|||M||chunked cross-entropy loss
    chunked_cross_entropy_num_chunks|ni|||M||number of loss chunks
    use_eaft|nb|||||
    eaft_alpha|nif|1.0||||
    eaft_k|ni|20||||
    tiled_mlp|nb|||||
    tiled_mlp_num_shards|ni|||||
    tiled_mlp_use_original_mlp|nb|true||||
    llama4_linearized_experts|nb|||||
    deepspeed|nsm|||M||path to a DeepSpeed JSON config (relative to the launch directory) or an inline dict
    deepcompile|nb|||||
    fsdp|nl||||use fsdp_config (and fsdp_version)|
    fsdp_config|nm|||M||FSDP settings (offload_params, activation_checkpointing, ...)
    fsdp_version|ni|||M||FSDP version (1 or 2)
    fp32_norms|nb|||||
    fp32_norm_classes|nl|||||
    fsdp_final_state_dict_type|ns||FULL_STATE_DICT,LOCAL_STATE_DICT,SHARDED_STATE_DICT||deprecated in axolotl 0.19.0|
    val_set_size|nif|0.0||||
    dp_shard_size|ni|||M||data-parallel shard size
    dp_replicate_size|ni|||||
    sequence_parallel_degree|ni|||||
    context_parallel_size|ni|||M||context-parallel size
    heads_k_stride|ni|||||
    ring_attn_func|a|||||
    tensor_parallel_size|ni|||M||tensor-parallel size
    special_tokens|a|||||
    tokens|nl|||||
    added_tokens_overrides|nm|||||
    torch_compile|nbs||auto|||
    torch_compile_backend|ns|||||
    torch_compile_mode|ns||default,reduce-overhead,max-autotune|||
    torch_compile_options|nm|||||
    max_steps|ni|||||
    warmup_steps|ni|||||
    warmup_ratio|nif|||||
    eval_steps|nif|||||
    evals_per_epoch|ni|||||
    eval_strategy|ns|||||
    save_steps|nif|||||
    saves_per_epoch|ni|||||
    save_strategy|ns|||||
    save_total_limit|ni|||||
    save_first_step|nb|||||
    logging_steps|ni|||||
    early_stopping_patience|ni|||||
    load_best_model_at_end|nb|false||||
    save_only_model|nb|false||||
    use_tensorboard|nb|||||
    profiler_steps|ni|||||
    profiler_steps_start|ni|0||||
    include_tokens_per_second|nb|||||
    include_tkps|nb|true||||
    neftune_noise_alpha|nif|||||
    orpo_alpha|nif|||||
    simpo_gamma|nif|||||
    cpo_alpha|nif|||||
    kto_desirable_weight|nif|||||
    kto_undesirable_weight|nif|||||
    rl_beta|nif|||||
    max_memory|nsm||cpu,disk|||
    gpu_memory_limit|nis|||||
    low_cpu_mem_usage|nb|||||
    chat_template|a|||||
    chat_template_jinja|ns|||||
    chat_template_kwargs|nm|||||
    eot_tokens|nl|||||
    default_system_message|ns|||||
    fix_untrained_tokens|nil|||||
    is_preprocess|nb|||||
    preprocess_iterable|nb|||||
    total_num_tokens|ni|||||
    total_supervised_tokens|ni|||||
    sample_packing_eff_est|nif|||||
    axolotl_config_path|ns|||||
    is_falcon_derived_model|nb|||||
    is_llama_derived_model|nb|||||
    is_mistral_derived_model|nb|||||
    is_qwen_derived_model|nb|||||
    plugins|nl|||||
    generate_samples|nb|false||||
    num_generation_samples|ni|3||||
    generation_max_new_tokens|ni|50||||
    generation_temperature|nif|0.7||||
    generation_top_p|nif|||||
    generation_top_k|ni|||||
    generation_prompt_ratio|nif|0.5||||
    generation_do_sample|nb|true||||
    diffusion|a|||||plugin key (diffusion)
    mora|a|||||plugin key (mora)
    hatchery|a|||||plugin key (hatchery)
    lm_eval_tasks|l|||||plugin key (lm_eval)
    lm_eval_batch_size|a|||||plugin key (lm_eval)
    lm_eval_post_train|a|||||plugin key (lm_eval)
    lm_eval_model|a|||||plugin key (lm_eval)
    nemo_gym_enabled|nb|||||plugin key (nemo_gym)
    nemo_gym_dir|ns|||||plugin key (nemo_gym)
    nemo_gym_auto_clone|nb|||||plugin key (nemo_gym)
    nemo_gym_config_paths|nl|||||plugin key (nemo_gym)
    nemo_gym_head_port|ni|||||plugin key (nemo_gym)
    nemo_gym_server_timeout|ni|||||plugin key (nemo_gym)
    nemo_gym_verify_timeout|ni|||||plugin key (nemo_gym)
    nemo_gym_run_timeout|ni|||||plugin key (nemo_gym)
    nemo_gym_datasets|nl|||||plugin key (nemo_gym)
    nemo_gym_auto_start|nb|||||plugin key (nemo_gym)
    nemo_gym_model_name|ns|||||plugin key (nemo_gym)
    nemo_gym_multi_turn|nb|||||plugin key (nemo_gym)
    nemo_gym_max_turns|ni|||||plugin key (nemo_gym)
    expert_backend|ns|||||plugin key (kernels)
    nonexpert_quantization|ns|||||plugin key (kernels)
    moe_grouped_backend|ns|||||plugin key (kernels)
    moe_dequant_chunk_size|ni|||||plugin key (kernels)
    moe_bnb_fast|nb|||||plugin key (kernels)
    use_scattermoe|nb|||||plugin key (kernels)
    use_sonicmoe|nb|||||plugin key (kernels)
    use_dsv4_kernels|nb|||||plugin key (kernels)
    use_glm_dsa_kernels|nb|||||plugin key (kernels)
    dsv4_fp8_nonexpert_mode|ns|||||plugin key (kernels)
    dsv4_fp8_lora_kernel|nb|||||plugin key (kernels)
    dsv4_shared_mlp_lora_kernel|nb|||||plugin key (kernels)
    dsv4_bf16_all|nb|||||plugin key (kernels)
    dsv4_fp4_grouped_mode|ns|||||plugin key (kernels)
    gemma4_fp8_nonexpert|nb|||||plugin key (kernels)
    gemma4_nf4_nonexpert|nb|||||plugin key (kernels)
    nvfp4_merge_aware|nb|||||plugin key (kernels)
    nvfp4_merge_aware_start_step|nif|||||plugin key (kernels)
    kd_trainer|nif|||||plugin key (kd)
    kd_ce_alpha|nif|||||plugin key (kd)
    kd_alpha|nif|||||plugin key (kd)
    kd_temperature|nif|||||plugin key (kd)
    kd_beta|nif|||||plugin key (kd)
    kd_normalize_topk|nb|||||plugin key (kd)
    kd_online_server_base_url|ns|||||plugin key (kd)
    kd_online_topk|ni|||||plugin key (kd)
    kd_online_server|a|||||plugin key (kd)
    kd_online_timeout|ni|||||plugin key (kd)
    kd_temperature_min|nif|||||plugin key (kd)
    dense_mixer|b|||||plugin key (densemixer)
    expert_parallel_size|i|||||plugin key (expert_parallel)
    expert_parallel_backend|s||deep_ep|||plugin key (expert_parallel)
    expert_parallel_num_nvl_bytes|i|||||plugin key (expert_parallel)
    expert_parallel_num_rdma_bytes|i|||||plugin key (expert_parallel)
    expert_parallel_token_capacity|ni|||||plugin key (expert_parallel)
    expert_parallel_fallback_on_unsupported|b|||||plugin key (expert_parallel)
    spectrum_top_fraction|a|||||plugin key (spectrum)
    spectrum_model_name|a|||||plugin key (spectrum)
    recipe|a|||||plugin key (llm_compressor)
    save_compressed|a|||||plugin key (llm_compressor)
    llmcompressor|a|||||plugin key (llm_compressor)
    liger_rope|nb|||||plugin key (liger)
    liger_rms_norm|nb|||||plugin key (liger)
    liger_rms_norm_gated|nb|||||plugin key (liger)
    liger_layer_norm|nb|||||plugin key (liger)
    liger_swiglu|nb|||||plugin key (liger)
    liger_glu_activation|nb|||||plugin key (liger)
    liger_cross_entropy|nb|||||plugin key (liger)
    liger_fused_linear_cross_entropy|nb|||M||Liger fused linear cross-entropy (needs the Liger plugin): logits never materialised
    liger_use_token_scaling|nb|||||plugin key (liger)
    liger_kernel_impl|ns||cutile,cutedsl|||plugin key (liger)
    grokfast_alpha|a|||||plugin key (grokfast)
    grokfast_lamb|a|||||plugin key (grokfast)
    cut_cross_entropy|nb|||M||Cut Cross-Entropy (needs its plugin): logits never materialised
    unsloth_cross_entropy_loss|a|||X|removed: use lora_mlp_kernel, lora_qkv_kernel, lora_o_kernel|removed Unsloth key
    unsloth_lora_mlp|a|||X|removed: use lora_mlp_kernel, lora_qkv_kernel, lora_o_kernel|removed Unsloth key
    unsloth_lora_qkv|a|||X|removed: use lora_mlp_kernel, lora_qkv_kernel, lora_o_kernel|removed Unsloth key
    unsloth_lora_o|a|||X|removed: use lora_mlp_kernel, lora_qkv_kernel, lora_o_kernel|removed Unsloth key
    unsloth_rms_norm|a|||X|removed: use lora_mlp_kernel, lora_qkv_kernel, lora_o_kernel|removed Unsloth key
    unsloth_rope|a|||X|removed: use lora_mlp_kernel, lora_qkv_kernel, lora_o_kernel|removed Unsloth key
    """)
}
