// Scalar resolution with tags, and duplicate-key detection, for the YAML parser.

enum YAMLParserSupport {
    /// A plain scalar's value (PyYAML rules). Multi-line plain scalars are strings unless they
    /// fold to something the resolver recognises (PyYAML resolves the folded value).
    static func resolvePlain(_ value: String, _ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, multiline: Bool) -> ScalarValue {
        if !multiline, e > s {
            return YAMLResolver.pyyaml(UnsafeBufferPointer(rebasing: b[s..<e]), string: value)
        }
        return YAMLResolver.pyyaml(value)
    }


    /// Applies an explicit tag the way PyYAML's constructors would (never executing anything).
    static func resolveTagged(_ text: String, tag: String, plain: Bool) -> ScalarValue {
        switch tag {
        case "!!str", "!<tag:yaml.org,2002:str>", "!", "tag:yaml.org,2002:str":
            return .string(text)
        case "!!null", "!<tag:yaml.org,2002:null>":
            return .null
        case "!!bool", "!<tag:yaml.org,2002:bool>":
            let v = YAMLResolver.pyyaml(text)
            if case .bool = v { return v }
            return .string(text)
        case "!!int", "!<tag:yaml.org,2002:int>":
            let v = YAMLResolver.pyyaml(text)
            switch v {
            case .int: return v
            case .float where !text.contains(".") && !text.lowercased().contains("inf") && !text.lowercased().contains("nan"): return v
            default: return .string(text)
            }
        case "!!float", "!<tag:yaml.org,2002:float>":
            let v = YAMLResolver.pyyaml(text)
            switch v {
            case .int(let i): return .float(Double(i))
            case .float: return v
            default: return .string(text)
            }
        default:
            return plain ? YAMLResolver.pyyaml(text) : .string(text)
        }
    }

    /// A mapping key as Python compares dictionary keys: `1`, `1.0` and `true` are equal.
    static func normalizedKey(_ key: Node) -> ScalarValue? {
        guard key.kind == .scalar, let v = key.scalar else { return nil }
        switch v {
        case .string(let s):
            // Merge keys may repeat (a plain untagged `<<` always resolves to the string "<<").
            if s.utf8.count == 2, s == "<<", key.style == .plain, key.tag == nil, key.rawText == "<<" { return nil }
            return v
        case .bool(let x): return .int(x ? 1 : 0)
        case .float(let d):
            if d.isNaN { return nil }
            if d == d.rounded(), abs(d) < 9.2e18 { return .int(Int64(d)) }
            return v
        default: return v
        }
    }

    /// The index of an earlier entry with the same key, if any.
    static func duplicateIndex(of key: Node, in entries: ArraySlice<Entry>, index: inout [ScalarValue: Int]?) -> Int? {
        let base = entries.startIndex
        return duplicateIndex(of: key, count: entries.count, keyAt: { entries[base + $0].key }, index: &index)
    }

    /// The same over `count` earlier keys read by `keyAt` (the parser keeps arena indices).
    static func duplicateIndex(of key: Node, count: Int, keyAt: (Int) -> Node, index: inout [ScalarValue: Int]?) -> Int? {
        guard let k = normalizedKey(key) else { return nil }
        if count < 12 {
            for i in 0..<count where normalizedKey(keyAt(i)) == k { return i }
            return nil
        }
        if index == nil {
            var d: [ScalarValue: Int] = [:]
            for i in 0..<count {
                if let ek = normalizedKey(keyAt(i)), d[ek] == nil { d[ek] = i }
            }
            index = d
        }
        // One hash per key: insert, and put the first index back in the rare duplicate case.
        guard var d = index else { return nil }
        index = nil
        let found = d.updateValue(count, forKey: k)
        if let f = found { d[k] = f }
        index = d
        return found
    }

    static func duplicateDiagnostic(key: Node, first: Node) -> SyntaxDiagnostic {
        let name = key.rawText ?? "?"
        return SyntaxDiagnostic(range: key.range, severity: .warning, code: "duplicate-key",
                                message: "Duplicate key '\(name)': PyYAML silently keeps the last one, so the earlier value is ignored")
    }
}
