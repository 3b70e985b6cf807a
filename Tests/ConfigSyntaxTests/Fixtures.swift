// Realistic configs used by the property, lossless and benchmark tests. Built in (so a clone
// without ../shared runs them too); the tests add ../shared/data/examples when present.

enum Fixtures {
    static let axolotl = """
    # headroom: gpu=rtx-4090
    base_model: meta-llama/Llama-3.1-8B
    model_type: LlamaForCausalLM
    tokenizer_type: AutoTokenizer

    load_in_8bit: false
    load_in_4bit: true
    strict: false

    datasets:
      - path: tatsu-lab/alpaca
        type: alpaca
      - path: ./data/extra.jsonl   # local file
        type: completion
        split: "train"
    dataset_prepared_path: last_run_prepared
    val_set_size: 0.05
    output_dir: ./outputs/qlora-out

    adapter: qlora
    lora_r: 32
    lora_alpha: 16
    lora_dropout: 0.05
    lora_target_modules: [q_proj, k_proj, v_proj, o_proj]

    sequence_len: 4096
    sample_packing: yes
    micro_batch_size: 2
    gradient_accumulation_steps: 4
    num_epochs: 1
    optimizer: paged_adamw_8bit
    lr_scheduler: cosine
    learning_rate: 2e-4

    bf16: auto
    tf32: false
    gradient_checkpointing: true
    flash_attention: true
    special_tokens:
      pad_token: "<|end_of_text|>"
    system_prompt: |
      You are a helpful assistant.
      Answer briefly.
    notes: >-
      folded text
      over lines
    """

    static let torchtune = """
    output_dir: /tmp/torchtune/llama3_1_8B/lora
    defaults: &defaults
      dtype: bf16
      batch_size: 2
    model:
      _component_: torchtune.models.llama3_1.lora_llama3_1_8b
      lora_attn_modules: ['q_proj', 'v_proj', 'output_proj']
      apply_lora_to_mlp: True
      lora_rank: 8  # higher increases accuracy and memory
      lora_alpha: 16
    tokenizer:
      _component_: torchtune.models.llama3.llama3_tokenizer
      path: /tmp/Meta-Llama-3.1-8B-Instruct/original/tokenizer.model
      max_seq_len: null
    training:
      <<: *defaults
      epochs: 1
      max_steps_per_epoch: ~
    optimizer:
      _component_: torch.optim.AdamW
      fused: True
      weight_decay: 0.01
      lr: 3e-4
    loss: {_component_: torchtune.modules.loss.CEWithChunkedOutputLoss}
    enable_activation_checkpointing: True
    ---
    second: document
    list:
    - a
    - b: 1
      c: "two"
    ...
    """

    static let deepspeed = """
    {
      "train_micro_batch_size_per_gpu": 4,
      "gradient_accumulation_steps": "auto",
      "bf16": {"enabled": true},
      "zero_optimization": {
        "stage": 3,
        "offload_optimizer": {"device": "cpu", "pin_memory": true},
        "overlap_comm": true,
        "stage3_max_live_parameters": 1e9
      },
      "gradient_clipping": 1.0
    }
    """

    static let yamlConfigs = [axolotl, torchtune]

    /// A YAML config of about `lines` lines (repeated top-level blocks with distinct keys).
    static func largeYAML(lines: Int) -> String {
        var out = "base_model: meta-llama/Llama-3.1-8B\n"
        var i = 0
        while 1 + i * 7 < lines {
            out += """
            block_\(i):
              name: "section \(i)"   # comment \(i)
              values: [1, 2, 3]
              nested:
                lr: 1.0e-4
                enabled: yes
            key_\(i): value \(i)

            """
            i += 1
        }
        return out
    }
}

/// A small deterministic generator (SplitMix64) so failures reproduce.
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
    mutating func int(_ upper: Int) -> Int { upper <= 0 ? 0 : Int(next() % UInt64(upper)) }
}
