// Content-Length framing (the LSP base protocol), as a pure state machine: bytes in, message
// bodies out. Headers in any order and case, `Content-Type` accepted, partial reads handled.
// A bad header block (no Content-Length, a non-numeric or absurd one, an oversized header)
// is reported and skipped: the framer resynchronises on the next `Content-Length:` header.

public enum FramerEvent: Equatable, Sendable {
    case message([UInt8])
    /// A header block that could not be used; the text says why (for stderr).
    case badHeader(String)
}

public struct MessageFramer: Sendable {
    /// Bodies larger than this are refused (never allocated).
    public static let maxContentLength = 256 * 1024 * 1024
    /// A header block longer than this is garbage.
    public static let maxHeaderBytes = 8 * 1024

    private var buffer: [UInt8] = []
    private var readIndex = 0
    private var pendingLength: Int?
    private var resyncing = false

    public init() {}

    /// Bytes buffered and not yet consumed.
    public var bufferedCount: Int { buffer.count - readIndex }

    public mutating func push(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete event, or nil when more bytes are needed.
    public mutating func next() -> FramerEvent? {
        while true {
            if resyncing {
                guard resync() else { compact(); return nil }
            }
            if let length = pendingLength {
                guard buffer.count - readIndex >= length else { return nil }
                let body = Array(buffer[readIndex..<(readIndex + length)])
                readIndex += length
                pendingLength = nil
                compact()
                return .message(body)
            }
            guard let (headerEnd, bodyStart) = findHeaderEnd() else {
                if buffer.count - readIndex > MessageFramer.maxHeaderBytes {
                    readIndex = buffer.count
                    resyncing = true
                    compact()
                    return .badHeader("header longer than \(MessageFramer.maxHeaderBytes) bytes; skipping to the next Content-Length header")
                }
                return nil
            }
            let header = buffer[readIndex..<headerEnd]
            readIndex = bodyStart
            switch Self.contentLength(in: header) {
            case .success(let length):
                pendingLength = length
            case .failure(let problem):
                resyncing = true
                return .badHeader(problem.message + "; skipping to the next Content-Length header")
            }
        }
    }

    private mutating func compact() {
        if readIndex > 0, readIndex >= buffer.count / 2 || readIndex > 1 << 20 {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
    }

    /// Finds the blank line ending the header block; accepts `\r\n\r\n` and bare `\n\n`.
    private func findHeaderEnd() -> (headerEnd: Int, bodyStart: Int)? {
        var k = readIndex
        let limit = min(buffer.count, readIndex + MessageFramer.maxHeaderBytes + 4)
        while k < limit {
            if buffer[k] == 0x0A {
                if k + 1 < buffer.count, buffer[k + 1] == 0x0A { return (k, k + 2) }
                if k + 2 < buffer.count, buffer[k + 1] == 0x0D, buffer[k + 2] == 0x0A { return (k, k + 3) }
            }
            k += 1
        }
        return nil
    }

    struct HeaderProblem: Error { var message: String }

    static func contentLength(in header: ArraySlice<UInt8>) -> Result<Int, HeaderProblem> {
        let text = String(decoding: header, as: UTF8.self)
        var length: Int?
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            guard let colon = rawLine.firstIndex(of: ":") else {
                return .failure(HeaderProblem(message: "malformed header line '\(rawLine.prefix(80))'"))
            }
            let name = rawLine[..<colon].trimmingSpaces().lowercased()
            let value = rawLine[rawLine.index(after: colon)...].trimmingSpaces()
            if name == "content-length" {
                guard !value.isEmpty, value.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                    return .failure(HeaderProblem(message: "Content-Length '\(value.prefix(40))' is not a number"))
                }
                guard value.count <= 12, let n = Int(value), n <= maxContentLength else {
                    return .failure(HeaderProblem(message: "Content-Length \(value.prefix(40)) exceeds the limit of \(maxContentLength) bytes"))
                }
                length = n
            }
        }
        guard let n = length else { return .failure(HeaderProblem(message: "header without Content-Length")) }
        return .success(n)
    }

    /// Drops bytes up to the next `Content-Length:` (a body without a header may run straight
    /// into the next message's header, so it need not start a line); true when found.
    private mutating func resync() -> Bool {
        let needle = Array("content-length:".utf8)
        var k = readIndex
        while k + needle.count <= buffer.count {
            do {
                var match = true
                for j in 0..<needle.count where Self.lower(buffer[k + j]) != needle[j] {
                    match = false
                    break
                }
                if match {
                    readIndex = k
                    resyncing = false
                    return true
                }
            }
            k += 1
        }
        // Keep a tail that may hold the start of the header.
        readIndex = max(readIndex, buffer.count - needle.count)
        return false
    }

    private static func lower(_ b: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b) ? b + 32 : b
    }

    /// Frames a body for writing.
    public static func frame(_ body: [UInt8]) -> [UInt8] {
        var out = Array("Content-Length: \(body.count)\r\n\r\n".utf8)
        out.append(contentsOf: body)
        return out
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        var s = self[...]
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
