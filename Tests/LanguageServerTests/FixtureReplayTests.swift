// Replays every recorded session in protocol-fixtures/ against the server loop (ServerCore),
// in process. See protocol-fixtures/README.md for the format.

import Foundation
import Testing
import TestSupport
@testable import LanguageServer

enum Fixtures {
    static let folder = SharedData.projectRoot.appendingPathComponent("protocol-fixtures")

    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.sorted()
    }

    /// Does `actual` match `expected`, where `"$any"` and `"$contains:…"` are wildcards?
    static func matches(_ expected: JSONValue, _ actual: JSONValue) -> Bool {
        switch expected {
        case .string("$any"): return true
        case .string(let s) where s.hasPrefix("$contains:"):
            return actual.stringValue?.contains(String(s.dropFirst("$contains:".count))) ?? false
        case .object(let e):
            guard case .object(let a) = actual, Set(e.keys) == Set(a.keys) else { return false }
            return e.allSatisfy { k, v in a[k].map { matches(v, $0) } ?? false }
        case .array(let e):
            guard case .array(let a) = actual, a.count == e.count else { return false }
            return zip(e, a).allSatisfy { matches($0, $1) }
        case .int, .double:
            return expected.doubleValue == actual.doubleValue
        default:
            return expected == actual
        }
    }

    static func pretty(_ v: JSONValue) -> String { JSONWriter.pretty(v) }

    /// Keeps wildcards of the old expectation where they still match the new output.
    static func merge(old: JSONValue?, new: JSONValue) -> JSONValue {
        guard let old else { return new }
        if case .string(let s) = old, s.hasPrefix("$"), matches(old, new) { return old }
        switch (old, new) {
        case (.object(let o), .object(let n)):
            var out: [String: JSONValue] = [:]
            for (k, v) in n { out[k] = merge(old: o[k], new: v) }
            return .object(out)
        case (.array(let o), .array(let n)):
            return .array(n.enumerated().map { i, v in merge(old: i < o.count ? o[i] : nil, new: v) })
        default:
            return new
        }
    }
}

@Suite struct FixtureReplay {
    @Test(arguments: Fixtures.names)
    func replay(_ name: String) throws {
        let url = Fixtures.folder.appendingPathComponent(name)
        let data = try Data(contentsOf: url)
        guard case .success(let fixture) = JSONReader.parse(Array(data)), let steps = fixture["steps"]?.arrayValue else {
            Issue.record("\(name): not a fixture object with steps")
            return
        }
        var sent: [JSONValue] = []
        let core = ServerCore(send: { sent.append($0) }, log: { _ in })
        var recorded: [JSONValue] = []
        let record = ProcessInfo.processInfo.environment["HEADROOM_RECORD_FIXTURES"] == "1"
        for (index, step) in steps.enumerated() {
            sent.removeAll()
            let message: IncomingMessage
            if let raw = step["clientRaw"]?.stringValue {
                message = IncomingMessage.decode(Array(raw.utf8))
            } else if let m = step["client"] {
                message = IncomingMessage.decode(JSONWriter.encode(m))
            } else {
                Issue.record("\(name) step \(index): no client message")
                return
            }
            let cancelled = step["cancelled"]?.boolValue ?? false
            let action = core.handle(message, isCancelled: { _ in cancelled })
            core.flush()
            if let code = step["exit"]?.intValue {
                #expect(action == .exit(code: Int32(code)), "\(name) step \(index): exit code")
            } else {
                #expect(action == .none, "\(name) step \(index): unexpected exit")
            }
            if record {
                var s = step.objectValue ?? [:]
                s["server"] = Fixtures.merge(old: step["server"], new: .array(sent))
                recorded.append(.object(s))
            } else if let expected = step["server"] {
                let ok = Fixtures.matches(expected, .array(sent))
                #expect(ok, "\(name) step \(index): server sent\n\(Fixtures.pretty(.array(sent)))\nexpected\n\(Fixtures.pretty(expected))")
            }
        }
        if record {
            var f = fixture.objectValue ?? [:]
            f["steps"] = .array(recorded)
            try (Fixtures.pretty(.object(f)) + "\n").write(to: url, atomically: true, encoding: .utf8)
        }
    }

    @Test func everyFixtureIsFound() {
        #expect(Fixtures.names.count >= 4)
    }
}
