import ConfigSyntax
import Foundation
import MemoryModel
import TestSupport
import Testing
@testable import TrainingSetup

private func codes(_ a: SetupAnalysis) -> [String] { a.diagnostics.map(\.code) }
private func diag(_ a: SetupAnalysis, _ code: String) -> SetupDiagnostic? { a.diagnostics.first { $0.code == code } }

@Suite("Detection")
struct DetectionTests {
    @Test func decisionOrder() {
        #expect(Fixtures.analyze("{\"zero_optimization\": {\"stage\": 2}}", format: .json).dialect == .deepspeed)
        #expect(Fixtures.analyze("{\"train_micro_batch_size_per_gpu\": 2, \"bf16\": {\"enabled\": true}}", format: .json).dialect == .deepspeed)
        #expect(Fixtures.analyze("distributed_type: FSDP\nnum_processes: 2\n").dialect == .accelerate)
        #expect(Fixtures.analyze("model:\n  _component_: torchtune.models.llama3_1.lora_llama3_1_8b\nbatch_size: 2\n").dialect == .torchtune)
        #expect(Fixtures.analyze("base_model: Qwen/Qwen2.5-7B\nmicro_batch_size: 2\n").dialect == .axolotl)
        #expect(Fixtures.analyze("model_name_or_path: Qwen/Qwen2.5-7B\nstage: sft\n").dialect == .llamafactory)
        #expect(Fixtures.analyze("checkpoint_dir: Qwen/Qwen2.5-7B\ntrain:\n  micro_batch_size: 2\n").dialect == .litgpt)
        #expect(Fixtures.analyze("model: Qwen/Qwen2.5-7B\nfine_tune_type: lora\n").dialect == .mlx)
        #expect(Fixtures.analyze("model_name_or_path: Qwen/Qwen2.5-7B\nper_device_train_batch_size: 2\n").dialect == .trl)
        #expect(Fixtures.analyze("{\"per_device_train_batch_size\": 2, \"num_train_epochs\": 1, \"output_dir\": \"o\"}", format: .json).dialect == .trl)
    }

    @Test func unknownGetsNothing() {
        let a = Fixtures.analyze("name: my-app\nversion: 3\nservices:\n  web: {image: nginx}\n")
        #expect(a.dialect == .unknown)
        #expect(a.diagnostics.isEmpty)
        #expect(Fixtures.analyze("[1, 2, 3]", format: .json).dialect == .unknown)
        #expect(Fixtures.analyze("").dialect == .unknown)
        #expect(Fixtures.analyze("just a scalar").dialect == .unknown)
    }

    @Test func directiveOverridesDetection() {
        let a = Fixtures.analyze("# headroom: dialect=axolotl\nmodel_name_or_path: x\nstage: sft\nbase_model: Qwen/Qwen2.5-7B\n")
        #expect(a.dialect == .axolotl)
        #expect(a.detection.fromDirective)
        let b = Fixtures.analyze("# headroom: dialect=LLaMA-Factory\nmodel_name_or_path: Qwen/Qwen2.5-7B\n")
        #expect(b.dialect == .llamafactory)
    }

    @Test func directivesParsed() {
        let text = "# headroom: gpu=rtx-4090 x2 model=Qwen/Qwen2.5-7B\n# headroom: params=7.2B\nbase_model: ./local\nmicro_batch_size: 1\n"
        let a = Fixtures.analyze(text)
        let d = a.config.directives
        #expect(d.gpu?.value == "rtx-4090 x2")
        #expect(d.gpu.map { Fixtures.slice(text, $0.valueRange) } == "rtx-4090 x2")
        #expect(d.model?.value == "Qwen/Qwen2.5-7B")
        #expect(d.parameterCount == 7_200_000_000)
        #expect(a.config.gpuCount?.value == 2)
        #expect(a.model?.source == .catalog)
        #expect(a.model?.architecture.parameterCountOverride == 7_200_000_000)
        #expect(Directives.parseParameterCount("350M") == 350_000_000)
        #expect(Directives.parseParameterCount("1e30") == nil)
        #expect(Directives.parseParameterCount("-4") == nil)
        #expect(Directives.parseParameterCount("abc") == nil)
        #expect(GPUDirective.count(in: "8xH100") == 8)
        #expect(GPUDirective.count(in: "h100-80gb x8") == 8)
        #expect(GPUDirective.count(in: "rtx-4090") == nil)
    }

    @Test func paramsDirectiveAloneGivesAModel() {
        let a = Fixtures.analyze("# headroom: params=13B\nbase_model: my-org/secret-model\nmicro_batch_size: 1\n")
        #expect(a.model?.source == .directive)
        #expect(a.model?.architecture.parameterCountOverride == 13_000_000_000)
        #expect(diag(a, "unknown-model") == nil)
    }

    @Test func badDirectivesReported() {
        let a = Fixtures.analyze("# headroom: params=lots gpux=4090\nbase_model: Qwen/Qwen2.5-7B\nmicro_batch_size: 1\n")
        #expect(a.diagnostics.filter { $0.code == "invalid-directive" }.count == 2)
    }
}

@Suite("Validation")
struct ValidationTests {
    @Test func unknownKeyWithSuggestion() {
        let text = "base_model: Qwen/Qwen2.5-7B\nmicro_batchsize: 4\nsequence_len: 1024\n"
        let a = Fixtures.analyze(text)
        let d = diag(a, "unknown-key")
        #expect(d?.suggestion == "micro_batch_size")
        #expect(d.map { Fixtures.slice(text, $0.range) } == "micro_batchsize")
        #expect(d?.severity == .warning)
        let t = Fixtures.analyze("model_name_or_path: Qwen/Qwen2.5-7B\nper_device_batch_size: 4\noutput_dir: o\n")
        #expect(diag(t, "unknown-key")?.suggestion == "per_device_train_batch_size" || diag(t, "unknown-key")?.suggestion == "per_device_eval_batch_size")
        let l = Fixtures.analyze("checkpoint_dir: microsoft/phi-2\ntrain:\n  micro_batchsize: 2\n  global_batch_size: 8\n")
        #expect(diag(l, "unknown-key")?.suggestion == "micro_batch_size")
    }

    @Test func torchtuneIsNotCheckedForUnknownKeys() {
        let a = Fixtures.analyze("model:\n  _component_: torchtune.models.mistral.mistral_7b\nmy_custom_key: 3\nbatch_size: 1\ngradient_accumulation_steps: 1\n")
        #expect(diag(a, "unknown-key") == nil)
    }

    @Test func wrongTypeAndEnum() {
        let a = Fixtures.analyze("base_model: Qwen/Qwen2.5-7B\nsample_packing: [1]\noptimizer: adamw_8bits\nattn_implementation: flash\n")
        #expect(codes(a).contains("wrong-type"))
        let enums = a.diagnostics.filter { $0.code == "invalid-enum-value" }
        #expect(enums.count == 2)
        #expect(enums.contains { $0.suggestion == "adamw_8bit" })
        let lf = Fixtures.analyze("model_name_or_path: Qwen/Qwen2.5-7B\nstage: sft\nflash_attn: flash_attention_2\n")
        #expect(codes(lf).contains("invalid-enum-value"))
        let hub = Fixtures.analyze("base_model: Qwen/Qwen2.5-7B\nmicro_batch_size: 1\nattn_implementation: kernels-community/flash-attn\n")
        #expect(!codes(hub).contains("invalid-enum-value"))
    }

    @Test func yamlStringNumber() {
        let a = Fixtures.analyze("base_model: Qwen/Qwen2.5-7B\nmicro_batch_size: 1\nlearning_rate: 1e-4\n")
        let d = diag(a, "yaml-string-number")
        #expect(d != nil)
        #expect(d?.message.contains("string") == true)
        #expect(d?.suggestion == "1.0e-4")
        let bare = Fixtures.analyze("per_device_train_batch_size: 2\nnum_train_epochs: 1\nlearning_rate: 2e-5\n")
        #expect(diag(bare, "yaml-string-number")?.severity == .warning)
        // OmegaConf (LLaMA-Factory, torchtune) reads it as a float: no finding.
        let lf = Fixtures.analyze("model_name_or_path: Qwen/Qwen2.5-7B\nstage: sft\nlearning_rate: 1e-4\n")
        #expect(diag(lf, "yaml-string-number") == nil)
    }

    @Test func absurdValuesNeverTrap() {
        for v in ["1e30", "-4", "0", "2.5", "9223372036854775807", "1.0e+400", ".inf", "-.inf", ".nan"] {
            let a = Fixtures.analyze("base_model: Qwen/Qwen2.5-7B\nmicro_batch_size: \(v)\nsequence_len: \(v)\nlora_r: \(v)\n")
            #expect(a.config.microBatchSize?.provenance.isDefault == true, "\(v)")
            #expect(codes(a).contains("invalid-value") || codes(a).contains("wrong-type"), "\(v): \(codes(a))")
            if let s = a.setup { #expect(s.microBatchSize >= 1) }
        }
        let t = Fixtures.analyze("model:\n  _component_: torchtune.models.llama3_1.lora_llama3_1_8b\n  lora_rank: -4\n  lora_attn_modules: [q_proj]\nbatch_size: 1e30\ntokenizer:\n  max_seq_len: -1\n")
        #expect(t.diagnostics.filter { $0.code == "invalid-value" }.count >= 2)
        let l = Fixtures.analyze("checkpoint_dir: microsoft/phi-2\ndevices: 1e30\nnum_nodes: 9223372036854775807\ntrain:\n  micro_batch_size: 4\n")
        #expect(l.config.gpuCount != nil)
        let ds = Fixtures.analyze("{\"train_batch_size\": 1e300, \"train_micro_batch_size_per_gpu\": -1, \"zero_optimization\": {\"stage\": 7}}", format: .json)
        #expect(ds.diagnostics.filter { $0.code == "invalid-value" }.count == 3)
    }

    @Test func axolotlContradictions() {
        let loraFour = Fixtures.analyze("base_model: Qwen/Qwen2.5-7B\nadapter: lora\nload_in_4bit: true\nlora_r: 8\n")
        #expect(codes(loraFour).contains("contradiction"))
        #expect(loraFour.config.quantization?.value == WeightQuantization.none)
        let qloraNo4 = Fixtures.analyze("base_model: Qwen/Qwen2.5-7B\nadapter: qlora\nlora_r: 8\n")
        #expect(qloraNo4.diagnostics.contains { $0.code == "contradiction" && $0.severity == .error })
        let noRank = Fixtures.analyze("base_model: Qwen/Qwen2.5-7B\nadapter: lora\n")
        #expect(codes(noRank).contains("missing-key"))
        let both = Fixtures.analyze("base_model: Qwen/Qwen2.5-7B\nbatch_size: 8\ngradient_accumulation_steps: 2\n")
        #expect(codes(both).contains("contradiction"))
        let legacy = Fixtures.analyze("base_model: Qwen/Qwen2.5-7B\nmicro_batch_size: 1\nflash_attention: true\n")
        #expect(codes(legacy).contains("deprecated-key"))
        #expect(legacy.config.attention?.value == .flash)
        let removed = Fixtures.analyze("base_model: Qwen/Qwen2.5-7B\nmicro_batch_size: 1\nunsloth_lora_mlp: true\n")
        #expect(removed.diagnostics.contains { $0.code == "removed-key" && $0.severity == .error })
    }

    @Test func otherDialectContradictions() {
        let lf = Fixtures.analyze("model_name_or_path: Qwen/Qwen2.5-7B\nstage: sft\nfinetuning_type: full\nquantization_bit: 4\n")
        #expect(lf.diagnostics.contains { $0.code == "contradiction" && $0.severity == .error })
        let lf3 = Fixtures.analyze("model_name_or_path: Qwen/Qwen2.5-7B\nstage: sft\nquantization_bit: 3\n")
        #expect(codes(lf3).contains("invalid-value"))
        let trl = Fixtures.analyze("model_name_or_path: Qwen/Qwen2.5-7B\nload_in_4bit: true\nbf16: true\nfp16: true\n")
        #expect(trl.diagnostics.filter { $0.code == "contradiction" }.count == 2)
        let warm = Fixtures.analyze("model_name_or_path: Qwen/Qwen2.5-7B\nwarmup_ratio: 0.1\nmax_seq_length: 2048\n")
        #expect(codes(warm).contains("removed-key"))
        #expect(diag(warm, "deprecated-key")?.severity == .warning)
        let tt = Fixtures.analyze("model:\n  _component_: torchtune.models.llama3_1.lora_llama3_1_8b\n  lora_attn_modules: [q_proj, o_proj]\ndtype: fp16\noptimizer_in_bwd: True\ngradient_accumulation_steps: 4\nbatch_size: 1\n")
        #expect(codes(tt).contains("invalid-value"))
        #expect(tt.diagnostics.filter { $0.code == "contradiction" }.count == 2)
        let lit = Fixtures.analyze("checkpoint_dir: microsoft/phi-2\nquantize: bnb.nf4\nprecision: bf16-mixed\ndevices: 2\n")
        #expect(lit.diagnostics.filter { $0.code == "contradiction" && $0.severity == .error }.count == 2)
        let acc = Fixtures.analyze("distributed_type: DEEPSPEED\ndeepspeed_config:\n  deepspeed_config_file: ds.json\n  zero_stage: 3\n")
        #expect(codes(acc).contains("contradiction"))
        let mlx = Fixtures.analyze("model: Qwen/Qwen2.5-7B\nfine_tune_type: lora\nlora_parameters:\n  rank: 8\n  alpha: 16\n")
        #expect(codes(mlx).contains("removed-key"))
    }

    @Test func unknownModelIsOneWarning() {
        let text = "base_model: my-org/not-a-real-model-xyz\nmicro_batch_size: 1\n"
        let a = Fixtures.analyze(text)
        let unknown = a.diagnostics.filter { $0.code == "unknown-model" }
        #expect(unknown.count == 1)
        #expect(unknown.first?.severity == .warning)
        #expect(unknown.first?.message.contains("headroom: model=") == true)
        #expect(unknown.first?.message.contains("params=") == true)
        #expect(unknown.first.map { Fixtures.slice(text, $0.range) } == "my-org/not-a-real-model-xyz")
        #expect(a.model == nil)
    }
}

@Suite("Mapping")
struct MappingTests {
    @Test func defaultsCarryTheFrameworkVersion() {
        let a = Fixtures.analyze("base_model: Qwen/Qwen2.5-7B\nadapter: lora\nlora_r: 8\n")
        #expect(a.config.sequenceLength?.value == 512)
        #expect(a.config.sequenceLength?.provenance == .frameworkDefault("axolotl 0.19.0 default"))
        #expect(a.config.microBatchSize?.provenance.label == "axolotl 0.19.0 default")
        let lf = Fixtures.analyze("model_name_or_path: Qwen/Qwen2.5-7B\nstage: sft\n")
        #expect(lf.config.microBatchSize?.value == 8)
        #expect(lf.config.method?.value == .lora)
        #expect(lf.config.gradientCheckpointing?.value == true)
        #expect(lf.config.sequenceLength?.value == 2048)
        let trl = Fixtures.analyze("model_name_or_path: Qwen/Qwen2.5-7B\noutput_dir: o\n")
        #expect(trl.config.weightDtype?.value == .fp32)
        #expect(trl.config.sequenceLength?.value == 1024)
        #expect(trl.config.gradientCheckpointing?.value == true)
    }

    @Test func rangesPointAtKeysAndValues() {
        let text = "base_model: Qwen/Qwen2.5-7B\nmicro_batch_size: 4   # comment\nsequence_len: 2048\n"
        let a = Fixtures.analyze(text)
        let m = a.config.microBatchSize
        #expect(m.flatMap { $0.keyRange }.map { Fixtures.slice(text, $0) } == "micro_batch_size")
        #expect(m.flatMap { $0.valueRange }.map { Fixtures.slice(text, $0) } == "4")
        #expect(a.config.model?.valueRange.map { Fixtures.slice(text, $0) } == "Qwen/Qwen2.5-7B")
    }

    @Test func setupConversion() {
        let a = Fixtures.analyze("base_model: Qwen/Qwen2.5-7B\nload_in_4bit: true\nadapter: qlora\nlora_r: 32\nlora_target_linear: true\nmicro_batch_size: 2\nsequence_len: 4096\noptimizer: paged_adamw_8bit\ngradient_checkpointing: true\n")
        let s = a.setup
        #expect(s?.framework == .huggingface)
        #expect(s?.method == .qlora)
        #expect(s?.quantization == .nf4)
        #expect(s?.doubleQuantization == true)
        #expect(s?.loraRank == 32)
        #expect(s?.loraTargets == .allLinear)
        #expect(s?.microBatchSize == 2)
        #expect(s?.sequenceLength == 4096)
        #expect(s?.optimizer == .pagedAdamw8bit)
        #expect(s?.gradientCheckpointing == true)
        #expect(s?.model.hfRepo == "Qwen/Qwen2.5-7B")
    }

    @Test func deepspeedInlineAndBundled() {
        let inline = Fixtures.analyze("base_model: Qwen/Qwen2.5-7B\nmicro_batch_size: 1\ndeepspeed:\n  zero_optimization:\n    stage: 3\n    offload_param: {device: cpu}\n")
        #expect(inline.config.sharding?.value == .zero3)
        #expect(inline.config.offloadParameters?.value == true)
        let bundled = Fixtures.analyze("base_model: Qwen/Qwen2.5-7B\nmicro_batch_size: 1\ndeepspeed: deepspeed_configs/zero3_bf16_cpuoffload_all.json\n", path: "/nowhere/x.yml")
        #expect(bundled.config.sharding?.value == .zero3)
        #expect(bundled.config.offloadOptimizer?.value == true)
        #expect(Fixtures.bad(bundled).isEmpty)
    }
}

@Suite("LLaMA-Factory freeze tuning")
struct FreezeTuningTests {
    @Test func freezeMapsToPartialTrainingInFP32() throws {
        let yaml = """
        model_name_or_path: meta-llama/Meta-Llama-3-8B-Instruct
        stage: sft
        finetuning_type: freeze
        freeze_trainable_layers: 4
        freeze_extra_modules: embed_tokens,norm
        bf16: true
        """
        let a = Fixtures.analyze(yaml)
        #expect(a.config.method?.value == .full)
        #expect(a.config.freezeTrainableLayers?.value == 4)
        #expect(a.config.weightDtype?.value == .bf16)
        let s = try #require(a.setup)
        #expect(s.partial == PartialTraining(trainableBlocks: 4, trainsEmbedding: true, trainsHead: false, trainableDtype: .fp32))

        // The default is the last two blocks; pure_bf16 keeps them in bf16.
        let d = Fixtures.analyze("model_name_or_path: meta-llama/Meta-Llama-3-8B-Instruct\nstage: sft\nfinetuning_type: freeze\npure_bf16: true\n")
        #expect(d.config.freezeTrainableLayers?.value == 2)
        #expect(d.config.freezeTrainableLayers?.provenance.isDefault == true)
        #expect(d.setup?.partial?.trainableDtype == .bf16)

        // Full fine-tuning is unchanged: every parameter, fp32 weights.
        let f = Fixtures.analyze("model_name_or_path: meta-llama/Meta-Llama-3-8B-Instruct\nstage: sft\nfinetuning_type: full\n")
        #expect(f.setup?.partial == nil)
        #expect(f.config.weightDtype?.value == .fp32)
    }

    @Test func absurdLayerCountIsAnInvalidValue() {
        let a = Fixtures.analyze("model_name_or_path: meta-llama/Meta-Llama-3-8B-Instruct\nstage: sft\nfinetuning_type: freeze\nfreeze_trainable_layers: 1e30\n")
        #expect(a.diagnostics.contains { $0.code == "invalid-value" })
        #expect(a.config.freezeTrainableLayers?.value == 2)
    }
}

@Suite("References")
struct ReferenceTests {
    @Test func deepspeedFileRelativeToConfig() {
        let reader = InMemoryReferenceReader(files: [
            "/proj/configs/ds/z3.json": "{\"zero_optimization\": {\"stage\": 3, \"offload_optimizer\": {\"device\": \"cpu\"}}, \"train_micro_batch_size_per_gpu\": \"auto\"}",
        ])
        let a = Fixtures.analyze("base_model: Qwen/Qwen2.5-7B\nmicro_batch_size: 2\ndeepspeed: ds/z3.json\n", path: "/proj/configs/train.yml", reader: reader)
        #expect(a.config.sharding?.value == .zero3)
        #expect(a.config.offloadOptimizer?.value == true)
        #expect(a.config.sharding?.provenance.location?.file == "/proj/configs/ds/z3.json")
        #expect(a.config.microBatchSize?.value == 2)
        #expect(a.referencedFiles == ["/proj/configs/ds/z3.json"])
    }

    @Test func missingDeepspeedFile() {
        let text = "base_model: Qwen/Qwen2.5-7B\nmicro_batch_size: 2\ndeepspeed: ds/nope.json\n"
        let a = Fixtures.analyze(text, path: "/proj/train.yml", reader: InMemoryReferenceReader())
        let d = diag(a, "missing-reference")
        #expect(d?.severity == .warning)
        #expect(d.map { Fixtures.slice(text, $0.range) } == "ds/nope.json")
    }

    @Test func localModelDirectoryAndHFCache() throws {
        let configJSON = try SharedData.text("data/model-configs/Qwen__Qwen2.5-0.5B/config.json")
        let local = InMemoryReferenceReader(files: ["/models/my-qwen/config.json": configJSON])
        let a = Fixtures.analyze("base_model: /models/my-qwen\nmicro_batch_size: 1\n", path: "/proj/a.yml", reader: local)
        #expect(a.model?.source == .localDirectory)
        #expect(a.model?.architecture.hiddenSize == 896)
        #expect(a.model?.architecture.numKeyValueHeads == 2)
        let rel = Fixtures.analyze("base_model: ./my-qwen\nmicro_batch_size: 1\n", path: "/models/a.yml", reader: local)
        #expect(rel.model?.source == .localDirectory)
        let cache = InMemoryReferenceReader(files: ["/hf/hub/models--acme--tiny/snapshots/abc123/config.json": configJSON],
                                            environment: ["HF_HOME": "/hf"])
        let c = Fixtures.analyze("base_model: acme/tiny\nmicro_batch_size: 1\n", path: "/p/a.yml", reader: cache)
        #expect(c.model?.source == .huggingFaceCache)
        #expect(c.model?.architecture.numLayers == 24)
        let hubCache = InMemoryReferenceReader(files: ["/c/models--acme--tiny/snapshots/x/config.json": configJSON],
                                               environment: ["HF_HUB_CACHE": "/c"])
        #expect(Fixtures.analyze("base_model: acme/tiny\nmicro_batch_size: 1\n", reader: hubCache).model?.source == .huggingFaceCache)
        let home = InMemoryReferenceReader(files: ["/home/u/.cache/huggingface/hub/models--acme--tiny/snapshots/x/config.json": configJSON],
                                           environment: ["HOME": "/home/u"])
        #expect(Fixtures.analyze("base_model: acme/tiny\nmicro_batch_size: 1\n", reader: home).model?.source == .huggingFaceCache)
    }

    @Test func sharedModelConfigsParse() throws {
        let root = SharedData.url("data/model-configs")
        guard let dirs = try? FileManager.default.contentsOfDirectory(atPath: root.path) else { return }
        for d in dirs {
            let text = try String(contentsOf: root.appendingPathComponent(d).appendingPathComponent("config.json"), encoding: .utf8)
            let arch = ModelResolver.architecture(fromConfigJSON: text, id: d)
            #expect(arch != nil, "\(d)")
            if d == "tiiuae__falcon-7b" { #expect(arch?.numKeyValueHeads == 1) }
        }
        #expect(ModelResolver.architecture(fromConfigJSON: "{\"hidden_size\": -1}", id: "x") == nil)
        #expect(ModelResolver.architecture(fromConfigJSON: "not json", id: "x") == nil)
        #expect(ModelResolver.architecture(fromConfigJSON: "{\"hidden_size\": 1e300, \"num_hidden_layers\": 2, \"num_attention_heads\": 2, \"vocab_size\": 10}", id: "x") == nil)
    }

    @Test func configJSONNestedTextConfigFloatsAndNaN() {
        // Multimodal configs keep the decoder under text_config (model_type from the top when
        // the inner one has none); integer-valued floats count; a NaN elsewhere (Python's json
        // writes one) does not hide the numbers.
        let text = """
        {"model_type": "gemma3", "torch_dtype": "float32", "vision_config": {"x": NaN},
         "text_config": {"hidden_size": 2048, "num_hidden_layers": 4.0, "num_attention_heads": 8,
                         "num_key_value_heads": 2, "vocab_size": 1000, "intermediate_size": 8192,
                         "tie_word_embeddings": true}}
        """
        let arch = ModelResolver.architecture(fromConfigJSON: text, id: "acme/mm")
        #expect(arch?.hiddenSize == 2048)
        #expect(arch?.numLayers == 4)
        #expect(arch?.numKeyValueHeads == 2)
        #expect(arch?.headDim == 256)
        #expect(arch?.layout == "gemma3")
        #expect(arch?.checkpointDtype == .fp32)
        #expect(arch?.tieWordEmbeddings == true)
        #expect(arch?.hfRepo == "acme/mm")
        // A boolean where a number belongs is not a number.
        #expect(ModelResolver.architecture(fromConfigJSON: "{\"hidden_size\": true, \"num_hidden_layers\": 2, \"num_attention_heads\": 2, \"vocab_size\": 10}", id: "x") == nil)
    }

    @Test func fileSystemReaderIsSafe() throws {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("headroom-ref-\(UUID().uuidString)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: dir) }
        let reader = FileSystemReferenceReader(maxBytes: 1024)
        // Missing, directory.
        #expect(reader.readText(atPath: dir.appendingPathComponent("nope").path) == .failure(.missing))
        #expect(reader.readText(atPath: dir.path) == .failure(.isDirectory))
        // Device files never block or flood.
        if fm.fileExists(atPath: "/dev/zero") {
            #expect(reader.readText(atPath: "/dev/zero") == .failure(.notRegularFile("character device")))
        }
        // FIFO: refused before opening (opening would block).
        let fifo = dir.appendingPathComponent("pipe").path
        if mkfifo(fifo, 0o600) == 0 {
            #expect(reader.readText(atPath: fifo) == .failure(.notRegularFile("FIFO")))
        }
        // Symlink loop.
        let a = dir.appendingPathComponent("a").path, b = dir.appendingPathComponent("b").path
        try fm.createSymbolicLink(atPath: a, withDestinationPath: b)
        try fm.createSymbolicLink(atPath: b, withDestinationPath: a)
        #expect(reader.readText(atPath: a) == .failure(.symlinkLoop))
        // Too large.
        let big = dir.appendingPathComponent("big.json")
        try Data(repeating: 0x20, count: 4096).write(to: big)
        if case .failure(.tooLarge) = reader.readText(atPath: big.path) {} else { Issue.record("big file read") }
        // Not UTF-8.
        let bin = dir.appendingPathComponent("bin.json")
        try Data([0x7B, 0xFF, 0xFE, 0x7D]).write(to: bin)
        #expect(reader.readText(atPath: bin.path) == .failure(.notUTF8))
        // A good file.
        let good = dir.appendingPathComponent("ok.json")
        try Data("{\"zero_optimization\": {\"stage\": 2}}".utf8).write(to: good)
        #expect(reader.readText(atPath: good.path) == .success("{\"zero_optimization\": {\"stage\": 2}}"))
        // Through the whole pipeline: each failure is one diagnostic.
        for (name, code) in [("pipe", "unreadable-reference"), ("a", "unreadable-reference"), ("big.json", "unreadable-reference"),
                             ("bin.json", "unreadable-reference"), ("nope.json", "missing-reference")] {
            let text = "base_model: Qwen/Qwen2.5-7B\nmicro_batch_size: 1\ndeepspeed: \(name)\n"
            let r = SetupReader.read(ConfigParser.parse(text, format: .yaml), path: dir.appendingPathComponent("t.yml").path,
                                     options: SetupReaderOptions(reader: reader))
            #expect(r.diagnostics.filter { $0.code == code }.count == 1, "\(name): \(r.diagnostics.map(\.code))")
        }
        let ok = SetupReader.read(ConfigParser.parse("base_model: Qwen/Qwen2.5-7B\nmicro_batch_size: 1\ndeepspeed: ok.json\n", format: .yaml),
                                  path: dir.appendingPathComponent("t.yml").path, options: SetupReaderOptions(reader: reader))
        #expect(ok.config.sharding?.value == .zero2)
        #expect(Fixtures.bad(ok).isEmpty)
    }
}

@Suite("Merge keys")
struct MergeKeyTests {
    @Test func mergedKeysAreRead() {
        let text = "base: &base\n  micro_batch_size: 3\n  sequence_len: 1024\nbase_model: Qwen/Qwen2.5-7B\n<<: *base\nsequence_len: 2048\n"
        let a = Fixtures.analyze(text)
        #expect(a.dialect == .axolotl)
        #expect(a.config.microBatchSize?.value == 3)
        #expect(a.config.sequenceLength?.value == 2048)
    }
}

@Suite("Model resolution order")
struct ModelResolutionOrderTests {
    @Test func localDirectoryBeatsCatalogName() throws {
        let configJSON = try SharedData.text("data/model-configs/Qwen__Qwen2.5-0.5B/config.json")
        let reader = InMemoryReferenceReader(files: ["/models/Llama-3.1-8B/config.json": configJSON])
        let a = Fixtures.analyze("base_model: /models/Llama-3.1-8B\nmicro_batch_size: 1\n", reader: reader)
        #expect(a.model?.source == .localDirectory)
        #expect(a.model?.architecture.hiddenSize == 896)
        let b = Fixtures.analyze("base_model: /models/Llama-3.1-8B\nmicro_batch_size: 1\n", reader: InMemoryReferenceReader())
        #expect(b.model?.source == .catalog)
    }
}

@Suite("Costly defaults")
struct CostlyDefaultTests {
    @Test func hintsForExpensiveDefaults() {
        let trl = Fixtures.analyze("model_name_or_path: Qwen/Qwen2.5-7B\noutput_dir: o\n")
        #expect(trl.diagnostics.filter { $0.code == "costly-default" }.count == 2)
        #expect(trl.diagnostics.filter { $0.code == "costly-default" }.allSatisfy { $0.severity == .information })
        let lit = Fixtures.analyze("checkpoint_dir: microsoft/phi-2\ntrain:\n  micro_batch_size: 1\n")
        #expect(lit.diagnostics.contains { $0.code == "costly-default" })
        let tt = Fixtures.analyze("model:\n  _component_: torchtune.models.mistral.mistral_7b\ntokenizer:\n  path: /x\nbatch_size: 1\ngradient_accumulation_steps: 1\n")
        #expect(tt.diagnostics.contains { $0.code == "costly-default" })
    }
}

@Suite("Adapter kinds")
struct AdapterKindTests {
    @Test func doraAndOthersReachTheSetup() {
        let ax = Fixtures.analyze("base_model: Qwen/Qwen2.5-7B\nadapter: lora\nlora_r: 8\npeft_use_dora: true\n")
        #expect(ax.setup?.adapterKind == .dora)
        let mlx = Fixtures.analyze("model: Qwen/Qwen2.5-7B\nfine_tune_type: dora\n")
        #expect(mlx.setup?.adapterKind == .dora)
        #expect(mlx.setup?.loraDropout == 0.0)
        let tt = Fixtures.analyze("model:\n  _component_: torchtune.models.llama3_1.lora_llama3_1_8b\n  lora_attn_modules: [q_proj]\n  use_dora: True\n  lora_dropout: 0.1\nloss:\n  _component_: torchtune.modules.loss.CEWithChunkedOutputLoss\ncompile: True\nbatch_size: 1\ngradient_accumulation_steps: 1\n")
        #expect(tt.config.adapterKind?.value == "dora")
        #expect(tt.config.loraDropout?.value == 0.1)
        #expect(tt.config.compiled?.value == true)
        #expect(tt.config.lossChunks?.value == 8)
        let plain = Fixtures.analyze("model_name_or_path: Qwen/Qwen2.5-7B\nuse_peft: true\n")
        #expect(plain.setup?.adapterKind == .lora)
        #expect(plain.setup?.loraDropout == 0.05)
    }
}
