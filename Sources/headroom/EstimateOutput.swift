// `estimate` output: text (the breakdown with bars, the target, the fixes) and json (the
// DESIGN.md shape, byte counts as integers, camelCase keys).

import Analysis
import LanguageServer
import MemoryModel
import TrainingSetup

enum EstimateOutput {
    static func render(_ a: DocumentAnalysis, file: String, format: OutputFormat) -> String {
        format == .json ? JSONWriter.pretty(json(a, file: file)) : text(a, file: file)
    }

    static func text(_ a: DocumentAnalysis, file: String) -> String {
        var out = "\(file) (\(a.dialect.rawValue))\n\n"
        guard let breakdown = a.breakdown(markdown: false) else {
            let why = a.findings.filter { $0.severity <= .warning }.map { "  \($0.message)" }.joined(separator: "\n")
            return out + "No estimate: " + (a.dialect == .unknown ? "not a fine-tuning config Headroom knows." : "the model or the setup is not known.") + (why.isEmpty ? "" : "\n" + why)
        }
        out += breakdown
        let suggestions = a.suggestions()
        if !suggestions.isEmpty {
            out += "\nWhat would change it:\n"
            for s in suggestions {
                out += "  \(s.id.padding(to: 24)) \(Format.gib(s.peakBytesPerGpu).leftPadding(to: 10))  \(s.title) (\(s.costNote))\n"
            }
        }
        return out
    }

    static func json(_ a: DocumentAnalysis, file: String?) -> JSONValue {
        let c = a.setup.config
        let setup = a.estimatorInput
        var model: JSONValue = .null
        if let m = a.setup.model {
            model = ["id": .string(m.architecture.hfRepo ?? m.architecture.id),
                     "parameters": a.estimate.map { .int($0.parameters) } ?? .null,
                     "source": .string(m.source.rawValue)]
        } else if let raw = c.model?.value.raw {
            model = ["id": .string(raw), "parameters": .null, "source": .null]
        }
        var setupJSON: JSONValue = .null
        if a.dialect != .unknown {
            let method = setup?.method ?? c.method?.value
            setupJSON = [
                "method": JSONValue(method?.rawValue),
                "weightDtype": JSONValue((setup?.weightDtype ?? c.weightDtype?.value)?.rawValue),
                "optimizer": JSONValue(c.optimizerName?.value ?? (setup?.optimizer ?? c.optimizer?.value).map(optimizerName)),
                "microBatchSize": int(setup?.microBatchSize ?? c.microBatchSize?.value),
                "sequenceLength": int(setup?.sequenceLength ?? c.sequenceLength?.value),
                "gradientCheckpointing": (setup?.gradientCheckpointing ?? c.gradientCheckpointing?.value).map { .bool($0) } ?? .null,
                "loraRank": method == .full ? .null : int(setup?.loraRank ?? c.loraRank?.value),
                "gpuCount": int(setup?.gpuCount ?? c.gpuCount?.value ?? 1),
                "zeroStage": int(c.zeroStage?.value ?? 0),
            ]
        }
        var out: [String: JSONValue] = [
            "file": JSONValue(file), "dialect": .string(a.dialect.rawValue), "model": model, "setup": setupJSON,
            "gpu": a.target.map { gpu($0.gpu, count: $0.count) } ?? .null,
        ]
        add(a.estimate, target: a.target?.gpu, suggestions: a.suggestions(), to: &out)
        return .object(out)
    }

    static func add(_ e: Estimate?, target: GPU?, suggestions: [Suggestion], to out: inout [String: JSONValue]) {
        out["peakAllocatedBytesPerGpu"] = e.map { .int($0.peakAllocatedBytesPerGpu) } ?? .null
        out["peakBytesPerGpu"] = e.map { .int($0.peakBytesPerGpu) } ?? .null
        out["components"] = .array((e?.components ?? []).map {
            ["id": .string($0.id), "label": .string($0.label), "bytes": .int($0.bytes)]
        })
        if let e, let t = target { out["fits"] = .bool(e.peakBytesPerGpu <= t.usableMemoryBytes) } else { out["fits"] = .null }
        out["suggestions"] = .array(suggestions.map {
            ["id": .string($0.id), "title": .string($0.title), "peakBytesPerGpu": .int($0.peakBytesPerGpu)]
        })
    }

    static func gpu(_ g: GPU, count: Int) -> JSONValue {
        ["id": .string(g.id), "name": .string(g.name), "memoryBytes": .int(g.usableMemoryBytes), "count": JSONValue(count)]
    }

    static func int(_ v: Int?) -> JSONValue { v.map { JSONValue($0) } ?? .null }

    static func optimizerName(_ o: Optimizer) -> String {
        switch o {
        case .adamw: return "adamw_torch"
        case .adamwFused: return "adamw_torch_fused"
        case .adamw8bit: return "adamw_bnb_8bit"
        case .pagedAdamw8bit: return "paged_adamw_8bit"
        case .pagedAdamw32bit: return "paged_adamw_32bit"
        case .adafactor: return "adafactor"
        case .sgd: return "sgd"
        case .lion: return "lion_32bit"
        case .lion8bit: return "lion_8bit"
        }
    }

    static let optimizerAliases: [String: Optimizer] = [
        "adamw": .adamw, "adamw_torch": .adamw, "adamw_torch_fused": .adamwFused, "adamwfused": .adamwFused,
        "adamw_8bit": .adamw8bit, "adamw_bnb_8bit": .adamw8bit, "adamw8bit": .adamw8bit,
        "paged_adamw_8bit": .pagedAdamw8bit, "paged_adamw_32bit": .pagedAdamw32bit, "adafactor": .adafactor,
        "sgd": .sgd, "lion": .lion, "lion_32bit": .lion, "lion_8bit": .lion8bit,
    ]

    /// `headroom estimate --model ID ...`: a Hugging Face-style setup from flags alone.
    static func fromFlags(_ args: Arguments, model: String) -> Int32 {
        let catalog = Catalog.builtIn
        guard let m = catalog.model(matching: model) else {
            let near = catalog.suggestions(for: model).prefix(3)
            fail("unknown model '\(model)'" + (near.isEmpty ? " (see 'headroom models')" : "; did you mean \(near.joined(separator: ", "))?"))
        }
        var s = Setup(model: m.architecture)
        if let method = args.method {
            guard let fm = FineTuneMethod(rawValue: method) else { fail("unknown method '\(method)' (full, lora, qlora)") }
            s.method = fm
            if fm == .qlora { s.quantization = .nf4; s.doubleQuantization = true }
        }
        if let r = args.rank { s.loraRank = r }
        if let o = args.optimizer {
            guard let opt = optimizerAliases[o.lowercased()] ?? Optimizer(rawValue: o) else {
                fail("unknown optimizer '\(o)' (\(optimizerAliases.keys.sorted().joined(separator: ", ")))")
            }
            s.optimizer = opt
        }
        if let b = args.microBatch { s.microBatchSize = b }
        if let q = args.sequenceLength { s.sequenceLength = q }
        s.gradientCheckpointing = args.checkpointing
        let spec = args.gpu.flatMap { catalog.parseGPUSpec($0) }
        if let n = spec?.count, n > 1 { s.gpuCount = n }
        let e = MemoryEstimator.estimate(s, gpu: spec?.gpu)
        guard e.isValid else { fail(e.errors.joined(separator: "; ")) }
        var suggestions = WhatIf.suggestions(for: s, gpu: spec?.gpu)
        if let g = spec?.gpu, let fit = WhatIf.makeItFit(s, gpu: g) { suggestions.insert(fit, at: 0) }
        let fits = spec.map { e.peakBytesPerGpu <= $0.gpu.usableMemoryBytes }
        if args.format == .json {
            var out: [String: JSONValue] = [
                "file": .null, "dialect": "unknown",
                "model": ["id": .string(m.hfRepo), "parameters": .int(e.parameters), "source": "catalog"],
                "setup": ["method": .string(s.method.rawValue), "weightDtype": .string(s.weightDtype.rawValue),
                          "optimizer": .string(optimizerName(s.optimizer)), "microBatchSize": JSONValue(s.microBatchSize),
                          "sequenceLength": JSONValue(s.sequenceLength), "gradientCheckpointing": .bool(s.gradientCheckpointing),
                          "loraRank": s.method == .full ? .null : JSONValue(s.loraRank), "gpuCount": JSONValue(s.gpuCount),
                          "zeroStage": 0],
                "gpu": spec.map { gpu($0.gpu, count: $0.count) } ?? .null,
            ]
            add(e, target: spec?.gpu, suggestions: suggestions, to: &out)
            print(JSONWriter.pretty(.object(out)))
        } else {
            var text = "\(m.name) · \(s.method.rawValue) · micro batch \(s.microBatchSize) · sequence \(s.sequenceLength)\n\n"
            for c in e.components.sorted(by: { $0.bytes > $1.bytes }) where c.bytes > 0 {
                text += "  \(c.label.padding(to: 44)) \(Format.gib(c.bytes).leftPadding(to: 10))  \(Format.bar(c.bytes, of: e.peakBytesPerGpu))\n"
            }
            text += "\nPeak per GPU: \(Format.gib(e.peakBytesPerGpu)) (allocated \(Format.gib(e.peakAllocatedBytesPerGpu)))"
            if let g = spec?.gpu {
                text += fits == true ? " — fits \(g.name) (\(Format.gib(g.usableMemoryBytes)))" : " — does not fit \(g.name) (\(Format.gib(g.usableMemoryBytes)))"
            }
            text += "\n"
            if !suggestions.isEmpty {
                text += "\nWhat would change it:\n"
                for x in suggestions {
                    text += "  \(x.id.padding(to: 24)) \(Format.gib(x.peakBytesPerGpu).leftPadding(to: 10))  \(x.title) (\(x.costNote))\n"
                }
            }
            print(text, terminator: "")
        }
        return fits == false ? 1 : 0
    }
}
