import ConfigSyntax
import Testing
import TrainingSetup
@testable import Analysis

/// An Axolotl LoRA run of Llama-3.1-8B at 4096 tokens, micro batch 4, on an RTX 4090.
private let overConfig = """
# headroom: gpu=rtx-4090
base_model: meta-llama/Llama-3.1-8B
adapter: lora
lora_r: 16
lora_target_linear: true
sequence_len: 4096
micro_batch_size: 4
gradient_accumulation_steps: 2
optimizer: adamw_torch
bf16: true

"""

private func analyze(_ text: String, settings: AnalysisSettings = AnalysisSettings()) -> DocumentAnalysis {
    Analyzer.analyze(ConfigParser.parse(text, format: .yaml), path: nil, settings: settings, reader: nil)
}

@Test func overTheTargetIsAnErrorOnTheResponsibleKey() throws {
    let a = analyze(overConfig)
    #expect(a.dialect == .axolotl)
    #expect(a.target?.gpu.id == "rtx-4090")
    let verdict = try #require(a.findings.first { $0.code == "does-not-fit" })
    #expect(verdict.severity == .error)
    #expect(verdict.message.hasPrefix("Needs "))
    #expect(verdict.message.contains("GiB per GPU; GeForce RTX 4090 has 24.0 GiB ("))
    #expect(verdict.message.hasSuffix(" GiB over)"))
    // The verdict sits on a key the file sets, and names the other big contributors.
    let text = Array(overConfig.utf8)
    let underlined = String(decoding: text[verdict.range.start..<verdict.range.end], as: UTF8.self)
    #expect(["micro_batch_size: 4", "sequence_len: 4096", "base_model: meta-llama/Llama-3.1-8B"].contains(underlined))
    #expect(!verdict.related.isEmpty)
}

@Test func makeItFitIsPreferredAndItsEditsMakeTheConfigFit() throws {
    let a = analyze(overConfig)
    let verdict = try #require(a.findings.first { $0.code == "does-not-fit" })
    let fixes = a.fixes(in: verdict.range)
    let fit = try #require(fixes.first)
    #expect(fit.id == "make-it-fit" && fit.isPreferred && fit.kind == .quickfix)
    #expect(fit.title.contains("fits GeForce RTX 4090"))
    let fixed = TextEdits.apply(fit.edits, to: overConfig)
    let after = analyze(fixed)
    #expect(after.findings.allSatisfy { $0.code != "does-not-fit" }, "still over after make-it-fit:\n\(fixed)")
    #expect(after.estimate.map { $0.peakBytesPerGpu <= (after.target?.gpu.usableMemoryBytes ?? 0) } == true)
    // Every other quickfix is attached to the verdict and lowers the peak.
    for f in fixes.dropFirst() {
        #expect(f.kind == .quickfix && f.fixes == verdict)
        let e = analyze(TextEdits.apply(f.edits, to: overConfig)).estimate
        #expect((e?.peakBytesPerGpu ?? .max) < (a.estimate?.peakBytesPerGpu ?? 0), "\(f.id) did not lower the peak")
    }
}

@Test func targetPriorityCommandLineThenDirectiveThenSetting() {
    #expect(analyze(overConfig, settings: AnalysisSettings(gpu: "h100", commandLineGPU: "a100-80gb")).target?.gpu.id == "a100-80gb")
    #expect(analyze(overConfig, settings: AnalysisSettings(gpu: "h100")).target?.gpu.id == "rtx-4090")
    let noDirective = overConfig.replacingOccurrences(of: "# headroom: gpu=rtx-4090\n", with: "")
    #expect(analyze(noDirective, settings: AnalysisSettings(gpu: "a100-80gb", gpuCount: 2)).target?.count == 2)
    // No target at all: an information naming GPUs that fit.
    let info = analyze(noDirective).findings.first { $0.code == "fits-on" }
    #expect(info?.severity == .information)
    #expect(info?.message.contains("Smallest GPUs that fit: ") == true)
}

@Test func unknownGPUNameIsAWarningWithDidYouMean() throws {
    let a = analyze(overConfig.replacingOccurrences(of: "gpu=rtx-4090", with: "gpu=rtx-4909"))
    let f = try #require(a.findings.first { $0.code == "unknown-gpu" })
    #expect(f.severity == .warning)
    #expect(f.message.hasPrefix("Unknown GPU “rtx-4909”."))
    let text = Array(overConfig.replacingOccurrences(of: "gpu=rtx-4090", with: "gpu=rtx-4909").utf8)
    #expect(String(decoding: text[f.range.start..<f.range.end], as: UTF8.self) == "rtx-4909")
}

@Test func hoverOnMicroBatchShowsTheBreakdownAndItsCost() throws {
    let a = analyze(overConfig)
    let offset = try #require(overConfig.utf8.firstRange(of: "micro_batch_size".utf8)).lowerBound
    let h = try #require(a.hover(at: overConfig.utf8.distance(from: overConfig.utf8.startIndex, to: offset) + 2))
    #expect(h.markdown.contains("| component | GiB | share | |"))
    #expect(h.markdown.contains("**Peak per GPU**"))
    #expect(h.markdown.contains("GiB over** — does not fit."))
    #expect(h.markdown.contains("`micro_batch_size`: +"))
    #expect(h.markdown.contains(" per +1"))
    #expect(!h.plainText.contains("**"))
}

@Test func unknownFilesGetNoFindingsBeyondSyntax() {
    let a = analyze("name: my-app\nversion: [1, 2\n")
    #expect(a.dialect == .unknown)
    #expect(a.findings.map(\.code) == ["syntax-error"])
}

@Test func barsAndNumbers() {
    #expect(Format.bar(1, of: 2, width: 4) == "██░░")
    #expect(Format.bar(0, of: 2, width: 3) == "░░░")
    #expect(Format.bar(1, of: 16, width: 2) == "▏░")
    #expect(Format.bar(7, of: 16, width: 2) == "▉░")
    #expect(Format.bar(15, of: 16, width: 2) == "█▉")
    #expect(Format.bar(5, of: 2, width: 3) == "███")
    #expect(Format.bar(-5, of: 2, width: 2) == "░░")
    #expect(Format.bar(1, of: 0, width: 2) == "░░")
    #expect(Format.bar(1, of: 2, width: 0) == "" && Format.bar(1, of: 2, width: -3) == "")
    #expect(Format.gib(25_769_803_776) == "24.0 GiB")
    #expect(Format.gib(536_870_912) == "0.50 GiB")
    #expect(Format.signedGiB(-1_073_741_824) == "-1.0 GiB")
    #expect(Format.fixed(-0.04, 1) == "0.0")
}

@Test func completionOffersAbsentKeysValuesAndGPUs() throws {
    // A key being typed on a new top-level line: keys that start with it and are not present.
    let typed = overConfig + "gradient_ch"
    let keys = analyze(typed).completions(at: typed.utf8.count)
    #expect(keys.map(\.label) == ["gradient_checkpointing", "gradient_checkpointing_kwargs"])
    #expect(keys.first?.insertText == "gradient_checkpointing: ")
    #expect(keys.first?.replace == ByteRange(typed.utf8.count - 11, typed.utf8.count))
    // Present keys are not offered again.
    let again = overConfig + "micro"
    #expect(!analyze(again).completions(at: again.utf8.count).contains { $0.label == "micro_batch_size" })
    // Values of an enum key.
    let value = overConfig + "adapter: q"
    #expect(analyze(value).completions(at: value.utf8.count).map(\.label).contains("qlora"))
    // Model ids on the model key.
    let model = overConfig.replacingOccurrences(of: "base_model: meta-llama/Llama-3.1-8B", with: "base_model: qwen/qwen3-")
    let end = try #require(model.utf8.firstRange(of: "qwen/qwen3-".utf8)).upperBound
    let offset = model.utf8.distance(from: model.utf8.startIndex, to: end)
    let models = analyze(model).completions(at: offset)
    #expect(models.contains { $0.label == "Qwen/Qwen3-8B" && $0.kind == .model })
    // GPU names inside the directive.
    let gpuText = "# headroom: gpu=h1"
    let gpus = analyze(gpuText).completions(at: gpuText.utf8.count)
    #expect(gpus.contains { $0.label.hasPrefix("h100") } && gpus.allSatisfy { $0.kind == .gpu })
}

@Test func inlayHintSitsAfterTheModelLine() throws {
    let a = analyze(overConfig)
    let hint = try #require(a.inlayHints().first)
    let modelLineEnd = try #require(overConfig.utf8.firstRange(of: "Llama-3.1-8B".utf8)).upperBound
    #expect(hint.offset == overConfig.utf8.distance(from: overConfig.utf8.startIndex, to: modelLineEnd))
    #expect(hint.label.hasPrefix(" ≈ "))
    #expect(hint.label.contains(" / GeForce RTX 4090 24.0 GiB · "))
    #expect(hint.label.hasSuffix(" over"))
}

@Test func lineEditsTouchOnlyChangedLines() throws {
    let old = "a: 1\nb: 2\nc: 3\nd: 4\n"
    let new = "a: 1\nb: 20\nc: 3\nd: 4\ne: 5\n"
    let edits = try #require(FixBuilder.lineEdits(from: old, to: new))
    #expect(edits == [TextEdit(range: ByteRange(5, 10), replacement: "b: 20\n"), TextEdit(range: ByteRange(20, 20), replacement: "e: 5\n")])
    #expect(TextEdits.apply(edits, to: old) == new)
    #expect(FixBuilder.lineEdits(from: old, to: old) == nil)
}

@Test func workspaceFileSitsBetweenTheDirectiveAndTheSetting() {
    let reader = InMemoryReferenceReader(files: ["/proj/.headroom.yaml": "gpu: a100-80gb\ncount: 4\n"])
    let noDirective = overConfig.replacingOccurrences(of: "# headroom: gpu=rtx-4090\n", with: "")
    func target(_ text: String, _ settings: AnalysisSettings) -> TargetGPU? {
        Analyzer.analyze(ConfigParser.parse(text, format: .yaml), path: "/proj/runs/a/config.yaml",
                         settings: settings, reader: reader).target
    }
    // Found by walking up from the config's folder; beats the editor setting.
    let fromFile = target(noDirective, AnalysisSettings(gpu: "h100"))
    #expect(fromFile?.gpu.id == "a100-80gb" && fromFile?.count == 4)
    #expect(fromFile?.source == .workspaceFile("/proj/.headroom.yaml"))
    // The directive beats the file; --gpu beats both.
    #expect(target(overConfig, AnalysisSettings()).map { $0.gpu.id } == "rtx-4090")
    #expect(target(overConfig, AnalysisSettings(commandLineGPU: "h200")).map { $0.gpu.id } == "h200")
}

@Test func aPEFTMethodTheEstimatorApproximatesIsSaidSo() throws {
    let text = "model_name_or_path: meta-llama/Llama-3.1-8B\nstage: sft\nfinetuning_type: oft\nper_device_train_batch_size: 1\ncutoff_len: 1024\n"
    let a = analyze(text)
    #expect(a.dialect == .llamafactory)
    let f = try #require(a.findings.first { $0.code == "not-modelled" })
    #expect(f.severity == .information)
    #expect(f.message == "Estimate is approximate: “oft” adapters are not modelled; estimated as LoRA (r=8) on the same modules.")
    #expect(String(decoding: Array(text.utf8)[f.range.start..<f.range.end], as: UTF8.self) == "finetuning_type: oft")
    // Plain LoRA is modelled: no such note.
    #expect(!analyze(text.replacingOccurrences(of: "oft", with: "lora")).findings.contains { $0.code == "not-modelled" })
}

/// A hover asked for in one form renders only that one, and it equals that form of the full hover.
@Test func hoverInOneFormEqualsThatFormOfBoth() {
    let text = "base_model: meta-llama/Llama-3.1-8B\nadapter: qlora\nload_in_4bit: true\nlora_r: 32\nmicro_batch_size: 2\nsequence_len: 4096\n# headroom: gpu=rtx-4090\n"
    let doc = ConfigParser.parse(text, format: .yaml)
    let a = Analyzer.analyze(doc, path: "/tmp/x.yaml", settings: AnalysisSettings(), reader: nil)
    var checked = 0
    for key in ["base_model", "lora_r", "micro_batch_size", "sequence_len", "adapter", "load_in_4bit"] {
        let offset = text.utf8.count - (text.components(separatedBy: key).last?.utf8.count ?? 0) - 1
        guard let both = a.hover(at: offset) else { continue }
        let md = a.hover(at: offset, markdown: true), plain = a.hover(at: offset, markdown: false)
        #expect(md?.markdown == both.markdown && md?.plainText == "", "\(key)")
        #expect(plain?.plainText == both.plainText && plain?.markdown == "", "\(key)")
        #expect(!both.markdown.isEmpty && !both.plainText.isEmpty && md?.range == both.range)
        checked += 1
    }
    #expect(checked == 6)
}
