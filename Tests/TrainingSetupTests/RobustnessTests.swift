import ConfigSyntax
import Foundation
import MemoryModel
import Testing
@testable import TrainingSetup

/// Hostile and damaged inputs go through detection, mapping, validation and every edit
/// without trapping.
@Suite("Robustness")
struct RobustnessTests {
    private func exercise(_ text: String, format: SyntaxFormat) {
        let doc = ConfigParser.parse(text, format: format)
        let a = SetupReader.read(doc, path: "/nonexistent/dir/x.\(format == .json ? "json" : "yaml")",
                                 options: SetupReaderOptions(reader: InMemoryReferenceReader()))
        _ = a.setup
        _ = a.config.fieldDescriptions
        for id in SuggestionID.allCases {
            if let edits = SetupEdits.edits(for: id.rawValue, in: a.config, document: doc) {
                _ = ConfigParser.parse(TextEdits.apply(edits, to: text), format: format)
            }
        }
    }

    @Test func truncatedExamples() {
        for url in Fixtures.ownExamples {
            let text = Fixtures.text(url)
            let bytes = Array(text.utf8)
            let format = Fixtures.format(url.path)
            var cut = 0
            while cut < bytes.count {
                exercise(String(decoding: bytes[0..<cut], as: UTF8.self), format: format)
                cut += max(1, bytes.count / 23)
            }
        }
    }

    @Test func extremeValuesEverywhere() {
        let values = ["1e30", "-4", "0", "-0.0", "1.0e+400", ".inf", ".nan", "9223372036854775807", "-9223372036854775808",
                      "99999999999999999999999", "~", "[]", "{}", "\"\"", "true", "0x7fffffffffffffff", "1_000_000"]
        for url in Fixtures.ownExamples where url.pathExtension != "json" {
            let lines = Fixtures.text(url).split(separator: "\n", omittingEmptySubsequences: false)
            for v in values {
                // Replace every scalar value on `key: value` lines.
                let mutated = lines.map { line -> String in
                    guard let colon = line.firstIndex(of: ":"), !line.hasPrefix("#"),
                          line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces).isEmpty == false
                    else { return String(line) }
                    return String(line[...colon]) + " " + v
                }.joined(separator: "\n")
                exercise(mutated, format: .yaml)
            }
        }
        let json = "{\"train_batch_size\": 1e308, \"train_micro_batch_size_per_gpu\": -1e308, \"gradient_accumulation_steps\": 1e-308, \"zero_optimization\": {\"stage\": 1e20, \"offload_param\": {\"device\": 3}}}"
        exercise(json, format: .json)
    }

    @Test func deepNestingAndGarbage() {
        exercise(String(repeating: "a:\n ", count: 200) + "b: 1", format: .yaml)
        exercise(String(repeating: "[", count: 500), format: .json)
        exercise("base_model: [\nmicro_batch_size: {\n", format: .yaml)
        exercise("\u{FEFF}base_model: x\n\0micro_batch_size: 2\n", format: .yaml)
        exercise("# headroom: " + String(repeating: "gpu=x ", count: 1000) + "\nbase_model: q\n", format: .yaml)
    }
}
