// Finding config files under a folder: `headroom check DIR` and the server's workspace
// diagnostics. YAML and JSON regular files, hidden folders and node_modules skipped, bounded.

import ConfigSyntax
import Foundation

public enum ConfigDiscovery {
    /// YAML and JSON files under `root`, sorted; at most `limit` of them.
    public static func files(under root: String, limit: Int = 100_000) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var out: [String] = []
        while let rel = walker.nextObject() as? String {
            let name = (rel as NSString).lastPathComponent
            if name.hasPrefix(".") || name == "node_modules" {
                walker.skipDescendants()
                continue
            }
            if ConfigParser.format(forPath: name) != nil {
                let full = root.hasSuffix("/") ? root + rel : root + "/" + rel
                // Regular files only (following links): a FIFO, device or socket named *.json
                // is skipped like any non-config, instead of stopping the whole check.
                var st = stat()
                if stat(full, &st) == 0, st.st_mode & S_IFMT == S_IFREG { out.append(full) }
            }
            if out.count >= limit { break }
        }
        return out.sorted()
    }
}
