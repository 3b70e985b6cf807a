// Conformance against ../shared/conformance: JSONTestSuite (test_parsing) and yaml-test-suite.
// Prints pass rates; fails on a crash (obviously), on any JSON miss, and when YAML drops below
// the recorded floor.
import Testing
import Foundation
import TestSupport
@testable import ConfigSyntax

@Suite struct ConformanceTests {
    @Test(.enabled(if: SharedData.available, "../shared is absent (a user's clone): conformance skipped"))
    func jsonTestSuite() throws {
        let dir = SharedData.url("conformance/json-test-suite/test_parsing")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }.sorted()
        var y = (pass: 0, total: 0), n = (pass: 0, total: 0), i = (accepted: 0, total: 0)
        var misses: [String] = []
        for f in files {
            let bytes = [UInt8](try Foundation.Data(contentsOf: dir.appendingPathComponent(f)))
            let doc = ConfigParser.parse(bytes: bytes, format: .json)
            let rejected = doc.hasErrors
            if f.hasPrefix("y_") {
                y.total += 1
                if !rejected { y.pass += 1 } else { misses.append("\(f): \(doc.diagnostics.first?.message ?? "")") }
            } else if f.hasPrefix("n_") {
                n.total += 1
                if rejected { n.pass += 1 } else { misses.append(f) }
            } else {
                i.total += 1
                if !rejected { i.accepted += 1 }
            }
        }
        print("JSONTestSuite: y_ accepted \(y.pass)/\(y.total), n_ rejected \(n.pass)/\(n.total), i_ accepted \(i.accepted)/\(i.total) (none crashed)")
        #expect(misses == [])
        #expect(y.total == 95 && n.total == 188 && i.total == 35)
    }

    /// Cases that fail today, each with the reason (printed; the count is the regression floor).
    static let yamlFloor = 0.97

    @Test(.enabled(if: SharedData.available, "../shared is absent (a user's clone): conformance skipped"))
    func yamlTestSuite() throws {
        let root = SharedData.url("conformance/yaml-test-suite")
        let fm = FileManager.default
        var cases: [(String, URL)] = []
        for id in try fm.contentsOfDirectory(atPath: root.path).sorted() where id.count == 4 && id.allSatisfy({ $0.isUppercase || $0.isNumber }) {
            let dir = root.appendingPathComponent(id)
            if fm.fileExists(atPath: dir.appendingPathComponent("in.yaml").path) { cases.append((id, dir)) }
            for sub in (try? fm.contentsOfDirectory(atPath: dir.path))?.sorted() ?? [] where (2...3).contains(sub.count) && sub.allSatisfy(\.isNumber) {
                let d = dir.appendingPathComponent(sub)
                if fm.fileExists(atPath: d.appendingPathComponent("in.yaml").path) { cases.append(("\(id)/\(sub)", d)) }
            }
        }
        var passed = 0, errorCases = 0, errorPassed = 0
        var failures: [String] = []
        for (id, dir) in cases {
            let bytes = [UInt8](try Foundation.Data(contentsOf: dir.appendingPathComponent("in.yaml")))
            let doc = ConfigParser.parse(bytes: bytes, format: .yaml)
            let mustFail = fm.fileExists(atPath: dir.appendingPathComponent("error").path)
            if mustFail {
                errorCases += 1
                if doc.hasErrors { passed += 1; errorPassed += 1 } else { failures.append("\(id) (error case): no error reported") }
                continue
            }
            if let e = doc.diagnostics.first(where: { $0.severity == .error }) {
                failures.append("\(id): unexpected error at \(e.range): \(e.message)")
                continue
            }
            let jsonURL = dir.appendingPathComponent("in.json")
            guard fm.fileExists(atPath: jsonURL.path) else { passed += 1; continue }
            let expected = Self.jsonStream(try String(contentsOf: jsonURL, encoding: .utf8))
            let got = doc.documents.map { Self.coreData($0, doc) }
            if got == expected { passed += 1 } else {
                failures.append("\(id): data differs\n    got      \(got)\n    expected \(expected)")
            }
        }
        let rate = Double(passed) / Double(max(cases.count, 1))
        print("yaml-test-suite: \(passed)/\(cases.count) cases (\(String(format: "%.1f", rate * 100))%), error cases \(errorPassed)/\(errorCases)")
        for f in failures { print("  known failure: \(f)") }
        #expect(cases.count == 402)
        #expect(rate >= Self.yamlFloor)
    }

    /// A JSON stream (several values) as data.
    static func jsonStream(_ text: String) -> [Plain] {
        var out: [Plain] = []
        var rest = Substring(text)
        while !rest.allSatisfy(\.isWhitespace) {
            let doc = ConfigParser.parse(String(rest), format: .json)
            guard let r = doc.root else { break }
            out.append(jsonData(r))
            let u = Array(rest.utf8)
            guard r.range.end <= u.count, r.range.end > 0 else { break }
            rest = Substring(String(decoding: u[r.range.end...], as: UTF8.self))
        }
        return out
    }

    static func jsonData(_ n: Node) -> Plain {
        switch n.kind {
        case .mapping:
            var dict: [String: Plain] = [:]
            for e in n.entries { dict[e.key.scalar?.string ?? ""] = jsonData(e.value) }
            return sortedMap(dict)
        case .sequence: return .seq(n.items.map(jsonData))
        default: return plain(n)
        }
    }

    static func sortedMap(_ dict: [String: Plain]) -> Plain {
        let keys: [String] = dict.keys.sorted()
        var pairs: [(Plain, Plain)] = []
        for k in keys { pairs.append((Plain.string(k), dict[k] ?? Plain.null)) }
        return Plain.map(pairs)
    }

    /// A YAML node as data under the YAML 1.2 core schema, aliases expanded (bounded).
    static func coreData(_ n: Node, _ doc: ParsedDocument, depth: Int = 0) -> Plain {
        if depth > 64 { return .invalid }
        switch n.kind {
        case .alias:
            guard let t = doc.resolveAlias(n) else { return .invalid }
            return coreData(t, doc, depth: depth + 1)
        case .scalar:
            let text: String = n.scalar?.string ?? (n.rawText ?? "")
            switch n.tag {
            case nil:
                if n.style == .plain { return plain(Node(kind: .scalar, range: n.range, scalar: YAMLResolver.core(text))) }
                return .string(text)
            case "!!str", "!": return .string(text)
            case "!!int", "!!float", "!!bool", "!!null": return plain(Node(kind: .scalar, range: n.range, scalar: YAMLResolver.core(text)))
            default: return .string(text)
            }
        case .sequence: return .seq(n.items.map { coreData($0, doc, depth: depth + 1) })
        case .mapping:
            var dict: [String: Plain] = [:]
            for e in n.entries {
                var keyNode = e.key
                if keyNode.kind == .alias, let t = doc.resolveAlias(keyNode) { keyNode = t }
                dict[keyNode.scalar?.string ?? (keyNode.rawText ?? "")] = coreData(e.value, doc, depth: depth + 1)
            }
            return sortedMap(dict)
        case .invalid: return .invalid
        }
    }
}
