// JSON Schema (draft 2020-12) of each dialect, rendered from the same key tables the validator
// uses; schema/dialects/<dialect>.schema.json is this output (a test keeps them in sync).

public enum DialectSchema {
    public static func jsonSchema(for dialect: Dialect) -> String? {
        guard let keys = DialectKeys.forDialect(dialect) else { return nil }
        var tree = SchemaNode()
        for spec in keys.keys {
            let parts = spec.name.split(separator: ".").map(String.init)
            tree.insert(spec, at: parts[...])
        }
        var out = "{\n"
        out += "  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n"
        out += "  \"$id\": \"https://headroom.dev/schema/dialects/\(dialect.rawValue).schema.json\",\n"
        out += "  \"title\": \(quote("\(keys.source) config (as read by Headroom)")),\n"
        out += "  \"description\": \(quote("Keys, types, allowed values and defaults of \(keys.source). Generated from Headroom's key tables.")),\n"
        out += "  \"x-headroom-dialect\": \(quote(dialect.rawValue)),\n"
        out += "  \"x-headroom-source\": \(quote(keys.source)),\n"
        out += "  \"type\": \"object\",\n"
        out += render(tree, path: "", keys: keys, indent: 1, isRoot: true)
        out += "\n}\n"
        return out
    }

    struct SchemaNode {
        var spec: KeySpec?
        var children: [(String, SchemaNode)] = []

        mutating func insert(_ spec: KeySpec, at path: ArraySlice<String>) {
            guard let head = path.first else { self.spec = spec; return }
            if let i = children.firstIndex(where: { $0.0 == head }) {
                children[i].1.insert(spec, at: path.dropFirst())
            } else {
                var child = SchemaNode()
                child.insert(spec, at: path.dropFirst())
                children.append((head, child))
            }
        }
    }

    private static func render(_ node: SchemaNode, path: String, keys: DialectKeys, indent: Int, isRoot: Bool) -> String {
        let pad = String(repeating: "  ", count: indent)
        var lines: [String] = []
        let required = node.children.filter { $0.1.spec?.required == true && !($0.1.spec?.name.contains(".") ?? true) }.map(\.0)
        var props: [String] = []
        for (name, child) in node.children {
            props.append(pad + "  " + quote(name) + ": " + property(child, path: path.isEmpty ? name : "\(path).\(name)", keys: keys, indent: indent + 1))
        }
        if !props.isEmpty {
            lines.append(pad + "\"properties\": {\n" + props.joined(separator: ",\n") + "\n" + pad + "}")
        }
        if isRoot && !required.isEmpty {
            lines.append(pad + "\"required\": [" + required.map(quote).joined(separator: ", ") + "]")
        }
        if keys.closedMappings.contains(path) {
            lines.append(pad + "\"additionalProperties\": false")
        }
        return lines.joined(separator: ",\n")
    }

    private static func property(_ node: SchemaNode, path: String, keys: DialectKeys, indent: Int) -> String {
        let pad = String(repeating: "  ", count: indent)
        var fields: [String] = []
        if let spec = node.spec {
            if spec.types != .any {
                var types: [String] = []
                if spec.types.contains(.boolean) { types.append("boolean") }
                if spec.types.contains(.number) { types.append("number") } else if spec.types.contains(.integer) { types.append("integer") }
                if spec.types.contains(.string) { types.append("string") }
                if spec.types.contains(.list) { types.append("array") }
                if spec.types.contains(.mapping) { types.append("object") }
                if spec.types.contains(.null) { types.append("null") }
                fields.append("\"type\": " + (types.count == 1 ? quote(types[0]) : "[" + types.map(quote).joined(separator: ", ") + "]"))
            }
            if !spec.values.isEmpty {
                let stringOnly = spec.types.subtracting(.null) == .string
                if spec.valuesAreClosed && stringOnly {
                    let nullable = spec.types.contains(.null) ? ", null" : ""
                    fields.append("\"enum\": [" + spec.values.map(quote).joined(separator: ", ") + nullable + "]")
                } else {
                    let key = spec.valuesAreClosed ? "x-headroom-enum" : "examples"
                    fields.append(quote(key) + ": [" + spec.values.map(quote).joined(separator: ", ") + "]")
                }
            }
            if let d = spec.defaultValue { fields.append("\"default\": " + jsonDefault(d, spec.types)) }
            if !spec.summary.isEmpty { fields.append("\"description\": " + quote(spec.summary)) }
            if let dep = spec.deprecation {
                fields.append("\"deprecated\": true")
                fields.append("\"x-headroom-deprecation\": " + quote(dep))
            }
            if spec.removed { fields.append("\"not\": {}") }
            if spec.memoryRelevant { fields.append("\"x-headroom-memory\": true") }
        }
        if !node.children.isEmpty {
            if node.spec == nil { fields.append("\"type\": \"object\"") }
            let inner = render(node, path: path, keys: keys, indent: indent, isRoot: false)
            if !inner.isEmpty { fields.append(String(inner.dropFirst(pad.count))) }
        }
        if fields.isEmpty { return "{}" }
        return "{\n" + fields.map { pad + "  " + $0 }.joined(separator: ",\n") + "\n" + pad + "}"
    }

    private static func jsonDefault(_ d: String, _ types: KeyTypes) -> String {
        if d == "true" || d == "false" { return d }
        if (types.contains(.integer) || types.contains(.number)), let v = Double(d), v.isFinite { return d.hasPrefix("+") ? String(d.dropFirst()) : (d.hasPrefix(".") ? "0" + d : d) }
        if d.hasPrefix("[") || d.hasPrefix("{") { return d }
        return quote(d)
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count) + String(u.value, radix: 16) }
                else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
