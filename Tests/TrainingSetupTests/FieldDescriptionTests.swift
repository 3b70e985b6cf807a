import MemoryModel
import Testing
@testable import TrainingSetup

/// `fieldDescriptions` writes each value itself instead of `String(describing:)` (whose
/// reflection pulled ~1 MB of code pages into the server); it must write what that wrote.
@Suite struct FieldDescriptionTests {
    @Test func everyFieldReadsAsStringDescribingWouldWriteIt() {
        var c = Fixtures.analyze("base_model: meta-llama/Llama-3.1-8B\nadapter: qlora\n").config
        let p = Provenance.frameworkDefault("test default")
        c.method = Setting(.qlora, p); c.quantization = Setting(.nf4, p); c.doubleQuantization = Setting(true, p)
        c.loraRank = Setting(16, p); c.loraAlpha = Setting(0.5e-5, p)
        c.loraTargets = Setting(LoraTargets(attentionKey: true, mlp: true), p)
        c.weightDtype = Setting(.bf16, p); c.autocastDtype = Setting(.fp32, p); c.optimizer = Setting(.pagedAdamw8bit, p)
        c.optimizerName = Setting("paged_adamw_8bit", p); c.microBatchSize = Setting(-3, p); c.gradientAccumulationSteps = Setting(Int.max, p)
        c.globalBatchSize = Setting(64, p); c.sequenceLength = Setting(4096, p); c.packing = Setting(false, p)
        c.gradientCheckpointing = Setting(true, p); c.activationOffloading = Setting(false, p); c.attention = Setting(.flash, p)
        c.loss = Setting(.chunked, p); c.gpuCount = Setting(8, p); c.sharding = Setting(.fsdpFullShard, p); c.zeroStage = Setting(3, p)
        c.offloadOptimizer = Setting(true, p); c.offloadParameters = Setting(false, p); c.optimizerInBackward = Setting(true, p)
        c.loraDropout = Setting(1e300, p); c.adapterKind = Setting("dora", p); c.compiled = Setting(true, p); c.lossChunks = Setting(8, p)
        c.adaptedLayers = Setting(0, p); c.freezeTrainableLayers = Setting(2, p)
        c.freezeExtraModules = Setting(["embed_tokens", "quote\"d", "new\nline"], p); c.deepspeedReference = Setting("ds.json", p)
        var expected: [String: String] = [:]
        for child in Mirror(reflecting: c).children {
            guard let label = child.label, let setting = Mirror(reflecting: child.value).children.first?.value,
                  let value = Mirror(reflecting: setting).children.first(where: { $0.label == "value" })?.value else { continue }
            expected[label] = label == "model" ? c.model?.value.raw : String(describing: value)
        }
        let written = Dictionary(c.fieldDescriptions.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(written.count == 34)
        #expect(written == expected)
        #expect(written["loraTargets"] == "LoraTargets(attentionQuery: true, attentionKey: true, attentionValue: true, attentionOutput: false, mlp: true, head: false)")
        #expect(written["freezeExtraModules"] == #"["embed_tokens", "quote\"d", "new\nline"]"#)
    }
}

