// Exact parameter counts from architecture numbers (MEMORY-MODEL.md §1; the per-layout rules of
// shared/data/catalog/count_params.py). Counting is done in Double (exact below 2^53, far above
// any real model) so absurd architecture numbers saturate instead of trapping.

/// The role of a linear layer inside a decoder block, as LoRA target options name them.
public enum LinearRole: String, Sendable, Hashable, Codable {
    case query, key, value, output
    /// Dense MLP / shared expert projections (gate, up, down, fc1, fc2).
    case mlp
    /// Routed MoE experts (fused 3-D parameters in transformers v5: not `nn.Linear`).
    case expert
    /// MoE router.
    case router
}

/// One kind of linear layer in a decoder block: `count` copies per layer of `inFeatures → outFeatures`.
public struct LinearShape: Sendable, Hashable {
    public var role: LinearRole
    public var inFeatures: Double
    public var outFeatures: Double
    public var count: Double
    public init(role: LinearRole, inFeatures: Double, outFeatures: Double, count: Double = 1) {
        self.role = role
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        self.count = count
    }
    public var weights: Double { inFeatures * outFeatures * count }
}

/// A group of identical decoder layers.
public struct LayerGroup: Sendable, Hashable {
    public var layers: Double
    /// Every parameter of one layer (weights, biases, norms, router, experts).
    public var parametersPerLayer: Double
    public var linears: [LinearShape]
    /// MLP intermediate width that one token passes through (dense I, or k·I_moe + shared for MoE).
    public var activeIntermediate: Double
}

/// Parameter totals and the structure the estimator needs.
public struct ParameterCounts: Sendable, Hashable {
    /// All parameters of the `*ForCausalLM`, tied weights once.
    public var total: Double
    /// Input embedding (+ learned position embedding).
    public var embedding: Double
    /// Output head (0 when tied).
    public var lmHead: Double
    public var layerGroups: [LayerGroup]
    /// Linear weights inside the decoder blocks that bitsandbytes quantizes (§1.4 `Q`).
    public var quantizable: Double
    /// Number of quantized weight tensors (each carries a small per-tensor code table).
    public var quantizableTensors: Double
    /// Elements of the largest quantizable matrix (dequantization workspace, §2.5).
    public var largestQuantizableMatrix: Double
    /// Largest module's own parameters (DeepSpeed ZeRO-3 `largest_layer_params`, §8.3).
    public var largestModule: Double
    /// Largest decoder layer (an FSDP wrapping unit).
    public var largestLayer: Double

    public var totalInt: Int { clampToInt(total) }
}

extension ModelArchitecture {
    /// Exact parameter count (or the explicit override).
    public var parameterCount: Int {
        if let o = parameterCountOverride, o > 0 { return o }
        return parameterCounts.totalInt
    }

    /// The breakdown of the parameters; experts in transformers v5 are fused 3-D parameters.
    public var parameterCounts: ParameterCounts {
        let h = Double(max(hiddenSize, 0))
        let L = Double(max(numLayers, 0))
        let nh = Double(max(numHeads, 0))
        let nkv = Double(max(numKeyValueHeads > 0 ? numKeyValueHeads : numHeads, 0))
        let hd = Double(headDim > 0 ? headDim : (numHeads > 0 ? hiddenSize / numHeads : 0))
        let V = Double(max(vocabSize, 0))
        let ff = Double(max(intermediateSize, 0))
        let q = nh * hd, kv = nkv * hd
        let rms = h, ln = 2 * h

        var emb = V * h
        let lmHead = tieWordEmbeddings ? 0 : V * h
        var finalNorm = rms
        var extra = 0.0
        var groups: [LayerGroup] = []

        func attnLinears() -> [LinearShape] {
            [LinearShape(role: .query, inFeatures: h, outFeatures: q),
             LinearShape(role: .key, inFeatures: h, outFeatures: kv),
             LinearShape(role: .value, inFeatures: h, outFeatures: kv),
             LinearShape(role: .output, inFeatures: q, outFeatures: h)]
        }
        func attnQKVO(_ biasQKV: Bool, _ biasO: Bool) -> Double {
            var n = h * q + 2 * h * kv + q * h
            if biasQKV { n += q + 2 * kv }
            if biasO { n += h }
            return n
        }
        func gatedLinears(_ f: Double, role: LinearRole = .mlp, count: Double = 1) -> [LinearShape] {
            [LinearShape(role: role, inFeatures: h, outFeatures: f, count: 2 * count),
             LinearShape(role: role, inFeatures: f, outFeatures: h, count: count)]
        }
        // Dense block linears in one allocation (the common path; keeps the estimator fast).
        func denseBlock(gated isGated: Bool, _ f: Double) -> [LinearShape] {
            var out: [LinearShape] = []
            out.reserveCapacity(6)
            out.append(LinearShape(role: .query, inFeatures: h, outFeatures: q))
            out.append(LinearShape(role: .key, inFeatures: h, outFeatures: kv))
            out.append(LinearShape(role: .value, inFeatures: h, outFeatures: kv))
            out.append(LinearShape(role: .output, inFeatures: q, outFeatures: h))
            out.append(LinearShape(role: .mlp, inFeatures: h, outFeatures: f, count: isGated ? 2 : 1))
            out.append(LinearShape(role: .mlp, inFeatures: f, outFeatures: h))
            return out
        }
        func plainLinears(_ f: Double) -> [LinearShape] {
            [LinearShape(role: .mlp, inFeatures: h, outFeatures: f),
             LinearShape(role: .mlp, inFeatures: f, outFeatures: h)]
        }
        func gated(_ f: Double, _ bias: Bool) -> Double { 3 * h * f + (bias ? 2 * f + h : 0) }
        func plain(_ f: Double, _ bias: Bool) -> Double { 2 * h * f + (bias ? f + h : 0) }

        switch layout {
        case "phi":
            let per = attnQKVO(true, true) + plain(ff, true) + ln
            groups = [LayerGroup(layers: L, parametersPerLayer: per, linears: denseBlock(gated: false, ff), activeIntermediate: ff)]
            finalNorm = ln
            extra += V  // lm_head bias
        case "gpt_neox", "gpt2", "bloom":
            let per = attnQKVO(true, true) + plain(ff, true) + 2 * ln
            groups = [LayerGroup(layers: L, parametersPerLayer: per, linears: denseBlock(gated: false, ff), activeIntermediate: ff)]
            finalNorm = ln
            if layout == "gpt2" { emb += Double(max(maxPositionEmbeddings, 0)) * h }
            if layout == "bloom" { extra += ln }  // word_embeddings_layernorm
        case "falcon":
            let per = attnQKVO(false, false) + plain(ff, false) + (newDecoderArchitecture ? 2 : 1) * ln
            groups = [LayerGroup(layers: L, parametersPerLayer: per, linears: denseBlock(gated: false, ff), activeIntermediate: ff)]
            finalNorm = ln
        case "mixtral", "qwen3_moe", "gpt_oss", "qwen2_moe":
            let E = Double(max(moe?.numExperts ?? 0, 0))
            let k = Double(max(moe?.expertsPerToken ?? 0, 0))
            var a: Double
            var f: Double
            var expert: Double
            var router: Double
            switch layout {
            case "mixtral":
                a = attnQKVO(attentionBias, attentionBias)
                let mi = Double(max(moe?.moeIntermediateSize ?? 0, 0))
                f = mi > 0 ? mi : ff
                expert = 3 * h * f
                router = h * E
            case "gpt_oss":
                a = attnQKVO(true, true) + nh  // attention sinks
                f = Double(max(moe?.moeIntermediateSize ?? 0, 0))
                expert = 3 * h * f + 2 * f + h
                router = h * E + E
            default:  // qwen3_moe, qwen2_moe
                a = attnQKVO(layout == "qwen2_moe", false) + (layout == "qwen3_moe" ? 2 * hd : 0)
                f = Double(max(moe?.moeIntermediateSize ?? 0, 0))
                expert = 3 * h * f
                router = h * E
            }
            let sharedI = Double(max(moe?.sharedExperts ?? 0, 0)) * Double(max(moe?.sharedExpertIntermediateSize ?? 0, 0))
            let shared = sharedI > 0 ? 3 * h * sharedI + (layout == "qwen2_moe" ? h : 0) : 0
            let base = a + router + shared + 2 * rms
            let denseLayers = min(Double(max(moe?.firstDenseLayers ?? 0, 0)), L)
            var linears = attnLinears()
            linears.append(LinearShape(role: .router, inFeatures: h, outFeatures: E))
            linears += gatedLinears(f, role: .expert, count: E)
            if sharedI > 0 { linears += gatedLinears(sharedI) }
            if denseLayers > 0 {
                let dense = attnQKVO(false, false) + gated(ff, false) + 2 * rms
                groups.append(LayerGroup(layers: denseLayers, parametersPerLayer: dense, linears: attnLinears() + gatedLinears(ff), activeIntermediate: ff))
            }
            groups.append(LayerGroup(layers: L - denseLayers, parametersPerLayer: base + E * expert, linears: linears,
                                     activeIntermediate: k * f + sharedI))
        case "deepseek_v3", "deepseek_v2":
            let E = Double(max(moe?.numExperts ?? 0, 0))
            let k = Double(max(moe?.expertsPerToken ?? 0, 0))
            let ns = Double(max(moe?.sharedExperts ?? 0, 0))
            let mf = Double(max(moe?.moeIntermediateSize ?? 0, 0))
            let kd = min(Double(max(moe?.firstDenseLayers ?? 0, 0)), L)
            let ql = Double(max(mla?.qLoraRank ?? 0, 0))
            let kvl = Double(max(mla?.kvLoraRank ?? 0, 0))
            let nope = Double(max(mla?.qkNopeHeadDim ?? 0, 0))
            let rope = Double(max(mla?.qkRopeHeadDim ?? 0, 0))
            let vd = Double(max(mla?.vHeadDim ?? 0, 0))
            var attnL: [LinearShape] = []
            let aq: Double
            if ql > 0 {
                aq = h * ql + ql + ql * nh * (nope + rope)
                attnL += [LinearShape(role: .query, inFeatures: h, outFeatures: ql),
                          LinearShape(role: .query, inFeatures: ql, outFeatures: nh * (nope + rope))]
            } else {
                aq = h * nh * (nope + rope)
                attnL.append(LinearShape(role: .query, inFeatures: h, outFeatures: nh * (nope + rope)))
            }
            attnL += [LinearShape(role: .key, inFeatures: h, outFeatures: kvl + rope),
                      LinearShape(role: .value, inFeatures: kvl, outFeatures: nh * (nope + vd)),
                      LinearShape(role: .output, inFeatures: nh * vd, outFeatures: h)]
            let a = aq + h * (kvl + rope) + kvl + kvl * nh * (nope + vd) + nh * vd * h
            let dense = a + gated(ff, false) + 2 * rms
            let expert = 3 * h * mf
            let moeBase = a + 2 * rms + E * h + E + ns * expert
            if kd > 0 {
                groups.append(LayerGroup(layers: kd, parametersPerLayer: dense, linears: attnL + gatedLinears(ff), activeIntermediate: ff))
            }
            var linears = attnL
            linears.append(LinearShape(role: .router, inFeatures: h, outFeatures: E))
            linears += gatedLinears(mf, role: .expert, count: E)
            if ns > 0 { linears += gatedLinears(ns * mf) }
            groups.append(LayerGroup(layers: L - kd, parametersPerLayer: moeBase + E * expert, linears: linears,
                                     activeIntermediate: k * mf + ns * mf))
        default:
            // llama, mistral, yi, phi3 (fused, same count), gemma, qwen2, qwen3, gemma2, gemma3, olmo2, stablelm
            var a: Double
            switch layout {
            case "qwen2": a = attnQKVO(true, false)
            case "stablelm": a = attnQKVO(attentionBias, false)
            default: a = attnQKVO(attentionBias, attentionBias)
            }
            if layout == "qwen3" || layout == "gemma3" { a += 2 * hd }
            if layout == "olmo2" { a += q + kv }
            var norms = 2 * rms
            if layout == "gemma2" || layout == "gemma3" { norms = 4 * rms }
            if layout == "stablelm" { norms = 2 * ln; finalNorm = ln }
            let per = a + gated(ff, mlpBias) + norms
            groups = [LayerGroup(layers: L, parametersPerLayer: per, linears: denseBlock(gated: true, ff), activeIntermediate: ff)]
        }

        var layersTotal = 0.0
        var quantizable = 0.0
        var tensors = 0.0
        var largestMatrix = 0.0
        var largestModule = max(emb, lmHead)
        var largestLayer = 0.0
        for g in groups where g.layers > 0 {
            layersTotal += g.layers * g.parametersPerLayer
            largestLayer = max(largestLayer, g.parametersPerLayer)
            for lin in g.linears {
                if lin.role == .expert {
                    // Fused 3-D expert parameters: one module holds all experts' gate_up (or down).
                    largestModule = max(largestModule, lin.weights)
                    continue
                }
                quantizable += g.layers * lin.weights
                tensors += g.layers * lin.count
                largestMatrix = max(largestMatrix, lin.inFeatures * lin.outFeatures)
                largestModule = max(largestModule, lin.inFeatures * lin.outFeatures)
            }
        }
        let total = emb + lmHead + layersTotal + finalNorm + extra
        return ParameterCounts(total: total, embedding: emb, lmHead: lmHead, layerGroups: groups,
                               quantizable: quantizable, quantizableTensors: tensors,
                               largestQuantizableMatrix: largestMatrix, largestModule: largestModule,
                               largestLayer: largestLayer)
    }
}

/// Converts a byte or parameter total to Int without trapping: NaN → 0, huge → Int.max.
@inlinable
public func clampToInt(_ x: Double) -> Int {
    guard x.isFinite else { return x.isNaN ? 0 : (x > 0 ? Int.max : 0) }
    if x <= 0 { return 0 }
    if x >= 9.2e18 { return Int.max }
    return Int(x.rounded())
}
