// Hover content. On the model key and on every memory-relevant key: the per-GPU breakdown
// (component, GiB, share, a bar), the target and the headroom left, and what the hovered
// key costs. On other known keys: the key's documentation from the dialect's key table.

import ConfigSyntax
import MemoryModel
import TrainingSetup

struct HoverBuilder {
    let analysis: DocumentAnalysis

    func hover(at offset: Int) -> HoverInfo? {
        guard analysis.dialect != .unknown, let root = analysis.document.root else { return nil }
        guard let (path, entry) = Self.entry(at: offset, in: root) else { return nil }
        let range = ByteRange(entry.key.range.start, max(entry.key.range.end, entry.value.kind == .scalar ? entry.value.range.end : entry.key.range.end))
        if let field = memoryField(at: entry), let estimate = analysis.estimate, let setup = analysis.estimatorInput {
            let (md, plain) = breakdown(estimate: estimate, setup: setup, field: field, keyName: path.joined(separator: "."))
            return HoverInfo(range: range, markdown: md, plainText: plain)
        }
        if let spec = DialectKeys.forDialect(analysis.dialect)?[path.joined(separator: ".")] {
            return HoverInfo(range: range, markdown: documentation(spec, markdown: true), plainText: documentation(spec, markdown: false))
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
        for f in c.fieldDescriptions {
            guard let loc = f.provenance.location, loc.isInDocument, !f.provenance.isDefault else { continue }
            if loc.keyRange == entry.key.range || loc.valueRange == entry.value.range { return f.name }
        }
        return nil
    }

    // MARK: Breakdown

    func breakdown(estimate e: Estimate, setup: Setup, field: String, keyName: String) -> (String, String) {
        let cfg = analysis.setup
        let modelName = cfg.model.map { m in
            m.architecture.hfRepo ?? m.architecture.id
        } ?? "model"
        let params = Format.fixed(Double(e.parameters) / 1e9, 2) + "B params"
        let title = "\(modelName) · \(setup.method.rawValue.uppercased() == "FULL" ? "full fine-tuning" : setup.method.rawValue.uppercased()) · \(cfg.dialect.rawValue)"
        var md = "**Headroom** · \(title) (\(params))\n\n"
        var plain = "Headroom · \(title) (\(params))\n\n"

        md += "| component | GiB | share | |\n|---|---:|---:|---|\n"
        let shown = e.components.filter { $0.bytes > 0 }.sorted { $0.bytes > $1.bytes }
        let total = e.peakBytesPerGpu
        let width = shown.map(\.label.count).max() ?? 10
        for c in shown {
            let share = c.countedInPeak ? Format.percent(c.bytes, of: total) : "paged"
            let gib = Format.fixed(Double(c.bytes) / Format.gib, 2)
            md += "| \(c.label) | \(gib) | \(share) | `\(Format.bar(c.countedInPeak ? c.bytes : 0, of: total, width: 16))` |\n"
            plain += c.label.padding(to: width) + "  " + gib.leftPadding(to: 7) + "  " + share.leftPadding(to: 5) + "  "
                + Format.bar(c.countedInPeak ? c.bytes : 0, of: total, width: 16) + "\n"
        }
        md += "| **Peak per GPU** | **\(Format.fixed(Double(total) / Format.gib, 2))** | | |\n\n"
        plain += "Peak per GPU".padding(to: width) + "  " + Format.fixed(Double(total) / Format.gib, 2).leftPadding(to: 7) + "\n\n"

        let verdict = verdictLine(e)
        md += verdict.md + "\n"
        plain += verdict.plain + "\n"
        if let cost = costLine(field: field, keyName: keyName, setup: setup, base: e) {
            md += "\n`\(keyName)`: \(cost)\n"
            plain += "\n\(keyName): \(cost)\n"
        }
        for note in e.notes {
            md += "\n_\(note)_\n"
            plain += "\n\(note)\n"
        }
        if let checked = MemoryEstimator.checkedNote(for: setup.framework) {
            md += "\n_Estimate checked: \(checked)._\n"
            plain += "\nEstimate checked: \(checked).\n"
        }
        return (md, plain)
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
