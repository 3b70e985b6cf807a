// Byte classes shared by the YAML and JSON scanners. Everything works on UTF-8 bytes.

enum Byte {
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22       // "
    static let hash: UInt8 = 0x23        // #
    static let percent: UInt8 = 0x25     // %
    static let amp: UInt8 = 0x26         // &
    static let apos: UInt8 = 0x27        // '
    static let star: UInt8 = 0x2A        // *
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let minus: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let slash: UInt8 = 0x2F
    static let zero: UInt8 = 0x30
    static let nine: UInt8 = 0x39
    static let colon: UInt8 = 0x3A
    static let lt: UInt8 = 0x3C
    static let gt: UInt8 = 0x3E
    static let question: UInt8 = 0x3F
    static let at: UInt8 = 0x40
    static let lbracket: UInt8 = 0x5B
    static let backslash: UInt8 = 0x5C
    static let rbracket: UInt8 = 0x5D
    static let backtick: UInt8 = 0x60
    static let lbrace: UInt8 = 0x7B
    static let pipe: UInt8 = 0x7C
    static let rbrace: UInt8 = 0x7D
    static let bang: UInt8 = 0x21
    static let tilde: UInt8 = 0x7E

    @inline(__always) static func isBreak(_ b: UInt8) -> Bool { b == lf || b == cr }
    @inline(__always) static func isBlank(_ b: UInt8) -> Bool { b == space || b == tab }
    @inline(__always) static func isWhite(_ b: UInt8) -> Bool { b == space || b == tab || b == lf || b == cr }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= zero && b <= nine }
    @inline(__always) static func isHex(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
    }
    @inline(__always) static func hexValue(_ b: UInt8) -> UInt32 {
        if isDigit(b) { return UInt32(b - zero) }
        if b >= 0x41 && b <= 0x46 { return UInt32(b - 0x41 + 10) }
        if b >= 0x61 && b <= 0x66 { return UInt32(b - 0x61 + 10) }
        return 0
    }
    @inline(__always) static func isFlowIndicator(_ b: UInt8) -> Bool {
        b == comma || b == lbracket || b == rbracket || b == lbrace || b == rbrace
    }
    /// True for a UTF-8 continuation byte (10xxxxxx).
    @inline(__always) static func isContinuation(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }
}

/// Decodes a byte slice that is known to be valid UTF-8 (it comes from a Swift String).
@inline(__always)
func makeString(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
    guard start < end, start >= 0, end <= bytes.count else { return "" }
    return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
}

/// An array holding exactly the slice's elements (never sharing a scratch buffer's storage).
@inline(__always)
func exactCopy<T>(_ a: ArraySlice<T>) -> [T] {
    if a.isEmpty { return [] }
    var out: [T] = []
    out.reserveCapacity(a.count)
    out.append(contentsOf: a)
    return out
}
