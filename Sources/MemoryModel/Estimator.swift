// Peak GPU memory of one fine-tuning setup, per GPU (MEMORY-MODEL.md §0–§10; MEMORY.md in the
// project says where every constant comes from). Pure: no I/O, no globals.
// All byte arithmetic is in Double, so absurd inputs give huge but finite numbers, never a trap.

/// `estimate(setup, gpu:)`: the whole estimate; `MemoryEstimator.validate(setup)`: reasons a
/// setup is rejected.
public func estimate(_ setup: Setup, gpu: GPU?) -> Estimate {
    MemoryEstimator.estimate(setup, gpu: gpu)
}

public enum MemoryEstimator {
    // MARK: Constants (each explained in MEMORY.md)

    /// bitsandbytes 4-bit blocksize (Params4bit default) and the double-quant second level.
    static let nf4Block = 64.0
    static let dqBlock = 256.0
    /// Per-tensor fp32 256-entry code table of double quantization + the fp32 offset.
    static let dqPerTensorBytes = 1024.0 + 4
    /// bnb 8-bit optimizer: 1 byte per state + fp32 absmax per 256-element block, 2 states.
    static let adam8bitBytesPerParam = 2.0 + 8.0 / 256
    /// CUDA context with lazy module loading (§7).
    static let cudaContextDatacenter = 500.0 * 1_048_576
    static let cudaContextConsumer = 300.0 * 1_048_576
    /// NCCL communicator buffers per process in multi-GPU runs (§7, outside torch's counters).
    static let ncclBuffers = 512.0 * 1_048_576
    /// cuBLAS/cuBLASLt workspace from the caching allocator (§7).
    static let cublasWorkspace = 32.0 * 1_048_576
    /// Caching allocator: reserved − allocated as a share of the peak allocated (§7: 5–15 %).
    static let allocatorFraction = 0.08
    /// LitGPT computes the LM head in chunks of 128 tokens (`lm_head_chunk_size=128`).
    static let litgptHeadChunk = 128.0

    // MARK: Validation

    /// Reasons the setup cannot be estimated (empty when it can). Never traps.
    public static func validate(_ s: Setup) -> [String] {
        var e: [String] = []
        let m = s.model
        if s.microBatchSize < 1 { e.append("micro batch size must be at least 1 (got \(s.microBatchSize))") }
        if s.sequenceLength < 1 { e.append("sequence length must be at least 1 (got \(s.sequenceLength))") }
        if s.gpuCount < 1 { e.append("GPU count must be at least 1 (got \(s.gpuCount))") }
        if s.gradientAccumulationSteps < 1 {
            e.append("gradient accumulation steps must be at least 1 (got \(s.gradientAccumulationSteps))")
        }
        if s.method != .full && s.loraRank < 1 { e.append("LoRA rank must be at least 1 (got \(s.loraRank))") }
        if s.lossChunks < 1 { e.append("loss chunks must be at least 1 (got \(s.lossChunks))") }
        if !s.loraDropout.isFinite || s.loraDropout < 0 || s.loraDropout >= 1 {
            e.append("LoRA dropout must be in [0, 1) (got \(s.loraDropout))")
        }
        if let o = m.parameterCountOverride {
            if o < 1 { e.append("parameter count must be positive (got \(o))") }
        }
        if m.hiddenSize < 1 { e.append("hidden size must be positive (got \(m.hiddenSize))") }
        if m.numLayers < 1 { e.append("number of layers must be positive (got \(m.numLayers))") }
        if m.numHeads < 1 { e.append("number of attention heads must be positive (got \(m.numHeads))") }
        if m.vocabSize < 1 { e.append("vocabulary size must be positive (got \(m.vocabSize))") }
        if m.intermediateSize < 0 || m.numKeyValueHeads < 0 || m.headDim < 0 {
            e.append("architecture sizes must not be negative")
        }
        return e
    }

    // MARK: Estimate

    public static func estimate(_ setup: Setup, gpu: GPU?) -> Estimate {
        estimate(setup, gpu: gpu, counts: nil)
    }

    /// The same, reusing a parameter breakdown of `setup.model` (what-if searches vary everything
    /// but the model).
    static func estimate(_ setup: Setup, gpu: GPU?, counts: ParameterCounts?) -> Estimate {
        let errors = validate(setup)
        if !errors.isEmpty { return .rejected(errors, gpu: gpu, gpuCount: setup.gpuCount) }
        return compute(setup, gpu: gpu, counts: counts ?? setup.model.parameterCounts)
    }

    /// Framework defaults and silent overrides resolved into one plan.
    struct Plan {
        var quant: WeightQuantization
        var optimizer: Optimizer
        var upcast: Bool
        var notes: [String]
    }

    static func plan(_ s: Setup) -> Plan {
        var notes: [String] = []
        var quant = s.quantization
        if s.method == .qlora && quant == .none { quant = .nf4 }
        if s.method == .full && quant != .none {
            notes.append("full fine-tuning of quantized weights is not possible; quantization ignored")
            quant = .none
        }
        var opt = s.optimizer
        if s.framework == .litgpt && quant != .none && opt != .pagedAdamw32bit {
            // litgpt/finetune/lora.py: `if quantize: optimizer = bnb.optim.PagedAdamW(...)`.
            opt = .pagedAdamw32bit
            notes.append("LitGPT replaces the optimizer by bitsandbytes PagedAdamW (32-bit, paged) when quantize is set")
        }
        // PEFT's prepare_model_for_kbit_training is the single-device recipe; FSDP/DeepSpeed QLoRA
        // (bnb_4bit_quant_storage) keeps the non-quantized parameters in the load dtype.
        let upcastDefault = s.framework == .huggingface && quant != .none && s.method != .full && s.sharding == .none
        let upcast = s.upcastNonQuantizedToFP32 ?? upcastDefault
        if upcast && quant != .none {
            notes.append("prepare_model_for_kbit_training upcasts non-quantized parameters to fp32")
            if s.model.moe != nil {
                notes.append("transformers v5 keeps fused MoE experts unquantized under load_in_4bit; with the fp32 upcast they cost 4 bytes per parameter")
            }
        }
        return Plan(quant: quant, optimizer: opt, upcast: upcast && quant != .none, notes: notes)
    }

    static func isLayerNormLayout(_ layout: String) -> Bool {
        switch layout {
        case "gpt_neox", "gpt2", "phi", "falcon", "stablelm", "bloom": return true
        default: return false
        }
    }

    static func isGatedMLP(_ layout: String) -> Bool {
        switch layout {
        case "gpt_neox", "gpt2", "phi", "falcon", "bloom": return false
        default: return true
        }
    }

    /// Attention and MLP read the same normalized input (GPT-J style parallel blocks).
    static func isParallelBlock(_ arch: ModelArchitecture) -> Bool {
        arch.layout == "phi" || (arch.layout == "falcon" && !arch.newDecoderArchitecture)
    }

    static func compute(_ s: Setup, gpu: GPU?, counts: ParameterCounts) -> Estimate {
        let p = plan(s)
        var notes = p.notes
        let arch = s.model
        let fw = s.framework
        let N = Double(max(s.gpuCount, 1))
        let h = Double(arch.hiddenSize)
        let nh = Double(arch.numHeads)
        let hd = Double(arch.headDim > 0 ? arch.headDim : arch.hiddenSize / max(arch.numHeads, 1))
        let nkv = Double(arch.numKeyValueHeads > 0 ? arch.numKeyValueHeads : arch.numHeads)
        let qd = nh * hd
        let kvd = nkv * hd
        let V = Double(arch.vocabSize)
        let b = Double(s.microBatchSize)
        let seq = Double(s.sequenceLength)
        let t = b * seq
        let T = t * V
        let r = Double(max(s.loraRank, 1))
        let isFull = s.method == .full
        let quantized = p.quant != .none
        let wB = Double(s.weightDtype.bytes)
        let cB = Double((s.autocastDtype ?? s.weightDtype).bytes)
        let mixed = s.autocastDtype != nil && s.autocastDtype != s.weightDtype

        // Parameters. LitGPT keeps a separate lm_head even where the HF checkpoint ties it.
        var P = arch.parameterCountOverride.map { Double($0) } ?? counts.total
        var lmHead = counts.lmHead
        if fw == .litgpt && arch.tieWordEmbeddings {
            P += V * h
            lmHead = V * h
        }
        // Quantizable: the block linears; LitGPT's bitsandbytes plugin also replaces lm_head.
        var Q = min(counts.quantizable, P)
        var qTensors = counts.quantizableTensors
        if fw == .litgpt && quantized { Q += lmHead; qTensors += 1 }
        let nonQ = max(P - Q, 0)

        // LoRA: trainable adapter parameters and the per-layer inputs of targeted modules.
        let tg = s.loraTargets
        func targeted(_ role: LinearRole) -> Bool {
            switch role {
            case .query: return tg.attentionQuery
            case .key: return tg.attentionKey
            case .value: return tg.attentionValue
            case .output: return tg.attentionOutput
            case .mlp: return tg.mlp
            case .expert: return tg.mlp && fw != .huggingface  // v5 experts are not nn.Linear
            case .router: return tg.mlp && fw == .huggingface  // all-linear reaches the router
            }
        }
        let kind = s.adapterKind
        var adapterParams = 0.0
        var sumTargetInPerLayer = 0.0   // max over layer groups
        var sumTargetOutPerLayer = 0.0
        var targetedModulesPerLayer = 0.0
        var layersTotal = 0.0
        for g in counts.layerGroups where g.layers > 0 {
            layersTotal += g.layers
            var sIn = 0.0, sOut = 0.0, nMod = 0.0, perLayer = 0.0
            for lin in g.linears where targeted(lin.role) {
                switch kind {
                case .ia3: perLayer += lin.outFeatures * lin.count  // one scaling vector per module
                case .dora: perLayer += (r * (lin.inFeatures + lin.outFeatures) + lin.outFeatures) * lin.count
                default: perLayer += r * (lin.inFeatures + lin.outFeatures) * lin.count
                }
                if lin.role != .expert {
                    sIn += lin.inFeatures * lin.count
                    sOut += lin.outFeatures * lin.count
                    nMod += lin.count
                }
            }
            adapterParams += g.layers * perLayer
            sumTargetInPerLayer = max(sumTargetInPerLayer, sIn)
            sumTargetOutPerLayer = max(sumTargetOutPerLayer, sOut)
            targetedModulesPerLayer = max(targetedModulesPerLayer, nMod)
        }
        if tg.head { adapterParams += kind == .ia3 ? V : r * (h + V) }
        var notModelled: [String] = []
        let kindModelled: Bool
        switch kind {
        case .lora, .dora, .ia3: kindModelled = true
        default: kindModelled = false
        }
        if !isFull && !kindModelled {
            notModelled.append("\(kind.rawValue) is not modelled: estimated as LoRA (r=\(s.loraRank)) on the same modules")
        }
        if isFull { adapterParams = 0 }
        // Freeze tuning: the trainable blocks (blocks share the parameters outside the
        // embedding and head evenly; the final norm's h is noise), plus the extra modules.
        let partial = isFull ? s.partial : nil
        var trainable = isFull ? P : adapterParams
        if let f = partial, layersTotal > 0 {
            let perBlock = max(P - counts.embedding - lmHead, 0) / layersTotal
            let blocks = min(Double(max(f.trainableBlocks, 0)), layersTotal)
            trainable = min(P, blocks * perBlock + (f.trainsEmbedding ? counts.embedding : 0) + (f.trainsHead ? lmHead : 0))
            notes.append("freeze tuning: \(Int(blocks)) of \(Int(layersTotal)) blocks train\(f.trainsEmbedding ? ", with the embedding" : "")\(f.trainsHead ? ", with the head" : ""); activations counted for every block (with gradient checkpointing LLaMA-Factory makes the inputs require grad, so backward runs through all of them; without it an upper bound)")
        }

        // Dtypes of trainable tensors.
        // PEFT (autocast_adapter_dtype=True) keeps adapters fp32; LitGPT/torchtune/MLX use the model dtype.
        let adapterB: Double = s.adapterDtype.map { Double($0.bytes) } ?? (fw == .huggingface ? 4 : wB)
        let trainB: Double = isFull ? (partial.map { Double($0.trainableDtype.bytes) } ?? wB) : adapterB

        // MARK: Static bytes (before sharding)
        var weightsB: Double
        var quantConstB = 0.0
        var weightLabel: String
        switch s.weightDtype {
        case .bf16: weightLabel = "Base weights (bf16)"
        case .fp16: weightLabel = "Base weights (fp16)"
        case .fp32: weightLabel = "Base weights (fp32)"
        }
        switch p.quant {
        case .nf4, .fp4:
            let name = p.quant == .nf4 ? "NF4" : "FP4"
            weightsB = Q * 0.5 + nonQ * (p.upcast ? 4 : wB)
            if fw == .torchtune && p.quant == .nf4 {
                // torchao `NF4Tensor.double_quantize_scalers` (always on): int8 scaler per 64-block and
                // one factor per 256 scalers in the weight's dtype. Before pytorch/ao #298 (2024-05-31)
                // the factor was `quantization_factor[:, 0].view(n)` of a full n/64 tensor, whose
                // storage stays alive; since then `.contiguous()` copies the n/(64·256) values.
                quantConstB = Q / nf4Block + wB * Q / (nf4Block * (s.legacyNF4Quantization ? 1 : dqBlock))
            } else if s.doubleQuantization {
                quantConstB = Q / nf4Block + 4 * Q / (nf4Block * dqBlock) + qTensors * dqPerTensorBytes
            } else {
                quantConstB = 4 * Q / nf4Block
            }
            weightLabel = p.quant == .nf4 ? (s.doubleQuantization ? "Base weights (NF4, double quant)" : "Base weights (NF4)")
                : (s.doubleQuantization ? "Base weights (FP4, double quant)" : "Base weights (FP4)")
            _ = name
        case .int8:
            weightsB = Q + nonQ * (p.upcast ? 4 : wB)
            quantConstB = 4 * Q / max(h, 1)  // per-row fp32 SCB ≈ 4·out_features per matrix
            weightLabel = "Base weights (int8)"
        case .none:
            // Frozen parameters in the load dtype; under freeze tuning the trainable ones in theirs.
            weightsB = partial == nil ? P * wB : (P - trainable) * wB + trainable * trainB
        }
        let adaptersB = adapterParams * adapterB

        // Optimizer bytes per trainable parameter.
        var paged = false
        var optPerParam: Double
        // DeepSpeed's ZeRO optimizers step the fp32 master copy, so their states are fp32 too (K = 12).
        let deepspeedSharding: Bool
        switch s.sharding {
        case .zero1, .zero2, .zero3: deepspeedSharding = true
        default: deepspeedSharding = false
        }
        let stateB: Double = (deepspeedSharding && trainB < 4) ? 4 : trainB
        switch p.optimizer {
        case .adamw, .adamwFused: optPerParam = 2 * stateB
        case .adamw8bit: optPerParam = adam8bitBytesPerParam
        case .pagedAdamw8bit: optPerParam = adam8bitBytesPerParam; paged = true
        case .pagedAdamw32bit: optPerParam = 8; paged = true
        case .adafactor: optPerParam = 0
        case .sgd: optPerParam = stateB
        case .lion: optPerParam = stateB
        case .lion8bit: optPerParam = 1 + 4.0 / 256
        }
        var optB = trainable * optPerParam
        if p.optimizer == .adafactor {
            // Factored second moment: rows + cols per matrix (fp32), full for vectors.
            optB = 4 * (isFull ? (layersTotal * 4 * (h + max(Double(arch.intermediateSize), h)) + 2 * (V + h))
                               : adapterParams / max(r, 1) * 2)
        }
        var gradB = trainable * ((deepspeedSharding && !s.offloadOptimizer) ? 4 : trainB)
        // PyTorch FSDP1 with use_orig_params=True (Lightning's default) flattens each wrapped Block
        // into one FlatParameter; if any of its parameters trains, the gradient is allocated for the
        // whole flat parameter. LoRA under LitGPT FSDP therefore pays full-size base gradients.
        if fw == .litgpt && !isFull && (s.sharding == .fsdpFullShard || s.sharding == .fsdpShardGradOp) {
            gradB = (P - counts.embedding - lmHead) * wB + adapterParams * trainB
        }

        // Master weights: DeepSpeed ZeRO with 16-bit weights keeps an fp32 copy of trainable params.
        let deepspeed = deepspeedSharding
        var masterB = (deepspeed && wB < 4) ? trainable * 4 : 0

        // Sharding.
        var shardW = 1.0, shardG = 1.0, shardO = 1.0
        switch s.sharding {
        case .none: break
        case .zero1: shardO = N
        case .zero2, .fsdpShardGradOp: shardO = N; shardG = N
        case .zero3, .fsdpFullShard: shardO = N; shardG = N; shardW = N
        }
        var gatheredB = 0.0
        if shardW > 1 || s.offloadParameters {
            // Units gathered in flight: current + prefetched decoder layer (bf16), plus FSDP's
            // root unit (embeddings + lm_head) which stays unsharded through forward/backward.
            let unit = counts.largestLayer
            let wInFlight = quantized ? (Q / max(layersTotal, 1)) * 0.5 + (unit - Q / max(layersTotal, 1)) * wB : unit * wB
            gatheredB = 2 * max(wInFlight, 0)
            if s.sharding == .fsdpFullShard || s.sharding == .zero3 {
                gatheredB += (counts.embedding + lmHead) * (quantized ? wB : wB)
            }
        }
        weightsB /= shardW
        // bitsandbytes keeps a 4-bit weight's QuantState (absmax, code, nested absmax) as an attribute
        // of `Params4bit` and of its `Linear4bit` (`module.quant_state`, bnb 0.43 `Params4bit._quantize`),
        // not as a parameter. FSDP and ZeRO-3 flatten and shard parameters only, and FSDP's CPU offload
        // moves only the flat parameter (`handle.flat_param_to(cpu)`), so every GPU keeps all the
        // quantization constants (effect 16).
        let bnbQuantState = quantized && (fw == .huggingface || fw == .litgpt)
        if !bnbQuantState { quantConstB /= shardW }
        var gradsB = gradB / shardG
        optB /= shardO
        masterB /= shardO
        if s.offloadOptimizer { optB = 0; masterB = 0; if deepspeed || s.sharding == .fsdpFullShard { gradsB = 0 } }
        if s.offloadParameters { weightsB = 0; if !bnbQuantState { quantConstB = 0 } }
        let ddpBuckets = (s.sharding == .none && N > 1) ? gradB : 0
        let reduceBuckets = (shardG > 1) ? min(gradB, h * h * 2) : 0
        // FSDP (PyTorch FSDP1 `no_sync`, used for gradient accumulation) keeps the full unsharded
        // gradients between micro-batches (torch docs: "FSDP will accumulate the full model gradients").
        let fsdpNoSync = (s.sharding == .fsdpFullShard || s.sharding == .fsdpShardGradOp) && s.gradientAccumulationSteps > 1
        if s.optimizerInBackward {
            // torchtune: the step runs in a post-accumulate-grad hook; one parameter's grad at a time.
            gradsB = min(gradsB, counts.largestModule * trainB)
        }
        // Between micro-batches (accumulation) and at the end of the syncing backward.
        let gradsAccumB = fsdpNoSync ? gradB : gradsB
        let gradsBackwardEndB = fsdpNoSync ? gradB : gradsB  // each unit reduce-scatters, then frees its full grad

        // MARK: Activations (bytes per token per layer)
        let lay = arch.layout
        let ln = isLayerNormLayout(lay)
        let gatedMLP = isGatedMLP(lay)
        let parallel = isParallelBlock(arch)
        var I = 0.0
        for g in counts.layerGroups { I = max(I, g.activeIntermediate) }
        let normsPerLayer: Double = parallel ? 1 : ((lay == "gemma2" || lay == "gemma3") ? 4 : 2)
        let resB: Double = (p.upcast || (mixed && wB == 4) || cB == 4) ? 4 : cB
        let dropMask = s.loraDropout > 0 ? 1.0 : 0.0

        var perLayer = 0.0
        // Norms: LayerNorm saves its input + mean/rstd; RMSNorm upcasts to fp32 (input + rsqrt).
        let normSave = ln ? resB * h + 8 : 4 * h + 4
        perLayer += normsPerLayer * (normSave + (isFull ? cB * h : 0))
        // Attention: q, k, v (k/v repeated to all heads where the implementation does), output, LSE.
        let kvEff: Double
        switch fw {
        case .huggingface: kvEff = (s.attention == .flash || s.packing) ? kvd : qd  // padding mask → repeat_kv
        case .litgpt, .torchtune: kvEff = qd  // k/v expanded before SDPA
        case .mlx: kvEff = kvd
        }
        perLayer += cB * (2 * qd + 2 * kvEff) + 4 * nh
        if fw == .litgpt && (nkv == nh || nkv == 1) {
            // LitGPT's fused qkv: `qkv.view(...).permute(...)`, split, `v.reshape(B, -1, T, hs)` is a
            // view (not a copy) when every query group holds one head (MHA) or there is one group
            // (MQA, expand with stride 0). SDPA saves that view, which keeps the whole qkv output
            // alive: its q and k parts too, though q and k were copied by RoPE (`torch.cat`).
            // litgpt/model.py `CausalSelfAttention.forward` (43c44323); GQA reshapes copy instead.
            perLayer += cB * (qd + kvd)
        }
        if s.attention == .eager { perLayer += 6 * nh * seq }
        // MLP intermediates.
        let mlpB: Double = (fw == .huggingface && p.upcast) ? 4 : cB
        if gatedMLP {
            perLayer += mlpB * 3 * I
        } else {
            perLayer += mlpB * I
        }
        // Linear inputs kept for weight gradients (full FT) or by the layer itself.
        let distinctInputs = (parallel ? h : 2 * h) + qd + I  // attn in, o_proj in, mlp in, down in
        let baseSavesInputs = isFull || (fw == .litgpt && quantized)
        if baseSavesInputs {
            if mixed && fw == .huggingface {
                // Each Linear saves its own 16-bit cast of its input (§5.7).
                perLayer += cB * (3 * h + qd + (gatedMLP ? 2 * h : h) + I)
            } else {
                perLayer += cB * distinctInputs
            }
        }
        if !isFull {
            // Each LoRA module keeps its own copy of its input (+ dropout mask) and its lora_A output.
            switch kind {
            case .ia3:
                // (IA)³ scales the module output: the output is kept for the vector's gradient.
                perLayer += cB * sumTargetOutPerLayer
            case .dora:
                // DoRA keeps the LoRA path, plus the base output and the LoRA output for the
                // magnitude gradient (`(m/‖W+BA‖ − 1)·base + m/‖W+BA‖·lora`, PEFT DoraLinearLayer).
                perLayer += (cB + dropMask) * sumTargetInPerLayer + (fw == .huggingface ? cB : adapterB) * r * targetedModulesPerLayer
                    + 2 * cB * sumTargetOutPerLayer
            default:
                perLayer += (cB + dropMask) * sumTargetInPerLayer + (fw == .huggingface ? cB : adapterB) * r * targetedModulesPerLayer
            }
            if fw == .huggingface && tg.mlp == false && !baseSavesInputs { /* down input not kept */ }
        }

        if s.compiled {
            // Inductor fuses RMSNorm (the fp32 copy of its input is recomputed in backward) and
            // SiLU·mul (the SiLU output is recomputed): measured on torchtune's Llama-3.2-3B ladder.
            if !ln { perLayer -= normsPerLayer * 4 * h }
            if gatedMLP { perLayer -= mlpB * I }
            perLayer = max(perLayer, 0)
        }
        // Gradient checkpointing / activation offloading: keep the layer inputs, recompute one layer.
        let keepAll = !(s.gradientCheckpointing || s.activationOffloading)
        let savedPerToken: Double
        if keepAll {
            savedPerToken = layersTotal * perLayer
        } else if s.activationOffloading {
            // torchtune offloads saved activations (or the checkpoints) to pinned host memory on a
            // side stream: about two layers' worth are on the device at a time.
            savedPerToken = 2 * (s.gradientCheckpointing ? resB * h : perLayer)
        } else {
            savedPerToken = layersTotal * resB * h
        }
        // Outside the layers: final norm, ids/labels, lm_head input, RoPE tables.
        var outsidePerToken = normSave + 16 + 4 * hd
        if isFull || tg.head || (fw == .litgpt && quantized) { outsidePerToken += cB * h }
        var outsideFixed = 0.0
        if fw == .huggingface && p.upcast && !isFull {
            outsideFixed += lmHead > 0 ? lmHead * 2 : V * h * 2  // bf16 copy of the fp32 lm_head saved by autocast
        }
        if mixed && wB == 4 && !quantized {
            // fp32 weights under 16-bit autocast: every Linear's 16-bit weight cast is saved for its
            // input gradient while the graph is alive (§4.4); with checkpointing only one layer's.
            let perLayerLinears = Q / max(layersTotal, 1)
            outsideFixed += ((s.gradientCheckpointing ? perLayerLinears : Q) + lmHead) * cB
        }
        let activationsB = savedPerToken * t + outsidePerToken * t + outsideFixed
        // Backward of one layer: recomputed activations (GC) + activation-gradient transients.
        let recomputeB = (keepAll ? 0 : perLayer * t) + 3 * cB * t * max(I, h)

        // MARK: Logits and loss
        var lossFwd: Double, lossBwd: Double
        var chunkedHeadGrads = false  // the chunked loss term already holds the head's new gradient
        var lossLabel = "Logits and loss (fp32 upcast)"
        switch (fw, s.loss) {
        case (_, .fused):
            lossFwd = 4 * t * h + 8 * V * min(t, 2048)
            lossBwd = lossFwd
            lossLabel = "Loss (fused linear cross-entropy)"
        case (.litgpt, _) where !isFull:
            // finetune/lora.py: lm_head in 128-token chunks (all kept) + their bf16 log-softmax.
            lossFwd = 2 * cB * T
            lossBwd = 2 * cB * T + 2 * cB * min(t, litgptHeadChunk * b) * V
            lossLabel = "Logits and loss (chunked head)"
        case (.litgpt, _):
            // finetune/full.py: one logits tensor; `logits[..., :-1, :].reshape` copies it, then
            // chunked_cross_entropy's bf16 log-softmax. Backward adds the unchunked logits gradient
            // and the slice-backward buffer.
            lossFwd = 3 * cB * T
            lossBwd = 4 * cB * T
            lossLabel = "Logits and loss (bf16 cross-entropy)"
        case (_, .chunked):
            let k = Double(max(s.lossChunks, 1))
            if s.compiled {
                // torchtune compiles the loss as well: upcast, log-softmax and NLL of a chunk fuse
                // into one kernel; only the chunk's 16-bit gradient is materialized. Autograd runs
                // ready nodes highest sequence number first (engine.cpp `CompareNodeTaskTime`), so
                // every chunk's CE backward runs before any output-projection backward: while chunk j
                // is differentiated, logits 0…j and gradients j…k−1 are alive, cB·T + cB·T/k.
                lossFwd = cB * T
                lossBwd = cB * T + cB * T / k
            } else {
                lossFwd = cB * T + 8 * T / k
                lossBwd = cB * T + 12 * T / k
            }
            if isFull && k >= 2 {
                // Then the k output-projection backwards: each yields a full V·h weight gradient that
                // autograd adds into the one it holds for the weight (InputBuffer::add), so from the
                // second chunk on two V·h gradients sit next to the chunks' logits gradients not yet
                // consumed ((k−1)/k of them). Full fine-tuning only: a frozen head has no gradient.
                let headW = V * h * trainB
                lossBwd = max(lossBwd, cB * T * (k - 1) / k + 2 * headW)
                chunkedHeadGrads = true
            }
            lossLabel = "Logits and loss (chunked cross-entropy)"
        case (.mlx, _):
            lossFwd = 3 * cB * T
            lossBwd = 3 * cB * T
            lossLabel = "Logits and loss"
        default:
            // HF: bf16 logits 2T + fp32 copy 4T + log_softmax 4T in the forward; 12T at CE backward.
            lossFwd = cB * T + (cB < 4 ? 4 * T : 0) + 4 * T
            lossBwd = 12 * T
            if s.legacyLogitsUpcast {
                // The fp32 logits live in the model output through backward, plus the shifted copy.
                lossFwd += 4 * T
                lossBwd += 4 * T
            }
        }

        // MARK: Temporaries
        // Dequantization workspace: one matrix dequantized at a time. LitGPT quantizes through
        // Lightning's plugin, which stores quant_state dtype fp16 (`w.to(torch.half)` before
        // quantize_4bit): dequantize_4bit gives fp16, `.to(bf16)` a second copy. It also quantizes lm_head.
        let largestQ = (fw == .litgpt && quantized) ? max(counts.largestQuantizableMatrix, lmHead) : counts.largestQuantizableMatrix
        let dequantB = quantized ? (fw == .litgpt ? 4 : 2) * largestQ : 0
        var stepTempB = 0.0
        if p.optimizer == .adamw && !s.optimizerInBackward && !s.offloadOptimizer {
            stepTempB = trainable * trainB / shardO  // foreach sqrt of exp_avg_sq (§4.6)
        }

        // Weight-gradient transient: autograd computes a parameter's new gradient, then adds it to an
        // existing `.grad`. The largest matrices (lm_head, embedding) make this visible: LitGPT's
        // chunked head yields one full V·h gradient per chunk; gradient accumulation does the same
        // for the embedding at the end of every backward.
        var headGradTransient = 0.0
        if isFull {
            // Sharded unless FSDP no_sync holds full gradients between micro-batches.
            let big = max(lmHead, counts.embedding) * trainB / (fsdpNoSync ? 1 : shardG)
            if s.gradientAccumulationSteps > 1 && !chunkedHeadGrads { headGradTransient = big }
        }

        // MARK: Phases
        // DeepSpeed ZeRO keeps fp32 gradient partitions for the optimizer, allocated for the whole
        // run (its estimator's 18Ψ/N = 2 param + 4 grad + 12 optimizer): resident in every phase.
        let persistentGrads = (s.gradientAccumulationSteps > 1 || deepspeed) && !s.optimizerInBackward
        let statics = weightsB + quantConstB + adaptersB / (shardW > 1 ? shardW : 1) + masterB + gatheredB
        let statesIn = optB  // paged states count too: see MEMORY.md (torchtune ladder, 8-bit paged AdamW row)
        let gradsAlways = persistentGrads ? gradsAccumB : 0
        let fwd = statics + statesIn + gradsAlways + activationsB + lossFwd + dequantB + cublasWorkspace
        let lossBack = statics + statesIn + gradsAlways + activationsB + lossBwd + dequantB + cublasWorkspace + headGradTransient
        // A loop that holds the model output through backward and the step (fsdp_qlora) keeps the
        // logits (fp32 under the legacy upcast) allocated after the loss backward (effect 17).
        let retainedOutputB = s.keepsOutputThroughBackward ? ((s.legacyLogitsUpcast || cB == 4) ? 4 : cB) * T : 0
        let bwdEnd = statics + statesIn + gradsBackwardEndB + ddpBuckets + reduceBuckets + recomputeB + dequantB + cublasWorkspace
            + (shardW > 1 ? counts.largestLayer * trainB * (isFull ? 1 : 0) : 0) + retainedOutputB
        // Start of the layers' backward: every saved tensor (or checkpoint) of every layer is still
        // alive while the last layer is recomputed and differentiated (effect 17). For LoRA the
        // gradients are small, so this moment, not the end of backward, is the activation peak.
        let bwdStart = statics + statesIn + gradsAlways + savedPerToken * t + recomputeB + dequantB + cublasWorkspace
            + retainedOutputB
        let step = statics + statesIn + gradsB + ddpBuckets + stepTempB + cublasWorkspace + retainedOutputB
        var peakPhase = "forward"
        var peakAlloc = fwd
        if lossBack > peakAlloc { peakAlloc = lossBack; peakPhase = "loss-backward" }
        if bwdStart > peakAlloc { peakAlloc = bwdStart; peakPhase = "backward-start" }
        if bwdEnd > peakAlloc { peakAlloc = bwdEnd; peakPhase = "backward" }
        if step > peakAlloc { peakAlloc = step; peakPhase = "optimizer-step" }

        // Components at the peak moment.
        var actAtPeak = 0.0, lossAtPeak = 0.0, gradsAtPeak = 0.0, tempAtPeak = cublasWorkspace
        switch peakPhase {
        case "forward":
            actAtPeak = activationsB; lossAtPeak = lossFwd; gradsAtPeak = gradsAlways; tempAtPeak += dequantB
        case "loss-backward":
            actAtPeak = activationsB; lossAtPeak = lossBwd; gradsAtPeak = gradsAlways; tempAtPeak += dequantB + headGradTransient
        case "backward-start":
            actAtPeak = savedPerToken * t + recomputeB; lossAtPeak = retainedOutputB; gradsAtPeak = gradsAlways; tempAtPeak += dequantB
        case "backward":
            lossAtPeak = retainedOutputB
            actAtPeak = recomputeB; gradsAtPeak = gradsBackwardEndB + ddpBuckets + reduceBuckets; tempAtPeak += dequantB
                + (shardW > 1 ? counts.largestLayer * trainB * (isFull ? 1 : 0) : 0)
        default:
            lossAtPeak = retainedOutputB
            gradsAtPeak = gradsB + ddpBuckets; tempAtPeak += stepTempB
        }

        let unified = gpu?.isUnifiedMemory ?? (fw == .mlx)
        var contextB = 0.0
        if !unified {
            let datacenter = gpu.map { $0.usableMemoryBytes >= 40 * 1_073_741_824 && $0.vendor == .nvidia && !$0.name.contains("RTX") } ?? true
            contextB = datacenter ? cudaContextDatacenter : cudaContextConsumer
            if N > 1 { contextB += ncclBuffers }
        }
        var allocatorB = peakAlloc * allocatorFraction
        // Load-time quantization blocks kept by the caching allocator (torchtune + torchao < 0.2):
        // the model is built on the GPU and each LoRALinear calls `to_nf4(linear.weight)`;
        // `NF4Tensor.quantize_tensor_nearest` forms `(value.unsqueeze(-1) - nf4).abs()` (n × 16 bf16,
        // twice while the subtraction's result is alive) next to the input and the scaled blocks:
        // 68 bytes per element of the matrix. The last (largest) matrix is quantized with the whole
        // model resident; torch never returns those blocks unless `empty_cache()` is called, so
        // `max_memory_reserved` in training is at least that load-time reserve.
        if fw == .torchtune && quantized && s.legacyNF4Quantization {
            // Each layer quantizes its attention matrices, then its MLP matrices (state-dict order;
            // torchtune's NF4 `copy_` runs `to_nf4(src.to(dest.device))`, on the GPU). A cached block
            // is split but never merged across cudaMalloc segments (CUDACachingAllocator.cpp), so the
            // attention comparison blocks (2 × 32·n) cannot serve the larger MLP request: both sizes
            // stay reserved (when the MLP matrix is the larger one).
            var attnMax = 0.0, mlpMax = 0.0
            for g in counts.layerGroups where g.layers > 0 {
                for lin in g.linears {
                    switch lin.role {
                    case .query, .key, .value, .output: attnMax = max(attnMax, lin.inFeatures * lin.outFeatures)
                    case .mlp: mlpMax = max(mlpMax, lin.inFeatures * lin.outFeatures)
                    default: break
                    }
                }
            }
            let attnBlocks = mlpMax > attnMax ? 64 * attnMax : 0
            let loadAlloc = weightsB + quantConstB + adaptersB + 68 * counts.largestQuantizableMatrix + attnBlocks
            let loadReserved = loadAlloc * (1 + allocatorFraction)
            if loadReserved > peakAlloc + allocatorB {
                allocatorB = loadReserved - peakAlloc
                notes.append("torchao < 0.2 quantizes each weight with an n×16 comparison on the GPU at load time; the caching allocator keeps that reserve during training")
            }
        }
        let reserved = peakAlloc + allocatorB
        let peak = reserved + contextB

        var comps: [MemoryComponent] = []
        comps.reserveCapacity(12)
        comps.append(MemoryComponent(id: .weights, label: shardW > 1 ? weightLabel + " (sharded)" : weightLabel, bytes: clampToInt64(weightsB + gatheredB)))
        if quantConstB > 0 {
            let qcLabel = (fw == .torchtune && p.quant == .nf4) ? "Quantization constants (torchao NF4, int8 scalers)"
                : s.doubleQuantization ? "Quantization constants (absmax, double-quantized)" : "Quantization constants (absmax)"
            comps.append(MemoryComponent(id: .quantizationConstants, label: qcLabel, bytes: clampToInt64(quantConstB)))
        }
        if adaptersB > 0 {
            comps.append(MemoryComponent(id: .adapters, label: adapterB == 4 ? "LoRA adapters (fp32)" : "LoRA adapters (16-bit)", bytes: clampToInt64(adaptersB / (shardW > 1 ? shardW : 1))))
        }
        comps.append(MemoryComponent(id: .gradients, label: isFull ? "Gradients" : "Adapter gradients", bytes: clampToInt64(gradsAtPeak)))
        comps.append(MemoryComponent(id: .optimizerStates, label: optimizerLabel(p.optimizer, paged: paged, offloaded: s.offloadOptimizer), bytes: clampToInt64(optB), countedInPeak: true))
        if masterB > 0 {
            comps.append(MemoryComponent(id: .masterWeights, label: "fp32 master weights", bytes: clampToInt64(masterB)))
        }
        comps.append(MemoryComponent(id: .activations, label: activationLabel(s, keepAll: keepAll, phase: peakPhase), bytes: clampToInt64(actAtPeak)))
        comps.append(MemoryComponent(id: .logits, label: lossLabel, bytes: clampToInt64(lossAtPeak)))
        comps.append(MemoryComponent(id: .temporaryBuffers, label: tempLabel(peakPhase, quantized: quantized, stepTemp: stepTempB > 0), bytes: clampToInt64(tempAtPeak)))
        comps.append(MemoryComponent(id: .allocatorOverhead, label: "Caching allocator reserve", bytes: clampToInt64(allocatorB)))
        if contextB > 0 {
            comps.append(MemoryComponent(id: .cudaContext, label: N > 1 ? "CUDA context + NCCL buffers" : "CUDA context", bytes: clampToInt64(contextB)))
        }

        let spillable = paged ? optB : 0
        var fits: Bool? = nil
        if let g = gpu {
            fits = peak - spillable <= Double(g.usableMemoryBytes)
        }
        if paged && optB > 0 {
            notes.append("paged optimizer states live in CUDA managed memory and can spill to CPU RAM under pressure (slower steps)")
        }
        return Estimate(components: comps, peakAllocatedBytesPerGpu: clampToInt64(peakAlloc),
                        peakReservedBytesPerGpu: clampToInt64(reserved), peakBytesPerGpu: clampToInt64(peak),
                        peakPhase: peakPhase, gpuId: gpu?.id, usableBytesPerGpu: gpu?.usableMemoryBytes,
                        fits: fits, spillableBytesPerGpu: clampToInt64(spillable), gpuCount: s.gpuCount, parameters: clampToInt64(P),
                        trainableParameters: clampToInt64(trainable), notes: notes, errors: [],
                        notModelled: notModelled)
    }

    static func optimizerLabel(_ o: Optimizer, paged: Bool, offloaded: Bool) -> String {
        let base: String
        switch o {
        case .adamw: base = "AdamW states"
        case .adamwFused: base = "AdamW states (fused)"
        case .adamw8bit: base = "8-bit AdamW states"
        case .pagedAdamw8bit: base = "Paged 8-bit AdamW states"
        case .pagedAdamw32bit: base = "Paged 32-bit AdamW states"
        case .adafactor: base = "Adafactor factored states"
        case .sgd: base = "SGD momentum"
        case .lion: base = "Lion states"
        case .lion8bit: base = "8-bit Lion states"
        }
        if offloaded { return base + " (offloaded to CPU)" }
        return paged ? base + " (paged)" : base
    }

    static func activationLabel(_ s: Setup, keepAll: Bool, phase: String) -> String {
        if phase == "backward" { return "Activations (one layer recomputed + gradients)" }
        if phase == "backward-start" {
            return keepAll ? "Activations (saved, last layer's backward)" : "Activations (checkpoints + last layer recomputed)"
        }
        if phase == "optimizer-step" { return "Activations (freed)" }
        if s.gradientCheckpointing { return "Activations (checkpointed layer inputs)" }
        if s.activationOffloading { return "Activations (offloaded to CPU, in-flight layers)" }
        return "Activations (saved for backward)"
    }

    static func tempLabel(_ phase: String, quantized: Bool, stepTemp: Bool) -> String {
        if phase == "optimizer-step" { return stepTemp ? "Optimizer-step temporaries (foreach)" : "Optimizer-step workspace" }
        return quantized ? "Dequantization workspace + cuBLAS" : "cuBLAS workspace"
    }
}
