// Accelerate config keys: ClusterConfig of accelerate 1.15.0 with the deepspeed_config and fsdp_config keys `accelerate config` writes.
// One key per line: name | types | default | values | flags | deprecation | summary.
// types: n null, b boolean, i integer, f number, s string, l list, m mapping, a anything.
// flags: M memory-relevant, E values are a closed set, R required, X removed (an error to use).
// Generated once from the framework sources named in DialectKeys.source and edited by hand
// for the memory-relevant keys (see ../shared/data/DIALECTS.md); DialectSchema renders it.

extension DialectKeys {
    static let accelerate = DialectKeys(
        dialect: .accelerate,
        source: "accelerate 1.15.0",
        closedMappings: ["", "deepspeed_config", "fsdp_config"],
        table: """
    compute_environment|a|||||
    distributed_type|s||NO,MULTI_GPU,DEEPSPEED,FSDP,MULTI_CPU,MULTI_XPU,MULTI_NPU,MULTI_MLU,MULTI_SDAA,MULTI_MUSA,MULTI_HPU,XLA,MEGATRON_LM,TP|MRE||how processes are distributed
    mixed_precision|s|no|no,fp16,bf16,fp8|ME||mixed precision
    use_cpu|b|||||
    debug|b|||||
    num_processes|i|-1||M||total processes (GPUs) across machines
    machine_rank|i|0||||
    num_machines|i|1||M||machines
    gpu_ids|nsi|all||||GPUs to use: all or 0,1
    main_process_ip|a|||||
    main_process_port|a|||||
    rdzv_backend|a|static||||
    same_network|a|false||||
    main_training_function|s|main||||
    enable_cpu_affinity|b|false||||
    fp8_config|a|||||
    deepspeed_config|a|||||
    fsdp_config|a|||||
    parallelism_config|a|||||
    megatron_lm_config|a|||||
    mpirun_config|a|||||
    downcast_bf16|bs|false||||TPU bf16 downcast
    tpu_name|a|||||
    tpu_zone|a|||||
    tpu_use_cluster|b|false||||
    tpu_use_sudo|b|false||||
    command_file|a|||||
    commands|l|||||
    tpu_vm|l|||||
    tpu_env|l|||||
    dynamo_config|a|||||
    ec2_instance_type|a|||||
    iam_role_name|a|||||
    image_uri|a|||||
    profile|a|||||
    region|a|||||
    base_job_name|a|||||
    pytorch_version|a|||||
    transformers_version|a|||||
    py_version|a|||||
    sagemaker_inputs_file|a|||||
    sagemaker_metrics_file|a|||||
    additional_args|a|||||
    ipex_config|a|||||
    use_ipex|a|||||
    dynamo_backend|a|||||
    fsdp_version|a|||||
    deepspeed_config.zero_stage|i|2|0,1,2,3|M||zero stage 0-3
    deepspeed_config.offload_optimizer_device|s|none|none,cpu,nvme|ME||none, cpu, nvme
    deepspeed_config.offload_param_device|s|none|none,cpu,nvme|ME||none, cpu, nvme (stage 3)
    deepspeed_config.offload_optimizer_nvme_path|s|none||M||
    deepspeed_config.offload_param_nvme_path|s|none||M||
    deepspeed_config.gradient_accumulation_steps|is|auto||M||
    deepspeed_config.gradient_clipping|fs|auto||M||
    deepspeed_config.zero3_init_flag|b|||M||shard at construction
    deepspeed_config.zero3_save_16bit_model|b|false||M||
    deepspeed_config.deepspeed_config_file|s|||M||path to a DeepSpeed JSON
    deepspeed_config.deepspeed_multinode_launcher|s|||M||standard, pdsh, ...
    deepspeed_config.deepspeed_hostfile|s|||M||
    deepspeed_config.deepspeed_exclusion_filter|s|||M||
    deepspeed_config.deepspeed_inclusion_filter|s|||M||
    deepspeed_config.deepspeed_moe_layer_cls_names|s|||M||
    fsdp_config.fsdp_version|i|1||M||
    fsdp_config.fsdp_sharding_strategy|is|FULL_SHARD||M||
    fsdp_config.fsdp_reshard_after_forward|bs|true||M||
    fsdp_config.fsdp_offload_params|b|false||M||
    fsdp_config.fsdp_activation_checkpointing|b|false||M||
    fsdp_config.fsdp_auto_wrap_policy|s|||M||
    fsdp_config.fsdp_transformer_layer_cls_to_wrap|s|||M||
    fsdp_config.fsdp_min_num_params|i|0||M||
    fsdp_config.fsdp_state_dict_type|s|FULL_STATE_DICT||M||
    fsdp_config.fsdp_cpu_ram_efficient_loading|b|false||M||
    fsdp_config.fsdp_use_orig_params|b|||M||
    fsdp_config.fsdp_sync_module_states|b|||M||
    fsdp_config.fsdp_backward_prefetch|s|||M||
    fsdp_config.fsdp_forward_prefetch|b|||M||
    fsdp_config.fsdp_ignored_modules|s|||M||
    fsdp_config.fsdp_backward_prefetch_policy|s|||M||
    """)
}
