import ConfigSyntax
import Testing
@testable import MemoryModel

/// `Catalog.model(matching:)` compares against names normalized once per catalog; this holds it
/// to the plain implementation that normalized every model's names on every call.
@Suite struct ModelMatchingTests {
    static func reference(_ catalog: Catalog, _ query: String) -> CatalogModel? {
        let models = catalog.models
        func repoName(_ repo: String) -> String { String(repo.lowercased().split(separator: "/").last ?? "") }
        let trimmed = query.trimmed(where: { $0.isWhitespace || $0 == "/" })
        guard !trimmed.isEmpty else { return nil }
        let lower = trimmed.lowercased()
        if let m = models.first(where: { $0.id.lowercased() == lower || $0.hfRepo.lowercased() == lower }) { return m }
        if let m = models.first(where: { $0.aliases.contains(where: { $0.lowercased() == lower }) }) { return m }
        let parts = lower.split(separator: "/").map(String.init)
        if parts.count >= 2 {
            let tail2 = parts.suffix(2).joined(separator: "/")
            if let m = models.first(where: { $0.hfRepo.lowercased() == tail2 }) { return m }
        }
        if let last = parts.last {
            if let m = models.first(where: { repoName($0.hfRepo) == last || $0.id.lowercased() == last
                || $0.aliases.contains(where: { $0.lowercased() == last }) }) { return m }
            let key = Catalog.normalize(last)
            if let m = models.first(where: { Catalog.normalize(repoName($0.hfRepo)) == key || Catalog.normalize($0.id) == key
                || $0.aliases.contains(where: { Catalog.normalize($0) == key }) }) { return m }
            let core = Catalog.coreName(last)
            if !core.isEmpty, let m = models.first(where: { Catalog.coreName($0.id) == core || Catalog.coreName(repoName($0.hfRepo)) == core
                || $0.aliases.contains(where: { Catalog.coreName($0) == core }) }) { return m }
        }
        return nil
    }

    @Test func matchesThePlainImplementationOnEveryModelsNames() {
        let catalog = Catalog.builtIn
        var queries = ["", "/", "  ", "llama", "unknown/model", "Meta-Llama-3.1-8B-Instruct", "gemma-2-9b-it", "Qwen2.5-7B-Instruct-1M"]
        for m in catalog.models {
            let repoTail = String(m.hfRepo.split(separator: "/").last ?? "")
            queries += [m.id, m.hfRepo, m.hfRepo.uppercased(), "checkpoints/\(m.hfRepo)/", " \(repoTail) ", repoTail.replacing("-", with: "_"),
                        "\(repoTail)-Instruct", "meta-\(repoTail)-chat-hf", "other-org/\(repoTail)", repoTail + "x"]
            queries += m.aliases + m.aliases.map { $0.uppercased() }
        }
        var found = 0
        for q in queries {
            let expected = Self.reference(catalog, q)
            #expect(catalog.model(matching: q)?.id == expected?.id, "\(q)")
            if expected != nil { found += 1 }
        }
        #expect(found > queries.count / 2)
        // A catalog whose models change keeps its name index in step.
        var edited = catalog
        edited.models = Array(catalog.models.reversed())
        for q in queries.prefix(200) {
            #expect(edited.model(matching: q)?.id == Self.reference(edited, q)?.id, "reversed: \(q)")
        }
    }

    static func referenceGPU(_ catalog: Catalog, _ query: String) -> GPU? {
        func key(_ s: String) -> String {
            let n = String(s.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }.map(Character.init))
            return n.replacing("gib", with: "g").replacing("gb", with: "g")
        }
        let k = key(query)
        guard !k.isEmpty else { return nil }
        let gpus = catalog.gpus
        if let g = gpus.first(where: { $0.id.lowercased() == query.lowercased() }) { return g }
        for g in gpus where key(g.id) == k || key(g.name) == k { return g }
        for g in gpus where g.aliases.contains(where: { key($0) == k }) { return g }
        let stripped = key(Catalog.stripVendorWords(query))
        if stripped != k, !stripped.isEmpty {
            for g in gpus where key(g.id) == stripped || g.aliases.contains(where: { key($0) == stripped }) { return g }
            if stripped.hasPrefix("rtx") || stripped.hasPrefix("gtx") {
                let bare = String(stripped.dropFirst(3))
                for g in gpus where g.aliases.contains(where: { key($0) == bare }) { return g }
            }
        }
        return nil
    }

    @Test func gpuMatchingMatchesThePlainImplementation() {
        let catalog = Catalog.builtIn
        var queries = ["", "  ", "4090", "RTX 4090", "NVIDIA GeForce RTX 4090", "a100-80gb", "A100 80GB", "A100 80GiB", "H100",
                       "gtx 1080 ti", "Radeon Instinct MI300X", "nvidia", "gib", "Ｈ１００", "a100-40gb"]
        for g in catalog.gpus {
            queries += [g.id, g.id.uppercased(), g.name, "NVIDIA \(g.name)", g.name.replacing(" ", with: "-"), g.name + " GiB"]
            queries += g.aliases + g.aliases.map { "nvidia geforce \($0)" }
        }
        var found = 0
        for q in queries {
            let expected = Self.referenceGPU(catalog, q)
            #expect(catalog.gpu(matching: q)?.id == expected?.id, "\(q)")
            if expected != nil { found += 1 }
        }
        #expect(found > queries.count / 2)
        var edited = catalog
        edited.gpus = Array(catalog.gpus.reversed())
        for q in queries { #expect(edited.gpu(matching: q)?.id == Self.referenceGPU(edited, q)?.id, "reversed: \(q)") }
    }

    @Test func asciiNormalizingMatchesUnicodeProperties() {
        for s in ["Llama-3.1-8B", "A100 80GB", "", "---", "Qwen2.5_7B-Instruct", "MI300X", "x86_64", "ÄBC-1", "Ｈ１００", "٣b", "ⅻ"] {
            let unicode = String(s.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }.map(Character.init))
            #expect(Catalog.normalize(s) == unicode, "\(s)")
        }
        for (text, needle) in [("gibgib", "gib"), ("ggbb", "gb"), ("aaaa", "aa"), ("", "x"), ("abc", "abcd"), ("gbé gb", "gb")] {
            #expect(ByteSearch.replacing(needle, with: "g", in: text) == text.replacing(needle, with: "g"), "\(text)")
        }
    }
}
