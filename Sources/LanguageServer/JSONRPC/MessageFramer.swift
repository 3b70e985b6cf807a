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

    /// The Content-Length of a header block, read from its bytes (no String work on the hot
    /// path: lines split at CR or LF, names compared case-insensitively, values ASCII digits).
    private static let contentLengthName = Array("content-length".utf8)

    static func contentLength(in header: ArraySlice<UInt8>) -> Result<Int, HeaderProblem> {
        func text(_ bytes: ArraySlice<UInt8>, _ characters: Int) -> Substring {
            String(decoding: bytes, as: UTF8.self).prefix(characters)
        }
        func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
            var b = bytes
            while let f = b.first, f == 0x20 || f == 0x09 { b = b.dropFirst() }
            while let l = b.last, l == 0x20 || l == 0x09 { b = b.dropLast() }
            return b
        }
        var length: Int?
        var start = header.startIndex
        while start < header.endIndex {
            var end = start
            while end < header.endIndex, header[end] != 0x0A, header[end] != 0x0D { end += 1 }
            defer { start = end + 1 }
            if end == start { continue }
            let line = header[start..<end]
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                return .failure(HeaderProblem(message: "malformed header line '\(text(line, 80))'"))
            }
            let key = trimmed(line[..<colon])
            guard key.count == contentLengthName.count, zip(key, contentLengthName).allSatisfy({ lower($0) == $1 }) else { continue }
            let value = trimmed(line[(colon + 1)...])
            guard !value.isEmpty, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                return .failure(HeaderProblem(message: "Content-Length '\(text(value, 40))' is not a number"))
            }
            guard value.count <= 12, case let n = value.reduce(0, { $0 * 10 + Int($1 - 0x30) }), n <= maxContentLength else {
                return .failure(HeaderProblem(message: "Content-Length \(text(value, 40)) exceeds the limit of \(maxContentLength) bytes"))
            }
            length = n
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
