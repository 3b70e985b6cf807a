// Code actions: each suggestion that lowers the peak, as edits in the file's own dialect,
// titled with the memory it would reach and its cost. Over the target (or inside the margin)
// they are quickfixes attached to the verdict, with make-it-fit preferred; when the setup
// fits they are offered as refactors with their savings.

import ConfigSyntax
import MemoryModel
import TrainingSetup

struct FixBuilder {
    let analysis: DocumentAnalysis

    func fixes(in range: ByteRange) -> [Fix] {
        guard let input = analysis.estimatorInput, let base = analysis.estimate else { return [] }
        let verdict = analysis.findings.first { $0.code == FitVerdict.code || $0.code == FitVerdict.marginCode }
        if let v = verdict, !(v.range.start <= range.end && range.start <= v.range.end) {
            // Quickfixes belong to the verdict's range; elsewhere offer the rewrites as refactors.
            return suggestionFixes(input: input, base: base, attachTo: nil)
        }
        var out: [Fix] = []
        if let v = verdict, let t = analysis.target, let fit = WhatIf.makeItFit(input, gpu: t.gpu),
           let edits = combinedEdits(for: fit), let reached = outcome(of: edits),
           reached.peakBytesPerGpu <= t.gpu.usableMemoryBytes {
            out.append(Fix(id: "make-it-fit", title: "\(fit.title): \(arrow(base, reached)) (\(fit.costNote))",
                           kind: .quickfix, isPreferred: true, edits: edits, fixes: v))
        }
        return out + suggestionFixes(input: input, base: base, attachTo: verdict)
    }

    func suggestionFixes(input: Setup, base: Estimate, attachTo verdict: Finding?) -> [Fix] {
        var out: [Fix] = []
        for s in WhatIf.suggestions(for: input, gpu: analysis.target?.gpu) {
            guard let edits = SetupEdits.edits(for: s.id, in: analysis.setup.config, document: analysis.document,
                                               parameters: parameters(for: s, from: input)),
                  !edits.isEmpty,
                  let reached = outcome(of: edits), reached.peakBytesPerGpu < base.peakBytesPerGpu else { continue }
            let title = verdict == nil
                ? "\(s.title): saves \(Format.gib(base.peakBytesPerGpu - reached.peakBytesPerGpu)) per GPU (\(s.costNote))"
                : "\(s.title): \(arrow(base, reached)) (\(s.costNote))"
            out.append(Fix(id: s.id, title: title, kind: verdict == nil ? .refactor : .quickfix,
                           isPreferred: false, edits: edits, fixes: verdict))
        }
        return out
    }

    /// The estimate of the config as the edits leave it, read back from the edited text: the
    /// number in a title is what the rewritten file really gives, not what the change meant.
    func outcome(of edits: [TextEdit]) -> Estimate? {
        let doc = ConfigParser.parse(TextEdits.apply(edits, to: analysis.document.text), format: analysis.document.format)
        let read = SetupReader.read(doc, path: analysis.path, options: SetupReaderOptions(reader: nil, validate: false))
        guard let original = analysis.estimatorInput else { return nil }
        var s = read.config.makeSetup(model: original.model)
        if read.config.gpuCount?.provenance.isDefault ?? true { s.gpuCount = original.gpuCount }
        let e = MemoryEstimator.estimate(s, gpu: analysis.target?.gpu)
        return e.isValid ? e : nil
    }

    /// `31.2 -> 11.4 GiB, fits RTX 4090`.
    func arrow(_ base: Estimate, _ new: Estimate) -> String {
        var s = "\(Format.fixed(Double(base.peakBytesPerGpu) / Format.gib, 1)) → \(Format.gib(new.peakBytesPerGpu))"
        if let t = analysis.target {
            s += new.peakBytesPerGpu <= t.gpu.usableMemoryBytes ? ", fits \(t.gpu.name)" : ", still over \(t.gpu.name)"
        }
        return s
    }

    /// The same new values the estimate assumed (halvings, the shorter length).
    func parameters(for s: Suggestion, from input: Setup) -> EditParameters {
        var p = EditParameters()
        let changed = s.changedSetup
        if changed.microBatchSize < input.microBatchSize, changed.microBatchSize > 0,
           input.microBatchSize % changed.microBatchSize == 0 {
            p.microBatchDivisor = input.microBatchSize / changed.microBatchSize
        }
        if changed.sequenceLength < input.sequenceLength { p.sequenceLength = changed.sequenceLength }
        return p
    }

    /// make-it-fit combines several changes: apply them one after another (each on the text the
    /// previous one produced, re-read), then express the result as one edit of the changed span.
    func combinedEdits(for fit: Suggestion) -> [TextEdit]? {
        guard let input = analysis.estimatorInput else { return nil }
        var text = analysis.document.text
        var seen: Set<String> = []
        let params = parameters(for: fit, from: input)
        // Repeated halvings are written `smaller-micro-batch×2`; the edit parameters carry the total.
        let ids = fit.changes.map { String($0.split(separator: "×").first ?? Substring($0)) }
        for id in ids where seen.insert(id).inserted {
            let doc = ConfigParser.parse(text, format: analysis.document.format)
            let config = SetupReader.read(doc, path: analysis.path, options: SetupReaderOptions(reader: nil, validate: false)).config
            guard let edits = SetupEdits.edits(for: id, in: config, document: doc, parameters: params) else { return nil }
            text = TextEdits.apply(edits, to: text)
        }
        return Self.lineEdits(from: analysis.document.text, to: text)
    }

    /// The changed lines as separate edits (a line-level LCS), so that an editor keeps marks,
    /// cursor and undo steps for untouched lines; one prefix/suffix edit for very long files.
    static func lineEdits(from old: String, to new: String) -> [TextEdit]? {
        let a = lines(old), b = lines(new)
        guard a.count <= 1000, b.count <= 1000 else { return minimalEdit(from: old, to: new).map { [$0] } }
        // lcs[i][j] = length of the LCS of a[i...] and b[j...].
        var lcs = [[Int32]](repeating: [Int32](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lcs[i][j] = a[i].text == b[j].text ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var edits: [TextEdit] = []
        var i = 0, j = 0
        var hunk: (start: Int, end: Int, text: String)?
        func flush() {
            if let h = hunk { edits.append(TextEdit(range: ByteRange(h.start, h.end), replacement: h.text)) }
            hunk = nil
        }
        let oldEnd = old.utf8.count
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i].text == b[j].text {
                flush()
                i += 1
                j += 1
            } else if j < b.count, i == a.count || lcs[i][j + 1] >= lcs[i + 1][j] {
                let at = i < a.count ? a[i].start : oldEnd
                if hunk == nil { hunk = (at, at, "") }
                hunk?.text += b[j].text
                j += 1
            } else {
                if hunk == nil { hunk = (a[i].start, a[i].start, "") }
                hunk?.end = a[i].start + a[i].text.utf8.count
                i += 1
            }
        }
        flush()
        return edits.isEmpty ? nil : edits
    }

    /// Lines with their terminators, and where each starts (UTF-8 offset).
    static func lines(_ text: String) -> [(start: Int, text: String)] {
        var out: [(Int, String)] = []
        let bytes = Array(text.utf8)
        var start = 0
        for (k, byte) in bytes.enumerated() where byte == 0x0A {
            out.append((start, String(decoding: bytes[start...k], as: UTF8.self)))
            start = k + 1
        }
        if start < bytes.count { out.append((start, String(decoding: bytes[start...], as: UTF8.self))) }
        return out
    }

    /// One edit covering the bytes between the common prefix and the common suffix.
    static func minimalEdit(from old: String, to new: String) -> TextEdit? {
        let a = Array(old.utf8), b = Array(new.utf8)
        guard a != b else { return nil }
        var p = 0
        while p < a.count, p < b.count, a[p] == b[p] { p += 1 }
        var s = 0
        while s < a.count - p, s < b.count - p, a[a.count - 1 - s] == b[b.count - 1 - s] { s += 1 }
        // Keep the cut on character boundaries.
        while p > 0, p < a.count, a[p] & 0xC0 == 0x80 { p -= 1 }
        while s > 0, a.count - s < a.count, a[a.count - s] & 0xC0 == 0x80 { s -= 1 }
        return TextEdit(range: ByteRange(p, a.count - s), replacement: String(decoding: b[p..<(b.count - s)], as: UTF8.self))
    }
}
