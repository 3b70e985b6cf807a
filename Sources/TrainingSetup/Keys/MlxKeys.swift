// MLX-LM `mlx_lm.lora --config` keys: CONFIG_DEFAULTS and argparse options of mlx-lm 0.32.2.
// One key per line: name | types | default | values | flags | deprecation | summary.
// types: n null, b boolean, i integer, f number, s string, l list, m mapping, a anything.
// flags: M memory-relevant, E values are a closed set, R required, X removed (an error to use).
// Generated once from the framework sources named in DialectKeys.source and edited by hand
// for the memory-relevant keys (see ../shared/data/DIALECTS.md); DialectSchema renders it.

extension DialectKeys {
    static let mlx = DialectKeys(
        dialect: .mlx,
        source: "mlx-lm 0.32.2",
        closedMappings: ["", "lora_parameters"],
        table: """
    model|s|Qwen/Qwen3-0.6b||M||Hugging Face repo or local path (4-bit MLX model = QLoRA)
    train|b|false||||run training
    data|s|mlx-community/WikiSQL||||data directory or Hugging Face dataset
    fine_tune_type|s|lora|lora,dora,full|ME||lora, dora or full
    optimizer|s|adam|adam,adamw,muon,sgd,adafactor|ME||adam, adamw, muon, sgd, adafactor
    optimizer_config|m|||||per-optimizer settings
    mask_prompt|b|false||||mask the prompt in the loss
    num_layers|i|16||M||number of last blocks to adapt (-1 = all)
    batch_size|i|4||M||batch size
    iters|i|1000||||training iterations
    val_batches|i|25||||validation batches (-1 = all)
    learning_rate|f|1e-05||||learning rate
    steps_per_report|i|10||||
    steps_per_eval|i|200||||
    resume_adapter_file|ns|||||
    adapter_path|s|adapters||||
    save_every|i|100||||
    test|b|false||||
    test_batches|i|500||||
    max_seq_length|i|2048||M||maximum sequence length
    config|ns|||||
    grad_checkpoint|b|false||M||gradient checkpointing
    grad_accumulation_steps|i|1||M||micro batches accumulated per step
    clear_cache_threshold|i|0||||
    lr_schedule|nm|||||
    lora_parameters|m|||M||{rank, scale, dropout, keys}
    lora_parameters.rank|i|8||M||LoRA rank
    lora_parameters.scale|f|20.0||M||LoRA scale
    lora_parameters.dropout|f|0.0||M||LoRA dropout
    lora_parameters.keys|l|||M||module paths inside a block; absent = every linear
    report_to|ns|||||
    project_name|ns|||||
    trust_remote_code|b|false||||
    seed|i|0||||
    hf_dataset|lm|||||Hugging Face dataset settings
    steps_per_save|i|||||
    adapter_file|s|||||
    wandb|ns|||||
    text_feature|s|||||
    prompt_feature|s|||||
    completion_feature|s|||||
    chat_feature|s|||||
    lora_parameters.alpha|a|||X|mlx-lm uses scale, not alpha|not an mlx-lm key
    """)
}
