// libFuzzer target: dialect detection and mapping (SetupReader.read) on parsed YAML or JSON,
// and for one input in 1,024 the rest of the analysis (estimate against a target GPU, findings, a hover, the fixes),
// with references resolved against an in-memory reader (no file I/O while fuzzing).
import Analysis
import ConfigSyntax
import TrainingSetup

let reader = InMemoryReferenceReader(files: [
    "/fz/ds.json": #"{"zero_optimization": {"stage": 3, "offload_optimizer": {"device": "cpu"}}, "bf16": {"enabled": true}}"#,
    "/fz/model/config.json": #"{"architectures": ["LlamaForCausalLM"], "hidden_size": 4096, "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8, "intermediate_size": 14336, "vocab_size": 128256}"#,
])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let format: SyntaxFormat = (bytes.first == UInt8(ascii: "{") || bytes.first == UInt8(ascii: "[")) ? .json : .yaml
    let doc = ConfigParser.parse(bytes: bytes, format: format)
    let path = "/fz/config.\(format == .json ? "json" : "yaml")"
    let n = doc.text.utf8.count
    let setup = SetupReader.read(doc, path: path, options: SetupReaderOptions(reader: reader))
    for d in setup.diagnostics {
        FuzzCheck.require(d.range.start >= 0 && d.range.start <= d.range.end && d.range.end <= n, "setup diagnostic range \(d.range) outside 0..<\(n)")
    }
    // The whole analysis (estimate, what-if searches, each fix re-read from its edited text) costs
    // hundreds of times the mapping: one input in 1,024, picked by a checksum of its bytes.
    guard bytes.reduce(UInt32(0), { $0 &* 31 &+ UInt32($1) }) % 1024 == 7 else { return 0 }
    let analysis = Analyzer.analyze(doc, path: path, settings: AnalysisSettings(gpu: "rtx-4090"), reader: reader)
    for f in analysis.findings {
        FuzzCheck.require(f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= n, "finding range \(f.range) outside 0..<\(n)")
    }
    _ = analysis.hover(at: n == 0 ? 0 : Int(bytes[size / 2]) * 7 % n)
    for fix in analysis.fixes(in: ByteRange(0, n)) {
        _ = fix
    }
    return 0
}
