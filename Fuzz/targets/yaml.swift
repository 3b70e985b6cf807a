// libFuzzer target: the YAML parser on arbitrary bytes. Checks, beyond "no trap": the
// parse is lossless (ranges inside the text) and deterministic.
import ConfigSyntax

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let doc = ConfigParser.parse(bytes: bytes, format: .yaml)
    let n = doc.text.utf8.count
    FuzzCheck.nodesInside(doc.documents, n)
    for d in doc.diagnostics {
        FuzzCheck.require(d.range.start >= 0 && d.range.start <= d.range.end && d.range.end <= n, "diagnostic range \(d.range) outside 0..<\(n)")
    }
    let again = ConfigParser.parse(doc.text, format: .yaml)
    FuzzCheck.require(FuzzCheck.same(again.documents, doc.documents), "parse is not deterministic")
    return 0
}
