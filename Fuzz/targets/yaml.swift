// libFuzzer target: the YAML parser on arbitrary bytes. Checks, beyond "no trap": the
// parse is lossless (ranges inside the text) and deterministic.
import ConfigSyntax

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzCheck.parsesLosslessly(Array(UnsafeBufferPointer(start: data, count: size)), format: .yaml)
    return 0
}
