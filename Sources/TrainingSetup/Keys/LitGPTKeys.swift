// LitGPT finetune keys: the setup() parameters of litgpt 0.5.13 finetune/{lora,full,adapter}.py with TrainArgs, EvalArgs and LogArgs.
// One key per line: name | types | default | values | flags | deprecation | summary.
// types: n null, b boolean, i integer, f number, s string, l list, m mapping, a anything.
// flags: M memory-relevant, E values are a closed set, R required, X removed (an error to use).
// Generated once from the framework sources named in DialectKeys.source and edited by hand
// for the memory-relevant keys (see ../shared/data/DIALECTS.md); DialectSchema renders it.

extension DialectKeys {
    static let litGPT = DialectKeys(
        dialect: .litgpt,
        source: "litgpt 0.5.13",
        closedMappings: ["", "train", "eval", "log"],
        table: """
    checkpoint_dir|s|||M||base model: local LitGPT checkpoint directory or Hugging Face repo id
    out_dir|s|out/finetune/lora||||output directory
    precision|ns||bf16-true,bf16-mixed,16-true,16-mixed,32-true,transformer-engine,transformer-engine-float16,64-true,16,32,64,bf16|ME||bf16-true, bf16-mixed, 16-true, 16-mixed, 32-true (absent = bf16-mixed on bf16 GPUs)
    quantize|ns||bnb.nf4,bnb.nf4-dq,bnb.fp4,bnb.fp4-dq,bnb.int8-training|ME||bnb.nf4, bnb.nf4-dq, bnb.fp4, bnb.fp4-dq, bnb.int8-training
    devices|is|1||M||GPUs per node (int, "auto" or -1)
    num_nodes|i|1||M||number of nodes
    resume|bs|false||||resume from a checkpoint (full fine-tune)
    lora_r|i|8||M||LoRA rank
    lora_alpha|i|16||M||LoRA alpha
    lora_dropout|f|0.05||M||LoRA dropout
    lora_query|b|true||M||LoRA on the query projection
    lora_key|b|false||M||LoRA on the key projection
    lora_value|b|true||M||LoRA on the value projection
    lora_projection|b|false||M||LoRA on the attention output projection
    lora_mlp|b|false||M||LoRA on the MLP
    lora_head|b|false||M||LoRA on the output head
    data|nm|||||data module: {class_path, init_args}
    train|m|||M||training arguments (TrainArgs)
    eval|m|||||evaluation arguments (EvalArgs)
    log|m|||||logger arguments (LogArgs)
    optimizer|sm|AdamW||M||optimizer class name, dotted path or {class_path, init_args}
    logger_name|s|csv|csv,tensorboard,wandb,mlflow,litlogger|||csv, tensorboard, wandb, mlflow, litlogger
    seed|i|1337||||random seed
    access_token|ns|||||Hugging Face token
    train.save_interval|ni|1000||||
    train.log_interval|i|1||||
    train.global_batch_size|i|16||M||batch size across devices; accumulation = global / (devices * micro)
    train.micro_batch_size|i|1||M||batch size per GPU (finetune setup default 1)
    train.lr_warmup_steps|ni|100||||
    train.lr_warmup_fraction|nif|||||
    train.epochs|ni|5||||epochs
    train.max_tokens|ni|||||
    train.max_steps|ni|||||
    train.max_time|nif|||||
    train.max_seq_length|ni|||M||maximum sequence length (absent = longest sample, capped at block_size)
    train.tie_embeddings|nb|||||
    train.max_norm|nif|||||
    train.min_lr|if|6e-05||||
    eval.interval|i|600||||
    eval.max_new_tokens|ni|||||
    eval.max_iters|i|100||||
    eval.initial_validation|b|false||||
    eval.final_validation|b|true||||
    eval.evaluate_example|is|first||||
    log.project|ns|||||
    log.run|ns|||||
    log.group|ns|||||
    log.teamspace|ns|||||
    log.metadata|nm|||||
    log.log_model|b|false||||
    log.save_logs|b|true||||
    log.checkpoint_name|ns|||||
    optimizer.class_path|s|||M||optimizer class (torch.optim.AdamW, bitsandbytes.optim.AdamW8bit, ...)
    optimizer.init_args|m|||||optimizer arguments (lr, weight_decay, betas)
    """)
}
