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
        guard total > 0, width > 0 else { return String(repeating: "░", count: max(width, 0)) }
        let eighths = Int((min(max(Double(part) / Double(total), 0), 1) * Double(width * 8)).rounded())
        let full = eighths / 8
        let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var s = String(repeating: "█", count: full)
        var used = full
        if full < width, eighths % 8 > 0 {
            s += partials[eighths % 8]
            used += 1
        }
        return s + String(repeating: "░", count: max(width - used, 0))
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
