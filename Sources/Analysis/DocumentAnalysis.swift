// One document's analysis at one version: what the config says (TrainingSetup), which GPU
// it must fit (TargetResolver), the estimate (MemoryModel), and the findings. Immutable, so
// the server keeps it per version and answers every hover and code action from it.

import ConfigSyntax
import MemoryModel
import TrainingSetup

/// Settings that come from the editor or the command line.
public struct AnalysisSettings: Sendable, Hashable {
    /// The target GPU (`headroom.gpu`), lowest-priority source (DESIGN.md "The target GPU").
    public var gpu: String?
    public var gpuCount: Int?
    /// Within this share of the GPU's memory the verdict is a warning (default 5 %).
    public var margin: Double
    /// `--gpu` on the command line: beats the file's directive.
    public var commandLineGPU: String?

    public init(gpu: String? = nil, gpuCount: Int? = nil, margin: Double = 0.05, commandLineGPU: String? = nil) {
        self.gpu = gpu
        self.gpuCount = gpuCount
        self.margin = margin
        self.commandLineGPU = commandLineGPU
    }
}

public final class DocumentAnalysis: Sendable {
    public let document: ParsedDocument
    public let path: String?
    public let setup: SetupAnalysis
    public let target: TargetGPU?
    /// The estimator's input and output, when the model is known and the setup valid.
    public let estimatorInput: Setup?
    public let estimate: Estimate?
    public let findings: [Finding]
    let settings: AnalysisSettings

    init(document: ParsedDocument, path: String?, setup: SetupAnalysis, target: TargetGPU?,
         estimatorInput: Setup?, estimate: Estimate?, findings: [Finding], settings: AnalysisSettings) {
        self.document = document
        self.path = path
        self.setup = setup
        self.target = target
        self.estimatorInput = estimatorInput
        self.estimate = estimate
        self.findings = findings.sorted { ($0.range.start, $0.severity) < ($1.range.start, $1.severity) }
        self.settings = settings
    }

    public var dialect: Dialect { setup.dialect }

    /// The hover for a cursor at `offset`, if the cursor is on something Headroom knows:
    /// both forms, or with `markdown` true or false only that one (the other empty).
    public func hover(at offset: Int, markdown: Bool? = nil) -> HoverInfo? {
        HoverBuilder(analysis: self).hover(at: offset, markdown: markdown)
    }

    /// The whole breakdown (as on the model key's hover), for `headroom estimate`.
    public func breakdown(markdown: Bool) -> String? {
        guard let e = estimate, let s = estimatorInput else { return nil }
        let (md, plain) = HoverBuilder(analysis: self).breakdown(estimate: e, setup: s, field: "model", keyName: "model",
                                                                 forms: (markdown, !markdown))
        return markdown ? md : plain
    }

    /// Every suggestion that lowers the peak, and make-it-fit when over the target, with the
    /// estimate each would reach (`headroom estimate`).
    public func suggestions() -> [Suggestion] {
        guard let input = estimatorInput else { return [] }
        var out = WhatIf.suggestions(for: input, gpu: target?.gpu)
        if let t = target, let fit = WhatIf.makeItFit(input, gpu: t.gpu) { out.insert(fit, at: 0) }
        return out
    }

    /// Code actions for a selection: quickfixes whose finding overlaps it, then refactors.
    public func fixes(in range: ByteRange) -> [Fix] {
        FixBuilder(analysis: self).fixes(in: range)
    }
}

public enum Analyzer {
    /// Documents larger than this are not parsed (a training config is a few KB; parsing costs
    /// ~40 bytes of memory per byte of dense YAML, so this also bounds memory near 650 MB).
    public static let maxDocumentBytes = 16 << 20

    /// Builds the tables every analysis reads on first use (the model and GPU catalogs, each
    /// dialect's key table: ~3 ms together). The server calls it on a thread of its own once it
    /// has answered `initialize`, so the first `didOpen` does not pay for them; a caller that
    /// reaches a table first simply waits for it (each is a thread-safe lazy constant).
    public static func prepareTables() {
        _ = Catalog.builtIn
        for dialect in Dialect.allCases { _ = DialectKeys.forDialect(dialect) }
    }

    /// The analysis of a document too large to read: one warning, nothing else.
    public static func tooLarge(byteCount: Int, format: SyntaxFormat, path: String?, settings: AnalysisSettings) -> DocumentAnalysis {
        let empty = ConfigParser.parse("", format: format)
        let setup = SetupReader.read(empty, path: path, options: SetupReaderOptions(reader: nil, validate: false))
        let mb = Format.fixed(Double(byteCount) / 1_048_576, 1)
        let finding = Finding(range: ByteRange(0, 0), severity: .warning, code: "too-large",
                              message: "This document is \(mb) MiB; Headroom reads configs up to \(maxDocumentBytes >> 20) MiB and did not analyse it.")
        return DocumentAnalysis(document: empty, path: path, setup: setup, target: nil, estimatorInput: nil,
                                estimate: nil, findings: [finding], settings: settings)
    }

    /// Analyses a parsed document; `reader` follows references (DeepSpeed JSON, local model
    /// directories, the Hugging Face cache, `.headroom.yaml`), nil to follow none.
    public static func analyze(_ document: ParsedDocument, path: String?, settings: AnalysisSettings,
                               reader: ReferenceReader? = FileSystemReferenceReader(),
                               catalog: Catalog = .builtIn) -> DocumentAnalysis {
        var findings = document.diagnostics.map { d in
            Finding(range: d.range, severity: d.severity == .error ? .error : .warning, code: d.code, message: d.message)
        }
        let setup = SetupReader.read(document, path: path, options: SetupReaderOptions(reader: reader))
        findings += setup.diagnostics.compactMap { d in
            // Findings in a referenced file are reported on the key that names the file.
            let range = d.file == nil ? d.range : (setup.config.deepspeedReference?.valueRange ?? ByteRange(0, 0))
            let message = d.file.map { "\($0): \(d.message)" } ?? d.message
            return Finding(range: range, severity: d.severity, code: d.code, message: message)
        }
        guard setup.dialect != .unknown else {
            return DocumentAnalysis(document: document, path: path, setup: setup, target: nil, estimatorInput: nil,
                                    estimate: nil, findings: findings, settings: settings)
        }
        let (target, targetFindings) = TargetResolver.resolve(settings: settings, directive: setup.config.directives.gpu,
                                                              path: path, reader: reader, catalog: catalog)
        findings += targetFindings
        var input = setup.setup
        if var s = input, let t = target, t.count > 1, setup.config.gpuCount?.provenance.isDefault ?? true {
            s.gpuCount = t.count
            input = s
        }
        var estimate: Estimate?
        if let s = input {
            let e = MemoryEstimator.estimate(s, gpu: target?.gpu)
            if e.isValid {
                estimate = e
                findings += FitVerdict.findings(config: setup.config, estimate: e, target: target,
                                                margin: settings.margin, catalog: catalog, setup: s)
                // A PEFT method the estimator approximates is said so, never passed off as LoRA.
                if let at = FitVerdict.entryRange(setup.config.adapterKind) ?? FitVerdict.entryRange(setup.config.method)
                    ?? FitVerdict.entryRange(setup.config.model) {
                    let kind = setup.config.adapterKind?.value
                    findings += e.notModelled.map { what in
                        let message = kind.map { "Estimate is approximate: “\($0)” adapters are not modelled; estimated as LoRA (r=\(s.loraRank)) on the same modules." }
                            ?? "Estimate is approximate: \(what)."
                        return Finding(range: at, severity: .information, code: "not-modelled", message: message)
                    }
                }
            }
        }
        return DocumentAnalysis(document: document, path: path, setup: setup, target: target, estimatorInput: input,
                                estimate: estimate, findings: findings, settings: settings)
    }
}
