// Not a timed test: prints throughput and keystroke cost when HEADROOM_BENCH=1.
//   HEADROOM_BENCH=1 swift test -c release --filter ConfigSyntaxTests.BenchmarkTests
import Testing
import Foundation
@testable import ConfigSyntax

@Suite struct BenchmarkTests {
    static var enabled: Bool { ProcessInfo.processInfo.environment["HEADROOM_BENCH"] == "1" }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func largeJSON(entries: Int) -> String {
        var s = "{\n"
        for i in 0..<entries {
            s += "  \"key_\(i)\": {\"stage\": \(i), \"lr\": 1.5e-4, \"name\": \"value number \(i)\", \"on\": true, \"list\": [1, 2, 3, null]},\n"
        }
        return s + "  \"last\": 0\n}\n"
    }

    @Test(.enabled(if: BenchmarkTests.enabled, "set HEADROOM_BENCH=1 to run the benchmark"))
    func benchmarkReport() {
        let clock = ContinuousClock()
        // Full parse throughput.
        for (name, text, format) in [("YAML", Fixtures.largeYAML(lines: 20_000), SyntaxFormat.yaml),
                                     ("JSON", Self.largeJSON(entries: 5_000), SyntaxFormat.json)] {
            let bytes = text.utf8.count
            // Best of 10 each (the machine is shared); both include freeing the result.
            var best = Double.infinity, bestParse = Double.infinity
            for _ in 0..<10 {
                let t = clock.measure { _ = ConfigParser.parse(text, format: format).documents }
                best = min(best, Self.seconds(t))
                let p = clock.measure { _ = ConfigParser.parse(text, format: format) }
                bestParse = min(bestParse, Self.seconds(p))
            }
            print(String(format: "full parse %@: %.1f MB/s with the tree assembled, %.1f MB/s parse only (%d bytes)",
                         name, Double(bytes) / best / 1e6, Double(bytes) / bestParse / 1e6, bytes))
        }
        // Keystroke reparse.
        var base: Double = 0
        for lines in [100, 1_000, 10_000] {
            let text = Fixtures.largeYAML(lines: lines)
            var doc = ConfigParser.parse(text, format: .yaml)
            let u = Array(text.utf8)
            let mid = u[..<(u.count / 2)].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            let n = 2_000
            var bytesRead = 0
            let t = clock.measure {
                for i in 0..<n {
                    let edit = i % 2 == 0 ? TextEdit(range: ByteRange(mid + 2, mid + 2), replacement: "x")
                                          : TextEdit(range: ByteRange(mid + 2, mid + 3), replacement: "")
                    doc = doc.applying(edit)
                    bytesRead += doc.lastReparsedByteCount
                }
            }
            let perKey = Self.seconds(t) / Double(n) * 1e6
            let t2 = clock.measure {
                for i in 0..<200 {
                    let edit = i % 2 == 0 ? TextEdit(range: ByteRange(mid + 2, mid + 2), replacement: "x")
                                          : TextEdit(range: ByteRange(mid + 2, mid + 3), replacement: "")
                    doc = doc.applying(edit)
                    _ = doc.root
                }
            }
            let withTree = Self.seconds(t2) / 200 * 1e6
            if lines == 100 { base = perKey }
            print(String(format: "keystroke on %5d lines: %.1f µs reparse (%.2fx the 100-line cost, %d bytes reparsed), %.1f µs with the public tree rebuilt",
                         lines, perKey, perKey / base, bytesRead / n, withTree))
        }
    }
}

extension BenchmarkTests {
    /// For profiling: `HEADROOM_BENCH=parse` loops full parses only.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["HEADROOM_BENCH"] == "parse", "profiling aid"))
    func benchmarkParseLoop() {
        let y = Fixtures.largeYAML(lines: 20_000)
        let j = Self.largeJSON(entries: 5_000)
        for _ in 0..<20 {
            _ = ConfigParser.parse(y, format: .yaml)
            _ = ConfigParser.parse(j, format: .json)
        }
    }
}
