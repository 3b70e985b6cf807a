// The entry point: a parsed document -> dialect, TrainingConfig, resolved model, diagnostics.
import ConfigSyntax
import MemoryModel

public struct SetupAnalysis: Sendable {
    public var detection: DialectDetection
    public var config: TrainingConfig
    /// The architecture, when Headroom could tell which model it is.
    public var model: ResolvedModel?
    /// Findings about the meaning (syntax diagnostics stay in the ParsedDocument).
    public var diagnostics: [SetupDiagnostic]
    /// Files read while following references (for a language server's cache invalidation).
    public var referencedFiles: [String]

    public var dialect: Dialect { detection.dialect }

    /// The estimator's input, when the model is known.
    public var setup: Setup? { model.map { config.makeSetup(model: $0.architecture) } }
}

public struct SetupReaderOptions: Sendable {
    /// File access for references; nil = follow none.
    public var reader: ReferenceReader?
    public var lookup: ModelLookup
    /// Run the key/type/enum checks (off = detection and mapping only).
    public var validate: Bool

    public init(reader: ReferenceReader? = FileSystemReferenceReader(), lookup: @escaping ModelLookup = ModelResolver.builtInLookup,
                validate: Bool = true) {
        self.reader = reader
        self.lookup = lookup
        self.validate = validate
    }
}

public enum SetupReader {
    /// Reads `document` (whose file is `path`, used to resolve relative references).
    public static func read(_ document: ParsedDocument, path: String? = nil,
                            options: SetupReaderOptions = SetupReaderOptions()) -> SetupAnalysis {
        // Comments are read only when they can matter: a directive needs `headroom:` in the text.
        let directives = ByteSearch.contains(document.text, "headroom:")
            ? Directives.parse(comments: document.comments(containing: "headroom:"), text: document.text) : Directives()
        let detection = DialectDetector.detect(root: document.root, format: document.format, directives: directives, document: document)
        // torchtune reads `--nproc_per_node` hints from comments; no other dialect needs them.
        let commentTexts = detection.dialect == .torchtune ? document.comments.map { ($0.text, $0.range) } : []
        var (config, diagnostics) = DialectMapper.map(root: document.root, dialect: detection.dialect,
                                                      directives: directives, commentTexts: commentTexts, document: document)
        if detection.dialect == .unknown {
            return SetupAnalysis(detection: detection, config: config, model: nil,
                                 diagnostics: directiveDiagnostics(directives), referencedFiles: [])
        }
        var referenced: [String] = []
        followDeepSpeed(&config, &diagnostics, &referenced, path: path, reader: options.reader)
        var model: ResolvedModel?
        if detection.dialect != .deepspeed && detection.dialect != .accelerate {
            let (m, d) = ModelResolver.resolve(config: config, configPath: path, reader: options.reader, lookup: options.lookup)
            model = m
            diagnostics += d
        }
        if options.validate, let root = document.root {
            diagnostics += Validator.validate(root: root, config: config, document: document)
        }
        diagnostics += directiveDiagnostics(directives)
        diagnostics.sort { ($0.range.start, $0.severity.rank) < ($1.range.start, $1.severity.rank) }
        return SetupAnalysis(detection: detection, config: config, model: model, diagnostics: diagnostics,
                             referencedFiles: referenced)
    }

    /// Convenience: parse and read a text.
    public static func read(text: String, format: SyntaxFormat, path: String? = nil,
                            options: SetupReaderOptions = SetupReaderOptions()) -> SetupAnalysis {
        read(ConfigParser.parse(text, format: format), path: path, options: options)
    }

    static func directiveDiagnostics(_ d: Directives) -> [SetupDiagnostic] {
        var out: [SetupDiagnostic] = []
        for x in d.all where !Directives.knownNames.contains(x.name) {
            out.append(SetupDiagnostic(range: x.range, severity: .warning, code: DiagnosticCode.invalidDirective,
                                       message: "Unknown headroom directive “\(x.name)”; known: dialect, model, params, gpu.",
                                       suggestion: NameMatch.closest(to: x.name, in: Array(Directives.knownNames))))
        }
        if let p = d.params, Directives.parseParameterCount(p.value) == nil {
            out.append(SetupDiagnostic(range: p.valueRange, severity: .warning, code: DiagnosticCode.invalidDirective,
                                       message: "params=\(p.value) is not a parameter count; write it like params=7.2B, params=350M or params=7000000000."))
        }
        if let x = d.dialect, Dialect(rawValue: x.value.lowercased().replacingAll("-", with: "").replacingAll("_", with: "")) == nil,
           !["lf", "hf", "transformers", "trainingarguments", "mlxlm", "ds"].contains(x.value.lowercased()) {
            out.append(SetupDiagnostic(range: x.valueRange, severity: .warning, code: DiagnosticCode.invalidDirective,
                                       message: "dialect=\(x.value) is not one of: " + Dialect.allCases.filter { $0 != .unknown }.map(\.rawValue).joined(separator: ", ") + "."))
        }
        return out
    }

    // MARK: DeepSpeed references

    /// Bundled DeepSpeed files of Axolotl (`deepspeed_configs/`) and LLaMA-Factory
    /// (`examples/deepspeed/`): launch-directory paths that rarely sit next to the config.
    static let bundledDeepSpeed: [String: (stage: Int, offloadOptimizer: Bool, offloadParameters: Bool)] = [
        "deepspeed_configs/zero1.json": (1, false, false),
        "deepspeed_configs/zero1_torch_compile.json": (1, false, false),
        "deepspeed_configs/zero2.json": (2, false, false),
        "deepspeed_configs/zero2_torch_compile.json": (2, false, false),
        "deepspeed_configs/zero3.json": (3, false, false),
        "deepspeed_configs/zero3_bf16.json": (3, false, false),
        "deepspeed_configs/zero3_bf16_cpuoffload_params.json": (3, false, true),
        "deepspeed_configs/zero3_bf16_cpuoffload_all.json": (3, true, true),
        "examples/deepspeed/ds_z0_config.json": (0, false, false),
        "examples/deepspeed/ds_z2_config.json": (2, false, false),
        "examples/deepspeed/ds_z2_offload_config.json": (2, true, false),
        "examples/deepspeed/ds_z3_config.json": (3, false, false),
        "examples/deepspeed/ds_z3_offload_config.json": (3, true, true),
        "examples/deepspeed/ds_z3_fp8_config.json": (3, false, false),
    ]

    static func followDeepSpeed(_ config: inout TrainingConfig, _ diagnostics: inout [SetupDiagnostic],
                                _ referenced: inout [String], path: String?, reader: ReferenceReader?) {
        guard let ref = config.deepspeedReference, let loc = ref.provenance.location else { return }
        let name = ref.value
        var candidates: [String] = []
        var folder = path.map { PathUtil.directory(of: $0) }
        if name.hasPrefix("/") {
            candidates = [PathUtil.normalize(name)]
        } else {
            // The config's folder, then its parents (the launch directory is usually above it).
            for _ in 0..<5 {
                candidates.append(PathUtil.resolve(name, relativeTo: folder))
                guard let f = folder, f != "/", f != "." else { break }
                folder = PathUtil.directory(of: f)
            }
        }
        var lastFailure: (String, ReferenceFailure)?
        if let reader {
            for candidate in candidates {
                switch reader.readText(atPath: candidate) {
                case .success(let text):
                    referenced.append(candidate)
                    let doc = ConfigParser.parse(text, format: .json)
                    guard let root = doc.root, root.kind == .mapping else {
                        diagnostics.append(SetupDiagnostic(range: loc.valueRange, severity: .warning, code: DiagnosticCode.unreadableReference,
                                                           message: "\(candidate) is not a DeepSpeed JSON object."))
                        return
                    }
                    var inner = ValueReader(root: root, keys: DialectKeys.deepSpeed, file: candidate)
                    var ds = TrainingConfig(dialect: .deepspeed, framework: nil, frameworkVersion: DialectKeys.deepSpeed.source)
                    DialectMapper.mapDeepSpeed(&ds, &inner)
                    DialectMapper.mergeDeepSpeed(into: &config, ds)
                    // Findings inside the referenced file, shown on the reference.
                    for d in inner.diagnostics {
                        diagnostics.append(SetupDiagnostic(range: loc.valueRange, severity: d.severity, code: d.code,
                                                           message: "In \(candidate): \(d.message)", suggestion: d.suggestion))
                    }
                    return
                case .failure(.missing):
                    continue
                case .failure(let why):
                    lastFailure = (candidate, why)
                }
                if lastFailure != nil { break }
            }
        }
        // Not readable: a framework's bundled file is known by name; anything else is a finding.
        let key = PathUtil.normalize(name)
        if let bundled = bundledDeepSpeed.first(where: { key.hasSuffix($0.key) })?.value {
            let prov = Provenance.derived(from: loc, note: "bundled DeepSpeed config \(name)")
            let s = bundled.stage
            config.zeroStage = Setting(s, prov, key: ref.key)
            config.sharding = Setting(s == 1 ? .zero1 : s == 2 ? .zero2 : s == 3 ? .zero3 : .none, prov, key: ref.key)
            config.offloadOptimizer = Setting(bundled.offloadOptimizer, prov, key: ref.key)
            config.offloadParameters = Setting(bundled.offloadParameters, prov, key: ref.key)
            if let (file, why) = lastFailure {
                diagnostics.append(SetupDiagnostic(range: loc.valueRange, severity: .warning, code: DiagnosticCode.unreadableReference,
                                                   message: "The DeepSpeed config \(file) \(why)."))
            }
            return
        }
        guard reader != nil else { return }
        if let (file, why) = lastFailure {
            diagnostics.append(SetupDiagnostic(range: loc.valueRange, severity: .warning, code: DiagnosticCode.unreadableReference,
                                               message: "The DeepSpeed config \(file) \(why)."))
        } else {
            diagnostics.append(SetupDiagnostic(range: loc.valueRange, severity: .warning, code: DiagnosticCode.missingReference,
                                               message: "The DeepSpeed config “\(name)” does not exist (looked in the config's folder and its parents); training would fail to start."))
        }
    }
}

extension TrainingConfig {
    /// The estimator's input for this config and architecture; fields the file leaves open take
    /// the framework default already recorded here, else MemoryModel's defaults.
    public func makeSetup(model: ModelArchitecture) -> Setup {
        var s = Setup(model: model)
        if let f = framework { s.framework = f }
        if let m = method?.value { s.method = m }
        if let q = quantization?.value { s.quantization = q }
        if let d = doubleQuantization?.value { s.doubleQuantization = d }
        if let r = loraRank?.value { s.loraRank = r }
        if let t = loraTargets?.value { s.loraTargets = t }
        if let w = weightDtype?.value { s.weightDtype = w }
        if let a = autocastDtype?.value, a != s.weightDtype { s.autocastDtype = a }
        if let o = optimizer?.value { s.optimizer = o }
        if let m = microBatchSize?.value { s.microBatchSize = m }
        if let g = gradientAccumulationSteps?.value { s.gradientAccumulationSteps = g }
        if let q = sequenceLength?.value { s.sequenceLength = q }
        if let p = packing?.value { s.packing = p }
        if let g = gradientCheckpointing?.value { s.gradientCheckpointing = g }
        if let a = activationOffloading?.value { s.activationOffloading = a }
        if let a = attention?.value { s.attention = a }
        if let l = loss?.value { s.loss = l }
        if let g = gpuCount?.value { s.gpuCount = g }
        if let sh = sharding?.value { s.sharding = sh }
        if let o = offloadOptimizer?.value { s.offloadOptimizer = o }
        if let o = offloadParameters?.value { s.offloadParameters = o }
        if let o = optimizerInBackward?.value { s.optimizerInBackward = o }
        if let d = loraDropout?.value { s.loraDropout = d }
        if let c = compiled?.value { s.compiled = c }
        if let n = lossChunks?.value { s.lossChunks = n }
        if let k = adapterKind?.value.lowercased() {
            switch k {
            case "lora", "qlora": s.adapterKind = .lora
            case "dora": s.adapterKind = .dora
            case "ia3": s.adapterKind = .ia3
            case "loha": s.adapterKind = .loha
            case "lokr": s.adapterKind = .lokr
            case "llama-adapter", "llama_adapter": s.adapterKind = .llamaAdapter
            case "prompt-tuning", "prompt_tuning": s.adapterKind = .promptTuning
            case "prefix-tuning", "prefix_tuning": s.adapterKind = .prefixTuning
            default: s.adapterKind = .other
            }
        }
        if s.method == .full {
            s.quantization = .none
            if let n = freezeTrainableLayers?.value {
                // LLaMA-Factory upcasts the trainable parameters to fp32 unless pure_bf16
                // (adapter.py `init_adapter`); the frozen ones stay in the load dtype.
                let extra = Set((freezeExtraModules?.value ?? []).map { $0.lowercased() })
                s.partial = PartialTraining(trainableBlocks: abs(n),  // the mapping bounds n to ±1,000,000
                                            trainsEmbedding: extra.contains("embed_tokens") || extra.contains("wte"),
                                            trainsHead: extra.contains("lm_head"),
                                            trainableDtype: weightDtype?.key == "pure_bf16" ? s.weightDtype : .fp32)
            }
        }
        return s
    }
}
