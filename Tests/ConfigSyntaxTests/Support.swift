@testable import ConfigSyntax

/// A node as plain data (for comparisons): anchors/aliases unresolved, ranges dropped.
enum Plain: Equatable, CustomStringConvertible {
    case null, bool(Bool), int(Int64), float(Double), string(String)
    case seq([Plain]), map([(Plain, Plain)])
    case alias(String), invalid

    static func == (a: Plain, b: Plain) -> Bool {
        switch (a, b) {
        case (.null, .null), (.invalid, .invalid): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.float(let x), .float(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.int(let x), .float(let y)), (.float(let y), .int(let x)): return Double(x) == y
        case (.string(let x), .string(let y)): return x == y
        case (.alias(let x), .alias(let y)): return x == y
        case (.seq(let x), .seq(let y)): return x == y
        case (.map(let x), .map(let y)):
            guard x.count == y.count else { return false }
            return zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return "\(b)"
        case .int(let i): return "\(i)"
        case .float(let d): return "\(d)f"
        case .string(let s): return "\"\(s)\""
        case .seq(let x): return "[" + x.map(\.description).joined(separator: ", ") + "]"
        case .map(let x): return "{" + x.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}"
        case .alias(let a): return "*\(a)"
        case .invalid: return "<invalid>"
        }
    }
}

func plain(_ node: Node) -> Plain {
    switch node.kind {
    case .scalar:
        switch node.scalar ?? .null {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        case .string(let s): return .string(s)
        }
    case .sequence: return .seq(node.items.map(plain))
    case .mapping: return .map(node.entries.map { (plain($0.key), plain($0.value)) })
    case .alias: return .alias(node.aliasTarget ?? "")
    case .invalid: return .invalid
    }
}

func yaml(_ s: String) -> ParsedDocument { ConfigParser.parse(s, format: .yaml) }
func json(_ s: String) -> ParsedDocument { ConfigParser.parse(s, format: .json) }

/// The text a range covers.
func slice(_ doc: ParsedDocument, _ r: ByteRange) -> String {
    let u = Array(doc.text.utf8)
    guard r.start >= 0, r.end <= u.count, r.start <= r.end else { return "<bad range \(r)>" }
    return String(decoding: u[r.start..<r.end], as: UTF8.self)
}

func codes(_ doc: ParsedDocument) -> [String] { doc.diagnostics.map(\.code) }
