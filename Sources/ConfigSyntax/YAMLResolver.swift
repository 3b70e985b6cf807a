// Plain-scalar resolution.
//
// `pyyaml` reproduces PyYAML's YAML 1.1 implicit resolvers (resolver.py) and constructors
// (constructor.py) exactly: the regexes are checked in PyYAML's order (bool, float, int, merge,
// null, timestamp) and a scalar matching none of them is a string. Timestamps stay strings
// (Headroom has no date type). `core` is the YAML 1.2 core schema, used by the conformance runner.

enum YAMLResolver {
    /// Resolves a plain (unquoted, untagged) scalar the way PyYAML does.
    static func pyyaml(_ s: String) -> ScalarValue {
        var bytes = Array(s.utf8)
        return bytes.withUnsafeMutableBufferPointer { pyyaml(UnsafeBufferPointer($0), string: s) }
    }

    static func pyyaml(_ b: UnsafeBufferPointer<UInt8>, string s: String) -> ScalarValue {
        nonString(b) ?? .string(s)
    }

    /// The value of the plain scalar `b` (its bytes as written), or nil when it is a string
    /// (the caller has or makes the string; the YAML parser keeps the bytes).
    static func nonString(_ b: UnsafeBufferPointer<UInt8>) -> ScalarValue? {
        let n = b.count
        if n == 0 { return .null }
        let c0 = b[0]
        // Fast exit: most config strings start with a letter no resolver accepts.
        if n > 6 || !(c0 == 0x79 || c0 == 0x59 || c0 == 0x6E || c0 == 0x4E || c0 == 0x74 || c0 == 0x54 || c0 == 0x66
                      || c0 == 0x46 || c0 == 0x6F || c0 == 0x4F || c0 == Byte.tilde || c0 == Byte.dot || c0 == Byte.plus || c0 == Byte.minus) {
            guard Byte.isDigit(c0) || c0 == Byte.plus || c0 == Byte.minus || c0 == Byte.dot else { return nil }
            if let v = simpleDecimal(b) { return .int(v) }
            if isPyFloat(b) { return simpleFloat(b, String(decoding: b, as: UTF8.self)) ?? constructPyFloat(b) }
            if isPyInt(b) { return constructPyInt(b) }
            return nil
        }
        if let v = keyword(b) { return v }
        guard Byte.isDigit(c0) || c0 == Byte.plus || c0 == Byte.minus || c0 == Byte.dot else {
            return nil
        }
        if let v = simpleDecimal(b) { return .int(v) }
        if isPyFloat(b) { return simpleFloat(b, String(decoding: b, as: UTF8.self)) ?? constructPyFloat(b) }
        if isPyInt(b) { return constructPyInt(b) }
        return nil
    }

    /// `-?[1-9][0-9]{0,17}` or `-?0` (no underscore, sign or radix prefix): the common integer, read directly.
    @inline(__always) static func simpleDecimal(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        let n = b.count
        var i = 0
        if n > 0, b[0] == Byte.minus { i = 1 }
        let negative = i == 1
        guard i < n, n - i <= 18 else { return nil }
        if b[i] == Byte.zero { return n - i == 1 ? 0 : nil }
        var v: Int64 = 0
        while i < n {
            let c = b[i]
            guard Byte.isDigit(c) else { return nil }
            v = v &* 10 &+ Int64(c &- Byte.zero)
            i += 1
        }
        return negative ? -v : v
    }

    /// A float already matched by `isPyFloat` without `_`, `:` or `+`: the text parses as it is.
    @inline(__always) static func simpleFloat(_ b: UnsafeBufferPointer<UInt8>, _ s: String) -> ScalarValue? {
        for c in b where c == 0x5F || c == Byte.colon || c == Byte.plus { return nil }
        return Double(s).map { .float($0) }
    }

    /// The bytes (at most 7) packed into an integer, first byte lowest, the length on top.
    @inline(__always) static func packed(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var k: UInt64 = 0
        var i = b.count
        while i > 0 { i -= 1; k = (k << 8) | UInt64(b[i]) }
        return k | (UInt64(b.count) << 56)
    }

    static func packed(_ s: StaticString) -> UInt64 {
        s.withUTF8Buffer { packed($0) }
    }

    /// PyYAML's bool, null, inf and nan spellings, keyed by their packed bytes.
    static let keywords: [UInt64: ScalarValue] = {
        var d: [UInt64: ScalarValue] = [:]
        let t: [StaticString] = ["yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]
        let f: [StaticString] = ["no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]
        let z: [StaticString] = ["~", "null", "Null", "NULL"]
        let inf: [StaticString] = [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"]
        let ninf: [StaticString] = ["-.inf", "-.Inf", "-.INF"]
        let nan: [StaticString] = [".nan", ".NaN", ".NAN"]
        for w in t { d[packed(w)] = .bool(true) }
        for w in f { d[packed(w)] = .bool(false) }
        for w in z { d[packed(w)] = .null }
        for w in inf { d[packed(w)] = .float(.infinity) }
        for w in ninf { d[packed(w)] = .float(-.infinity) }
        for w in nan { d[packed(w)] = .float(.nan) }
        return d
    }()

    /// A keyword's value (1 to 6 bytes: the packed form is unique).
    @inline(__always) static func keyword(_ b: UnsafeBufferPointer<UInt8>) -> ScalarValue? {
        guard b.count >= 1, b.count <= 6 else { return nil }
        return keywords[packed(b)]
    }

    // [-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)?  |  \.[0-9][0-9_]*([eE][-+][0-9]+)?
    // | [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*
    static func isPyFloat(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        var i = 0
        if b[0] == Byte.dot {
            i = 1
            guard i < n, Byte.isDigit(b[i]) else { return false }
            while i < n, Byte.isDigit(b[i]) || b[i] == 0x5F { i += 1 }
            return exponentTail(b, i)
        }
        if b[i] == Byte.plus || b[i] == Byte.minus { i += 1 }
        guard i < n, Byte.isDigit(b[i]) else { return false }
        while i < n, Byte.isDigit(b[i]) || b[i] == 0x5F { i += 1 }
        if i < n, b[i] == Byte.dot {
            i += 1
            while i < n, Byte.isDigit(b[i]) || b[i] == 0x5F { i += 1 }
            return exponentTail(b, i)
        }
        // sexagesimal float
        var groups = 0
        while i < n, b[i] == Byte.colon {
            i += 1
            guard let j = sexagesimalGroup(b, i) else { return false }
            i = j
            groups += 1
        }
        guard groups > 0, i < n, b[i] == Byte.dot else { return false }
        i += 1
        while i < n, Byte.isDigit(b[i]) || b[i] == 0x5F { i += 1 }
        return i == n
    }

    private static func exponentTail(_ b: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
        var i = start
        let n = b.count
        if i == n { return true }
        guard b[i] == 0x65 || b[i] == 0x45 else { return false }
        i += 1
        guard i < n, b[i] == Byte.plus || b[i] == Byte.minus else { return false }
        i += 1
        guard i < n else { return false }
        while i < n { if !Byte.isDigit(b[i]) { return false }; i += 1 }
        return true
    }

    /// `[0-5]?[0-9]` starting at i; returns the index after it.
    private static func sexagesimalGroup(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        let n = b.count
        guard i < n, Byte.isDigit(b[i]) else { return nil }
        if i + 1 < n, Byte.isDigit(b[i + 1]), b[i] <= 0x35 { return i + 2 }
        return i + 1
    }

    // [-+]?0b[0-1_]+ | [-+]?0[0-7_]+ | [-+]?(0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+
    // | [-+]?[1-9][0-9_]*(:[0-5]?[0-9])+
    static func isPyInt(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        var i = 0
        if b[0] == Byte.plus || b[0] == Byte.minus { i = 1 }
        guard i < n, Byte.isDigit(b[i]) else { return false }
        if b[i] == Byte.zero {
            if i + 1 == n { return true }
            let c = b[i + 1]
            if c == 0x62 { // b
                guard i + 2 < n else { return false }
                for k in (i + 2)..<n where !(b[k] == 0x30 || b[k] == 0x31 || b[k] == 0x5F) { return false }
                return true
            }
            if c == 0x78 { // x
                guard i + 2 < n else { return false }
                for k in (i + 2)..<n where !(Byte.isHex(b[k]) || b[k] == 0x5F) { return false }
                return true
            }
            for k in (i + 1)..<n where !((b[k] >= 0x30 && b[k] <= 0x37) || b[k] == 0x5F) { return false }
            return true
        }
        while i < n, Byte.isDigit(b[i]) || b[i] == 0x5F { i += 1 }
        if i == n { return true }
        var groups = 0
        while i < n, b[i] == Byte.colon {
            guard let j = sexagesimalGroup(b, i + 1) else { return false }
            i = j
            groups += 1
        }
        return groups > 0 && i == n
    }

    static func constructPyInt(_ b: UnsafeBufferPointer<UInt8>) -> ScalarValue? {
        var digits: [UInt8] = []
        digits.reserveCapacity(b.count)
        for c in b where c != 0x5F { digits.append(c) }
        var negative = false
        var start = 0
        if let f = digits.first, f == Byte.minus || f == Byte.plus {
            negative = f == Byte.minus
            start = 1
        }
        let body = Array(digits[start...])
        if body == [Byte.zero] { return .int(0) }
        if body.contains(Byte.colon) {
            // sexagesimal: base 60 of the groups
            var value = 0.0
            var exact: Int64? = 0
            for part in body.split(separator: Byte.colon, omittingEmptySubsequences: false) {
                guard let p = parseInteger(Array(part), radix: 10) else { return nil }
                value = value * 60 + p.double
                if let e = exact, let pe = p.exact {
                    let (m, o1) = e.multipliedReportingOverflow(by: 60)
                    let (s, o2) = m.addingReportingOverflow(pe)
                    exact = (o1 || o2) ? nil : s
                } else { exact = nil }
            }
            return finish(exact, value, negative)
        }
        var radix = 10
        var digitsStart = 0
        if body.count >= 2, body[0] == Byte.zero {
            if body[1] == 0x62 { radix = 2; digitsStart = 2 }
            else if body[1] == 0x78 { radix = 16; digitsStart = 2 }
            else { radix = 8; digitsStart = 1 }
        }
        guard let p = parseInteger(Array(body[digitsStart...]), radix: radix) else { return nil }
        if negative, p.magnitude == UInt64(Int64.max) + 1 { return .int(Int64.min) }
        return finish(p.exact, p.double, negative)
    }

    private static func finish(_ exact: Int64?, _ double: Double, _ negative: Bool) -> ScalarValue {
        if let e = exact {
            if negative { return .int(0 &- e) }
            return .int(e)
        }
        return .float(negative ? -double : double)
    }

    /// Parses digits in a radix; `exact` is nil when the value does not fit in Int64.
    /// `double` is the nearest Double (exact decimal conversion for radix 10).
    static func parseInteger(_ d: [UInt8], radix: Int) -> (exact: Int64?, double: Double, magnitude: UInt64?)? {
        if d.isEmpty { return nil }
        var mag: UInt64? = 0
        var double = 0.0
        for c in d {
            let v: Int
            if Byte.isDigit(c) { v = Int(c - Byte.zero) }
            else if c >= 0x61 && c <= 0x66 { v = Int(c - 0x61 + 10) }
            else if c >= 0x41 && c <= 0x46 { v = Int(c - 0x41 + 10) }
            else { return nil }
            if v >= radix { return nil }
            double = double * Double(radix) + Double(v)
            if let m = mag {
                let (x, o1) = m.multipliedReportingOverflow(by: UInt64(radix))
                let (y, o2) = x.addingReportingOverflow(UInt64(v))
                mag = (o1 || o2) ? nil : y
            }
        }
        if radix == 10, mag == nil, let exactDouble = Double(String(decoding: d, as: UTF8.self)) { double = exactDouble }
        if let m = mag { double = Double(m) }
        let exact: Int64? = mag.flatMap { $0 <= UInt64(Int64.max) ? Int64($0) : nil }
        return (exact, double, mag)
    }

    static func constructPyFloat(_ b: UnsafeBufferPointer<UInt8>) -> ScalarValue? {
        var s: [UInt8] = []
        s.reserveCapacity(b.count)
        for c in b where c != 0x5F { s.append(c) }
        var negative = false
        if let f = s.first, f == Byte.minus || f == Byte.plus {
            negative = f == Byte.minus
            s.removeFirst()
        }
        if s.contains(Byte.colon) {
            var value = 0.0
            for part in s.split(separator: Byte.colon, omittingEmptySubsequences: false) {
                guard let p = Double(String(decoding: part, as: UTF8.self)) else { return nil }
                value = value * 60 + p
            }
            return .float(negative ? -value : value)
        }
        // The regex already restricted the text; Swift's Double accepts "1.", ".5" and "1.e+3".
        guard let v = Double(String(decoding: s, as: UTF8.self)) else { return nil }
        return .float(negative ? -v : v)
    }

    // MARK: YAML 1.2 core schema (conformance runner)

    static func core(_ s: String) -> ScalarValue {
        switch s {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        default: break
        }
        let u = Array(s.utf8)
        if u.count > 2, u[0] == Byte.zero, u[1] == 0x6F, u[2...].allSatisfy({ $0 >= 0x30 && $0 <= 0x37 }) {
            if let p = parseInteger(Array(u[2...]), radix: 8) { return p.exact.map { .int($0) } ?? .float(p.double) }
        }
        if u.count > 2, u[0] == Byte.zero, u[1] == 0x78, u[2...].allSatisfy(Byte.isHex) {
            if let p = parseInteger(Array(u[2...]), radix: 16) { return p.exact.map { .int($0) } ?? .float(p.double) }
        }
        var i = 0
        if i < u.count, u[i] == Byte.plus || u[i] == Byte.minus { i += 1 }
        let digitsStart = i
        while i < u.count, Byte.isDigit(u[i]) { i += 1 }
        if i == u.count, i > digitsStart {
            if let p = parseInteger(Array(u[digitsStart...]), radix: 10) {
                let neg = u[0] == Byte.minus
                if let e = p.exact { return .int(neg ? 0 &- e : e) }
                if neg, p.magnitude == UInt64(Int64.max) + 1 { return .int(Int64.min) }
                return .float(neg ? -p.double : p.double)
            }
        }
        // float: [-+]? (\. [0-9]+ | [0-9]+ ( \. [0-9]* )?) ( [eE] [-+]? [0-9]+ )?
        i = digitsStart
        var mantissa = 0
        while i < u.count, Byte.isDigit(u[i]) { i += 1; mantissa += 1 }
        if i < u.count, u[i] == Byte.dot {
            i += 1
            while i < u.count, Byte.isDigit(u[i]) { i += 1; mantissa += 1 }
        }
        guard mantissa > 0 else { return .string(s) }
        if i < u.count, u[i] == 0x65 || u[i] == 0x45 {
            i += 1
            if i < u.count, u[i] == Byte.plus || u[i] == Byte.minus { i += 1 }
            let e0 = i
            while i < u.count, Byte.isDigit(u[i]) { i += 1 }
            if i == e0 { return .string(s) }
        }
        guard i == u.count else { return .string(s) }
        var t = s
        if t.hasPrefix("+") { t.removeFirst() }
        if let v = Double(t) { return .float(v) }
        return .string(s)
    }
}
