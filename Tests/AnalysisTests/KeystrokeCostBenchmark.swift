// Where a keystroke's time goes on a long config (a benchmark, not a timed test: it only runs
// with HEADROOM_BENCH=1 and prints; `swift test -c release --filter KeystrokeCost`).

import ConfigSyntax
import Foundation
import Testing
import TrainingSetup
@testable import Analysis

@Suite struct KeystrokeCost {
    static var enabled: Bool { ProcessInfo.processInfo.environment["HEADROOM_BENCH"] == "1" }

    static func document(lines: Int) -> String {
        var s = "# headroom: gpu=rtx-4090\nbase_model: meta-llama/Llama-3.1-8B\nadapter: qlora\nload_in_4bit: true\nlora_r: 32\nsequence_len: 4096\nmicro_batch_size: 2\ngradient_checkpointing: true\nbf16: true\ndatasets:\n"
        var n = 0
        while s.utf8.reduce(0, { $0 + ($1 == 10 ? 1 : 0) }) < lines && n < lines {
            s += "  - path: org/dataset-\(n)   # source \(n)\n    type: alpaca\n"
            n += 1
        }
        return s + "output_dir: ./out\n"
    }

    static func time(_ label: String, _ repeats: Int = 20, _ body: () -> Void) -> Double {
        body() // warm up: one-time decoding of catalogs and key tables is not a keystroke's cost
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<repeats { body() }
        let us = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(repeats) / 1000
        print("  \(label): \(Int(us)) µs")
        return us
    }

    @Test(.enabled(if: enabled, "set HEADROOM_BENCH=1 to run the benchmark"))
    func phases() {
        for lines in [100, 1000, 10000] {
            let text = Self.document(lines: lines)
            print("\(lines) lines (\(text.utf8.count) bytes)")
            let doc = ConfigParser.parse(text, format: .yaml)
            _ = doc.diagnostics
            let at = text.utf8.count - 20
            let edit = TextEdit(range: ByteRange(at, at), replacement: " ")
            _ = Self.time("incremental reparse") { _ = doc.applying(edit).lastReparsedByteCount }
            _ = Self.time("reparse + assemble tree") { _ = doc.applying(edit).diagnostics.count }
            _ = Self.time("reparse + comments") { _ = doc.applying(edit).comments.count }
            _ = Self.time("reparse + Directives.parse") {
                let d = doc.applying(edit)
                _ = Directives.parse(comments: d.comments, text: d.text).all.count
            }
            let edited = doc.applying(edit)
            _ = edited.diagnostics
            _ = Self.time("SetupReader.read (no references)") {
                _ = SetupReader.read(edited, path: nil, options: SetupReaderOptions(reader: nil)).diagnostics.count
            }
            _ = Self.time("Analyzer.analyze (no references)") {
                _ = Analyzer.analyze(edited, path: nil, settings: AnalysisSettings(), reader: nil).findings.count
            }
        }
    }
}
