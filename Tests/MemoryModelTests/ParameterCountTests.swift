import Foundation
import Testing
import TestSupport
@testable import MemoryModel

@Suite struct ParameterCountTests {
    func count(_ id: String) -> Int? { Catalog.builtIn.model(matching: id)?.architecture.parameterCount }

    @Test func publishedTotals() {
        #expect(count("meta-llama/Llama-3.1-8B") == 8_030_261_248)
        #expect(count("llama-3.1-70b") == 70_553_706_496)
        #expect(count("Qwen/Qwen2.5-0.5B") == 494_032_768)
        #expect(count("tiiuae/falcon-7b") == 6_921_720_704)
        #expect(count("mixtral-8x7b") == 46_702_792_704)
        #expect(count("Qwen/Qwen3-30B-A3B") == 30_532_122_624)
    }

    @Test func handBuiltArchitectures() {
        let llama = ModelArchitecture(id: "x", layout: "llama", hiddenSize: 4096, intermediateSize: 14336, numLayers: 32,
                                      numHeads: 32, numKeyValueHeads: 8, headDim: 128, vocabSize: 128256)
        #expect(llama.parameterCount == 8_030_261_248)
        let q = ModelArchitecture(id: "q", layout: "qwen2", hiddenSize: 896, intermediateSize: 4864, numLayers: 24,
                                  numHeads: 14, numKeyValueHeads: 2, headDim: 64, vocabSize: 151936, tieWordEmbeddings: true)
        #expect(q.parameterCount == 494_032_768)
        #expect(llama.parameterCounts.quantizable == 6_979_321_856)
        let mixtral = Catalog.builtIn.model(matching: "mixtral-8x7b")
        #expect(mixtral?.architecture.parameterCounts.largestModule == 939_524_096)
    }

    @Test func absurdArchitectureDoesNotTrap() {
        let a = ModelArchitecture(id: "big", layout: "llama", hiddenSize: Int.max / 2, intermediateSize: Int.max,
                                  numLayers: Int.max, numHeads: 1, numKeyValueHeads: 1, headDim: Int.max, vocabSize: Int.max)
        #expect(a.parameterCount == Int.max)
        let z = ModelArchitecture(id: "zero", layout: "llama", hiddenSize: 0, intermediateSize: 0, numLayers: 0,
                                  numHeads: 0, numKeyValueHeads: 0, headDim: 0, vocabSize: 0)
        #expect(z.parameterCount == 0)
    }

    /// Every checkpoint of the shared reference catalog: our count equals `computed_total`.
    @Test(.enabled(if: SharedData.available, Comment(rawValue: SharedData.skipReason)))
    func sharedCatalogComputedTotals() throws {
        let data = try Data(contentsOf: SharedData.url("data/catalog/models.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let models = try #require(root["models"] as? [[String: Any]])
        #expect(models.count == 83)
        var checked = 0
        for m in models {
            let id = try #require(m["id"] as? String)
            let params = try #require(m["params"] as? [String: Any])
            let expected = try #require((params["computed_total"] as? NSNumber)?.intValue)
            let entry = try #require(Catalog.builtIn.models.first { $0.id == id }, "\(id) missing from catalog/models.json")
            #expect(entry.architecture.parameterCount == expected, "\(id)")
            #expect(entry.parameters == expected, "\(id)")
            checked += 1
        }
        #expect(checked == 83)
    }

    /// The same count computed straight from the shared file's raw numbers (not our catalog).
    @Test(.enabled(if: SharedData.available, Comment(rawValue: SharedData.skipReason)))
    func sharedCatalogFromRawNumbers() throws {
        let data = try Data(contentsOf: SharedData.url("data/catalog/models.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let models = try #require(root["models"] as? [[String: Any]])
        for m in models {
            func i(_ k: String) -> Int { (m[k] as? NSNumber)?.intValue ?? 0 }
            let moe = m["moe"] as? [String: Any]
            let mla = m["mla"] as? [String: Any]
            func mi(_ d: [String: Any]?, _ k: String) -> Int { (d?[k] as? NSNumber)?.intValue ?? 0 }
            let ns = mi(moe, "num_shared_experts")
            let arch = ModelArchitecture(
                id: m["id"] as? String ?? "", layout: m["layout"] as? String ?? "", hiddenSize: i("hidden_size"),
                intermediateSize: i("intermediate_size"), numLayers: i("num_hidden_layers"),
                numHeads: i("num_attention_heads"), numKeyValueHeads: i("num_key_value_heads"), headDim: i("head_dim"),
                vocabSize: i("vocab_size"), tieWordEmbeddings: (m["tie_word_embeddings"] as? Bool) ?? false,
                attentionBias: (m["attention_bias"] as? Bool) ?? false, mlpBias: (m["mlp_bias"] as? Bool) ?? false,
                moe: moe.map { _ in MoEConfig(numExperts: mi(moe, "num_experts"), expertsPerToken: mi(moe, "num_experts_per_tok"),
                                             moeIntermediateSize: mi(moe, "moe_intermediate_size"), sharedExperts: ns,
                                             sharedExpertIntermediateSize: ns > 0 ? mi(moe, "moe_intermediate_size") : 0,
                                             firstDenseLayers: mi(moe, "first_k_dense_replace")) },
                mla: mla.map { _ in MLAConfig(qLoraRank: mi(mla, "q_lora_rank"), kvLoraRank: mi(mla, "kv_lora_rank"),
                                             qkNopeHeadDim: mi(mla, "qk_nope_head_dim"), qkRopeHeadDim: mi(mla, "qk_rope_head_dim"),
                                             vHeadDim: mi(mla, "v_head_dim")) },
                maxPositionEmbeddings: i("max_position_embeddings"),
                newDecoderArchitecture: (m["new_decoder_architecture"] as? Bool) ?? false)
            let expected = ((m["params"] as? [String: Any])?["computed_total"] as? NSNumber)?.intValue
            #expect(arch.parameterCount == expected, "\(arch.id)")
        }
    }
}
