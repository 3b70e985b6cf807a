// Numbers as people read them: GiB with one decimal, shares, bars of block characters.

public enum Format {
    public static let gib = 1_073_741_824.0

    /// `21.3 GiB` (two decimals under 1 GiB so small components do not read as zero).
    public static func gib(_ bytes: Int64) -> String {
        let g = Double(bytes) / gib
        if g >= 1000 { return "\(Int(g.rounded())) GiB" }
        return (g < 1 ? fixed(g, 2) : fixed(g, 1)) + " GiB"
    }

    /// A signed change: `+1.9 GiB`, `-5.1 GiB`.
    public static func signedGiB(_ bytes: Int64) -> String {
        (bytes >= 0 ? "+" : "-") + gib(bytes == Int64.min ? Int64.max : abs(bytes))
    }

    /// `x` with `digits` decimals, without Foundation's locale-dependent formatting.
    public static func fixed(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return x.isNaN ? "?" : (x > 0 ? "∞" : "-∞") }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(x) * scale).rounded()
        guard scaled < 9e15 else { return x > 0 ? "∞" : "-∞" }
        let whole = Int64(scaled)
        let sign = x < 0 && whole != 0 ? "-" : ""
        let intPart = whole / Int64(scale)
        guard digits > 0 else { return sign + String(intPart) }
        var frac = String(whole % Int64(scale))
        while frac.count < digits { frac = "0" + frac }
        return sign + String(intPart) + "." + frac
    }

    public static func percent(_ part: Int64, of total: Int64) -> String {
        guard total > 0 else { return "0%" }
        return "\(Int((Double(part) / Double(total) * 100).rounded()))%"
    }

    /// A bar of `width` cells: full blocks, one partial block, light shade for the rest.
    public static func bar(_ part: Int64, of total: Int64, width: Int = 20) -> String {
        // Built from UTF-8 bytes (every hover on a memory key draws a dozen bars): each cell is
        // U+2588 full block, U+2589...U+258F (seven to one eighths) or U+2591 light shade.
        let cells = max(width, 0)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(3 * cells)
        func cell(_ last: UInt8) { bytes.append(0xE2); bytes.append(0x96); bytes.append(last) }
        var used = 0
        if total > 0, cells > 0 {
            let eighths = Int((min(max(Double(part) / Double(total), 0), 1) * Double(cells * 8)).rounded())
            let full = eighths / 8
            for _ in 0..<full { cell(0x88) }
            used = full
            if full < cells, eighths % 8 > 0 {
                cell(0x90 - UInt8(eighths % 8))
                used += 1
            }
        }
        for _ in used..<max(cells, used) { cell(0x91) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

public extension String {
    /// The text followed by spaces up to `width` characters (never cut).
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    /// Spaces, then the text, up to `width` characters (never cut).
    func leftPadding(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
