// The estimator's input: everything that decides peak memory, in MemoryModel's own terms.
// TrainingSetup translates each dialect into this value; MemoryModel imports nothing of ours.

/// The training implementation decides activation layout, logits handling and silent overrides.
public enum Framework: String, Sendable, Hashable, CaseIterable, Codable {
    /// transformers / PEFT / TRL (also what Axolotl and LLaMA-Factory run).
    case huggingface
    case torchtune
    case litgpt
    case mlx
}

public enum FineTuneMethod: String, Sendable, Hashable, CaseIterable, Codable {
    case full
    case lora
    case qlora
}

/// How the frozen base weights are stored.
public enum WeightQuantization: String, Sendable, Hashable, CaseIterable, Codable {
    case none
    case nf4
    case fp4
    case int8
}

public enum DType: String, Sendable, Hashable, CaseIterable, Codable {
    case fp32
    case fp16
    case bf16

    public var bytes: Int {
        switch self {
        case .fp32: return 4
        case .fp16, .bf16: return 2
        }
    }
}

public enum Optimizer: String, Sendable, Hashable, CaseIterable, Codable {
    case adamw            // torch AdamW, foreach implementation (temporaries at step)
    case adamwFused       // torch AdamW fused=True (transformers' default "adamw_torch_fused")
    case adamw8bit        // bitsandbytes AdamW8bit
    case pagedAdamw8bit   // bitsandbytes PagedAdamW8bit
    case pagedAdamw32bit  // bitsandbytes PagedAdamW (32-bit states)
    case adafactor
    case sgd
    case lion
    case lion8bit
}

public enum AttentionImplementation: String, Sendable, Hashable, CaseIterable, Codable {
    case eager
    case sdpa
    case flash
}

/// How the loss is computed over the vocabulary.
public enum LossImplementation: String, Sendable, Hashable, CaseIterable, Codable {
    /// Full logits, upcast to fp32 for cross-entropy (Hugging Face default).
    case standard
    /// Logits and loss computed in chunks (torchtune CEWithChunkedOutputLoss).
    case chunked
    /// Fused linear + cross-entropy that never materialises the logits (Liger, Cut CE).
    case fused
}

public enum Sharding: String, Sendable, Hashable, CaseIterable, Codable {
    case none      // single device, or DDP (full replica per GPU)
    case zero1
    case zero2
    case zero3
    case fsdpShardGradOp
    case fsdpFullShard
}

/// The parameter-efficient method trained on the frozen base (`method` lora/qlora).
public enum AdapterKind: String, Sendable, Hashable, CaseIterable, Codable {
    case lora
    /// Weight-decomposed LoRA: + a magnitude vector per module; keeps the base and LoRA outputs.
    case dora
    /// (IA)³: one learned scaling vector per targeted module (no rank).
    case ia3
    // Not modelled yet: estimated as LoRA with the same targets and flagged in `Estimate.notModelled`.
    case loha, lokr, promptTuning, prefixTuning, llamaAdapter, other
}

/// Which linear layers carry LoRA adapters.
public struct LoraTargets: Sendable, Hashable, Codable {
    public var attentionQuery: Bool
    public var attentionKey: Bool
    public var attentionValue: Bool
    public var attentionOutput: Bool
    public var mlp: Bool
    public var head: Bool

    public init(attentionQuery: Bool = true, attentionKey: Bool = false, attentionValue: Bool = true,
                attentionOutput: Bool = false, mlp: Bool = false, head: Bool = false) {
        self.attentionQuery = attentionQuery
        self.attentionKey = attentionKey
        self.attentionValue = attentionValue
        self.attentionOutput = attentionOutput
        self.mlp = mlp
        self.head = head
    }

    public static let queryValue = LoraTargets()
    public static let allLinear = LoraTargets(attentionQuery: true, attentionKey: true, attentionValue: true,
                                              attentionOutput: true, mlp: true, head: false)
}

/// Freeze (partial-parameter) fine-tuning of a `.full` method: the base stays in its dtype and
/// only some decoder blocks (and optionally the embedding and head) train.
public struct PartialTraining: Sendable, Hashable, Codable {
    /// Decoder blocks that train (LLaMA-Factory `freeze_trainable_layers`: the last n, or the first -n).
    public var trainableBlocks: Int
    /// `freeze_extra_modules` names the input embedding / the output head.
    public var trainsEmbedding: Bool
    public var trainsHead: Bool
    /// dtype of the trainable parameters, their gradients and optimizer states (LLaMA-Factory
    /// upcasts them to fp32 unless `pure_bf16`).
    public var trainableDtype: DType

    public init(trainableBlocks: Int, trainsEmbedding: Bool = false, trainsHead: Bool = false, trainableDtype: DType = .fp32) {
        self.trainableBlocks = trainableBlocks
        self.trainsEmbedding = trainsEmbedding
        self.trainsHead = trainsHead
        self.trainableDtype = trainableDtype
    }
}

/// Everything the estimator needs about one training run.
public struct Setup: Sendable, Hashable, Codable {
    public var model: ModelArchitecture
    public var framework: Framework
    public var method: FineTuneMethod
    public var quantization: WeightQuantization
    public var doubleQuantization: Bool
    public var loraRank: Int
    public var loraTargets: LoraTargets
    /// The dtype the model's weights are loaded in.
    public var weightDtype: DType
    /// Autocast / mixed precision compute dtype, when different from the weight dtype.
    public var autocastDtype: DType?
    public var optimizer: Optimizer
    public var microBatchSize: Int
    public var sequenceLength: Int
    public var gradientAccumulationSteps: Int
    public var packing: Bool
    public var gradientCheckpointing: Bool
    public var attention: AttentionImplementation
    public var loss: LossImplementation
    public var gpuCount: Int
    public var sharding: Sharding
    public var offloadOptimizer: Bool
    public var offloadParameters: Bool
    /// torchtune `optimizer_in_bwd`: the step runs per parameter during backward, no full grads.
    public var optimizerInBackward: Bool
    /// torchtune `enable_activation_offloading`.
    public var activationOffloading: Bool
    /// LoRA dropout probability; > 0 keeps a 1-byte mask per targeted module input (CUDA).
    public var loraDropout: Double
    /// bitsandbytes double quantization of the absmax constants is `doubleQuantization`;
    /// this is PEFT `prepare_model_for_kbit_training` (fp32 upcast of every non-quantized
    /// parameter). `nil` = the framework's default (on for Hugging Face QLoRA, off elsewhere).
    public var upcastNonQuantizedToFP32: Bool?
    /// Chunks of the chunked cross-entropy (torchtune `CEWithChunkedOutputLoss` uses 8).
    public var lossChunks: Int
    /// dtype of the LoRA adapter weights (and their grads and states); `nil` = the framework's
    /// default (PEFT upcasts adapters to fp32; LitGPT, torchtune and MLX use the model dtype).
    public var adapterDtype: DType?
    /// `torch.compile` on the model (torchtune `compile: True`, TRL `torch_compile`): Inductor fuses
    /// RMSNorm and SiLU·mul, so their fp32/intermediate tensors are recomputed, not saved.
    public var compiled: Bool
    /// transformers < 4.45: `logits = logits.float()` inside the model and a contiguous fp32 copy of
    /// the shifted logits in the loss (+4 bytes per token per vocabulary entry, MEMORY-MODEL §6).
    public var legacyLogitsUpcast: Bool
    /// torchao < 0.2 (before 2024-05-01, "perform in chunks" #196): `NF4Tensor.quantize_tensor_nearest`
    /// compares every weight with all 16 NF4 levels at once, so quantizing a matrix of n elements on
    /// the GPU briefly needs ~68·n bytes. torchtune builds its QLoRA model on the GPU and quantizes
    /// each LoRALinear there; the caching allocator keeps those blocks reserved through training.
    public var legacyNF4Quantization: Bool
    /// The training loop holds the model output (its logits) until after `backward()` and the
    /// optimizer step (fsdp_qlora `train.py`: `output = None` only after `optimizer.step()`), so
    /// the logits stay allocated through the whole backward. The Hugging Face Trainer drops them
    /// when `compute_loss` returns.
    public var keepsOutputThroughBackward: Bool
    /// LoRA, DoRA, IA3, ... (`method` says whether the base is quantized).
    public var adapterKind: AdapterKind
    /// With `method` `.full`: only part of the model trains (nil: every parameter).
    public var partial: PartialTraining?

    public init(model: ModelArchitecture,
                framework: Framework = .huggingface,
                method: FineTuneMethod = .full,
                quantization: WeightQuantization = .none,
                doubleQuantization: Bool = false,
                loraRank: Int = 8,
                loraTargets: LoraTargets = .queryValue,
                weightDtype: DType = .bf16,
                autocastDtype: DType? = nil,
                optimizer: Optimizer = .adamwFused,
                microBatchSize: Int = 1,
                sequenceLength: Int = 2048,
                gradientAccumulationSteps: Int = 1,
                packing: Bool = false,
                gradientCheckpointing: Bool = false,
                attention: AttentionImplementation = .sdpa,
                loss: LossImplementation = .standard,
                gpuCount: Int = 1,
                sharding: Sharding = .none,
                offloadOptimizer: Bool = false,
                offloadParameters: Bool = false,
                optimizerInBackward: Bool = false,
                activationOffloading: Bool = false,
                loraDropout: Double = 0,
                upcastNonQuantizedToFP32: Bool? = nil,
                lossChunks: Int = 8,
                adapterDtype: DType? = nil,
                compiled: Bool = false,
                legacyLogitsUpcast: Bool = false,
                legacyNF4Quantization: Bool = false,
                keepsOutputThroughBackward: Bool = false,
                adapterKind: AdapterKind = .lora,
                partial: PartialTraining? = nil) {
        self.model = model
        self.framework = framework
        self.method = method
        self.quantization = quantization
        self.doubleQuantization = doubleQuantization
        self.loraRank = loraRank
        self.loraTargets = loraTargets
        self.weightDtype = weightDtype
        self.autocastDtype = autocastDtype
        self.optimizer = optimizer
        self.microBatchSize = microBatchSize
        self.sequenceLength = sequenceLength
        self.gradientAccumulationSteps = gradientAccumulationSteps
        self.packing = packing
        self.gradientCheckpointing = gradientCheckpointing
        self.attention = attention
        self.loss = loss
        self.gpuCount = gpuCount
        self.sharding = sharding
        self.offloadOptimizer = offloadOptimizer
        self.offloadParameters = offloadParameters
        self.optimizerInBackward = optimizerInBackward
        self.activationOffloading = activationOffloading
        self.loraDropout = loraDropout
        self.upcastNonQuantizedToFP32 = upcastNonQuantizedToFP32
        self.lossChunks = lossChunks
        self.adapterDtype = adapterDtype
        self.compiled = compiled
        self.legacyLogitsUpcast = legacyLogitsUpcast
        self.legacyNF4Quantization = legacyNF4Quantization
        self.keepsOutputThroughBackward = keepsOutputThroughBackward
        self.adapterKind = adapterKind
        self.partial = partial
    }
}
