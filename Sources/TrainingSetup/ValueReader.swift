// Reading typed values out of a syntax tree, with their locations, safely: a number from the
// user becomes an Int only after a range check, so `1e30` or `-4` yields a diagnostic, never a trap.
import ConfigSyntax
import MemoryModel

/// A key found by path, with its entry.
struct Found {
    var entry: Entry
    var value: Node { entry.value }
    var location: SourceLocation
}

struct ValueReader {
    let root: Node
    let keys: DialectKeys
    /// File the tree came from, when not the main document.
    let file: String?
    /// The parsed document, to expand YAML merge keys (`<<: *base`) and aliases as PyYAML does.
    let document: ParsedDocument?
    var diagnostics: [SetupDiagnostic] = []

    /// The root mapping's entries by key (merge keys expanded; the last duplicate wins, as in
    /// PyYAML), built once: a dialect mapping looks up ~100 keys per analysis, and a linear
    /// search per key was most of a keystroke's cost.
    private let rootIndex: [String: Entry]

    init(root: Node, keys: DialectKeys, file: String? = nil, document: ParsedDocument? = nil) {
        self.root = root
        self.keys = keys
        self.file = file
        self.document = document
        var index: [String: Entry] = [:]
        if root.kind == .mapping {
            for e in document.map({ root.resolvedEntries(in: $0) }) ?? root.entries {
                if let k = e.keyString { index[k] = e }
            }
        }
        rootIndex = index
    }

    var defaultLabel: String { keys.defaultLabel }

    func find(_ path: String) -> Found? {
        // Most paths are one top-level key: a dictionary lookup, no allocation.
        guard path.utf8.contains(UInt8(ascii: ".")) else {
            guard var e = rootIndex[path] else { return nil }
            if let doc = document, e.value.kind == .alias, let target = doc.resolveAlias(e.value) { e.value = target }
            return Found(entry: e, location: SourceLocation(keyRange: e.key.range, valueRange: e.value.range, file: file))
        }
        let parts = path.split(separator: ".").map(String.init)
        var node = root
        var entry: Entry?
        for (i, p) in parts.enumerated() {
            guard node.kind == .mapping else { return nil }
            var found: Entry?
            if i == 0 {
                found = rootIndex[p]
            } else if let doc = document {
                found = node.resolvedEntries(in: doc).last(where: { $0.keyString == p })
            } else {
                found = node.entry(p)
            }
            if let doc = document, var e = found, e.value.kind == .alias, let target = doc.resolveAlias(e.value) {
                e.value = target
                found = e
            }
            guard let e = found else { return nil }
            entry = e
            if i < parts.count - 1 { node = e.value }
        }
        guard let entry else { return nil }
        return Found(entry: entry, location: SourceLocation(keyRange: entry.key.range, valueRange: entry.value.range, file: file))
    }

    func explicit(_ f: Found) -> Provenance { .explicit(f.location) }
    func defaulted() -> Provenance { .frameworkDefault(defaultLabel) }

    /// The default from the key table, as a setting.
    func defaultSetting<T>(_ value: T, key: String?) -> Setting<T> {
        Setting(value, .frameworkDefault(defaultLabel), key: key)
    }

    func isNull(_ f: Found) -> Bool { f.value.kind == .scalar && (f.value.scalar == nil || f.value.scalar == .null) }

    // MARK: Scalars

    func string(_ path: String) -> Setting<String>? {
        guard let f = find(path), f.value.kind == .scalar, let s = f.value.scalar else { return nil }
        switch s {
        case .string(let v): return Setting(v, explicit(f), key: path)
        case .int(let v): return Setting(String(v), explicit(f), key: path)
        case .float(let v): return Setting(String(v), explicit(f), key: path)
        case .bool(let v): return Setting(v ? "true" : "false", explicit(f), key: path)
        case .null: return nil
        }
    }

    /// A boolean, also from the strings `true`/`false`/`yes`/`no` (pydantic and argparse accept
    /// them). Anything else is left to the type check and reads as absent.
    func bool(_ path: String) -> Setting<Bool>? {
        guard let f = find(path), f.value.kind == .scalar, let s = f.value.scalar else { return nil }
        switch s {
        case .bool(let b): return Setting(b, explicit(f), key: path)
        case .string(let v):
            switch v.lowercased() {
            case "true", "yes", "on", "1": return Setting(true, explicit(f), key: path)
            case "false", "no", "off", "0": return Setting(false, explicit(f), key: path)
            default: return nil
            }
        case .int(let v) where v == 0 || v == 1: return Setting(v == 1, explicit(f), key: path)
        default: return nil
        }
    }

    /// An integer in `range`; out-of-range, fractional or absurd numbers give `invalid-value`
    /// and read as absent. Strings are left to the type check (and `"auto"` reads as absent).
    mutating func int(_ path: String, in range: ClosedRange<Int>, what: String) -> Setting<Int>? {
        guard let f = find(path), f.value.kind == .scalar, let s = f.value.scalar else { return nil }
        switch s {
        case .int(let v):
            if v >= Int64(range.lowerBound) && v <= Int64(range.upperBound) {
                return Setting(Int(v), explicit(f), key: path)
            }
            report(f, what: what, text: String(v), range: range)
            return nil
        case .float(let d):
            if d.isFinite, d == d.rounded(), d >= Double(range.lowerBound), d <= Double(range.upperBound) {
                return Setting(Int(d), explicit(f), key: path)
            }
            report(f, what: what, text: f.value.rawText ?? String(d), range: range)
            return nil
        case .string(let text):
            // PyYAML keeps `1e3` a string; the type check reports it. Read it if it is an integer.
            guard let d = Double(text) else { return nil }
            if d.isFinite, d == d.rounded(), d >= Double(range.lowerBound), d <= Double(range.upperBound) {
                return Setting(Int(d), explicit(f), key: path)
            }
            report(f, what: what, text: text, range: range)
            return nil
        default:
            return nil
        }
    }

    /// A number (Double), finite and within `range`.
    mutating func number(_ path: String, in range: ClosedRange<Double>, what: String) -> Setting<Double>? {
        guard let f = find(path), f.value.kind == .scalar, let s = f.value.scalar else { return nil }
        var value: Double?
        switch s {
        case .int(let v): value = Double(v)
        case .float(let v): value = v
        case .string(let t): value = Double(t)
        default: value = nil
        }
        guard let v = value else { return nil }
        if v.isFinite && range.contains(v) { return Setting(v, explicit(f), key: path) }
        diagnostics.append(SetupDiagnostic(range: f.value.range, severity: .error, code: DiagnosticCode.invalidValue,
                                           message: "\(what) must be between \(fmt(range.lowerBound)) and \(fmt(range.upperBound)); \(f.value.rawText ?? fmt(v)) is not.",
                                           file: file))
        return nil
    }

    private func fmt(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
    }

    private mutating func report(_ f: Found, what: String, text: String, range: ClosedRange<Int>) {
        let message: String
        if range.lowerBound >= 1, let v = f.value.scalar?.number, v <= 0 {
            message = "\(what) must be at least \(range.lowerBound); \(text) is not."
        } else if let v = f.value.scalar?.number, v != v.rounded() {
            message = "\(what) must be a whole number; \(text) is not."
        } else {
            message = "\(what) must be between \(range.lowerBound) and \(range.upperBound); \(text) is out of range."
        }
        diagnostics.append(SetupDiagnostic(range: f.value.range, severity: .error, code: DiagnosticCode.invalidValue,
                                           message: message, file: file))
    }

    /// String items of a list, or the comma-separated parts of a string.
    func stringList(_ path: String) -> Setting<[String]>? {
        guard let f = find(path) else { return nil }
        switch f.value.kind {
        case .sequence:
            let items = f.value.items.compactMap { item -> String? in
                guard item.kind == .scalar, let s = item.scalar else { return nil }
                if case .string(let v) = s { return v }
                return nil
            }
            return Setting(items, explicit(f), key: path)
        case .scalar:
            guard let s = f.value.scalar?.string else { return nil }
            let parts = s.split(separator: ",").map { String($0).trimmingCharactersInSet(" \t") }.filter { !$0.isEmpty }
            return Setting(parts, explicit(f), key: path)
        default:
            return nil
        }
    }
}

// MARK: Shared vocabularies

enum Vocabulary {
    /// A Hugging Face / Axolotl optimizer name -> the estimator's optimizer.
    static func hfOptimizer(_ name: String) -> Optimizer {
        let n = name.lowercased()
        switch n {
        case "adamw_torch_fused", "adamw_torch_npu_fused", "flash_adamw", "flash_adam": return .adamwFused
        case "adamw_bnb_8bit", "adamw_8bit", "adamw_torch_8bit", "ao_adamw_8bit", "galore_adamw_8bit",
             "galore_adamw_8bit_layerwise", "q_galore_adamw8bit", "ademamix_8bit", "rmsprop_bnb_8bit", "adamw_torch_4bit",
             "ao_adamw_4bit", "ao_adamw_fp8":
            return .adamw8bit
        case "paged_adamw_8bit", "paged_ademamix_8bit": return .pagedAdamw8bit
        case "paged_adamw_32bit", "paged_ademamix_32bit": return .pagedAdamw32bit
        case "adafactor", "galore_adafactor", "galore_adafactor_layerwise", "lomo", "adalomo": return .adafactor
        case "sgd", "flash_sgd", "flash_sgdw", "schedule_free_sgd": return .sgd
        case "lion_32bit", "paged_lion_32bit", "flash_lion": return .lion
        case "lion_8bit", "paged_lion_8bit": return .lion8bit
        default: return .adamw
        }
    }

    /// A Python optimizer class path (torchtune `_component_`, LitGPT `class_path`).
    static func classOptimizer(_ path: String, fused: Bool) -> Optimizer {
        let last = path.split(separator: ".").last.map(String.init)?.lowercased() ?? path.lowercased()
        switch last {
        case "pagedadamw8bit", "pagedadam8bit": return .pagedAdamw8bit
        case "adamw8bit", "adam8bit", "adamw4bit", "adamwfp8": return .adamw8bit
        case "pagedadamw", "pagedadamw32bit", "pagedadam": return .pagedAdamw32bit
        case "adafactor": return .adafactor
        case "sgd": return .sgd
        case "lion": return .lion
        case "lion8bit", "pagedlion8bit": return .lion8bit
        default: return fused ? .adamwFused : .adamw
        }
    }

    /// Module names (PEFT / torchtune / MLX paths) -> which layers carry LoRA.
    static func loraTargets(_ names: [String]) -> LoraTargets {
        if names.contains(where: { ["all-linear", "all_linear", "all"].contains($0.lowercased()) }) { return .allLinear }
        var t = LoraTargets(attentionQuery: false, attentionKey: false, attentionValue: false,
                            attentionOutput: false, mlp: false, head: false)
        for raw in names {
            let n = (raw.split(separator: ".").last.map(String.init) ?? raw).lowercased()
            switch n {
            case "q_proj", "query", "wq", "q": t.attentionQuery = true
            case "k_proj", "key", "wk", "k": t.attentionKey = true
            case "v_proj", "value", "wv", "v": t.attentionValue = true
            case "qkv_proj", "query_key_value", "c_attn", "qkv", "attn":
                t.attentionQuery = true; t.attentionKey = true; t.attentionValue = true
            case "o_proj", "out_proj", "output_proj", "dense", "wo", "proj", "attention.dense": t.attentionOutput = true
            case "gate_proj", "up_proj", "down_proj", "gate_up_proj", "fc1", "fc2", "w1", "w2", "w3", "c_fc", "c_proj",
                 "dense_h_to_4h", "dense_4h_to_h", "mlp", "experts":
                t.mlp = true
            case "lm_head", "output", "embed_out": t.head = true
            default: break
            }
        }
        return t
    }
}
