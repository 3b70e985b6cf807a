// Finding config files under a folder: `headroom check DIR` and the server's workspace
// diagnostics. YAML and JSON regular files, hidden folders and node_modules skipped, bounded.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ConfigSyntax

public enum ConfigDiscovery {
    /// Directory entries looked at, in all, before the walk stops (a home folder or a dataset
    /// tree given by mistake must not take minutes).
    static let maxEntriesVisited = 1_000_000

    /// YAML and JSON files under `root`, sorted; at most `limit` of them. Symbolic links to
    /// folders are not followed (no loops); links to files are, and only regular files count:
    /// a FIFO, device or socket named *.json is skipped like any non-config.
    public static func files(under root: String, limit: Int = 100_000) -> [String] {
        var out: [String] = []
        var pending = [root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root]
        var visited = 0
        walk: while let dir = pending.popLast() {
            guard let handle = opendir(dir) else { continue }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                visited += 1
                if visited > maxEntriesVisited || out.count >= limit { break walk }
                let name = withUnsafePointer(to: entry.pointee.d_name) { ptr in
                    ptr.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) {
                        String(cString: $0)
                    }
                }
                if name.hasPrefix(".") || name == "node_modules" { continue }
                let full = dir == "/" ? "/" + name : dir + "/" + name
                var st = stat()
                guard lstat(full, &st) == 0 else { continue }
                if st.st_mode & S_IFMT == S_IFDIR {
                    pending.append(full)
                } else if ConfigParser.format(forPath: name) != nil, stat(full, &st) == 0, st.st_mode & S_IFMT == S_IFREG {
                    out.append(full)
                }
            }
        }
        return out.sorted()
    }
}
