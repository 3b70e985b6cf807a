import Foundation
import Testing
import TestSupport
@testable import MemoryModel

@Suite struct CatalogTests {
    let catalog = Catalog.builtIn

    static func projectFile(_ relative: String) throws -> Data {
        try Data(contentsOf: SharedData.projectRoot.appendingPathComponent(relative))
    }

    @Test func sizesAndSources() {
        #expect(catalog.models.count >= 60)
        #expect(catalog.gpus.count >= 35)
        for m in catalog.models {
            #expect(!m.source.isEmpty, "\(m.id)")
            #expect(m.architecture.parameterCount == m.parameters, "\(m.id)")
        }
        for g in catalog.gpus {
            #expect(!g.source.isEmpty, "\(g.id)")
            #expect(g.usableMemoryBytes > 0 && g.usableMemoryBytes <= g.memoryBytes, "\(g.id)")
        }
        #expect(Set(catalog.models.map(\.id)).count == catalog.models.count)
        #expect(Set(catalog.gpus.map(\.id)).count == catalog.gpus.count)
        #expect(catalog.gpus.contains { $0.vendor == .amd })
        #expect(catalog.gpus.contains { $0.vendor == .apple && $0.isUnifiedMemory })
    }

    @Test func modelMatching() {
        #expect(catalog.model(matching: "llama-3.1-8b")?.id == "llama-3.1-8b")
        #expect(catalog.model(matching: "meta-llama/llama-3.1-8b")?.id == "llama-3.1-8b")
        #expect(catalog.model(matching: "META-LLAMA/Llama-3.1-8B")?.id == "llama-3.1-8b")
        #expect(catalog.model(matching: "llama3.1-8b")?.id == "llama-3.1-8b")
        #expect(catalog.model(matching: "checkpoints/meta-llama/Llama-2-7b-hf")?.id == "llama-2-7b")
        #expect(catalog.model(matching: "/home/me/models/Mistral-7B-v0.1/")?.id == "mistral-7b-v0.1")
        #expect(catalog.model(matching: "TinyLlama/TinyLlama-1.1B-intermediate-step-1431k-3T")?.id == "tinyllama-1.1b")
        #expect(catalog.model(matching: "meta-llama/Meta-Llama-3.1-8B-Instruct")?.id == "llama-3.1-8b")
        #expect(catalog.model(matching: "google/gemma-2-9b-it")?.id == "gemma-2-9b")
        #expect(catalog.model(matching: "Qwen/Qwen2.5-7B-Instruct")?.id == "qwen2.5-7b")
        #expect(catalog.model(matching: "no-such-model-xyz") == nil)
        #expect(catalog.model(matching: "") == nil)
    }

    @Test func gpuMatching() {
        #expect(catalog.gpu(matching: "RTX 4090")?.id == "rtx-4090")
        #expect(catalog.gpu(matching: "4090")?.id == "rtx-4090")
        #expect(catalog.gpu(matching: "rtx4090")?.id == "rtx-4090")
        #expect(catalog.gpu(matching: "NVIDIA GeForce RTX 4090")?.id == "rtx-4090")
        #expect(catalog.gpu(matching: "a100-80gb")?.id == "a100-80gb")
        #expect(catalog.gpu(matching: "A100 80GB")?.id == "a100-80gb")
        #expect(catalog.gpu(matching: "H100")?.id == "h100-sxm")
        #expect(catalog.gpu(matching: "A10G")?.id == "a10g")
        #expect(catalog.gpu(matching: "m3 max")?.isUnifiedMemory == true)
        #expect(catalog.gpu(matching: "quantum-9000") == nil)
        let h100 = catalog.gpu(matching: "h100")
        #expect(h100?.bf16 == true && h100?.fp8 == true)
        #expect(h100?.usableMemoryBytes == Int64(81559 * 1_048_576))
    }

    @Test func gpuSpecs() {
        let a = catalog.parseGPUSpec("8xH100")
        #expect(a?.gpu.id == "h100-sxm" && a?.count == 8)
        let b = catalog.parseGPUSpec("h100-80gb x8")
        #expect(b?.gpu.id == "h100-sxm" && b?.count == 8)
        let c = catalog.parseGPUSpec("2 x RTX 4090")
        #expect(c?.gpu.id == "rtx-4090" && c?.count == 2)
        #expect(catalog.parseGPUSpec("24GiB")?.gpu.usableMemoryBytes == Int64(24 * 1_073_741_824))
        #expect(catalog.parseGPUSpec("24GB")?.gpu.usableMemoryBytes == Int64(24 * 1_073_741_824))
        #expect(catalog.parseGPUSpec("80G")?.gpu.usableMemoryBytes == Int64(80 * 1_073_741_824))
        #expect(catalog.parseGPUSpec("4x 24GiB")?.count == 4)
        #expect(catalog.parseGPUSpec("7900xtx")?.gpu.id == "rx-7900-xtx")
        #expect(catalog.parseGPUSpec("a100")?.count == 1)
        #expect(catalog.parseGPUSpec("") == nil)
        #expect(catalog.parseGPUSpec("0GB") == nil)
        #expect(catalog.parseGPUSpec("1e999GB") == nil)
        #expect(catalog.parseGPUSpec("nonsense") == nil)
    }

    @Test func didYouMean() {
        #expect(catalog.suggestions(for: "llama-3.1-8").contains("llama-3.1-8b"))
        #expect(catalog.suggestions(for: "rtx 4900").contains("rtx-4090"))
        #expect(catalog.suggestions(for: "mistral7b").contains { $0.hasPrefix("mistral-7b") })
        #expect(catalog.suggestions(for: "").isEmpty)
    }

    /// The embedded Swift literal equals the data files byte for byte.
    @Test func generatedFileMatchesDataFiles() throws {
        let models = try Self.projectFile("catalog/models.json")
        let gpus = try Self.projectFile("catalog/gpus.json")
        #expect(Data(CatalogData.modelsJSON.utf8) == models, "run scripts/embed-catalog.sh")
        #expect(Data(CatalogData.gpusJSON.utf8) == gpus, "run scripts/embed-catalog.sh")
    }

    // MARK: Schema validation (a subset of JSON Schema: type, required, properties, enum, minimum, items)

    static func validate(_ value: Any, _ schema: [String: Any], _ path: String, _ errors: inout [String]) {
        if let t = schema["type"] {
            let types = (t as? [String]) ?? [(t as? String) ?? ""]
            if !types.contains(where: { matches(value, $0) }) {
                errors.append("\(path): expected \(types.joined(separator: "|")), got \(type(of: value))")
                return
            }
        }
        if let en = schema["enum"] as? [Any], let s = value as? String {
            if !en.contains(where: { ($0 as? String) == s }) { errors.append("\(path): \(s) not in enum") }
        }
        if let minimum = (schema["minimum"] as? NSNumber)?.doubleValue, let n = value as? NSNumber, !(value is Bool), !isBool(value) {
            if n.doubleValue < minimum { errors.append("\(path): \(n) < \(minimum)") }
        }
        if let minLength = (schema["minLength"] as? NSNumber)?.intValue, let s = value as? String, s.count < minLength {
            errors.append("\(path): shorter than \(minLength)")
        }
        if let obj = value as? [String: Any] {
            for key in (schema["required"] as? [String]) ?? [] where obj[key] == nil {
                errors.append("\(path): missing \(key)")
            }
            if let props = schema["properties"] as? [String: Any] {
                for (k, v) in obj {
                    if let sub = props[k] as? [String: Any] { validate(v, sub, path + "." + k, &errors) }
                }
            }
        }
        if let arr = value as? [Any] {
            if let minItems = (schema["minItems"] as? NSNumber)?.intValue, arr.count < minItems {
                errors.append("\(path): fewer than \(minItems) items")
            }
            if let items = schema["items"] as? [String: Any] {
                for (i, v) in arr.enumerated() { validate(v, items, "\(path)[\(i)]", &errors) }
            }
        }
    }

    static func isBool(_ v: Any) -> Bool {
        // JSONSerialization gives __NSCFBoolean for true/false on Darwin and Linux.
        type(of: v) == Bool.self || String(describing: type(of: v)).contains("Boolean")
    }

    static func matches(_ v: Any, _ type: String) -> Bool {
        switch type {
        case "object": return v is [String: Any]
        case "array": return v is [Any]
        case "string": return v is String
        case "boolean": return isBool(v)
        case "integer":
            guard let n = v as? NSNumber, !isBool(v) else { return false }
            return n.doubleValue == n.doubleValue.rounded()
        case "number": return (v as? NSNumber) != nil && !isBool(v)
        case "null": return v is NSNull
        default: return true
        }
    }

    static func check(data: String, schema: String) throws -> [String] {
        let value = try JSONSerialization.jsonObject(with: projectFile(data))
        let s = try #require(try JSONSerialization.jsonObject(with: projectFile(schema)) as? [String: Any])
        var errors: [String] = []
        validate(value, s, "$", &errors)
        return errors
    }

    @Test func catalogsValidateAgainstSchemas() throws {
        let m = try Self.check(data: "catalog/models.json", schema: "schema/models.schema.json")
        #expect(m.isEmpty, "\(m.prefix(10))")
        let g = try Self.check(data: "catalog/gpus.json", schema: "schema/gpus.schema.json")
        #expect(g.isEmpty, "\(g.prefix(10))")
    }

    @Test func validatorRejectsBadData() throws {
        let schema = try #require(try JSONSerialization.jsonObject(with: Self.projectFile("schema/gpus.schema.json")) as? [String: Any])
        let bad: [String: Any] = ["schemaVersion": 1, "gpus": [["id": "x", "vendor": "intel", "memoryBytes": -1, "bf16": "yes"]]]
        var errors: [String] = []
        Self.validate(bad, schema, "$", &errors)
        #expect(errors.contains { $0.contains("missing name") })
        #expect(errors.contains { $0.contains("not in enum") })
        #expect(errors.contains { $0.contains("< 1") })
        #expect(errors.contains { $0.contains("expected boolean") })
    }
}
