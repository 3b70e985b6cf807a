import Foundation
import Testing
@testable import MemoryModel

/// The catalogs are read with ConfigSyntax's JSON parser; these tests hold every field of every
/// entry to Foundation's reading of the same embedded text, and check the errors.
@Suite struct CatalogDecodingTests {
    static func objects(_ json: String, _ key: String) throws -> [[String: Any]] {
        let top = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return try #require(top[key] as? [[String: Any]])
    }

    @Test func modelsMatchFoundationsReading() throws {
        let models = try CatalogDecoding.models(from: Catalog.embeddedModelsJSON)
        let raw = try Self.objects(Catalog.embeddedModelsJSON, "models")
        #expect(models.count == raw.count && models.count >= 60)
        for (m, r) in zip(models, raw) {
            let a = m.architecture
            #expect(m.id == r["id"] as? String && a.id == m.id)
            #expect(m.name == r["name"] as? String)
            #expect(m.hfRepo == r["hfRepo"] as? String && a.hfRepo == m.hfRepo)
            #expect(m.aliases == (r["aliases"] as? [String] ?? []))
            #expect(m.source == r["source"] as? String)
            #expect(m.parameters == r["parameters"] as? Int)
            #expect(a.layout == r["layout"] as? String)
            for (value, key) in [(a.hiddenSize, "hiddenSize"), (a.intermediateSize, "intermediateSize"), (a.numLayers, "numLayers"),
                                 (a.numHeads, "numHeads"), (a.numKeyValueHeads, "numKeyValueHeads"), (a.headDim, "headDim"),
                                 (a.vocabSize, "vocabSize"), (a.maxPositionEmbeddings, "maxPositionEmbeddings")] {
                #expect(value == (r[key] as? Int ?? 0), "\(m.id).\(key)")
            }
            #expect(a.tieWordEmbeddings == r["tieWordEmbeddings"] as? Bool)
            #expect(a.attentionBias == (r["attentionBias"] as? Bool ?? false))
            #expect(a.mlpBias == (r["mlpBias"] as? Bool ?? false))
            #expect(a.newDecoderArchitecture == (r["newDecoderArchitecture"] as? Bool ?? false))
            #expect(a.checkpointDtype.rawValue == (r["torchDtype"] as? String ?? "bf16"))
            let moe = r["moe"] as? [String: Any]
            #expect((a.moe == nil) == (moe == nil), "\(m.id).moe")
            if let e = a.moe, let moe {
                #expect(e.numExperts == moe["numExperts"] as? Int && e.expertsPerToken == moe["expertsPerToken"] as? Int)
                #expect(e.moeIntermediateSize == moe["moeIntermediateSize"] as? Int)
                #expect(e.sharedExperts == (moe["sharedExperts"] as? Int ?? 0))
                #expect(e.sharedExpertIntermediateSize == (moe["sharedExpertIntermediateSize"] as? Int ?? 0))
                #expect(e.firstDenseLayers == (moe["firstDenseLayers"] as? Int ?? 0))
            }
            let mla = r["mla"] as? [String: Any]
            #expect((a.mla == nil) == (mla == nil), "\(m.id).mla")
            if let e = a.mla, let mla {
                #expect(e.qLoraRank == mla["qLoraRank"] as? Int && e.kvLoraRank == mla["kvLoraRank"] as? Int)
                #expect(e.qkNopeHeadDim == mla["qkNopeHeadDim"] as? Int && e.qkRopeHeadDim == mla["qkRopeHeadDim"] as? Int)
                #expect(e.vHeadDim == mla["vHeadDim"] as? Int)
            }
        }
        #expect(models.contains { $0.architecture.moe != nil } && models.contains { $0.architecture.mla != nil })
    }

    @Test func gpusMatchFoundationsReading() throws {
        let gpus = try CatalogDecoding.gpus(from: Catalog.embeddedGPUsJSON)
        let raw = try Self.objects(Catalog.embeddedGPUsJSON, "gpus")
        #expect(gpus.count == raw.count && gpus.count >= 40)
        for (g, r) in zip(gpus, raw) {
            #expect(g.id == r["id"] as? String && g.name == r["name"] as? String, "\(g.id)")
            #expect(g.vendor.rawValue == r["vendor"] as? String && g.kind.rawValue == r["kind"] as? String, "\(g.id)")
            #expect(g.architecture == (r["architecture"] as? String ?? ""))
            #expect(g.memoryBytes == (r["memoryBytes"] as? NSNumber)?.int64Value)
            #expect(g.usableMemoryBytes == (r["usableMemoryBytes"] as? NSNumber)?.int64Value)
            #expect(g.usableMemoryBasis == (r["usableMemoryBasis"] as? String ?? ""))
            #expect(g.bf16 == r["bf16"] as? Bool && g.fp8 == r["fp8"] as? Bool)
            #expect(g.bandwidthGBs == ((r["bandwidthGBs"] as? NSNumber)?.doubleValue ?? 0))
            #expect(g.computeCapability == r["computeCapability"] as? String)
            #expect(g.aliases == (r["aliases"] as? [String] ?? []))
            #expect(g.source == r["source"] as? String && g.notes == r["notes"] as? String)
        }
    }

    @Test func errorsNameTheEntryAndField() {
        func message(_ body: () throws -> Void) -> String? {
            do { try body(); return nil } catch { return "\(error)" }
        }
        let gpu = #"{"id": "x", "name": "X", "vendor": "nvidia", "kind": "discrete", "memoryBytes": 1, "usableMemoryBytes": 1, "bf16": true, "fp8": false, "source": "s"}"#
        #expect(message { _ = try CatalogDecoding.gpus(from: #"{"gpus": [\#(gpu)]}"#) } == nil)
        #expect(message { _ = try CatalogDecoding.gpus(from: #"{"gpus": [\#(gpu), {"id": "y"}]}"#) } == "gpus[1].name: expected a string")
        #expect(message { _ = try CatalogDecoding.gpus(from: #"{"gpus": [\#(gpu.replacing(#""bf16": true"#, with: #""bf16": 1"#))]}"#) }
                == "gpus[0].bf16: expected true or false")
        #expect(message { _ = try CatalogDecoding.gpus(from: #"{"gpus": [\#(gpu.replacing(#""memoryBytes": 1"#, with: #""memoryBytes": 1.5"#))]}"#) }
                == "gpus[0].memoryBytes: expected an integer")
        #expect(message { _ = try CatalogDecoding.gpus(from: #"{"gpus": {}}"#) } == #"catalog JSON: expected an object with a list "gpus""#)
        #expect(message { _ = try CatalogDecoding.gpus(from: #"{"gpus": [1]}"#) } == "gpus[0]: expected an object")
        #expect(message { _ = try CatalogDecoding.models(from: #"{"models": [}"#) }?.hasPrefix("catalog JSON: ") == true)
    }
}
