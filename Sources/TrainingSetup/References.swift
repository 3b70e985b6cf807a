// Files a config points at, read offline, bounded in size, never blocking: a DeepSpeed JSON,
// a local model directory's config.json, the Hugging Face cache. Behind a protocol so tests can
// inject files and the language server can cache.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a referenced file could not be read.
public enum ReferenceFailure: Error, Sendable, Hashable, CustomStringConvertible {
    case missing
    case isDirectory
    /// A FIFO, socket, device (`/dev/zero`), ...
    case notRegularFile(String)
    case tooLarge(bytes: Int64, limit: Int)
    case symlinkLoop
    case notUTF8
    case unreadable(String)

    public var description: String {
        switch self {
        case .missing: return "does not exist"
        case .isDirectory: return "is a directory, not a file"
        case .notRegularFile(let kind): return "is a \(kind), not a regular file"
        case .tooLarge(let bytes, let limit): return "is too large (\(bytes) bytes; the limit is \(limit))"
        case .symlinkLoop: return "is a symbolic link loop"
        case .notUTF8: return "is not UTF-8 text"
        case .unreadable(let why): return "cannot be read (\(why))"
        }
    }
}

public enum ReferenceEntryKind: Sendable, Hashable {
    case file
    case directory
    case other
    case missing
}

/// File access for references. Paths are absolute or relative to the process's directory;
/// callers resolve relative references against the config's folder first.
public protocol ReferenceReader: Sendable {
    /// The text of a file, at most the reader's limit, or why not.
    func readText(atPath path: String) -> Result<String, ReferenceFailure>
    /// What is at `path` (following symbolic links).
    func kind(atPath path: String) -> ReferenceEntryKind
    /// Names in a directory (bounded), or nil.
    func directoryEntries(atPath path: String) -> [String]?
    /// An environment variable (HF_HUB_CACHE, HF_HOME, HOME).
    func environment(_ name: String) -> String?
}

/// The real file system, with a size limit and checks that keep it from blocking.
public struct FileSystemReferenceReader: ReferenceReader {
    public var maxBytes: Int
    public var maxDirectoryEntries: Int

    public init(maxBytes: Int = 4 << 20, maxDirectoryEntries: Int = 256) {
        self.maxBytes = maxBytes
        self.maxDirectoryEntries = maxDirectoryEntries
    }

    public func kind(atPath path: String) -> ReferenceEntryKind {
        var st = stat()
        guard stat(path, &st) == 0 else { return .missing }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    public func readText(atPath path: String) -> Result<String, ReferenceFailure> {
        var st = stat()
        if stat(path, &st) != 0 {
            let err = errno
            if err == ELOOP { return .failure(.symlinkLoop) }
            if err == ENOENT || err == ENOTDIR { return .failure(.missing) }
            return .failure(.unreadable(String(cString: strerror(err))))
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .failure(.isDirectory)
        case S_IFIFO: return .failure(.notRegularFile("FIFO"))
        case S_IFCHR: return .failure(.notRegularFile("character device"))
        case S_IFBLK: return .failure(.notRegularFile("block device"))
        case S_IFSOCK: return .failure(.notRegularFile("socket"))
        default: return .failure(.notRegularFile("special file"))
        }
        if Int64(st.st_size) > Int64(maxBytes) { return .failure(.tooLarge(bytes: Int64(st.st_size), limit: maxBytes)) }
        // O_NONBLOCK: should the file have been swapped for a FIFO since stat, open does not wait.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 {
            let err = errno
            return .failure(err == ELOOP ? .symlinkLoop : .unreadable(String(cString: strerror(err))))
        }
        defer { close(fd) }
        var st2 = stat()
        guard fstat(fd, &st2) == 0, (st2.st_mode & S_IFMT) == S_IFREG else { return .failure(.notRegularFile("special file")) }
        var bytes: [UInt8] = []
        let chunk = 64 * 1024
        var buffer = [UInt8](repeating: 0, count: chunk)
        while bytes.count <= maxBytes {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, chunk) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(String(cString: strerror(errno))))
            }
            if n == 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
        }
        if bytes.count > maxBytes { return .failure(.tooLarge(bytes: Int64(bytes.count), limit: maxBytes)) }
        guard let text = String(validating: bytes, as: UTF8.self) else { return .failure(.notUTF8) }
        return .success(text)
    }

    public func directoryEntries(atPath path: String) -> [String]? {
        guard kind(atPath: path) == .directory, let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while names.count < maxDirectoryEntries, let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { ptr in
                ptr.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    public func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}

/// Files given in memory (tests; a language server's open documents).
public struct InMemoryReferenceReader: ReferenceReader {
    public var files: [String: String]
    public var env: [String: String]

    public init(files: [String: String] = [:], environment: [String: String] = [:]) {
        self.files = files
        self.env = environment
    }

    public func readText(atPath path: String) -> Result<String, ReferenceFailure> {
        let p = PathUtil.normalize(path)
        if let t = files[p] { return .success(t) }
        if kind(atPath: p) == .directory { return .failure(.isDirectory) }
        return .failure(.missing)
    }

    public func kind(atPath path: String) -> ReferenceEntryKind {
        let p = PathUtil.normalize(path)
        if files[p] != nil { return .file }
        let prefix = p.hasSuffix("/") ? p : p + "/"
        return files.keys.contains(where: { $0.hasPrefix(prefix) }) ? .directory : .missing
    }

    public func directoryEntries(atPath path: String) -> [String]? {
        let p = PathUtil.normalize(path)
        let prefix = p.hasSuffix("/") ? p : p + "/"
        let names = Set(files.keys.filter { $0.hasPrefix(prefix) }.compactMap { $0.dropFirst(prefix.count).split(separator: "/").first.map(String.init) })
        return names.isEmpty ? nil : names.sorted()
    }

    public func environment(_ name: String) -> String? { env[name] }
}

enum PathUtil {
    /// `a/./b/../c` -> `a/c`; keeps a leading `/`.
    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for p in path.split(separator: "/") {
            if p == "." || p.isEmpty { continue }
            if p == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(p)
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let d = String(path[..<slash])
        return d.isEmpty ? "/" : d
    }

    static func resolve(_ reference: String, relativeTo folder: String?) -> String {
        if reference.hasPrefix("/") { return normalize(reference) }
        if reference.hasPrefix("~/") { return reference }
        guard let folder else { return normalize(reference) }
        return normalize(folder + "/" + reference)
    }
}
