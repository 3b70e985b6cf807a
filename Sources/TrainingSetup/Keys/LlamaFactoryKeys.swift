// LLaMA-Factory keys: ModelArguments, DataArguments, FinetuningArguments, GeneratingArguments of llamafactory 0.9.5 and the HF Seq2SeqTrainingArguments it extends.
// One key per line: name | types | default | values | flags | deprecation | summary.
// types: n null, b boolean, i integer, f number, s string, l list, m mapping, a anything.
// flags: M memory-relevant, E values are a closed set, R required, X removed (an error to use).
// Generated once from the framework sources named in DialectKeys.source and edited by hand
// for the memory-relevant keys (see ../shared/data/DIALECTS.md); DialectSchema renders it.

extension DialectKeys {
    static let llamaFactory = DialectKeys(
        dialect: .llamafactory,
        source: "llamafactory 0.9.5",
        closedMappings: [""],
        table: """
    output_dir|ns|||||
    per_device_train_batch_size|i|8||M||batch size per GPU per step (HF default 8)
    num_train_epochs|if|3.0||||
    max_steps|i|-1||||
    learning_rate|f|5e-05||||peak learning rate
    lr_scheduler_type|a|linear||||
    lr_scheduler_kwargs|nsm|||||
    warmup_steps|if|0||||
    optim|s|adamw_torch_fused|adamw_torch,adamw_torch_fused,adamw_torch_xla,adamw_torch_npu_fused,adafactor,adamw_anyprecision,adamw_torch_4bit,adamw_torch_8bit,ademamix,sgd,adagrad,adamw_bnb_8bit,adamw_8bit,ademamix_8bit,lion_8bit,lion_32bit,paged_adamw_32bit,paged_adamw_8bit,paged_ademamix_32bit,paged_ademamix_8bit,paged_lion_32bit,paged_lion_8bit,rmsprop,rmsprop_bnb,rmsprop_bnb_8bit,rmsprop_bnb_32bit,galore_adamw,galore_adamw_8bit,galore_adafactor,galore_adamw_layerwise,galore_adamw_8bit_layerwise,galore_adafactor_layerwise,lomo,adalomo,grokadamw,schedule_free_radam,schedule_free_adamw,schedule_free_sgd,apollo_adamw,apollo_adamw_layerwise,stable_adamw|ME||optimizer (transformers OptimizerNames)
    optim_args|ns|||||
    weight_decay|if|0.0||||
    adam_beta1|if|0.9||||
    adam_beta2|if|0.999||||
    adam_epsilon|if|1e-08||||
    optim_target_modules|nsl|||||
    gradient_accumulation_steps|i|1||M||micro batches accumulated per optimizer step
    average_tokens_across_devices|b|true||||
    max_grad_norm|if|1.0||||
    label_smoothing_factor|if|0.0||||
    bf16|b|false||M||bf16 mixed precision
    fp16|b|false||M||fp16 mixed precision (autocast)
    bf16_full_eval|b|false||||
    fp16_full_eval|b|false||||
    tf32|nb|||||
    activation_checkpointing|nb|false||M||activation checkpointing (transformers 5.23 name of gradient_checkpointing)
    activation_checkpointing_kwargs|nsm|||||
    gradient_checkpointing|nb|||||accepted, but LLaMA-Factory applies its own checkpointing (see disable_gradient_checkpointing)
    gradient_checkpointing_kwargs|nsm|||M||e.g. {use_reentrant: false}
    torch_compile|b|false||M||torch.compile the model
    torch_compile_backend|ns|||||
    torch_compile_mode|ns|||||
    use_liger_kernel|b|false||M||Liger kernels (fused linear cross-entropy)
    liger_kernel_config|nm|||||
    use_cache|b|false||||
    neftune_noise_alpha|nif|||||
    torch_empty_cache_steps|ni|||||
    auto_find_batch_size|b|false||M||halve the batch on OOM
    logging_strategy|a|steps||||
    logging_steps|if|500||||
    logging_first_step|b|false||||
    log_on_each_node|b|true||||
    logging_nan_inf_filter|b|true||||
    include_num_input_tokens_seen|bs|no||||
    log_level|s|passive||||
    log_level_replica|s|warning||||
    disable_tqdm|nb|||||
    report_to|nsl|none||||
    run_name|ns|||||
    project|s|huggingface||||
    trackio_space_id|ns|||||
    trackio_bucket_id|ns|||||
    trackio_static_space_id|nbs|||||
    eval_strategy|a|no||||
    eval_steps|nif|||||
    eval_delay|if|0||||
    per_device_eval_batch_size|i|8||||
    prediction_loss_only|b|false||||
    eval_on_start|b|false||||
    eval_do_concat_batches|b|true||||
    eval_use_gather_object|b|false||||
    eval_accumulation_steps|ni|||||
    include_for_metrics|l|||||
    batch_eval_metrics|b|false||||
    save_only_model|b|false||||
    save_strategy|a|steps||||
    save_steps|if|500||||
    save_on_each_node|b|false||||
    save_total_limit|ni|||||
    enable_jit_checkpoint|b|false||||
    push_to_hub|b|false||||
    hub_token|ns|||||
    hub_private_repo|nb|||||
    hub_model_id|ns|||||
    hub_strategy|a|every_save||||
    hub_always_push|b|false||||
    hub_revision|ns|||||
    load_best_model_at_end|b|false||||
    metric_for_best_model|ns|||||
    greater_is_better|nb|||||
    ignore_data_skip|b|false||||
    restore_callback_states_from_checkpoint|b|false||||
    full_determinism|b|false||||
    seed|i|42||||
    data_seed|ni|||||
    use_cpu|b|false||||
    accelerator_config|nsm|||||
    parallelism_config|a|||||
    dataloader_drop_last|b|false||||
    dataloader_num_workers|i|0||||
    dataloader_pin_memory|b|true||||
    dataloader_persistent_workers|b|false||||
    dataloader_prefetch_factor|ni|||||
    dataloader_multiprocessing_context|ns|||||
    dataloader_in_order|b|true||||
    remove_unused_columns|b|true||||
    label_names|nl|||||
    train_sampling_strategy|s|random||||
    length_column_name|s|length||||
    ddp_find_unused_parameters|nb|||||
    ddp_bucket_cap_mb|ni|||||
    ddp_broadcast_buffers|nb|||||
    ddp_static_graph|nb|||||
    ddp_backend|ns|||||
    ddp_timeout|i|1800||||
    fsdp|nbs|||M||FSDP options, space-separated: full_shard, shard_grad_op, offload, auto_wrap, ...
    fsdp_config|nsm|||M||FSDP settings (dict or path)
    deepspeed|nsm|||M||path to a DeepSpeed JSON config, or an inline dict
    debug|sl|||||
    skip_memory_metrics|b|true||||
    do_train|b|false||||
    do_eval|b|false||||
    do_predict|b|false||||
    resume_from_checkpoint|ns|||||
    local_rank|i|-1||||
    sortish_sampler|b|false||||
    predict_with_generate|b|false||||
    generation_max_length|ni|||||
    generation_num_beams|ni|||||
    generation_config|a|||||
    sglang_maxlen|i|4096||||
    sglang_mem_fraction|if|0.7||||
    sglang_tp_size|i|-1||||
    sglang_config|nsm|||||
    sglang_lora_backend|s|triton|triton,flashinfer|||
    vllm_maxlen|i|4096||||
    vllm_gpu_util|if|0.7||||
    vllm_enforce_eager|b|false||||
    vllm_max_lora_rank|i|32||||
    vllm_config|nsm|||||
    use_kt|b|false||||
    kt_weight_path|ns|||||
    kt_expert_checkpoint_path|ns|||||
    kt_use_lora_experts|nb|||||
    kt_lora_expert_num|ni|||||
    kt_lora_expert_intermediate_size|ni|||||
    export_dir|ns|||||
    export_size|i|5||||
    export_device|s|cpu|cpu,auto|||
    export_quantization_bit|ni|||||
    export_quantization_dataset|ns|||||
    export_quantization_nsamples|i|128||||
    export_quantization_maxlen|i|1024||||
    export_legacy_format|b|false||||
    export_hub_model_id|ns|||||
    image_max_pixels|i|||||
    image_min_pixels|i|||||
    image_do_pan_and_scan|b|false||||
    crop_to_patches|b|false||||
    video_max_pixels|i|||||
    video_min_pixels|i|||||
    video_fps|if|2.0||||
    video_maxlen|i|128||||
    use_audio_in_video|b|false||||
    audio_sampling_rate|i|16000||||
    quantization_method|s|bnb|bnb,gptq,awq,aqlm,quanto,eetq,hqq,mxfp4,fp8|ME||quantization backend
    quantization_bit|ni|||M||bits to quantize the base model to (bnb: 4 or 8)
    quantization_type|s|nf4|nf4,fp4|ME||4-bit data type
    double_quantization|b|true||M||double quantization
    quantization_device_map|ns||auto|||
    model_name_or_path|s|||MR||Hugging Face / ModelScope id or local path
    adapter_name_or_path|ns|||||
    adapter_folder|ns|||||
    cache_dir|ns|||||
    use_fast_tokenizer|b|true||||
    resize_vocab|b|false||||
    split_special_tokens|b|false||||
    add_tokens|ns|||||
    add_special_tokens|ns|||||
    new_special_tokens_config|ns|||||
    init_special_tokens|s|noise_init|noise_init,desc_init,desc_init_w_noise|||
    model_revision|s|main||||
    low_cpu_mem_usage|b|true||||
    rope_scaling|a|||||
    flash_attn|s|auto|auto,disabled,sdpa,fa2,fa3|ME||attention: auto, disabled (eager), sdpa, fa2, fa3
    shift_attn|b|false||||
    mixture_of_depths|ns||convert,load|||
    use_unsloth|b|false||M||Unsloth patching (LoRA/QLoRA only)
    use_unsloth_gc|b|false||M||Unsloth CPU-offloaded checkpointing
    enable_liger_kernel|b|false||M||Liger kernels (fused linear cross-entropy)
    moe_aux_loss_coef|nif|||||
    disable_gradient_checkpointing|b|false||M||turn off gradient checkpointing (on by default)
    use_reentrant_gc|b|true||||reentrant checkpointing
    upcast_layernorm|b|false||||
    upcast_lmhead_output|b|false||M||fp32 lm_head output (more logits memory)
    train_from_scratch|b|false||||
    infer_backend|a|||||
    offload_folder|s|offload||||
    use_kv_cache|b|true||||
    use_v1_kernels|nb|false||||
    infer_dtype|s|auto|auto,float16,bfloat16,float32|||
    hf_hub_token|ns|||||
    ms_hub_token|ns|||||
    om_hub_token|ns|||||
    print_param_status|b|false||||
    trust_remote_code|b|false||||
    compute_dtype|a|||||
    device_map|nsm|||||
    model_max_length|ni|||||
    block_diag_attn|b|false||||
    template|ns|||||
    dataset|ns|||||
    eval_dataset|ns|||||
    dataset_dir|s|data||||
    media_dir|ns|||||
    cutoff_len|i|2048||M||maximum tokens per sample after tokenization
    train_on_prompt|b|false||||
    mask_history|b|false||||
    streaming|b|false||||
    buffer_size|i|16384||||
    mix_strategy|s|concat|concat,interleave_under,interleave_over,interleave_once|||
    interleave_probs|ns|||||
    overwrite_cache|b|false||||
    preprocessing_batch_size|i|1000||||
    preprocessing_num_workers|ni|||||
    max_samples|ni|||||
    eval_num_beams|ni|||||
    ignore_pad_token_for_loss|b|true||||
    val_size|if|0.0||||
    eval_on_each_dataset|b|false||||
    packing|nb|||M||pack samples (absent = true only for stage: pt)
    neat_packing|b|false||M||packing without cross-attention between samples
    tool_format|ns|||||
    default_system|ns|||||
    enable_thinking|nb|true||||
    preserve_thinking|b|false||||
    tokenized_path|ns|||||
    data_shared_file_system|b|false||||
    use_swanlab|b|false||||
    swanlab_project|ns|llamafactory||||
    swanlab_workspace|ns|||||
    swanlab_run_name|ns|||||
    swanlab_mode|s|cloud|cloud,local|||
    swanlab_api_key|ns|||||
    swanlab_logdir|ns|||||
    swanlab_lark_webhook_url|ns|||||
    swanlab_lark_secret|ns|||||
    use_badam|b|false||||
    badam_mode|s|layer|layer,ratio|||
    badam_start_block|ni|||||
    badam_switch_mode|ns|ascending|ascending,descending,random,fixed|||
    badam_switch_interval|ni|50||||
    badam_update_ratio|if|0.05||||
    badam_mask_mode|s|adjacent|adjacent,scatter|||
    badam_verbose|i|0||||
    use_apollo|b|false||||
    apollo_target|s|all||||
    apollo_rank|i|16||||
    apollo_update_interval|i|200||||
    apollo_scale|if|32.0||||
    apollo_proj|s|random|svd,random|||
    apollo_proj_type|s|std|std,right,left|||
    apollo_scale_type|s|channel|channel,tensor|||
    apollo_layerwise|b|false||||
    apollo_scale_front|b|false||||
    use_galore|b|false||||
    galore_target|s|all||||
    galore_rank|i|16||||
    galore_update_interval|i|200||||
    galore_scale|if|2.0||||
    galore_proj_type|s|std|std,reverse_std,right,left,full|||
    galore_layerwise|b|false||||
    pref_beta|if|0.1||||
    pref_ftx|if|0.0||||
    pref_bco_weight|if|0.0||||
    pref_loss|s|sigmoid|sigmoid,hinge,ipo,kto_pair,orpo,simpo|||
    dpo_label_smoothing|if|0.0||||
    kto_chosen_weight|if|1.0||||
    kto_rejected_weight|if|1.0||||
    simpo_gamma|if|0.5||||
    ppo_buffer_size|i|1||||
    ppo_epochs|i|4||||
    ppo_score_norm|b|false||||
    ppo_target|if|6.0||||
    ppo_whiten_rewards|b|false||||
    ref_model|ns|||||
    ref_model_adapters|ns|||||
    ref_model_quantization_bit|ni|||||
    reward_model|ns|||||
    reward_model_adapters|ns|||||
    reward_model_quantization_bit|ni|||||
    reward_model_type|s|lora|lora,full,api|||
    ld_alpha|nif|||||
    additional_target|nsl|||M||modules trained fully and saved (e.g. embed_tokens,lm_head)
    lora_alpha|ni|||M||LoRA alpha (absent = lora_rank * 2)
    lora_dropout|f|0.0||M||LoRA dropout
    lora_rank|i|8||M||LoRA rank
    lora_target|sl|all||M||comma-separated module names, or all (every linear layer but lm_head)
    loraplus_lr_ratio|nif|||||
    loraplus_lr_embedding|if|1e-06||||
    use_rslora|b|false||||
    use_dora|b|false||||
    pissa_init|b|false||||
    pissa_iter|i|16||||
    pissa_convert|b|false||||
    create_new_adapter|b|false||||
    module_dropout|if|0.0||||
    oft_rank|i|0||||
    oft_block_size|i|32||||
    oft_target|s|all||||
    freeze_trainable_layers|i|2||||
    freeze_trainable_modules|s|all||||
    freeze_extra_modules|ns|||||
    pure_bf16|b|false||M||bf16 weights and optimizer states, no fp32 master copy
    stage|s|sft|pt,sft,rm,ppo,dpo,kto|ME||training stage (dpo/kto/ppo add a reference or reward model)
    finetuning_type|s|lora|lora,oft,freeze,full|ME||fine-tuning method
    use_llama_pro|b|false||||
    use_adam_mini|b|false||||
    use_mca|b|false||||
    use_hyper_parallel|b|false||||
    hyper_parallel_args|ns|||||
    use_muon|b|false||||
    use_dft_loss|b|false||||
    use_asft_loss|b|false||||
    asft_alpha|if|0.1||||
    use_eaft_loss|b|false||||
    eaft_alpha|if|1.0||||
    freeze_vision_tower|b|true||||
    freeze_multi_modal_projector|b|true||||
    freeze_language_model|b|false||||
    compute_accuracy|b|false||||
    disable_shuffling|b|false||||
    early_stopping_steps|ni|||||
    plot_loss|b|false||||
    include_effective_tokens_per_second|b|false||||
    do_sample|b|true||||
    temperature|if|0.95||||
    top_p|if|0.7||||
    top_k|i|50||||
    num_beams|i|1||||
    max_length|i|1024||||
    max_new_tokens|i|1024||||
    repetition_penalty|if|1.0||||
    length_penalty|if|1.0||||
    skip_special_tokens|b|true||||
    overwrite_output_dir|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    ray_num_workers|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    ray_init_kwargs|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    master_addr|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    master_port|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    enable_torch_profiler|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    profiler_output_dir|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    profiler_wait_steps|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    profiler_warmup_steps|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    profiler_active_steps|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    profiler_repeat|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    profiler_record_shapes|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    profiler_profile_memory|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    profiler_with_stack|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    profile_modules|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    fp8|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    fp8_backend|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    fp8_enable_fsdp_float8_all_gather|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    ray_run_name|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    ray_storage_path|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    ray_storage_filesystem|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    resources_per_worker|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    placement_strategy|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    warmup_ratio|f|0.0||||warmup as a ratio of training steps (transformers <= 5.6.0)
    logging_dir|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    save_safetensors|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    use_legacy_prediction_loop|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    push_to_hub_model_id|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    push_to_hub_organization|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    push_to_hub_token|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    half_precision_backend|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    no_cuda|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    use_mps_device|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    include_tokens_per_second|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    split_batches|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    dispatch_batches|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    group_by_length|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    tpu_num_cores|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    past_index|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    ray_scope|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    jit_mode_eval|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    use_ipex|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    fp16_opt_level|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    fp16_backend|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    torchdynamo|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    mp_parameters|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    evaluation_strategy|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    per_gpu_train_batch_size|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    per_gpu_eval_batch_size|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    include_inputs_for_metrics|a|||||accepted by the transformers version LLaMA-Factory 0.9.5 pins
    """)
}
