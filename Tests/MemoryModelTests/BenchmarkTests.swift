// Throughput of the estimator and latency of make-it-fit. Disabled unless HEADROOM_BENCH=1:
//   HEADROOM_BENCH=1 swift test -c release -Xswiftc -enable-testing --scratch-path .build-memory --filter BenchmarkTests
import Foundation
import Testing
import MemoryModel

@Suite struct BenchmarkTests {
    static let enabled = ProcessInfo.processInfo.environment["HEADROOM_BENCH"] == "1"

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    @Test(.enabled(if: enabled, "set HEADROOM_BENCH=1 to run the benchmark"))
    func estimatesPerSecond() throws {
        let model = try #require(Catalog.builtIn.model(matching: "llama-3.1-8b")).architecture
        let gpu = Catalog.builtIn.gpu(matching: "rtx 4090")
        var setups: [Setup] = []
        for m in FineTuneMethod.allCases {
            for b in [1, 2, 4, 8] {
                setups.append(Setup(model: model, method: m, loraRank: 16, loraTargets: .allLinear,
                                    microBatchSize: b, sequenceLength: 2048, gradientCheckpointing: b > 2))
            }
        }
        var sink: Int64 = 0
        for s in setups { sink &+= estimate(s, gpu: gpu).peakBytesPerGpu }  // warm up
        let n = 300_000
        let t0 = Self.now()
        for i in 0..<n { sink &+= estimate(setups[i % setups.count], gpu: gpu).peakBytesPerGpu }
        let dt = Self.now() - t0
        let rate = Double(n) / dt
        print(String(format: "BENCH estimate: %.0f estimates/s (%.3f µs each), sink %lld", rate, dt / Double(n) * 1e6, sink))
        #expect(rate > 0)
    }

    @Test(.enabled(if: enabled, "set HEADROOM_BENCH=1 to run the benchmark"))
    func catalogDecodeTime() throws {
        // Catalog.builtIn decodes on first use; measure a fresh decode of the embedded JSON.
        let t0 = Self.now()
        var n = 0
        for _ in 0..<10 {
            let c = try Catalog.decode(modelsJSON: Catalog.embeddedModelsJSON, gpusJSON: Catalog.embeddedGPUsJSON)
            n += c.models.count + c.gpus.count
        }
        print(String(format: "BENCH catalog decode: %.2f ms (%d entries)", (Self.now() - t0) / 10 * 1e3, n / 10))
        #expect(n > 0)
    }

    @Test(.enabled(if: enabled, "set HEADROOM_BENCH=1 to run the benchmark"))
    func makeItFitLatency() throws {
        let catalog = Catalog.builtIn
        let g = try #require(catalog.gpu(matching: "rtx 4090"))
        let cases: [Setup] = [
            Setup(model: try #require(catalog.model(matching: "llama-3.1-8b")).architecture, method: .full, optimizer: .adamw,
                  microBatchSize: 8, sequenceLength: 4096),
            Setup(model: try #require(catalog.model(matching: "llama-3.1-70b")).architecture, method: .full, optimizer: .adamw,
                  microBatchSize: 4, sequenceLength: 4096),
            Setup(model: try #require(catalog.model(matching: "qwen2.5-7b")).architecture, method: .lora, loraRank: 64,
                  loraTargets: .allLinear, microBatchSize: 8, sequenceLength: 8192, attention: .eager),
        ]
        for s in cases { _ = WhatIf.makeItFit(s, gpu: g) }  // warm up
        for s in cases {
            var times: [Double] = []
            for _ in 0..<50 {
                let t0 = Self.now()
                _ = WhatIf.makeItFit(s, gpu: g)
                times.append(Self.now() - t0)
            }
            times.sort()
            let found = WhatIf.makeItFit(s, gpu: g)?.changes.joined(separator: "+") ?? "nothing fits"
            print(String(format: "BENCH make-it-fit %@: median %.3f ms, p90 %.3f ms (%@)", s.model.id,
                         times[times.count / 2] * 1e3, times[times.count * 9 / 10] * 1e3, found))
        }
    }
}
