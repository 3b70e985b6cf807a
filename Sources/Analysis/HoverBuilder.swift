// Hover content. On the model key and on every memory-relevant key: the per-GPU breakdown
// (component, GiB, share, a bar), the target and the headroom left, and what the hovered
// key costs. On other known keys: the key's documentation from the dialect's key table.

import ConfigSyntax
import MemoryModel
import TrainingSetup

struct HoverBuilder {
    let analysis: DocumentAnalysis

    /// The hover at `offset`; `markdown` nil gives both forms, true or false only that one
    /// (the other is empty).
    func hover(at offset: Int, markdown: Bool? = nil) -> HoverInfo? {
        let forms = (markdown: markdown ?? true, plain: !(markdown ?? false))
        guard analysis.dialect != .unknown, let root = analysis.document.root else { return nil }
        guard let (path, entry) = Self.entry(at: offset, in: root) else { return nil }
        let range = ByteRange(entry.key.range.start, max(entry.key.range.end, entry.value.kind == .scalar ? entry.value.range.end : entry.key.range.end))
        if let field = memoryField(at: entry), let estimate = analysis.estimate, let setup = analysis.estimatorInput {
            let (md, plain) = breakdown(estimate: estimate, setup: setup, field: field, keyName: path.joined(separator: "."), forms: forms)
            return HoverInfo(range: range, markdown: md, plainText: plain)
        }
        if let spec = DialectKeys.forDialect(analysis.dialect)?[path.joined(separator: ".")] {
            return HoverInfo(range: range, markdown: forms.markdown ? documentation(spec, markdown: true) : "",
                             plainText: forms.plain ? documentation(spec, markdown: false) : "")
        }
        return nil
    }

    /// The innermost mapping entry whose key (or scalar value) holds `offset`, with its key path.
    static func entry(at offset: Int, in root: Node) -> ([String], Entry)? {
        var node = root
        var path: [String] = []
        for _ in 0..<64 {
            guard node.kind == .mapping, node.range.touches(offset) || node.range.isEmpty else { return nil }
            guard let e = node.entries.last(where: { $0.range.touches(offset) }), let key = e.keyString else { return nil }
            path.append(key)
            if e.key.range.touches(offset) || e.value.kind != .mapping { return (path, e) }
            node = e.value
        }
        return nil
    }

    /// Which TrainingConfig field the entry sets, when it is one that moves memory.
    func memoryField(at entry: Entry) -> String? {
        let c = analysis.setup.config
        // The model key itself, or a mapping that holds it (torchtune's `model: {_component_: ...}`).
        if let m = FitVerdict.entryRange(c.model), m.start == entry.range.start || m.touches(entry.key.range.start)
            || (entry.value.kind == .mapping && entry.value.range.start <= m.start && m.end <= entry.value.range.end) {
            return "model"
        }
        for f in c.fieldProvenances {
            guard let loc = f.provenance.location, loc.isInDocument, !f.provenance.isDefault else { continue }
            if loc.keyRange == entry.key.range || loc.valueRange == entry.value.range { return f.name }
        }
        return nil
    }

    // MARK: Breakdown

    func breakdown(estimate e: Estimate, setup: Setup, field: String, keyName: String,
                   forms: (markdown: Bool, plain: Bool) = (true, true)) -> (String, String) {
        let cfg = analysis.setup
        let modelName = cfg.model.map { m in
            m.architecture.hfRepo ?? m.architecture.id
        } ?? "model"
        let params = Format.fixed(Double(e.parameters) / 1e9, 2) + "B params"
        let title = "\(modelName) · \(setup.method.rawValue.uppercased() == "FULL" ? "full fine-tuning" : setup.method.rawValue.uppercased()) · \(cfg.dialect.rawValue)"
        var out = TwoTexts(markdown: forms.markdown, plain: forms.plain)
        out.add("**Headroom** · \(title) (\(params))\n\n", "Headroom · \(title) (\(params))\n\n")

        out.add("| component | GiB | share | |\n|---|---:|---:|---|\n", "")
        let shown = e.components.filter { $0.bytes > 0 }.sorted { $0.bytes > $1.bytes }
        let total = e.peakBytesPerGpu
        let width = forms.plain ? shown.map(\.label.count).max() ?? 10 : 0
        for c in shown {
            let share = c.countedInPeak ? Format.percent(c.bytes, of: total) : "paged"
            let gib = Format.fixed(Double(c.bytes) / Format.gib, 2)
            let bar = Format.bar(c.countedInPeak ? c.bytes : 0, of: total, width: 16)
            out.add("| \(c.label) | \(gib) | \(share) | `\(bar)` |\n",
                    c.label.padding(to: width) + "  " + gib.leftPadding(to: 7) + "  " + share.leftPadding(to: 5) + "  " + bar + "\n")
        }
        let peak = Format.fixed(Double(total) / Format.gib, 2)
        out.add("| **Peak per GPU** | **\(peak)** | | |\n\n", "Peak per GPU".padding(to: width) + "  " + peak.leftPadding(to: 7) + "\n\n")

        let verdict = verdictLine(e)
        out.add(verdict.md + "\n", verdict.plain + "\n")
        if let cost = costLine(field: field, keyName: keyName, setup: setup, base: e) {
            out.add("\n`\(keyName)`: \(cost)\n", "\n\(keyName): \(cost)\n")
        }
        for note in e.notes {
            out.add("\n_\(note)_\n", "\n\(note)\n")
        }
        if let checked = MemoryEstimator.checkedNote(for: setup.framework) {
            out.add("\n_Estimate checked: \(checked)._\n", "\nEstimate checked: \(checked).\n")
        }
        return (out.markdown, out.plain)
    }

    /// The breakdown in the forms asked for; the other stays empty (a hover needs only the
    /// client's preferred form, and each costs as much string work as the rest of the hover).
    struct TwoTexts {
        private(set) var markdown = "", plain = ""
        let wantsMarkdown, wantsPlain: Bool
        init(markdown: Bool, plain: Bool) {
            wantsMarkdown = markdown
            wantsPlain = plain
            if markdown { self.markdown.reserveCapacity(2048) }
            if plain { self.plain.reserveCapacity(2048) }
        }
        mutating func add(_ md: @autoclosure () -> String, _ text: @autoclosure () -> String) {
            if wantsMarkdown { markdown += md() }
            if wantsPlain { plain += text() }
        }
    }

    func verdictLine(_ e: Estimate) -> (md: String, plain: String) {
        let peak = Format.gib(e.peakBytesPerGpu)
        guard let t = analysis.target else {
            let s = "Peak \(peak) per GPU (allocated \(Format.gib(e.peakAllocatedBytesPerGpu))). No target GPU: add `# headroom: gpu=NAME`."
            return (s, s.replacingBackticks())
        }
        let usable = t.gpu.usableMemoryBytes
        let gpus = t.count > 1 ? "\(t.count) × \(t.gpu.name)" : t.gpu.name
        if e.peakBytesPerGpu > usable {
            let over = Format.gib(e.peakBytesPerGpu - usable)
            return ("Peak **\(peak)** per GPU on \(gpus) (\(Format.gib(usable)) usable): **\(over) over** — does not fit.",
                    "Peak \(peak) per GPU on \(gpus) (\(Format.gib(usable)) usable): \(over) over — does not fit.")
        }
        let free = Format.gib(usable - e.peakBytesPerGpu)
        return ("Peak **\(peak)** per GPU on \(gpus) (\(Format.gib(usable)) usable): **\(free) free**.",
                "Peak \(peak) per GPU on \(gpus) (\(Format.gib(usable)) usable): \(free) free.")
    }

    /// What the hovered key costs, by re-estimating with it changed.
    func costLine(field: String, keyName: String, setup: Setup, base: Estimate) -> String? {
        func delta(_ change: (inout Setup) -> Void) -> Int64? {
            var s = setup
            change(&s)
            let e = MemoryEstimator.estimate(s, gpu: analysis.target?.gpu)
            guard e.isValid else { return nil }
            return e.peakBytesPerGpu &- base.peakBytesPerGpu
        }
        switch field {
        case "microBatchSize":
            return delta { $0.microBatchSize += 1 }.map { "\(Format.signedGiB($0)) per +1" }
        case "sequenceLength":
            return delta { $0.sequenceLength += 1024 }.map { "\(Format.signedGiB($0)) per +1,024 tokens" }
        case "loraRank":
            guard setup.method != .full else { return nil }
            return delta { $0.loraRank *= 2 }.map { "\(Format.signedGiB($0)) at rank \(setup.loraRank * 2)" }
        case "gradientCheckpointing":
            return delta { $0.gradientCheckpointing.toggle() }.map {
                setup.gradientCheckpointing ? "\(Format.signedGiB($0)) without checkpointing (it costs ~20–30% step time)"
                    : "\(Format.signedGiB($0)) with checkpointing (~20–30% slower steps)"
            }
        case "gpuCount":
            return delta { $0.gpuCount *= 2 }.map { "\(Format.signedGiB($0)) per GPU with \(setup.gpuCount * 2) GPUs" }
        default:
            return nil
        }
    }

    // MARK: Documentation

    func documentation(_ spec: KeySpec, markdown: Bool) -> String {
        let types = spec.types.names.joined(separator: " | ")
        var parts = [markdown ? "**\(spec.name)** (\(types))" : "\(spec.name) (\(types))"]
        if !spec.summary.isEmpty { parts.append(spec.summary) }
        if let d = spec.defaultValue { parts.append(markdown ? "Default: `\(d)`" : "Default: \(d)") }
        if !spec.values.isEmpty { parts.append("Values: " + spec.values.map { markdown ? "`\($0)`" : $0 }.joined(separator: ", ")) }
        if let dep = spec.deprecation { parts.append("Deprecated: \(dep)") }
        if let keys = DialectKeys.forDialect(analysis.dialect) { parts.append(markdown ? "_\(keys.source)_" : keys.source) }
        return parts.joined(separator: "\n\n")
    }
}

extension String {
    func replacingBackticks() -> String { String(filter { $0 != "`" }) }
}
