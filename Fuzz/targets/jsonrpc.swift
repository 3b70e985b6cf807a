// libFuzzer target: Content-Length framing and JSON-RPC decoding. The bytes are pushed into
// a MessageFramer in pieces whose sizes come from the input itself; every framed body is
// decoded with IncomingMessage.decode, then handed to a ServerCore (in process) so that the
// dispatch of arbitrary messages runs too. Every request must get exactly one reply.
import LanguageServer

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var framer = MessageFramer()
    var replies = 0
    let core = ServerCore(send: { _ in replies += 1 }, log: { _ in })
    var i = 0
    var step = 1
    var events = 0
    var requests = 0
    while i < bytes.count {
        let take = min(bytes.count - i, step)
        framer.push(bytes[i..<(i + take)])
        i += take
        step = Int(bytes[i - 1] % 61) + 1
        while let event = framer.next() {
            events += 1
            if case .message(let body) = event {
                let message = IncomingMessage.decode(body)
                let before = replies
                switch message {
                case .request: requests += 1
                default: break
                }
                if case .exit = core.handle(message) { return 0 }
                if case .request = message {
                    FuzzCheck.require(replies > before, "a request got no reply")
                }
                core.flush()
            }
        }
    }
    _ = events
    _ = requests
    return 0
}
