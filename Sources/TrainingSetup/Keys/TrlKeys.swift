// TRL `trl sft --config` keys (ScriptArguments, SFTConfig, ModelConfig, DatasetMixtureConfig of trl 1.16.0) and transformers 5.23.0 TrainingArguments.
// One key per line: name | types | default | values | flags | deprecation | summary.
// types: n null, b boolean, i integer, f number, s string, l list, m mapping, a anything.
// flags: M memory-relevant, E values are a closed set, R required, X removed (an error to use).
// Generated once from the framework sources named in DialectKeys.source and edited by hand
// for the memory-relevant keys (see ../shared/data/DIALECTS.md); DialectSchema renders it.

extension DialectKeys {
    static let trl = DialectKeys(
        dialect: .trl,
        source: "trl 1.16.0 / transformers 5.23.0",
        closedMappings: [""],
        table: """
    output_dir|ns|||||
    per_device_train_batch_size|i|8||M||batch size per GPU per step
    num_train_epochs|if|3.0||||
    max_steps|i|-1||||
    learning_rate|if|2e-05||||peak learning rate
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
    bf16|nb|true||M||bf16 mixed precision (SFTConfig: None means not fp16, i.e. true)
    fp16|b|false||M||fp16 mixed precision (autocast)
    bf16_full_eval|b|false||||
    fp16_full_eval|b|false||||
    tf32|nb|||||
    activation_checkpointing|nb|false||M||activation checkpointing (transformers 5.23 name of gradient_checkpointing)
    activation_checkpointing_kwargs|nsm|||||
    gradient_checkpointing|nb|true||M||activation checkpointing (SFTConfig default true)
    gradient_checkpointing_kwargs|nsm|||M||e.g. {use_reentrant: false}
    torch_compile|b|false||M||torch.compile the model
    torch_compile_backend|ns|||||
    torch_compile_mode|ns|||||
    use_liger_kernel|b|false||M|use model_init_kwargs: {use_kernels: true}|Liger kernels (fused linear cross-entropy)
    liger_kernel_config|nm|||||
    use_cache|b|false||||
    neftune_noise_alpha|nif|||||
    torch_empty_cache_steps|ni|||||
    auto_find_batch_size|b|false||M||halve the batch on OOM
    logging_strategy|a|steps||||
    logging_steps|if|10||||
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
    model_init_kwargs|nsm|||||
    trust_remote_code|b|false||||
    router_aux_loss_coef|nif|||||
    chat_template_path|ns|||||
    dataset_text_field|s|text||||
    dataset_kwargs|nsm|||||
    dataset_num_proc|ni|||||
    eos_token|ns|||||
    max_length|ni|1024||M||maximum sequence length in tokens
    truncation_mode|s|keep_start|||deprecated in trl 1.16.0|
    shuffle_dataset|b|false||||
    packing|nb|false||M||pack samples into sequences
    packing_strategy|s|bfd||||
    padding_free|nb|false||M||padding-free batching
    pad_to_multiple_of|nis|auto||||
    eval_packing|nb|||||
    completion_only_loss|nb|||||
    assistant_only_loss|b|false||||
    loss_type|s|nll|nll,dft,chunked_nll|E||loss
    activation_offloading|nb|false||M||offload activations to CPU
    pad_token|ns||||deprecated in trl 1.16.0|
    model_name_or_path|ns|||M||Hugging Face model id or local path
    model_revision|s|main||||
    dtype|ns|float32|auto,bfloat16,float16,float32|ME||dtype the weights are loaded in (TRL defaults to float32)
    attn_implementation|ns||eager,sdpa,flash_attention_2,flash_attention_3,flex_attention|ME||attention kernel (or hub kernel); absent = sdpa
    use_peft|b|false||M||train a PEFT adapter (false = full fine-tune)
    lora_r|i|16||M||LoRA rank
    lora_alpha|i|32||M||LoRA alpha
    lora_dropout|f|0.05||M||LoRA dropout
    lora_target_modules|nsl|||M||modules to adapt (all-linear, or names); absent = PEFT per-architecture default
    lora_target_parameters|nl|||||
    lora_modules_to_save|nsl|||M||modules trained fully and saved
    lora_task_type|s|CAUSAL_LM||||
    use_rslora|b|false||||
    use_dora|b|false||||
    load_in_8bit|b|false||M||8-bit bitsandbytes base weights
    load_in_4bit|b|false||M||4-bit bitsandbytes base weights
    bnb_4bit_quant_type|s|nf4|nf4,fp4|ME||4-bit quantization type
    use_bnb_nested_quant|b|false||M||double quantization
    bnb_4bit_quant_storage|ns|||||
    dataset_name|ns|||||
    dataset_config|ns|||||
    dataset_train_split|s|train||||
    dataset_test_split|s|test||||
    dataset_streaming|b|false||||
    ignore_bias_buffers|b|false||||
    datasets|l|||||
    streaming|b|false||||
    test_split_size|nif|||||
    env|m|||||environment variables exported before training (TrlParser)
    torch_dtype|ns||auto,bfloat16,float16,float32|M|use dtype|old name of dtype
    max_seq_length|ni|||M|use max_length|old name of max_length
    warmup_ratio|f|||X|removed in transformers 5.23.0: use warmup_steps with a float below 1 (a ratio)|removed
    """)
}
