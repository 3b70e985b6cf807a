// SARIF 2.1.0 for GitHub code scanning: one run, the tool with a rule per finding code
// (with help), results with physical locations.

import Analysis
import LanguageServer

enum Sarif {
    static let help: [String: String] = [
        "does-not-fit": "The estimated peak memory per GPU exceeds the target GPU. Apply one of the suggested changes (QLoRA, 8-bit optimizer, gradient checkpointing, a smaller micro batch) or pick a larger GPU.",
        "near-limit": "The estimated peak is inside the safety margin of the target GPU; allocator fragmentation or longer samples can still run out of memory.",
        "fits-on": "No target GPU is set; the message names the smallest GPUs that fit. Set one with `# headroom: gpu=NAME` or a .headroom.yaml.",
        "syntax-error": "The file cannot be read by the framework's YAML/JSON loader.",
        "unknown-key": "The framework does not know this key; it is ignored or rejected.",
        "unknown-model": "Headroom does not know the model; tell it with `# headroom: model=ID` or `# headroom: params=7B`.",
        "unknown-gpu": "The target GPU name is not in the catalog; see `headroom gpus`.",
    ]

    static func level(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .information, .hint: return "note"
        }
    }

    static func log(_ files: [CheckedFile]) -> JSONValue {
        var codes: [String] = []
        var results: [JSONValue] = []
        for f in files {
            for d in f.analysis.findings {
                if !codes.contains(d.code) { codes.append(d.code) }
                let (l, c) = CheckOutput.humanPosition(d.range.start, f.lines)
                let (el, ec) = CheckOutput.humanPosition(d.range.end, f.lines)
                results.append([
                    "ruleId": .string(d.code),
                    "level": .string(level(d.severity)),
                    "message": ["text": .string(d.message)],
                    "locations": [["physicalLocation": [
                        "artifactLocation": ["uri": .string(f.path)],
                        "region": ["startLine": JSONValue(l), "startColumn": JSONValue(c),
                                   "endLine": JSONValue(el), "endColumn": JSONValue(max(ec, el == l ? c + 1 : ec))],
                    ]]],
                ])
            }
        }
        let rules: [JSONValue] = codes.map { code in
            let text = help[code] ?? "Headroom finding \(code)."
            return ["id": .string(code), "name": .string(code), "shortDescription": ["text": .string(code)],
                    "fullDescription": ["text": .string(text)], "help": ["text": .string(text)]]
        }
        return ["version": "2.1.0",
                "runs": [["tool": ["driver": ["name": "headroom", "version": .string(HeadroomVersion.string),
                                              "semanticVersion": .string(HeadroomVersion.string), "rules": .array(rules)]],
                          "results": .array(results)]]]
    }
}
