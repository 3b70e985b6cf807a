import Testing
import MemoryModel
import TestSupport
@testable import TrainingSetup

/// The did-you-mean matcher works on bytes with ASCII case folding and stops the distance table
/// early; these tests hold it to the plain String implementation it replaced (kept here as the
/// reference) on names derived from every dialect's real keys.
@Suite struct NameMatchTests {
    static func referenceDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.utf8), y = Array(b.utf8)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    static func referenceClosest(to name: String, in candidates: [String]) -> String? {
        let limit = max(1, min(3, name.count / 4))
        var best: (String, Int)?
        let lowered = name.lowercased()
        for c in candidates {
            if c.lowercased() == lowered { return c }
            if abs(lowered.utf8.count - c.utf8.count) > limit { continue }
            let d = referenceDistance(lowered, c.lowercased())
            if d <= limit, d < (best?.1 ?? Int.max) { best = (c, d) }
        }
        if let best { return best.0 }
        let words = lowered.split(separator: "_").map(String.init)
        if words.count >= 2 {
            for c in candidates {
                let cw = c.lowercased().split(separator: "_").map(String.init)
                var i = 0
                for w in cw where i < words.count && w == words[i] { i += 1 }
                if i == words.count && cw.count <= words.count + 2 { return c }
            }
        }
        let squashed = lowered.replacing("_", with: "")
        return candidates.first { $0.lowercased().replacing("_", with: "") == squashed }
    }

    /// Typos of a real key: edits, case changes, words dropped, added or swapped, separators removed.
    static func variant(of key: String, _ g: inout SeededRandom) -> String {
        var chars = Array(key)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz_0123456789ABCXYZé")
        switch g.int(8) {
        case 0 where !chars.isEmpty: chars.remove(at: g.int(chars.count))
        case 1: chars.insert(alphabet[g.int(alphabet.count)], at: g.int(chars.count + 1))
        case 2 where !chars.isEmpty: chars[g.int(chars.count)] = alphabet[g.int(alphabet.count)]
        case 3: return key.uppercased()
        case 4:
            var words = key.split(separator: "_")
            if words.count > 1 { words.remove(at: g.int(words.count)) }
            return words.joined(separator: "_")
        case 5:
            let words = key.split(separator: "_")
            return words.reversed().joined(separator: "_")
        case 6: return key.replacing("_", with: "")
        default:
            for _ in 0..<3 where !chars.isEmpty { chars[g.int(chars.count)] = alphabet[g.int(alphabet.count)] }
        }
        return String(chars)
    }

    @Test func closestNameMatchesTheStringImplementation() {
        var g = SeededRandom(seed: 42)
        var checked = 0, suggested = 0
        for dialect in [Dialect.axolotl, .llamafactory, .torchtune, .trl, .litgpt, .deepspeed, .accelerate, .mlx] {
            guard let keys = DialectKeys.forDialect(dialect) else { continue }
            let groups = Set(keys.keys.map { parentPath(of: $0.name) })
            for path in groups.sorted() {
                let names = keys.suggestionNames(under: path)
                for key in names {
                    for _ in 0..<2 {
                        let typo = Self.variant(of: key, &g)
                        let expected = Self.referenceClosest(to: typo, in: names)
                        #expect(NameMatch.closest(to: typo, in: names) == expected, "\(dialect) \(path): \(typo)")
                        checked += 1
                        if expected != nil { suggested += 1 }
                    }
                }
            }
        }
        #expect(checked > 2_000)
        #expect(suggested > checked / 2)
        // Edges: empty names and candidates, a name far longer than any candidate.
        #expect(NameMatch.closest(to: "", in: ["a", "bb"]) == Self.referenceClosest(to: "", in: ["a", "bb"]))
        #expect(NameMatch.closest(to: "lr", in: ["", "lr_"]) == "lr_")
        #expect(NameMatch.closest(to: String(repeating: "x", count: 100_000), in: ["learning_rate"]) == nil)
        #expect(NameMatch.closest(to: "Learning_Rate", in: ["learning_rate"]) == "learning_rate")
        #expect(NameMatch.closest(to: "per_device_batch_size", in: ["per_device_train_batch_size"]) == "per_device_train_batch_size")
        #expect(NameMatch.closest(to: "rate_learning", in: ["learning_rate"]) == nil)
        #expect(NameMatch.closest(to: "learningrate", in: ["learning_rate"]) == "learning_rate")
    }

    @Test func boundedDistanceIsExactWithinTheLimit() {
        var g = SeededRandom(seed: 7)
        let alphabet = Array("ab_Bé")
        for _ in 0..<5_000 {
            let a = String((0..<g.int(12)).map { _ in alphabet[g.int(alphabet.count)] })
            let b = String((0..<g.int(12)).map { _ in alphabet[g.int(alphabet.count)] })
            let exact = Self.referenceDistance(a.lowercased(), b.lowercased())
            let limit = g.int(5)
            #expect(NameMatch.distance(a, b) == exact, "\(a) \(b)")
            #expect(min(NameMatch.distance(a, b, limit: limit), limit + 1) == min(exact, limit + 1), "\(a) \(b) limit \(limit)")
        }
    }
}

