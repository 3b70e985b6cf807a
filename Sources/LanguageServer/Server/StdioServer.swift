// The stdio transport: a reader thread that only reads, frames and decodes (so reading never
// waits on analysis), a queue in arrival order, and the handling loop on the calling thread,
// which is also the only writer (replies never interleave).

import Analysis

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Messages in arrival order, plus the ids cancelled by `$/cancelRequest`.
/// The one shared mutable object between the two threads; every access holds `condition`.
final class MessageQueue: @unchecked Sendable {
    enum Event { case message(IncomingMessage), badHeader(String), endOfInput }

    private let condition = ConditionLock()
    private var events: [Event] = []
    private var head = 0
    private var cancelled: Set<RequestID> = []

    func push(_ event: Event) {
        condition.lock()
        if case .message(.notification("$/cancelRequest", let params)) = event,
           let id = RequestID(params?["id"]) {
            cancelled.insert(id)
        }
        events.append(event)
        condition.signal()
        condition.unlock()
    }

    /// The next event, waiting for one; `more` says whether another is already queued.
    func pop() -> (event: Event, more: Bool) {
        condition.lock()
        defer { condition.unlock() }
        while head >= events.count { condition.wait() }
        let e = events[head]
        head += 1
        if head > 1024, head * 2 > events.count {
            events.removeFirst(head)
            head = 0
        }
        return (e, head < events.count)
    }

    /// True (once) when `id` was cancelled before its request was handled.
    func takeCancelled(_ id: RequestID) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled.remove(id) != nil
    }
}

public enum StdioServer {
    /// Serves LSP on stdin/stdout until `exit` or end of input; returns the exit code.
    public static func run() -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let queue = MessageQueue()
        guard Threads.start(stackSize: 1 << 20, { readLoop(into: queue) }) else {
            logLine("could not start the reader thread: exiting")
            return 1
        }

        let core = ServerCore(send: { writeMessage($0) }, log: { logLine($0) })
        var tablesPrepared = false
        while true {
            // Once `initialize` is answered, the tables the first analysis needs are built on
            // another thread while the client sends `initialized` and opens its first document.
            if !tablesPrepared && core.lifecycle == .running {
                tablesPrepared = true
                _ = Threads.start(stackSize: 512 * 1024) { Analyzer.prepareTables() }
            }
            let (event, more) = queue.pop()
            switch event {
            case .endOfInput:
                logLine("end of input: exiting")
                return core.lifecycle == .shuttingDown ? 0 : 1
            case .badHeader(let why):
                logLine("bad message header: \(why)")
            case .message(let m):
                if case .exit(let code) = core.handle(m, isCancelled: { queue.takeCancelled($0) }) {
                    return code
                }
            }
            if !more { core.flush() }
        }
    }

    static func readLoop(into queue: MessageQueue) {
        var framer = MessageFramer()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            framer.push(chunk[0..<n])
            while let event = framer.next() {
                switch event {
                case .message(let body):
                    let message = IncomingMessage.decode(body)
                    if case .request(_, "initialize", let params) = message, let pid = params?["processId"]?.intValue {
                        watchParent(pid, queue: queue)
                    }
                    queue.push(.message(message))
                case .badHeader(let why): queue.push(.badHeader(why))
                }
            }
        }
        queue.push(.endOfInput)
    }

    /// The client's process (`initialize`'s processId): when it is gone, end as if stdin had
    /// closed, so an editor that crashed leaves no server behind.
    static func watchParent(_ pid: Int, queue: MessageQueue) {
        guard pid > 0, pid <= Int(Int32.max) else { return }
        Threads.start(stackSize: 64 * 1024) {
            while true {
                sleep(3)
                if kill(pid_t(pid), 0) != 0, errno == ESRCH {
                    logLine("client process \(pid) is gone: exiting")
                    queue.push(.endOfInput)
                    return
                }
            }
        }
    }

    static func writeMessage(_ value: JSONValue) {
        let framed = MessageFramer.frame(JSONWriter.encode(value))
        if !writeAll(1, framed) {
            logLine("stdout is closed: exiting")
            exit(1)
        }
    }

    static func logLine(_ text: String) {
        _ = writeAll(2, Array("headroom: \(text)\n".utf8))
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress.map { $0 + offset }, bytes.count - offset) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }
}
