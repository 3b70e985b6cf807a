import Foundation
import Testing
@testable import MemoryModel

func catalogModel(_ id: String) -> ModelArchitecture {
    Catalog.builtIn.model(matching: id)?.architecture
        ?? ModelArchitecture(id: id, layout: "llama", hiddenSize: 4096, intermediateSize: 14336, numLayers: 32,
                             numHeads: 32, numKeyValueHeads: 8, headDim: 128, vocabSize: 128256)
}

func gpu(_ name: String) -> GPU? { Catalog.builtIn.gpu(matching: name) }

@Suite struct EstimatorTests {
    let llama8b = catalogModel("llama-3.1-8b")

    @Test func componentsSumToPeak() {
        let s = Setup(model: llama8b, method: .qlora, doubleQuantization: true, loraRank: 16, loraTargets: .allLinear,
                      optimizer: .pagedAdamw8bit, microBatchSize: 1, sequenceLength: 2048, gradientCheckpointing: true)
        let e = estimate(s, gpu: gpu("rtx 4090"))
        #expect(e.isValid)
        let counted = e.components.filter(\.countedInPeak).reduce(Int64(0)) { $0 + $1.bytes }
        #expect(abs(counted - e.peakBytesPerGpu) <= Int64(e.components.count))
        #expect(e.peakAllocatedBytesPerGpu < e.peakBytesPerGpu)
        #expect(e.components.contains { $0.id == "weights" && $0.label.contains("NF4") })
        #expect(e.components.contains { $0.id == "quantization-constants" })
        #expect(e.fits == true)
        #expect(e.gpuId == "rtx-4090")
        let ids = Set(e.components.map(\.id))
        #expect(ids.isSubset(of: Set(MemoryComponent.ID.allCases.map(\.rawValue))))
    }

    /// MEMORY-MODEL.md §9.1: Llama-3.1-8B LoRA r16 all-linear, GC, fused AdamW, t=2048 → 20.45 GB allocated.
    @Test func workedExampleLoRA() {
        let s = Setup(model: llama8b, method: .lora, loraRank: 16, loraTargets: .allLinear, optimizer: .adamwFused,
                      microBatchSize: 1, sequenceLength: 2048, gradientCheckpointing: true, attention: .flash)
        let e = estimate(s, gpu: nil)
        let gb = Double(e.peakAllocatedBytesPerGpu) / 1e9
        #expect(gb > 20.0 && gb < 21.5, "\(gb)")
        #expect(e.fits == nil)
    }

    /// §9.2: QLoRA NF4+DQ with prepare_model_for_kbit_training → 13.79 GB allocated.
    @Test func workedExampleQLoRA() {
        let s = Setup(model: llama8b, method: .qlora, quantization: .nf4, doubleQuantization: true, loraRank: 16,
                      loraTargets: .allLinear, optimizer: .adamwFused, microBatchSize: 1, sequenceLength: 2048,
                      gradientCheckpointing: true, attention: .flash)
        let gb = Double(estimate(s, gpu: nil).peakAllocatedBytesPerGpu) / 1e9
        #expect(gb > 13.3 && gb < 14.6, "\(gb)")
    }

    /// §9.3: full FT bf16 with foreach AdamW does not fit an 80 GB GPU; fused is ~64.7 GB.
    @Test func workedExampleFull() {
        var s = Setup(model: llama8b, method: .full, optimizer: .adamw, microBatchSize: 1, sequenceLength: 2048,
                      gradientCheckpointing: true, attention: .flash)
        #expect(estimate(s, gpu: gpu("h100")).fits == false)
        s.optimizer = .adamwFused
        let gb = Double(estimate(s, gpu: nil).peakAllocatedBytesPerGpu) / 1e9
        #expect(gb > 63 && gb < 68, "\(gb)")
    }

    /// LLaMA-Factory freeze tuning: only the last n blocks (and the extra modules) train, in fp32;
    /// the rest stays in bf16. Llama-3.1-8B: 8,030,261,248 parameters, embedding and head
    /// 525,336,576 each, so a block (with its 1/32 of the final norm) holds 218,112,128.
    @Test func freezeTuningTrainsOnlyTheChosenBlocks() {
        var s = Setup(model: llama8b, method: .full, weightDtype: .bf16, optimizer: .adamwFused, sequenceLength: 1024,
                      gradientCheckpointing: true)
        s.partial = PartialTraining(trainableBlocks: 2)
        let e = estimate(s, gpu: nil)
        let trainable: Int64 = 2 * 218_112_128
        #expect(e.trainableParameters == trainable)
        #expect(e.bytes(of: .optimizerStates) == trainable * 8)
        #expect(e.bytes(of: .gradients) == trainable * 4)
        #expect(e.bytes(of: .weights) == (8_030_261_248 - trainable) * 2 + trainable * 4)
        #expect(e.notes.contains { $0.hasPrefix("freeze tuning: 2 of 32 blocks train") })

        s.partial = PartialTraining(trainableBlocks: 2, trainsHead: true)
        #expect(estimate(s, gpu: nil).trainableParameters == trainable + 525_336_576)
        // More blocks than the model has: every block, never more than the model.
        s.partial = PartialTraining(trainableBlocks: 1_000, trainsEmbedding: true, trainsHead: true)
        #expect(estimate(s, gpu: nil).trainableParameters == 8_030_261_248)
        // A LoRA setup ignores it.
        var lora = s
        lora.method = .lora
        #expect(estimate(lora, gpu: nil).trainableParameters == estimate(Setup(model: llama8b, method: .lora, weightDtype: .bf16,
                                                                                  optimizer: .adamwFused, sequenceLength: 1024,
                                                                                  gradientCheckpointing: true), gpu: nil).trainableParameters)
    }

    @Test func adapterKinds() {
        let base = Setup(model: llama8b, method: .lora, loraRank: 16, loraTargets: .allLinear, sequenceLength: 1024)
        var dora = base; dora.adapterKind = .dora
        var ia3 = base; ia3.adapterKind = .ia3
        var loha = base; loha.adapterKind = .loha
        let l = estimate(base, gpu: nil), d = estimate(dora, gpu: nil), i = estimate(ia3, gpu: nil), o = estimate(loha, gpu: nil)
        #expect(d.peakAllocatedBytesPerGpu > l.peakAllocatedBytesPerGpu)
        #expect(d.trainableParameters > l.trainableParameters)
        #expect(i.trainableParameters < l.trainableParameters / 10)
        #expect(l.notModelled.isEmpty && d.notModelled.isEmpty && i.notModelled.isEmpty)
        #expect(o.notModelled.first?.contains("loha") == true)
    }

    @Test func checkedNotes() {
        #expect(MemoryEstimator.checkedNote(for: .litgpt)?.contains("LitGPT runs") == true)
        #expect(MemoryEstimator.checkedNote(for: .mlx) == nil)
    }

    /// §9.4: 8 GPUs, ZeRO-3 (bf16 + fp32 master, K = 12), checkpointing, b = 1: ≈ 24 GB allocated.
    @Test func workedExampleZero3() {
        let s = Setup(model: llama8b, method: .full, optimizer: .adamwFused, microBatchSize: 1, sequenceLength: 2048,
                      gradientCheckpointing: true, attention: .flash, gpuCount: 8, sharding: .zero3)
        let e = estimate(s, gpu: nil)
        let gb = Double(e.peakAllocatedBytesPerGpu) / 1e9
        #expect(gb > 21.5 && gb < 26.5, "\(gb)")
        // Model states alone: 16Ψ/N (ZeRO paper) = 16.06 GB.
        let states = e.bytes(of: .optimizerStates) + e.bytes(of: .masterWeights)
        #expect(abs(Double(states) / 1e9 - 12.05) < 0.1, "\(states)")
    }

    @Test func rejectsAbsurdInput() {
        for bad in [Setup(model: llama8b, microBatchSize: 0), Setup(model: llama8b, sequenceLength: -5),
                    Setup(model: llama8b, method: .lora, loraRank: 0), Setup(model: llama8b, gpuCount: 0),
                    Setup(model: llama8b, gradientAccumulationSteps: -1), Setup(model: llama8b, loraDropout: .nan)] {
            let e = estimate(bad, gpu: gpu("h100"))
            #expect(!e.isValid)
            #expect(!e.errors.isEmpty)
            #expect(e.fits == nil)
            #expect(!MemoryEstimator.validate(bad).isEmpty)
        }
    }

    @Test func absurdSizesStayFinite() {
        let huge = Setup(model: llama8b, method: .full, optimizer: .adamw, microBatchSize: Int.max,
                         sequenceLength: Int.max, gradientAccumulationSteps: Int.max, gpuCount: Int.max, sharding: .zero3)
        for g in [gpu("h100"), nil] {
            let e = estimate(huge, gpu: g)
            #expect(e.isValid)
            for c in e.components { #expect(c.bytes >= 0) }
            #expect(e.peakBytesPerGpu == Int64.max || e.peakBytesPerGpu > 0)
            if g != nil { #expect(e.fits == false) }
        }
        // 1e30 tokens in Double terms: the largest Int sizes multiply to ~1e38 bytes, clamped.
        let bigModel = ModelArchitecture(id: "x", layout: "llama", hiddenSize: 1 << 40, intermediateSize: 1 << 40,
                                         numLayers: 1 << 30, numHeads: 1 << 20, numKeyValueHeads: 1 << 20,
                                         headDim: 1 << 20, vocabSize: 1 << 40)
        let e = estimate(Setup(model: bigModel, method: .qlora, loraRank: Int.max, microBatchSize: 1 << 40,
                               sequenceLength: 1 << 40), gpu: gpu("4090"))
        #expect(e.isValid)
        for c in e.components { #expect(c.bytes >= 0) }
        _ = WhatIf.suggestions(for: huge, gpu: gpu("h100"))
        _ = WhatIf.makeItFit(huge, gpu: gpu("h100") ?? .custom(bytes: 1 << 30))
    }

    @Test func frameworkOverrides() {
        let s = Setup(model: catalogModel("llama-2-7b"), framework: .litgpt, method: .qlora, quantization: .nf4,
                      optimizer: .adamw)
        let e = estimate(s, gpu: nil)
        #expect(e.notes.contains { $0.contains("PagedAdamW") })
        #expect(e.components.contains { $0.id == "optimizer-states" && $0.label.contains("Paged 32-bit") })
        #expect(e.spillableBytesPerGpu > 0)
        // torchtune chunked CE is far below HF's fp32 logits for a large vocabulary.
        let hf = Setup(model: llama8b, framework: .huggingface, method: .lora, microBatchSize: 2, sequenceLength: 4096,
                       gradientCheckpointing: true)
        var tt = hf
        tt.framework = .torchtune
        tt.loss = .chunked
        #expect(estimate(tt, gpu: nil).bytes(of: .logits) < estimate(hf, gpu: nil).bytes(of: .logits) / 3)
        // Apple unified memory: no CUDA context.
        let mac = estimate(Setup(model: catalogModel("qwen2.5-0.5b"), framework: .mlx, method: .lora), gpu: gpu("m3 max"))
        #expect(mac.bytes(of: .cudaContext) == 0)
        // MoE: every expert resident.
        let moe = estimate(Setup(model: catalogModel("mixtral-8x7b"), method: .lora, quantization: .none), gpu: nil)
        #expect(moe.bytes(of: .weights) > 2 * 46_000_000_000)
    }
}

@Suite struct PropertyTests {
    static let models = ["llama-3.1-8b", "qwen2.5-0.5b", "mistral-7b-v0.1", "gemma-2-9b", "phi-2", "falcon-7b", "mixtral-8x7b", "llama-3.1-70b"]
    static let frameworks = Framework.allCases
    static let methods = FineTuneMethod.allCases

    func setups() -> [Setup] {
        var out: [Setup] = []
        for m in Self.models {
            for fw in Self.frameworks {
                for method in Self.methods {
                    for gc in [false, true] {
                        out.append(Setup(model: catalogModel(m), framework: fw, method: method, loraRank: 16,
                                         loraTargets: .allLinear, optimizer: .adamw, microBatchSize: 2,
                                         sequenceLength: 1024, gradientCheckpointing: gc))
                    }
                }
            }
        }
        return out
    }

    @Test func peakGrowsWithBatchSequenceAndRank() {
        for s in setups() {
            // Strictly when the peak is where tokens live (forward/backward); never lower otherwise
            // (a full fine-tune's peak can be the optimizer step, which has no activations).
            let e0 = estimate(s, gpu: nil)
            let base = e0.peakBytesPerGpu
            let tokenPhase = e0.peakPhase != "optimizer-step"
            var b = s; b.microBatchSize *= 2
            var q = s; q.sequenceLength *= 2
            let eb = estimate(b, gpu: nil).peakBytesPerGpu, eq = estimate(q, gpu: nil).peakBytesPerGpu
            #expect(tokenPhase ? eb > base : eb >= base, "\(s.model.id) \(s.framework) \(s.method)")
            #expect(tokenPhase ? eq > base : eq >= base, "\(s.model.id) \(s.framework) \(s.method)")
            if s.method != .full {
                var r = s; r.loraRank *= 4
                #expect(estimate(r, gpu: nil).peakBytesPerGpu > base, "\(s.model.id) \(s.framework) \(s.method)")
            }
        }
    }

    @Test func qloraBelowLoraBelowFullForLargeModels() {
        for m in ["llama-3.1-8b", "mistral-7b-v0.1", "llama-3.1-70b", "qwen2.5-7b", "gemma-2-9b", "mixtral-8x7b"] {
            // Not for MoE under Hugging Face: transformers v5 keeps fused experts unquantized and
            // prepare_model_for_kbit_training upcasts them to fp32 (MEMORY-MODEL.md §1.2, §2.4).
            for fw in Self.frameworks where !(m == "mixtral-8x7b" && fw == .huggingface) {
                let s = Setup(model: catalogModel(m), framework: fw, loraRank: 16, loraTargets: .allLinear,
                              microBatchSize: 1, sequenceLength: 2048, gradientCheckpointing: true)
                var full = s; full.method = .full
                var lora = s; lora.method = .lora
                var qlora = s; qlora.method = .qlora
                let f = estimate(full, gpu: nil).peakBytesPerGpu
                let l = estimate(lora, gpu: nil).peakBytesPerGpu
                let q = estimate(qlora, gpu: nil).peakBytesPerGpu
                #expect(q < l && l < f, "\(m) \(fw): \(q) \(l) \(f)")
            }
        }
    }

    @Test func checkpointingNeverRaisesThePeak() {
        for s in setups() where !s.gradientCheckpointing {
            var gc = s; gc.gradientCheckpointing = true
            #expect(estimate(gc, gpu: nil).peakBytesPerGpu <= estimate(s, gpu: nil).peakBytesPerGpu, "\(s.model.id) \(s.framework) \(s.method)")
        }
    }

    @Test func zero3StatesShrinkWithGPUCount() {
        for m in ["llama-3.1-8b", "llama-3.1-70b", "qwen2.5-0.5b"] {
            var last = Int64.max
            var lastPeak = Int64.max
            for n in [1, 2, 4, 8, 16, 64] {
                let s = Setup(model: catalogModel(m), method: .full, optimizer: .adamw, gpuCount: n, sharding: .zero3)
                let e = estimate(s, gpu: nil)
                let states = e.bytes(of: .optimizerStates) + e.bytes(of: .masterWeights)
                #expect(states < last || n == 1, "\(m) n=\(n)")
                #expect(e.peakBytesPerGpu <= lastPeak, "\(m) n=\(n)")
                last = states
                lastPeak = e.peakBytesPerGpu
            }
        }
    }

    @Test func componentsNonNegativeAndFinite() {
        let sizes = [1, 7, 1 << 20, Int.max / 3, Int.max]
        for s0 in setups().prefix(40) {
            for v in sizes {
                var s = s0
                s.microBatchSize = v
                s.sequenceLength = sizes[(v % 5 + 5) % 5]
                s.loraRank = v
                s.gpuCount = max(1, v % 9)
                s.sharding = Sharding.allCases[v % Sharding.allCases.count]
                let e = estimate(s, gpu: gpu("a100"))
                #expect(e.isValid)
                #expect(e.components.allSatisfy { $0.bytes >= 0 })
                #expect(e.peakAllocatedBytesPerGpu >= 0 && e.peakBytesPerGpu >= e.peakAllocatedBytesPerGpu)
            }
        }
    }
}

@Suite struct WhatIfTests {
    let llama8b = catalogModel("llama-3.1-8b")

    @Test func suggestionsApplyAndHelp() {
        let eager = Setup(model: llama8b, method: .lora, microBatchSize: 4, sequenceLength: 4096, attention: .eager)
        #expect(WhatIf.suggestions(for: eager, gpu: nil).contains { $0.id == "flash-attention" })
        let s = Setup(model: llama8b, method: .full, optimizer: .adamw, microBatchSize: 4, sequenceLength: 2048,
                      gpuCount: 8)
        let base = estimate(s, gpu: gpu("h100"))
        let sug = WhatIf.suggestions(for: s, gpu: gpu("h100"))
        let ids = Set(sug.map(\.id))
        for id in ["qlora", "lora", "adamw-8bit", "gradient-checkpointing", "flash-attention", "smaller-micro-batch",
                   "shorter-sequence", "zero3", "cpu-offload", "paged-optimizer"] {
            #expect(ids.contains(id), "\(id) missing")
        }
        for x in sug {
            #expect(x.peakBytesPerGpu - x.estimate.spillableBytesPerGpu < base.peakBytesPerGpu - base.spillableBytesPerGpu)
            #expect(!x.costNote.isEmpty && !x.title.isEmpty)
            #expect(x.changedSetup != s)
        }
        // Already checkpointed, single GPU, flash: those suggestions do not apply.
        let t = Setup(model: llama8b, method: .qlora, optimizer: .pagedAdamw8bit, microBatchSize: 1, sequenceLength: 256,
                      gradientCheckpointing: true, attention: .flash)
        let tids = Set(WhatIf.suggestions(for: t, gpu: nil).map(\.id))
        for id in ["gradient-checkpointing", "flash-attention", "smaller-micro-batch", "zero3", "qlora", "lora", "shorter-sequence"] {
            #expect(!tids.contains(id), "\(id) should not apply")
        }
    }

    @Test func makeItFitFindsCheapestCombination() throws {
        // 8B full fine-tuning on a 24 GB card: needs a method change.
        let s = Setup(model: llama8b, method: .full, optimizer: .adamw, microBatchSize: 4, sequenceLength: 2048)
        let g = try #require(gpu("rtx 4090"))
        let fix = try #require(WhatIf.makeItFit(s, gpu: g))
        #expect(fix.id == "make-it-fit")
        #expect(fix.estimate.fits == true)
        #expect(fix.changes.contains("qlora") || fix.changes.contains("lora"))
        // Nothing cheaper fits: every single change alone is either absent or does not fit.
        for c in WhatIf.changes where c.cost < fix.cost {
            if let n = c.apply(s) { #expect(estimate(n, gpu: g).fits == false, "\(c.id) alone fits and is cheaper") }
        }
        // LoRA slightly over a budget: checkpointing (cheap) rather than a method change.
        let l = Setup(model: llama8b, method: .lora, loraRank: 16, loraTargets: .allLinear, optimizer: .adamwFused,
                      microBatchSize: 1, sequenceLength: 4096, attention: .flash)
        let a100 = try #require(gpu("a100 40gb"))
        let fix2 = try #require(WhatIf.makeItFit(l, gpu: a100))
        #expect(!fix2.changes.contains("qlora"))
        // Already fits → nil; nothing can fit → nil.
        let h200 = try #require(gpu("h200"))
        #expect(WhatIf.makeItFit(l, gpu: h200) == nil)
        let huge = Setup(model: catalogModel("deepseek-v3"), method: .full)
        #expect(WhatIf.makeItFit(huge, gpu: g) == nil)
    }
}

/// MEMORY-MODEL.md §11: unsloth's "Hugging Face + FA2" table — the longest context that fits
/// Llama-3.1-8B QLoRA (r=32, all linear, batch 1, gradient checkpointing) on 12…80 GB.
@Suite struct UnslothContextTable {
    @Test func qloraContextThatFits() {
        let model = catalogModel("llama-3.1-8b")
        let table: [(gb: Double, tokens: Int)] = [(12, 932), (16, 2551), (24, 5789), (40, 12264), (48, 15502), (80, 28454)]
        for row in table {
            let s = Setup(model: model, method: .qlora, quantization: .nf4, doubleQuantization: true, loraRank: 32,
                          loraTargets: .allLinear, optimizer: .adamw8bit, microBatchSize: 1, sequenceLength: row.tokens,
                          gradientCheckpointing: true, attention: .flash, legacyLogitsUpcast: true)
            let e = estimate(s, gpu: nil)
            let ratio = Double(e.peakBytesPerGpu) / (row.gb * 1_073_741_824)
            print(String(format: "unsloth %2.0f GB @ %5d tokens: estimate %.2f GB (%.0f%% of the card)", row.gb, row.tokens,
                         Double(e.peakBytesPerGpu) / 1_073_741_824, ratio * 100))
            // The measured maximum sits at the card's limit: the estimate should be near 100 %.
            #expect(ratio > 0.90 && ratio < 1.15, "\(row.gb) GB: \(ratio)")
        }
    }
}
