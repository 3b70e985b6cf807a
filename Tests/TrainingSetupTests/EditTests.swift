import ConfigSyntax
import Foundation
import MemoryModel
import TestSupport
import Testing
@testable import TrainingSetup

/// Fields a suggestion may change (everything else must stay as it was).
private let allowedChanges: [SuggestionID: Set<String>] = [
    .qlora: ["method", "quantization", "doubleQuantization", "loraRank", "loraAlpha", "loraTargets", "weightDtype", "autocastDtype",
             "optimizer", "optimizerName", "gpuCount", "sharding", "gradientCheckpointing", "gradientAccumulationSteps", "model",
             "loraDropout", "adapterKind"],
    .lora: ["method", "quantization", "doubleQuantization", "loraRank", "loraAlpha", "loraTargets", "weightDtype", "autocastDtype",
            "loraDropout", "adapterKind"],
    .adamw8bit: ["optimizer", "optimizerName"],
    .pagedOptimizer: ["optimizer", "optimizerName"],
    .gradientCheckpointing: ["gradientCheckpointing"],
    .flashAttention: ["attention"],
    .smallerMicroBatch: ["microBatchSize", "gradientAccumulationSteps"],
    .shorterSequence: ["sequenceLength"],
    .zero3: ["sharding", "zeroStage", "offloadOptimizer", "offloadParameters", "deepspeedReference"],
    .cpuOffload: ["sharding", "zeroStage", "offloadOptimizer", "offloadParameters", "deepspeedReference"],
]

/// Whether the intended change holds in `after`.
private func intended(_ id: SuggestionID, before: TrainingConfig, after: TrainingConfig) -> Bool {
    switch id {
    case .qlora: return after.method?.value == .qlora
    case .lora: return after.method?.value != .full
    case .adamw8bit: return [.adamw8bit, .pagedAdamw8bit].contains(after.optimizer?.value)
    case .pagedOptimizer: return [.pagedAdamw8bit, .pagedAdamw32bit].contains(after.optimizer?.value)
    case .gradientCheckpointing: return after.gradientCheckpointing?.value == true
    case .flashAttention: return after.attention?.value == .flash
    case .smallerMicroBatch:
        guard let m0 = before.microBatchSize?.value, let m1 = after.microBatchSize?.value else { return false }
        if after.dialect == .litgpt { return m1 < m0 }
        let a0 = before.gradientAccumulationSteps?.value ?? 1, a1 = after.gradientAccumulationSteps?.value ?? 1
        return m1 < m0 && m0 * a0 == m1 * a1
    case .shorterSequence:
        guard let s1 = after.sequenceLength?.value else { return false }
        return before.sequenceLength.map { s1 < $0.value } ?? true
    case .zero3: return [.zero3, .fsdpFullShard].contains(after.sharding?.value)
    case .cpuOffload: return after.offloadOptimizer?.value == true || after.offloadParameters?.value == true
    }
}

private func runEdits(on files: [URL]) -> (failures: [String], applied: Int, notExpressible: Int) {
    var failures: [String] = []
    var applied = 0, skipped = 0
    for url in files {
        let doc = Fixtures.parse(url)
        let before = SetupReader.read(doc, path: url.path)
        let name = Fixtures.relative(url)
        for id in SuggestionID.allCases {
            guard let edits = SetupEdits.edits(for: id.rawValue, in: before.config, document: doc) else { skipped += 1; continue }
            applied += 1
            let newText = TextEdits.apply(edits, to: doc.text)
            let newDoc = ConfigParser.parse(newText, format: doc.format)
            if newDoc.diagnostics.contains(where: { $0.severity == .error }) {
                failures.append("\(name) \(id.rawValue): syntax errors after edit:\n\(newText)")
                continue
            }
            let after = SetupReader.read(newDoc, path: url.path)
            if after.dialect != before.dialect { failures.append("\(name) \(id.rawValue): dialect became \(after.dialect)") }
            if !intended(id, before: before.config, after: after.config) {
                failures.append("\(name) \(id.rawValue): intended change missing (edits: \(edits.map { "\($0.range) \($0.replacement.debugDescription)" }))\n\(newText)")
            }
            let allowed = allowedChanges[id] ?? []
            let b = before.config.fieldValues, a = after.config.fieldValues
            for key in Set(b.keys).union(a.keys) where !allowed.contains(key) && b[key] != a[key] {
                failures.append("\(name) \(id.rawValue): \(key) changed \(b[key] ?? "nil") -> \(a[key] ?? "nil")")
            }
            let newErrors = after.diagnostics.filter { $0.severity == .error }
            if !newErrors.isEmpty { failures.append("\(name) \(id.rawValue): errors after edit: \(newErrors.map(\.message))\n\(newText)") }
            if edits.isEmpty && newText != doc.text { failures.append("\(name) \(id.rawValue): empty edits changed text") }
            // Comments survive.
            for c in doc.comments where !newText.contains(c.text) { failures.append("\(name) \(id.rawValue): lost comment \(c.text)") }
            // Applying the same suggestion again changes nothing.
            if let again = SetupEdits.edits(for: id.rawValue, in: after.config, document: newDoc), !again.isEmpty,
               id != .smallerMicroBatch, id != .shorterSequence {
                failures.append("\(name) \(id.rawValue): not idempotent: \(again.map { "\($0.range) \($0.replacement.debugDescription)" })")
            }
        }
    }
    return (failures, applied, skipped)
}

@Suite("Edits")
struct EditTests {
    @Test(.enabled(if: SharedData.available, Comment(rawValue: SharedData.skipReason)))
    func everySuggestionOnSharedExamples() {
        let r = runEdits(on: Fixtures.sharedExamples)
        #expect(r.failures.isEmpty, "\(r.failures.joined(separator: "\n"))")
        #expect(r.applied > 100)
    }

    @Test func everySuggestionOnOwnExamples() {
        let r = runEdits(on: Fixtures.ownExamples)
        #expect(r.failures.isEmpty, "\(r.failures.joined(separator: "\n"))")
        #expect(r.applied > 100)
    }

    @Test func exactAxolotlQLoRAEdit() {
        let text = "# my run\nbase_model: Qwen/Qwen2.5-7B   # the base\nload_in_8bit: true\nadapter: lora\nlora_r: 8\nmicro_batch_size: 2\n"
        let doc = ConfigParser.parse(text, format: .yaml)
        let a = SetupReader.read(doc)
        let edits = SetupEdits.edits(for: "qlora", in: a.config, document: doc) ?? []
        let out = TextEdits.apply(edits, to: text)
        #expect(out == "# my run\nbase_model: Qwen/Qwen2.5-7B   # the base\nload_in_4bit: true\nadapter: qlora\nlora_r: 8\nlora_alpha: 32\nlora_dropout: 0.05\nlora_target_linear: true\nmicro_batch_size: 2\n")
    }

    @Test func smallerMicroBatchKeepsEffectiveBatch() {
        let text = "model_name_or_path: Qwen/Qwen2.5-7B\nstage: sft\nper_device_train_batch_size: 6\ngradient_accumulation_steps: 3\n"
        let doc = ConfigParser.parse(text, format: .yaml)
        let a = SetupReader.read(doc)
        let out = TextEdits.apply(SetupEdits.edits(for: "smaller-micro-batch", in: a.config, document: doc) ?? [], to: text)
        #expect(out.contains("per_device_train_batch_size: 3\n") && out.contains("gradient_accumulation_steps: 6\n"))
        let one = ConfigParser.parse("base_model: Qwen/Qwen2.5-7B\nmicro_batch_size: 1\n", format: .yaml)
        #expect(SetupEdits.edits(for: "smaller-micro-batch", in: SetupReader.read(one).config, document: one) == nil)
    }

    @Test func nestedInsertKeepsIndentation() {
        let text = "model:\n    _component_: torchtune.models.llama3_1.lora_llama3_1_8b\n    lora_attn_modules: ['q_proj']\n    lora_rank: 8\nbatch_size: 2\ngradient_accumulation_steps: 1\n"
        let doc = ConfigParser.parse(text, format: .yaml)
        let out = TextEdits.apply(SetupEdits.edits(for: "qlora", in: SetupReader.read(doc).config, document: doc) ?? [], to: text)
        #expect(out.contains("    lora_rank: 8\n    quantize_base: true\nbatch_size: 2"))
    }

    @Test func notExpressibleIsNil() {
        let doc = ConfigParser.parse("model: Qwen/Qwen2.5-7B\nfine_tune_type: lora\n", format: .yaml)
        let c = SetupReader.read(doc).config
        #expect(SetupEdits.edits(for: "flash-attention", in: c, document: doc) == nil)
        #expect(SetupEdits.edits(for: "adamw-8bit", in: c, document: doc) == nil)
        #expect(SetupEdits.edits(for: "no-such-suggestion", in: c, document: doc) == nil)
    }
}

@Suite("Schemas")
struct SchemaTests {
    @Test func schemasMatchKeyTables() throws {
        let dir = SharedData.projectRoot.appendingPathComponent("schema/dialects")
        let write = ProcessInfo.processInfo.environment["HEADROOM_WRITE_SCHEMAS"] == "1"
        for d in Dialect.allCases where d != .unknown {
            let schema = try #require(DialectSchema.jsonSchema(for: d))
            let obj = try JSONSerialization.jsonObject(with: Data(schema.utf8)) as? [String: Any]
            #expect(obj?["type"] as? String == "object")
            let url = dir.appendingPathComponent("\(d.rawValue).schema.json")
            if write { try Data(schema.utf8).write(to: url) }
            let onDisk = try? String(contentsOf: url, encoding: .utf8)
            #expect(onDisk == schema, "schema/dialects/\(d.rawValue).schema.json is stale: run HEADROOM_WRITE_SCHEMAS=1 swift test --filter SchemaTests")
        }
    }

    @Test func keyTablesAreWellFormed() {
        for d in Dialect.allCases where d != .unknown {
            let keys = DialectKeys.forDialect(d)
            #expect((keys?.keys.count ?? 0) > 30, "\(d)")
            #expect(keys?.source.isEmpty == false)
        }
        #expect(DialectKeys.axolotl["sequence_len"]?.defaultValue == "512")
        #expect(DialectKeys.litGPT["train.micro_batch_size"]?.types.contains(.integer) == true)
    }
}
