// The model and GPU catalogs: data files (catalog/*.json, validated by schema/*.schema.json)
// embedded in the binary (Generated/CatalogData.swift) and decoded once, lazily, on first use.
import ConfigSyntax

/// A catalog checkpoint: architecture numbers plus identity and provenance.
public struct CatalogModel: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var hfRepo: String
    public var aliases: [String]
    public var architecture: ModelArchitecture
    /// Exact parameter count (tied weights once), as published / counted on the meta device.
    public var parameters: Int
    public var source: String
}

public enum GPUVendor: String, Sendable, Hashable, Codable, CaseIterable {
    case nvidia, amd, apple, google, other
}

public enum GPUKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Dedicated device memory (CUDA/ROCm).
    case discrete
    /// Apple silicon: the GPU uses a share of the machine's unified memory, no CUDA context.
    case unified
    case tpu
}

public struct GPU: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var vendor: GPUVendor
    public var kind: GPUKind
    public var architecture: String
    /// Marketed capacity in bytes (vendors' "GB" are GiB).
    public var memoryBytes: Int64
    /// What a training process can use: nvidia-smi total on NVIDIA, the Metal working-set share
    /// of unified memory on Apple. Fit checks compare `peakBytesPerGpu` against this.
    public var usableMemoryBytes: Int64
    public var usableMemoryBasis: String
    public var bf16: Bool
    public var fp8: Bool
    public var bandwidthGBs: Double
    public var computeCapability: String?
    public var aliases: [String]
    public var source: String
    public var notes: String?

    public init(id: String, name: String, vendor: GPUVendor, kind: GPUKind, architecture: String = "",
                memoryBytes: Int64, usableMemoryBytes: Int64, usableMemoryBasis: String = "",
                bf16: Bool = true, fp8: Bool = false, bandwidthGBs: Double = 0, computeCapability: String? = nil,
                aliases: [String] = [], source: String = "", notes: String? = nil) {
        self.id = id
        self.name = name
        self.vendor = vendor
        self.kind = kind
        self.architecture = architecture
        self.memoryBytes = memoryBytes
        self.usableMemoryBytes = usableMemoryBytes
        self.usableMemoryBasis = usableMemoryBasis
        self.bf16 = bf16
        self.fp8 = fp8
        self.bandwidthGBs = bandwidthGBs
        self.computeCapability = computeCapability
        self.aliases = aliases
        self.source = source
        self.notes = notes
    }

    /// Apple unified memory: no CUDA context, no caching-allocator reservation of the CUDA kind.
    public var isUnifiedMemory: Bool { kind == .unified }

    /// A GPU known only by its memory size (`24GiB`, `80G`).
    public static func custom(bytes: Int64) -> GPU {
        let gib = Double(bytes) / 1_073_741_824
        let label = gib == gib.rounded() ? String(Int(gib)) : String((gib * 10).rounded() / 10)
        return GPU(id: "custom-\(label)gib", name: "GPU with \(label) GiB", vendor: .other, kind: .discrete,
                   memoryBytes: bytes, usableMemoryBytes: bytes, usableMemoryBasis: "size given by the user",
                   bf16: true, fp8: false, source: "user")
    }
}

/// A target: a GPU model and how many of them.
public struct GPUSpec: Sendable, Hashable {
    public var gpu: GPU
    public var count: Int
    public init(gpu: GPU, count: Int) {
        self.gpu = gpu
        self.count = count
    }
}

public struct Catalog: Sendable {
    public var models: [CatalogModel] { didSet { modelNames = models.map(ModelNames.init) } }
    public var gpus: [GPU] { didSet { gpuNames = gpus.map(GPUNames.init) } }
    /// Each model's names in the forms `model(matching:)` compares, computed once per catalog
    /// (the lookup runs on every keystroke; normalizing 83 models' names each time was most of it).
    private var modelNames: [ModelNames]
    /// Each GPU's names as `gpu(matching:)` compares them (`gpuKey`), computed once per catalog.
    private var gpuNames: [GPUNames]

    public init(models: [CatalogModel], gpus: [GPU]) {
        self.models = models
        self.gpus = gpus
        self.modelNames = models.map(ModelNames.init)
        self.gpuNames = gpus.map(GPUNames.init)
    }

    private struct GPUNames: Sendable {
        var id, idKey, nameKey: String
        var aliasKeys: [String]
        init(_ g: GPU) {
            id = g.id.lowercased()
            idKey = Catalog.gpuKey(g.id)
            nameKey = Catalog.gpuKey(g.name)
            aliasKeys = g.aliases.map(Catalog.gpuKey)
        }
    }

    private struct ModelNames: Sendable {
        var id, repo, repoName: String
        var aliases: [String]
        /// `normalize` of the repo name, the id and each alias.
        var normalized: Set<String>
        /// `coreName` of the id, the repo name and each alias.
        var core: Set<String>

        init(_ m: CatalogModel) {
            id = m.id.lowercased()
            repo = m.hfRepo.lowercased()
            repoName = String(repo.split(separator: "/").last ?? "")
            aliases = m.aliases.map { $0.lowercased() }
            normalized = Set([Catalog.normalize(repoName), Catalog.normalize(m.id)] + m.aliases.map(Catalog.normalize))
            core = Set([Catalog.coreName(m.id), Catalog.coreName(repoName)] + m.aliases.map(Catalog.coreName))
        }
    }

    /// The catalogs shipped in the binary, decoded on first use (Swift `static let` is lazy and
    /// thread-safe), never at process start.
    public static let builtIn: Catalog = {
        let models = (try? CatalogDecoding.models(from: CatalogData.modelsJSON)) ?? []
        let gpus = (try? CatalogDecoding.gpus(from: CatalogData.gpusJSON)) ?? []
        return Catalog(models: models, gpus: gpus)
    }()

    /// The embedded catalog files, byte for byte (catalog/models.json, catalog/gpus.json).
    public static var embeddedModelsJSON: String { CatalogData.modelsJSON }
    public static var embeddedGPUsJSON: String { CatalogData.gpusJSON }

    /// Decodes catalogs from JSON text in the shape of catalog/*.json (tests, user catalogs).
    public static func decode(modelsJSON: String, gpusJSON: String) throws -> Catalog {
        Catalog(models: try CatalogDecoding.models(from: modelsJSON), gpus: try CatalogDecoding.gpus(from: gpusJSON))
    }

    // MARK: Matching

    /// Finds a model by catalog id, Hugging Face repo (`org/name`, case-insensitive), alias, or a
    /// path whose trailing components name one (`checkpoints/meta-llama/Llama-2-7b-hf`).
    public func model(matching query: String) -> CatalogModel? {
        let trimmed = query.trimmed(where: { $0.isWhitespace || $0 == "/" })
        guard !trimmed.isEmpty else { return nil }
        let lower = trimmed.lowercased()
        func first(_ matches: (ModelNames) -> Bool) -> CatalogModel? {
            modelNames.firstIndex(where: matches).map { models[$0] }
        }
        if let m = first({ $0.id == lower || $0.repo == lower }) { return m }
        if let m = first({ $0.aliases.contains(lower) }) { return m }
        // Trailing path components: org/name, then name.
        let parts = lower.split(separator: "/").map(String.init)
        if parts.count >= 2 {
            let tail2 = parts.suffix(2).joined(separator: "/")
            if let m = first({ $0.repo == tail2 }) { return m }
        }
        if let last = parts.last {
            if let m = first({ $0.repoName == last || $0.id == last || $0.aliases.contains(last) }) { return m }
            let key = Self.normalize(last)
            if let m = first({ $0.normalized.contains(key) }) { return m }
            // Same architecture under another release name: "Meta-Llama-3.1-8B-Instruct",
            // "gemma-2-9b-it", "Qwen2.5-7B-Instruct-1M" → strip vendor prefixes and tuning suffixes.
            let core = Self.coreName(last)
            if !core.isEmpty, let m = first({ $0.core.contains(core) }) { return m }
        }
        return nil
    }

    /// A model name without vendor prefixes and instruction-tuning suffixes, normalized.
    static func coreName(_ name: String) -> String {
        var words = name.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " }).map(String.init)
        let suffixes: Set<String> = ["instruct", "chat", "hf", "it", "base", "pt", "sft", "dpo", "v0.1-instruct"]
        while let last = words.last, suffixes.contains(last), words.count > 1 { words.removeLast() }
        if let first = words.first, ["meta", "hf", "the"].contains(first), words.count > 1 { words.removeFirst() }
        return normalize(words.joined())
    }

    private func repoName(_ repo: String) -> String {
        String(repo.lowercased().split(separator: "/").last ?? "")
    }

    /// Finds a GPU forgivingly: `RTX 4090`, `4090`, `rtx4090`, `a100-80gb`, `A100 80GB`, `H100`,
    /// `NVIDIA GeForce RTX 4090`.
    public func gpu(matching query: String) -> GPU? {
        let key = Self.gpuKey(query)
        guard !key.isEmpty else { return nil }
        func first(_ matches: (GPUNames) -> Bool) -> GPU? {
            gpuNames.firstIndex(where: matches).map { gpus[$0] }
        }
        let lower = query.lowercased()
        if let g = first({ $0.id == lower }) { return g }
        if let g = first({ $0.idKey == key || $0.nameKey == key }) { return g }
        if let g = first({ $0.aliasKeys.contains(key) }) { return g }
        // Without vendor words ("nvidia geforce rtx 4090" → "rtx4090" / "4090").
        let stripped = Self.gpuKey(Self.stripVendorWords(query))
        if stripped != key, !stripped.isEmpty {
            if let g = first({ $0.idKey == stripped || $0.aliasKeys.contains(stripped) }) { return g }
            if stripped.hasPrefix("rtx") || stripped.hasPrefix("gtx") {
                let bare = String(stripped.dropFirst(3))
                if let g = first({ $0.aliasKeys.contains(bare) }) { return g }
            }
        }
        return nil
    }

    /// Did-you-mean: catalog ids close to an unknown model or GPU name, best first.
    public func suggestions(for unknownName: String, limit: Int = 3) -> [String] {
        let key = Self.normalize(unknownName)
        guard !key.isEmpty else { return [] }
        var scored: [(String, Int)] = []
        func consider(_ id: String, _ names: [String]) {
            var best = Int.max
            for n in names {
                let k = Self.normalize(n)
                if k.isEmpty { continue }
                var d = NameMatch.distance(key, k)
                if k.hasPrefix(key) || key.hasPrefix(k) { d = min(d, 1) } else if k.contains(key) || key.contains(k) { d = min(d, 2) }
                best = min(best, d)
            }
            let allowed = max(2, key.count / 3)
            if best <= allowed { scored.append((id, best)) }
        }
        for m in models { consider(m.id, [m.id, m.hfRepo, repoName(m.hfRepo)] + m.aliases) }
        for g in gpus { consider(g.id, [g.id, g.name] + g.aliases) }
        scored.sort { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        var out: [String] = []
        for (id, _) in scored where !out.contains(id) {
            out.append(id)
            if out.count >= limit { break }
        }
        return out
    }

    /// Parses a target such as `8xH100`, `h100-80gb x8`, `2 x RTX 4090`, `24GiB`, `24GB`, `80G`.
    /// Raw sizes give a `GPU.custom` (vendors' "GB" are binary, so `24GB` = 24 GiB).
    public func parseGPUSpec(_ text: String) -> GPUSpec? {
        var s = text.trimmed().lowercased()
        guard !s.isEmpty, s.count <= 200 else { return nil }
        var count = 1
        if let g = gpu(matching: s) { return GPUSpec(gpu: g, count: 1) }
        // Leading "8x", "8 x ", "8*".
        if let (n, rest) = Self.leadingCount(s) {
            count = n
            s = rest
        } else if let (n, rest) = Self.trailingCount(s) {
            count = n
            s = rest
        }
        s = s.trimmed()
        guard count >= 1, count <= 1_000_000, !s.isEmpty else { return nil }
        if let bytes = Self.parseSize(s) { return GPUSpec(gpu: .custom(bytes: bytes), count: count) }
        if let g = gpu(matching: s) { return GPUSpec(gpu: g, count: count) }
        return nil
    }

    // MARK: Helpers

    /// Letters and digits only, lowercased. ASCII names (all of the catalogs') are read byte by
    /// byte; others go through the Unicode properties.
    static func normalize(_ s: String) -> String {
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            var out: [UInt8] = []
            for b in s.utf8 {
                let l = b &- 65 < 26 ? b | 0x20 : b
                if l &- 97 < 26 || l &- 48 < 10 { out.append(l) }
            }
            return String(decoding: out, as: UTF8.self)
        }
        return String(s.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }.map(Character.init))
    }

    /// Normalized GPU key: alphanumerics only, "gib"/"gb" → "g".
    static func gpuKey(_ s: String) -> String {
        ByteSearch.replacing("gb", with: "g", in: ByteSearch.replacing("gib", with: "g", in: normalize(s)))
    }

    static func stripVendorWords(_ s: String) -> String {
        let words = s.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" })
        let drop: Set<Substring> = ["nvidia", "geforce", "tesla", "amd", "radeon", "instinct", "apple", "quadro", "google"]
        return words.filter { !drop.contains($0) }.joined(separator: " ")
    }

    static func leadingCount(_ s: String) -> (Int, String)? {
        let chars = Array(s)
        var i = 0
        while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
        guard i > 0, i <= 7 else { return nil }
        var j = i
        while j < chars.count, chars[j] == " " { j += 1 }
        guard j < chars.count, chars[j] == "x" || chars[j] == "*" || chars[j] == "×" else { return nil }
        let rest = String(chars[(j + 1)...]).trimmed()
        guard !rest.isEmpty, let n = Int(String(chars[0..<i])) else { return nil }
        // "7900xtx" is a name, not a count: require a letter after the x.
        if rest.first.map({ $0.isLetter }) != true && parseSize(rest) == nil && !(rest.first?.isNumber ?? false) { return nil }
        return (n, rest)
    }

    static func trailingCount(_ s: String) -> (Int, String)? {
        let chars = Array(s)
        var i = chars.count
        while i > 0, chars[i - 1].isASCII, chars[i - 1].isNumber { i -= 1 }
        guard i < chars.count, chars.count - i <= 7 else { return nil }
        var j = i
        while j > 0, chars[j - 1] == " " { j -= 1 }
        guard j > 0, chars[j - 1] == "x" || chars[j - 1] == "*" || chars[j - 1] == "×" else { return nil }
        let head = String(chars[0..<(j - 1)]).trimmed()
        guard !head.isEmpty, let n = Int(String(chars[i...])) else { return nil }
        return (n, head)
    }

    /// `24GiB`, `24 GB`, `80G`, `24576MiB`, `16.5gb` → bytes (binary units).
    static func parseSize(_ s: String) -> Int64? {
        let t = String(s.filter { $0 != " " })
        let units: [(String, Double)] = [("tib", 1_099_511_627_776), ("tb", 1_099_511_627_776), ("t", 1_099_511_627_776),
                                         ("gib", 1_073_741_824), ("gb", 1_073_741_824), ("g", 1_073_741_824),
                                         ("mib", 1_048_576), ("mb", 1_048_576), ("m", 1_048_576)]
        for (u, mult) in units where t.hasSuffix(u) {
            let num = String(t.dropLast(u.count))
            guard !num.isEmpty, num.allSatisfy({ $0.isNumber || $0 == "." }), let v = Double(num),
                  v.isFinite, v > 0 else { return nil }
            let bytes = v * mult
            guard bytes >= 1_048_576, bytes < 1e18 else { return nil }
            return Int64(bytes)
        }
        return nil
    }

}

// MARK: - Decoding the catalog files

/// A catalog file that cannot be read: where and why.
public struct CatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Reads catalog/*.json with the project's own JSON parser (ConfigSyntax) into the catalog types.
/// Keys are the files' camelCase names (schema/*.schema.json); a missing required field or one
/// of the wrong type is an error naming the entry and the field, an unknown field is ignored.
enum CatalogDecoding {
    /// One JSON object of a catalog file, with typed field access.
    struct Object {
        let path: String
        /// The object's fields by key (the last of a duplicated key, as JSON readers keep),
        /// read once: a node's entries are built on each read.
        let fields: [String: Node]

        init(node: Node, path: String) {
            self.path = path
            var fields: [String: Node] = [:]
            for e in node.entries { if let k = e.keyString { fields[k] = e.value } }
            self.fields = fields
        }

        func value(_ key: String) -> Node? {
            guard let v = fields[key], v.scalar != .null else { return nil }
            return v
        }
        func fail(_ key: String, _ expected: String) -> CatalogError {
            CatalogError(message: "\(path).\(key): expected \(expected)")
        }
        func string(_ key: String) throws -> String {
            guard let s = try optionalString(key) else { throw fail(key, "a string") }
            return s
        }
        func optionalString(_ key: String) throws -> String? {
            guard let v = value(key) else { return nil }
            guard case .string(let s)? = v.scalar else { throw fail(key, "a string") }
            return s
        }
        func int(_ key: String) throws -> Int {
            guard let i = try optionalInt(key) else { throw fail(key, "an integer") }
            return i
        }
        func optionalInt(_ key: String) throws -> Int? {
            guard let v = value(key) else { return nil }
            guard case .int(let i)? = v.scalar, let n = Int(exactly: i) else { throw fail(key, "an integer") }
            return n
        }
        func bool(_ key: String) throws -> Bool {
            guard let b = try optionalBool(key) else { throw fail(key, "true or false") }
            return b
        }
        func optionalBool(_ key: String) throws -> Bool? {
            guard let v = value(key) else { return nil }
            guard case .bool(let b)? = v.scalar else { throw fail(key, "true or false") }
            return b
        }
        func optionalDouble(_ key: String) throws -> Double? {
            guard let v = value(key) else { return nil }
            guard let d = v.scalar?.number, d.isFinite else { throw fail(key, "a number") }
            return d
        }
        func strings(_ key: String) throws -> [String] {
            guard let v = value(key) else { return [] }
            guard v.kind == .sequence else { throw fail(key, "a list of strings") }
            return try v.items.map { item in
                guard case .string(let s)? = item.scalar else { throw fail(key, "a list of strings") }
                return s
            }
        }
        func object(_ key: String) throws -> Object? {
            guard let v = value(key) else { return nil }
            guard v.kind == .mapping else { throw fail(key, "an object") }
            return Object(node: v, path: "\(path).\(key)")
        }
    }

    /// The entries of the file's top-level list `key`, each as an `Object`.
    static func entries(_ json: String, list key: String) throws -> [Object] {
        let doc = ConfigParser.parse(json, format: .json)
        if let error = doc.diagnostics.first(where: { $0.severity == .error }) {
            throw CatalogError(message: "catalog JSON: \(error.message) at byte \(error.range.start)")
        }
        guard let root = doc.root, root.kind == .mapping, let list = root[key], list.kind == .sequence else {
            throw CatalogError(message: "catalog JSON: expected an object with a list \"\(key)\"")
        }
        return try list.items.enumerated().map { i, item in
            guard item.kind == .mapping else { throw CatalogError(message: "\(key)[\(i)]: expected an object") }
            return Object(node: item, path: "\(key)[\(i)]")
        }
    }

    static func models(from json: String) throws -> [CatalogModel] {
        try entries(json, list: "models").map { e in
            let id = try e.string("id"), hfRepo = try e.string("hfRepo")
            let moe = try e.object("moe").map { m in
                MoEConfig(numExperts: try m.int("numExperts"), expertsPerToken: try m.int("expertsPerToken"),
                          moeIntermediateSize: try m.int("moeIntermediateSize"),
                          sharedExperts: try m.optionalInt("sharedExperts") ?? 0,
                          sharedExpertIntermediateSize: try m.optionalInt("sharedExpertIntermediateSize") ?? 0,
                          firstDenseLayers: try m.optionalInt("firstDenseLayers") ?? 0)
            }
            let mla = try e.object("mla").map { m in
                MLAConfig(qLoraRank: try m.optionalInt("qLoraRank"), kvLoraRank: try m.int("kvLoraRank"),
                          qkNopeHeadDim: try m.int("qkNopeHeadDim"), qkRopeHeadDim: try m.int("qkRopeHeadDim"),
                          vHeadDim: try m.int("vHeadDim"))
            }
            let arch = ModelArchitecture(
                id: id, hfRepo: hfRepo, layout: try e.string("layout"), hiddenSize: try e.int("hiddenSize"),
                intermediateSize: try e.int("intermediateSize"), numLayers: try e.int("numLayers"),
                numHeads: try e.int("numHeads"), numKeyValueHeads: try e.int("numKeyValueHeads"),
                headDim: try e.int("headDim"), vocabSize: try e.int("vocabSize"),
                tieWordEmbeddings: try e.bool("tieWordEmbeddings"), attentionBias: try e.optionalBool("attentionBias") ?? false,
                mlpBias: try e.optionalBool("mlpBias") ?? false, moe: moe, mla: mla,
                maxPositionEmbeddings: try e.optionalInt("maxPositionEmbeddings") ?? 0,
                newDecoderArchitecture: try e.optionalBool("newDecoderArchitecture") ?? false,
                checkpointDtype: DType(rawValue: try e.optionalString("torchDtype") ?? "bf16") ?? .bf16)
            return CatalogModel(id: id, name: try e.string("name"), hfRepo: hfRepo, aliases: try e.strings("aliases"),
                                architecture: arch, parameters: try e.int("parameters"), source: try e.string("source"))
        }
    }

    static func gpus(from json: String) throws -> [GPU] {
        try entries(json, list: "gpus").map { e in
            GPU(id: try e.string("id"), name: try e.string("name"),
                vendor: GPUVendor(rawValue: try e.string("vendor")) ?? .other,
                kind: GPUKind(rawValue: try e.string("kind")) ?? .discrete,
                architecture: try e.optionalString("architecture") ?? "",
                memoryBytes: Int64(try e.int("memoryBytes")), usableMemoryBytes: Int64(try e.int("usableMemoryBytes")),
                usableMemoryBasis: try e.optionalString("usableMemoryBasis") ?? "",
                bf16: try e.bool("bf16"), fp8: try e.bool("fp8"),
                bandwidthGBs: try e.optionalDouble("bandwidthGBs") ?? 0,
                computeCapability: try e.optionalString("computeCapability"),
                aliases: try e.strings("aliases"), source: try e.string("source"), notes: try e.optionalString("notes"))
        }
    }
}

extension StringProtocol {
    /// The text without the leading and trailing characters `drop` matches (whitespace by
    /// default), as Foundation's trimming does (MemoryModel links no Foundation).
    func trimmed(where drop: (Character) -> Bool = { $0.isWhitespace }) -> String {
        guard let first = firstIndex(where: { !drop($0) }), let last = lastIndex(where: { !drop($0) }) else { return "" }
        return String(self[first...last])
    }
}
