import Foundation
import TestSupport
import Testing
@testable import TrainingSetup

/// The key tables are read from bytes (`DialectKeys.init`); every table in Sources/TrainingSetup/Keys
/// must give the keys the plain Character-based reading gives.
@Suite struct KeyTableTests {
    static func referenceKeys(_ table: String) -> [KeySpec] {
        var keys: [KeySpec] = []
        var seen = Set<String>()
        for rawLine in table.split(separator: "\n") {
            let line = rawLine.drop(while: { $0 == " " })
            if line.isEmpty { continue }
            let f = line.split(separator: "|", omittingEmptySubsequences: false)
            guard f.count >= 7 else { continue }
            let spec = KeySpec(name: String(f[0]), types: KeyTypes(letters: f[1]), defaultValue: f[2].isEmpty ? nil : String(f[2]),
                               values: f[3].isEmpty ? [] : f[3].split(separator: ",").map(String.init),
                               valuesAreClosed: f[4].contains("E"), memoryRelevant: f[4].contains("M"), required: f[4].contains("R"),
                               removed: f[4].contains("X"), deprecation: f[5].isEmpty ? nil : String(f[5]), summary: f[6...].joined(separator: "|"))
            if seen.insert(spec.name).inserted { keys.append(spec) }
        }
        return keys
    }

    @Test func everyTableReadsAsTheCharacterBasedReading() throws {
        let folder = SharedData.projectRoot.appendingPathComponent("Sources/TrainingSetup/Keys")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }.sorted()
        #expect(files.count == 8)
        var total = 0
        for file in files {
            let source = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let parts = source.components(separatedBy: "\"\"\"")
            try #require(parts.count == 3, "\(file): one table literal")
            let table = parts[1]
            let built = DialectKeys(dialect: .unknown, source: file, closedMappings: [], table: table)
            let expected = Self.referenceKeys(table)
            #expect(built.keys == expected, "\(file)")
            #expect(built.keys.count > 20, "\(file)")
            total += built.keys.count
        }
        #expect(total > 1_000)
        // Edges: blank and short lines, missing fields, bars in the summary, empty values.
        let edge = "\n   \na|s|||\nb|s|1|x,,y|ME|old|one|two|\n  c|q||||| \n|||||||\n"
        #expect(DialectKeys(dialect: .unknown, source: "t", closedMappings: [], table: edge).keys == Self.referenceKeys(edge))
    }
}
