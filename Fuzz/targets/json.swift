// libFuzzer target: the JSON parser on arbitrary bytes (ranges inside the text, deterministic).
import ConfigSyntax

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzCheck.parsesLosslessly(Array(UnsafeBufferPointer(start: data, count: size)), format: .json)
    return 0
}
