// `# headroom: key=value ...` directive comments (YAML only; JSON has no comments).
//
//   # headroom: dialect=axolotl
//   # headroom: model=meta-llama/Llama-3.1-8B
//   # headroom: params=7.2B
//   # headroom: gpu=rtx-4090 x2        (resolving the GPU is Analysis's job)
//
// Several may share one comment: `# headroom: gpu=a100-80gb model=org/name`.
import ConfigSyntax

public struct Directive: Sendable, Hashable {
    public var name: String
    /// The value text, trimmed (`rtx-4090 x2`).
    public var value: String
    /// Bytes of the value.
    public var valueRange: ByteRange
    /// Bytes of `name=value`.
    public var range: ByteRange
}

public struct Directives: Sendable, Hashable {
    public var all: [Directive] = []
    public init() {}

    public func first(_ name: String) -> Directive? { all.first { $0.name == name } }
    public var dialect: Directive? { first("dialect") }
    public var model: Directive? { first("model") }
    public var params: Directive? { first("params") }
    public var gpu: Directive? { first("gpu") }

    /// `params=7.2B` as a count, when it reads as one.
    public var parameterCount: Int? { params.flatMap { Directives.parseParameterCount($0.value) } }

    public static let knownNames: Set<String> = ["dialect", "model", "params", "gpu"]

    /// Reads every directive in the comments of `text`.
    public static func parse(comments: [Comment], text: String) -> Directives {
        var result = Directives()
        let utf8 = text.utf8
        let marker = Array("headroom:".utf8)
        for comment in comments {
            // This comment's bytes only (a copy of the whole text per keystroke was most of the cost).
            let lo = max(0, min(comment.range.start, utf8.count))
            let hi = max(lo, min(comment.range.end, utf8.count))
            let bytes = Array(utf8[utf8.index(utf8.startIndex, offsetBy: lo)..<utf8.index(utf8.startIndex, offsetBy: hi)])
            guard let found = find(marker, in: bytes, from: 0, to: bytes.count) else { continue }
            // Only a comment that starts with the marker (after '#' and spaces) is a directive.
            var k = 0
            while k < found, bytes[k] == UInt8(ascii: "#") || bytes[k] == UInt8(ascii: " ") || bytes[k] == UInt8(ascii: "\t") { k += 1 }
            guard k == found else { continue }
            result.all.append(contentsOf: parseBody(bytes, from: found + marker.count, to: bytes.count, base: lo))
        }
        return result
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8], from: Int, to: Int) -> Int? {
        guard to - from >= needle.count else { return nil }
        var i = from
        while i + needle.count <= to {
            if hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }

    /// Tokens separated by blanks; a token without `=` continues the previous value (`x2`).
    /// Ranges are `base` + offsets in `bytes`.
    private static func parseBody(_ bytes: [UInt8], from: Int, to: Int, base: Int) -> [Directive] {
        var tokens: [(Int, Int)] = []
        var i = from
        while i < to {
            while i < to, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D || bytes[i] == 0x0A { i += 1 }
            let start = i
            while i < to, !(bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D || bytes[i] == 0x0A) { i += 1 }
            if i > start { tokens.append((start, i)) }
        }
        var out: [Directive] = []
        for (s, e) in tokens {
            let token = Array(bytes[s..<e])
            if let eq = token.firstIndex(of: UInt8(ascii: "=")), eq > 0 {
                let name = String(decoding: token[..<eq], as: UTF8.self).lowercased()
                let value = String(decoding: token[(eq + 1)...], as: UTF8.self)
                out.append(Directive(name: name, value: value,
                                     valueRange: ByteRange(base + s + eq + 1, base + e), range: ByteRange(base + s, base + e)))
            } else if var last = out.popLast() {
                last.value += " " + String(decoding: token, as: UTF8.self)
                last.valueRange = ByteRange(last.valueRange.start, base + e)
                last.range = ByteRange(last.range.start, base + e)
                out.append(last)
            }
        }
        return out
    }

    /// `7.2B`, `350M`, `1.1b`, `70e9`, `7000000000` -> a count; nil when not a positive size
    /// below 100 trillion.
    public static func parseParameterCount(_ text: String) -> Int? {
        var t = text.trimmingCharactersInSet(" \t").lowercased().replacingAll("_", with: "")
        var scale = 1.0
        if let last = t.last {
            switch last {
            case "k": scale = 1e3
            case "m": scale = 1e6
            case "b", "g": scale = 1e9
            case "t": scale = 1e12
            default: break
            }
            if scale != 1.0 { t.removeLast() }
        }
        guard let v = Double(t), v.isFinite, v > 0 else { return nil }
        let total = v * scale
        guard total >= 1, total < 1e14 else { return nil }
        return Int(total.rounded())
    }
}

extension String {
    func trimmingCharactersInSet(_ chars: String) -> String {
        let set = Set(chars)
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }

    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
