import ConfigSyntax
import Foundation
import MemoryModel
import TestSupport
import Testing
@testable import TrainingSetup

/// Expected fields of each shared example (field name as in TrainingConfig.fieldValues).
let sharedExpectations: [String: [String: String]] = [
    "axolotl/llama31-8b-lora.yml": ["method": "lora", "quantization": "none", "loraRank": "32", "microBatchSize": "2",
                                   "gradientAccumulationSteps": "8", "sequenceLength": "4096", "packing": "true",
                                   "gradientCheckpointing": "true", "attention": "flash", "optimizer": "adamwFused",
                                   "weightDtype": "bf16", "sharding": "none", "loss": "standard"],
    "axolotl/mistral-7b-full-zero3.yml": ["method": "full", "microBatchSize": "1", "gradientAccumulationSteps": "16",
                                         "sequenceLength": "8192", "sharding": "zero3", "zeroStage": "3",
                                         "gradientCheckpointing": "true", "attention": "flash", "weightDtype": "bf16"],
    "axolotl/qwen25-7b-qlora.yml": ["method": "qlora", "quantization": "nf4", "doubleQuantization": "true", "loraRank": "16",
                                   "microBatchSize": "4", "gradientAccumulationSteps": "4", "sequenceLength": "2048",
                                   "packing": "false", "optimizer": "pagedAdamw8bit", "attention": "sdpa", "loss": "fused"],
    "deepspeed/ds_z3_config.json": ["zeroStage": "3", "sharding": "zero3", "offloadOptimizer": "false", "offloadParameters": "false"],
    "deepspeed/ds_z3_offload_config.json": ["zeroStage": "3", "sharding": "zero3", "offloadOptimizer": "true", "offloadParameters": "true"],
    "deepspeed/zero2_standalone.json": ["zeroStage": "2", "sharding": "zero2", "microBatchSize": "2", "gradientAccumulationSteps": "4",
                                        "globalBatchSize": "64", "gpuCount": "8", "offloadOptimizer": "true", "offloadParameters": "false",
                                        "weightDtype": "bf16"],
    "accelerate/fsdp2_8gpu.yaml": ["gpuCount": "8", "sharding": "fsdpFullShard", "gradientCheckpointing": "true",
                                   "offloadParameters": "false", "autocastDtype": "bf16"],
    "accelerate/zero3_offload_4gpu.yaml": ["gpuCount": "4", "sharding": "zero3", "zeroStage": "3", "offloadOptimizer": "true",
                                           "offloadParameters": "true", "gradientAccumulationSteps": "8"],
    "accelerate/zero3_with_json_2gpu.yaml": ["gpuCount": "2", "sharding": "zero3", "zeroStage": "3",
                                             "deepspeedReference": "examples/deepspeed/ds_z3_config.json"],
    "litgpt/llama31-8b-lora.yaml": ["method": "lora", "loraRank": "16", "microBatchSize": "4", "globalBatchSize": "32",
                                    "gradientAccumulationSteps": "8", "sequenceLength": "2048", "weightDtype": "bf16",
                                    "optimizer": "adamw", "gpuCount": "1", "quantization": "none"],
    "litgpt/mistral-7b-full.yaml": ["method": "full", "gpuCount": "4", "microBatchSize": "1", "gradientAccumulationSteps": "16",
                                    "sequenceLength": "4096", "optimizer": "adamw8bit", "sharding": "fsdpFullShard",
                                    "gradientCheckpointing": "true"],
    "litgpt/qwen25-7b-qlora.yaml": ["method": "qlora", "quantization": "nf4", "doubleQuantization": "true", "microBatchSize": "2",
                                    "gradientAccumulationSteps": "8", "sequenceLength": "1024", "optimizer": "pagedAdamw32bit"],
    "llamafactory/llama31-8b-lora-sft.yaml": ["method": "lora", "loraRank": "16", "microBatchSize": "2", "gradientAccumulationSteps": "8",
                                              "sequenceLength": "4096", "attention": "flash", "optimizer": "adamw",
                                              "gradientCheckpointing": "true", "weightDtype": "bf16"],
    "llamafactory/mistral-7b-full-sft-zero3.yaml": ["method": "full", "microBatchSize": "1", "gradientAccumulationSteps": "16",
                                                    "sequenceLength": "8192", "packing": "true", "sharding": "zero3",
                                                    "attention": "flash", "weightDtype": "fp32", "autocastDtype": "bf16"],
    "llamafactory/qwen25-7b-qlora-sft.yaml": ["method": "qlora", "quantization": "nf4", "doubleQuantization": "true", "loraRank": "8",
                                              "microBatchSize": "4", "gradientAccumulationSteps": "4", "sequenceLength": "2048",
                                              "attention": "sdpa", "optimizer": "pagedAdamw8bit", "loss": "fused"],
    "mlx/llama31-8b-qlora.yaml": ["method": "qlora", "loraRank": "16", "microBatchSize": "4", "gradientAccumulationSteps": "2",
                                  "sequenceLength": "2048", "gradientCheckpointing": "true", "adaptedLayers": "16"],
    "mlx/mistral-7b-full.yaml": ["method": "full", "microBatchSize": "1", "gradientAccumulationSteps": "8", "optimizer": "adafactor",
                                 "sequenceLength": "2048", "gradientCheckpointing": "true", "adaptedLayers": "8"],
    "mlx/qwen25-7b-lora-bf16.yaml": ["method": "lora", "loraRank": "8", "microBatchSize": "2", "gradientAccumulationSteps": "4",
                                     "sequenceLength": "4096", "optimizer": "adamw", "adaptedLayers": "-1", "quantization": "none"],
    "torchtune/llama3_1_8B_lora_single_device.yaml": ["method": "lora", "loraRank": "16", "microBatchSize": "2",
                                                      "gradientAccumulationSteps": "8", "sequenceLength": "4096", "packing": "true",
                                                      "gradientCheckpointing": "true", "loss": "chunked", "optimizer": "adamwFused",
                                                      "weightDtype": "bf16", "gpuCount": "1"],
    "torchtune/mistral_7B_full_distributed.yaml": ["method": "full", "microBatchSize": "2", "gradientAccumulationSteps": "8",
                                                   "sequenceLength": "4096", "sharding": "fsdpFullShard", "offloadParameters": "true",
                                                   "offloadOptimizer": "true", "gpuCount": "4", "optimizerInBackward": "false"],
    "torchtune/qwen2_5_7B_qlora_single_device.yaml": ["method": "qlora", "quantization": "nf4", "loraRank": "8", "microBatchSize": "4",
                                                      "gradientAccumulationSteps": "4", "sequenceLength": "2048",
                                                      "optimizer": "pagedAdamw8bit", "activationOffloading": "true"],
    "trl/sft-llama31-8b-lora.yaml": ["method": "lora", "loraRank": "32", "microBatchSize": "2", "gradientAccumulationSteps": "8",
                                     "sequenceLength": "4096", "packing": "true", "attention": "flash", "optimizer": "adamwFused",
                                     "weightDtype": "bf16", "gradientCheckpointing": "true"],
    "trl/sft-qwen25-7b-qlora.yaml": ["method": "qlora", "quantization": "nf4", "doubleQuantization": "true", "loraRank": "16",
                                     "microBatchSize": "4", "gradientAccumulationSteps": "4", "sequenceLength": "2048",
                                     "attention": "sdpa", "optimizer": "pagedAdamw8bit", "loss": "chunked"],
    "trl/training-args-mistral-7b-full.json": ["method": "full", "microBatchSize": "1", "gradientAccumulationSteps": "16",
                                               "gradientCheckpointing": "true", "sharding": "zero3", "zeroStage": "3",
                                               "optimizer": "adamwFused", "loss": "standard"],
]

/// Expected fields of the project's own examples.
let ownExpectations: [String: [String: String]] = [
    "axolotl/gemma2-9b-lora.yml": ["method": "lora", "loraRank": "16", "microBatchSize": "4", "loss": "fused", "optimizer": "adamw"],
    "axolotl/llama32-3b-qlora.yml": ["method": "qlora", "quantization": "nf4", "loraRank": "64", "sequenceLength": "1024"],
    "axolotl/qwen3-8b-full-fsdp.yml": ["method": "full", "sharding": "fsdpFullShard", "gpuCount": "8"],
    "llamafactory/gemma2-9b-lora-sft.yaml": ["method": "lora", "loraRank": "32", "attention": "sdpa"],
    "llamafactory/llama32-3b-qlora-sft.yaml": ["method": "qlora", "microBatchSize": "8", "attention": "flash"],
    "llamafactory/qwen3-4b-full-sft.yaml": ["method": "full", "packing": "true", "gradientCheckpointing": "true"],
    "torchtune/llama3_2_3B_lora_single_device.yaml": ["method": "lora", "loraRank": "64", "gradientCheckpointing": "false"],
    "torchtune/mistral_7B_qlora_single_device.yaml": ["method": "qlora", "packing": "true", "sequenceLength": "4096"],
    "torchtune/qwen2_5_3B_full_single_device.yaml": ["method": "full", "optimizerInBackward": "true", "optimizer": "pagedAdamw8bit"],
    "trl/sft-gemma2-2b-full.yaml": ["method": "full", "attention": "eager", "sequenceLength": "1024"],
    "trl/sft-llama32-1b-lora.yaml": ["method": "lora", "loraRank": "8", "optimizer": "adamw8bit", "gradientCheckpointing": "true"],
    "trl/sft-qwen3-8b-qlora.yaml": ["method": "qlora", "gpuCount": "1", "sequenceLength": "4096"],
    "trl/training-args-phi2-full.json": ["method": "full", "microBatchSize": "2", "gradientCheckpointing": "true", "optimizer": "adamw"],
    "litgpt/gemma2-2b-lora.yaml": ["method": "lora", "gradientAccumulationSteps": "4", "sequenceLength": "1024"],
    "litgpt/phi2-qlora.yaml": ["method": "qlora", "quantization": "nf4", "doubleQuantization": "false", "optimizer": "pagedAdamw32bit"],
    "litgpt/tinyllama-full.yaml": ["method": "full", "gpuCount": "2", "gradientAccumulationSteps": "4", "sharding": "fsdpFullShard"],
    "mlx/gemma2-2b-lora.yaml": ["method": "lora", "loraRank": "16", "gradientCheckpointing": "false"],
    "mlx/qwen25-7b-qlora.yaml": ["method": "qlora", "adaptedLayers": "8"],
    "mlx/qwen3-0.6b-full.yaml": ["method": "full", "adaptedLayers": "-1", "microBatchSize": "8"],
    "deepspeed/zero1_numeric.json": ["sharding": "zero1", "gpuCount": "4", "microBatchSize": "4"],
    "deepspeed/zero2_auto.json": ["sharding": "zero2", "offloadOptimizer": "false"],
    "deepspeed/zero3_nvme_offload.json": ["sharding": "zero3", "offloadOptimizer": "true", "offloadParameters": "true", "weightDtype": "fp16"],
    "accelerate/multi_gpu_2.yaml": ["gpuCount": "2", "sharding": "none"],
    "accelerate/zero2_8gpu.yaml": ["gpuCount": "8", "sharding": "zero2", "zeroStage": "2"],
    "accelerate/fsdp1_offload_4gpu.yaml": ["gpuCount": "4", "sharding": "fsdpFullShard", "offloadParameters": "true"],
]

/// Checks one analysed example; returns failure descriptions.
func checkExample(_ url: URL, _ analysis: SetupAnalysis, expected: [String: String]?) -> [String] {
    var failures: [String] = []
    let name = Fixtures.relative(url)
    if analysis.dialect != Fixtures.expectedDialect(url) {
        failures.append("\(name): detected \(analysis.dialect) (\(analysis.detection.reason))")
    }
    for d in Fixtures.bad(analysis) {
        failures.append("\(name): unexpected \(d.severity) \(d.code): \(d.message)")
    }
    let values = analysis.config.fieldValues
    for (field, want) in expected ?? [:] where values[field] != want {
        failures.append("\(name): \(field) = \(values[field] ?? "nil"), expected \(want)")
    }
    if expected == nil { failures.append("\(name): no expectations written") }
    let dialect = analysis.dialect
    if dialect != .deepspeed && dialect != .accelerate && !(dialect == .trl && analysis.config.model == nil) {
        if analysis.model == nil { failures.append("\(name): model not resolved") }
        if analysis.setup == nil { failures.append("\(name): no Setup") }
    }
    // Every setting located in this file points at its own key.
    let text = Fixtures.text(url)
    for f in analysis.config.fieldDescriptions {
        guard case .explicit(let loc) = f.provenance, loc.isInDocument, let keyRange = loc.keyRange else { continue }
        let keyText = Fixtures.slice(text, keyRange).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        if keyText.isEmpty || keyText.contains("\n") { failures.append("\(name): \(f.name) key range \(keyRange) reads “\(keyText)”") }
        let valueText = Fixtures.slice(text, loc.valueRange)
        if valueText == "<out of range>" { failures.append("\(name): \(f.name) value range out of range") }
    }
    // Defaults name the framework version.
    for f in analysis.config.fieldDescriptions {
        if case .frameworkDefault(let label) = f.provenance, label.isEmpty { failures.append("\(name): \(f.name) default without label") }
    }
    return failures
}

@Suite("Examples")
struct ExampleTests {
    @Test(.enabled(if: SharedData.available, Comment(rawValue: SharedData.skipReason)))
    func sharedExamplesDetectAndMap() {
        let files = Fixtures.sharedExamples
        #expect(files.count == 24)
        var failures: [String] = []
        for url in files {
            let a = Fixtures.analyze(url)
            failures += checkExample(url, a, expected: sharedExpectations[Fixtures.relative(url)])
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    @Test func ownExamplesDetectAndMap() {
        let files = Fixtures.ownExamples
        var perDialect: [Dialect: Int] = [:]
        var failures: [String] = []
        for url in files {
            let a = Fixtures.analyze(url)
            perDialect[a.dialect, default: 0] += 1
            failures += checkExample(url, a, expected: ownExpectations[Fixtures.relative(url)])
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        for d in Dialect.allCases where d != .unknown {
            #expect((perDialect[d] ?? 0) >= 3, "fewer than 3 examples for \(d)")
        }
    }

    @Test func ownExamplesCoverLoRAQLoRAAndFull() {
        var methods: [Dialect: Set<String>] = [:]
        for url in Fixtures.ownExamples {
            let a = Fixtures.analyze(url)
            if let m = a.config.method?.value { methods[a.dialect, default: []].insert(m.rawValue) }
        }
        for d in [Dialect.axolotl, .llamafactory, .torchtune, .trl, .litgpt, .mlx] {
            #expect(methods[d] == ["full", "lora", "qlora"], "\(d): \(methods[d] ?? [])")
        }
    }

    @Test(.enabled(if: SharedData.available, Comment(rawValue: SharedData.skipReason)))
    func litgptCalibrationConfigs() throws {
        let lines = try SharedData.text("data/calibration.jsonl").split(separator: "\n")
        var checked = 0
        var failures: [String] = []
        for line in lines {
            guard let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let id = obj["id"] as? String, obj["framework"] as? String == "litgpt" else { continue }
            let url = SharedData.url("data/calibration/\(id).yaml")
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            let a = Fixtures.analyze(url)
            let c = a.config
            checked += 1
            func check(_ what: String, _ got: String?, _ want: String?) {
                if got != want { failures.append("\(id): \(what) = \(got ?? "nil"), expected \(want ?? "nil")") }
            }
            check("dialect", a.dialect.rawValue, "litgpt")
            check("micro", c.microBatchSize.map { String($0.value) }, (obj["micro_batch"] as? Int).map(String.init))
            check("seq", c.sequenceLength.map { String($0.value) }, (obj["seq"] as? Int).map(String.init))
            check("global", c.globalBatchSize.map { String($0.value) }, (obj["global_batch"] as? Int).map(String.init))
            check("gpus", c.gpuCount.map { String($0.value) }, (obj["gpus"] as? Int).map(String.init))
            check("method", c.method?.value.rawValue, obj["method"] as? String)
            let quantize = obj["quantize"] as? String
            let wantQuant = quantize == nil ? "none" : (quantize?.contains("fp4") == true ? "fp4" : "nf4")
            check("quantization", c.quantization?.value.rawValue, wantQuant)
            if let precision = obj["precision"] as? String {
                let want = precision == "bf16-true" ? "bf16" : precision == "16-true" ? "fp16" : "fp32"
                check("weightDtype", c.weightDtype?.value.rawValue, want)
            }
            if let lora = obj["lora"] as? [String: Any], obj["method"] as? String != "full" {
                check("lora_r", c.loraRank.map { String($0.value) }, (lora["lora_r"] as? Int).map(String.init))
                if let alpha = lora["lora_alpha"] as? Int { check("lora_alpha", c.loraAlpha.map { String(Int($0.value)) }, String(alpha)) }
                let t = c.loraTargets?.value
                for (key, got) in [("lora_query", t?.attentionQuery), ("lora_key", t?.attentionKey), ("lora_value", t?.attentionValue),
                                   ("lora_projection", t?.attentionOutput), ("lora_mlp", t?.mlp), ("lora_head", t?.head)] {
                    if let want = lora[key] as? Bool { check(key, got.map { String($0) }, String(want)) }
                }
            }
            check("gpu directive", c.directives.gpu?.value.isEmpty == false ? "set" : nil, "set")
        }
        #expect(checked == 19)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}

@Suite("Calibration diagnostics")
struct CalibrationDiagnosticsTests {
    /// The calibration configs ran as published; the only finding allowed is the phi-2 full run's
    /// batch arithmetic (global 8 over 4 devices × micro 4), which litgpt 0.5.13 would reject.
    @Test(.enabled(if: SharedData.available, Comment(rawValue: SharedData.skipReason)))
    func calibrationConfigsAreClean() {
        var failures: [String] = []
        for url in Fixtures.configFiles(under: SharedData.url("data/calibration")) {
            let a = Fixtures.analyze(url)
            for d in Fixtures.bad(a) where !(url.lastPathComponent.contains("phi-2-full") && d.code == "invalid-value") {
                failures.append("\(url.lastPathComponent): \(d.severity) \(d.code): \(d.message)")
            }
            if a.model == nil { failures.append("\(url.lastPathComponent): model not resolved") }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}

@Suite("Key tables cover the mapping")
struct KeyCoverageTests {
    /// Every key the mapping reads from an example is in that dialect's table (hover and schema).
    @Test func mappedKeysAreInTheTables() {
        var failures: [String] = []
        for url in Fixtures.ownExamples + (SharedData.available ? Fixtures.sharedExamples : []) {
            let a = Fixtures.analyze(url)
            guard let keys = DialectKeys.forDialect(a.dialect) else { continue }
            let c = a.config
            let settings: [(String, String?, Provenance?)] = [
                ("method", c.method?.key, c.method?.provenance), ("microBatchSize", c.microBatchSize?.key, c.microBatchSize?.provenance),
                ("sequenceLength", c.sequenceLength?.key, c.sequenceLength?.provenance), ("optimizer", c.optimizer?.key, c.optimizer?.provenance),
                ("gradientCheckpointing", c.gradientCheckpointing?.key, c.gradientCheckpointing?.provenance),
                ("attention", c.attention?.key, c.attention?.provenance), ("loraRank", c.loraRank?.key, c.loraRank?.provenance),
                ("gradientAccumulationSteps", c.gradientAccumulationSteps?.key, c.gradientAccumulationSteps?.provenance),
                ("packing", c.packing?.key, c.packing?.provenance), ("weightDtype", c.weightDtype?.key, c.weightDtype?.provenance),
            ]
            for (name, key, prov) in settings {
                guard let key, case .explicit(let loc)? = prov, loc.isInDocument else { continue }
                if keys[key] == nil { failures.append("\(Fixtures.relative(url)): \(name) read from \(key), not in the \(a.dialect) table") }
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}
