// Architecture numbers of a checkpoint (from its config.json), enough to count parameters
// exactly and to size activations.

public struct MoEConfig: Sendable, Hashable, Codable {
    public var numExperts: Int
    public var expertsPerToken: Int
    public var moeIntermediateSize: Int
    public var sharedExperts: Int
    public var sharedExpertIntermediateSize: Int
    /// Layers before this index are dense (DeepSeek `first_k_dense_replace`).
    public var firstDenseLayers: Int

    public init(numExperts: Int, expertsPerToken: Int, moeIntermediateSize: Int,
                sharedExperts: Int = 0, sharedExpertIntermediateSize: Int = 0, firstDenseLayers: Int = 0) {
        self.numExperts = numExperts
        self.expertsPerToken = expertsPerToken
        self.moeIntermediateSize = moeIntermediateSize
        self.sharedExperts = sharedExperts
        self.sharedExpertIntermediateSize = sharedExpertIntermediateSize
        self.firstDenseLayers = firstDenseLayers
    }
}

/// Multi-head latent attention (DeepSeek-V2/V3).
public struct MLAConfig: Sendable, Hashable, Codable {
    public var qLoraRank: Int?
    public var kvLoraRank: Int
    public var qkNopeHeadDim: Int
    public var qkRopeHeadDim: Int
    public var vHeadDim: Int

    public init(qLoraRank: Int?, kvLoraRank: Int, qkNopeHeadDim: Int, qkRopeHeadDim: Int, vHeadDim: Int) {
        self.qLoraRank = qLoraRank
        self.kvLoraRank = kvLoraRank
        self.qkNopeHeadDim = qkNopeHeadDim
        self.qkRopeHeadDim = qkRopeHeadDim
        self.vHeadDim = vHeadDim
    }
}

public struct ModelArchitecture: Sendable, Hashable, Codable {
    /// Catalog id (`llama-3.1-8b`) or a description of where the numbers came from.
    public var id: String
    /// Hugging Face repository id, when known.
    public var hfRepo: String?
    /// Parameter-layout family (`llama`, `qwen2`, `qwen3`, `gemma2`, `gemma3`, `falcon`,
    /// `gpt_neox`, `gpt2`, `phi3`, `olmo2`, `deepseek_v3`, `gpt_oss`, ...).
    public var layout: String
    public var hiddenSize: Int
    public var intermediateSize: Int
    public var numLayers: Int
    public var numHeads: Int
    public var numKeyValueHeads: Int
    public var headDim: Int
    public var vocabSize: Int
    public var tieWordEmbeddings: Bool
    public var attentionBias: Bool
    public var mlpBias: Bool
    public var moe: MoEConfig?
    public var mla: MLAConfig?
    /// An explicit total when only the size is known (`# headroom: params=7.2B`); when set,
    /// it overrides the count computed from the numbers above.
    public var parameterCountOverride: Int?
    /// Learned position embeddings (GPT-2 `n_positions`); 0 when the model uses RoPE/ALiBi.
    public var maxPositionEmbeddings: Int
    /// Falcon `new_decoder_architecture` (40B/180B): two LayerNorms per layer instead of one.
    public var newDecoderArchitecture: Bool
    /// The checkpoint's `torch_dtype` (what `dtype="auto"` loads).
    public var checkpointDtype: DType

    public init(id: String, hfRepo: String? = nil, layout: String, hiddenSize: Int, intermediateSize: Int,
                numLayers: Int, numHeads: Int, numKeyValueHeads: Int, headDim: Int, vocabSize: Int,
                tieWordEmbeddings: Bool = false, attentionBias: Bool = false, mlpBias: Bool = false,
                moe: MoEConfig? = nil, mla: MLAConfig? = nil, parameterCountOverride: Int? = nil,
                maxPositionEmbeddings: Int = 0, newDecoderArchitecture: Bool = false,
                checkpointDtype: DType = .bf16) {
        self.id = id
        self.hfRepo = hfRepo
        self.layout = layout
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.numLayers = numLayers
        self.numHeads = numHeads
        self.numKeyValueHeads = numKeyValueHeads
        self.headDim = headDim
        self.vocabSize = vocabSize
        self.tieWordEmbeddings = tieWordEmbeddings
        self.attentionBias = attentionBias
        self.mlpBias = mlpBias
        self.moe = moe
        self.mla = mla
        self.parameterCountOverride = parameterCountOverride
        self.maxPositionEmbeddings = maxPositionEmbeddings
        self.newDecoderArchitecture = newDecoderArchitecture
        self.checkpointDtype = checkpointDtype
    }
}
