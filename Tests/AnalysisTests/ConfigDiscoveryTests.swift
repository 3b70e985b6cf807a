// Which files `headroom check DIR` and workspace diagnostics look at.

import Analysis
import Foundation
import Testing

@Suite struct ConfigDiscoveryTests {
    @Test func walksFoldersSkipsHiddenAndNodeModulesAndNeverLoops() throws {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("headroom-discovery-\(getpid())").path
        try? fm.removeItem(atPath: root)
        defer { try? fm.removeItem(atPath: root) }
        for dir in ["a/b", ".git", "node_modules/pkg", "c"] {
            try fm.createDirectory(atPath: root + "/" + dir, withIntermediateDirectories: true)
        }
        for file in ["top.yaml", "a/one.yml", "a/b/two.json", "a/readme.md", ".git/hidden.yaml",
                     "node_modules/pkg/x.json", "c/.dot.yaml"] {
            try "k: 1\n".write(toFile: root + "/" + file, atomically: false, encoding: .utf8)
        }
        // A link back up (a loop if followed), a link to a config file, a FIFO named like one.
        try fm.createSymbolicLink(atPath: root + "/a/b/up", withDestinationPath: root + "/a")
        try fm.createSymbolicLink(atPath: root + "/c/linked.yaml", withDestinationPath: root + "/top.yaml")
        #expect(mkfifo(root + "/c/pipe.json", 0o600) == 0)

        let found = ConfigDiscovery.files(under: root)
        #expect(found == [root + "/a/b/two.json", root + "/a/one.yml", root + "/c/linked.yaml", root + "/top.yaml"])
        #expect(ConfigDiscovery.files(under: root + "/") == found)
        #expect(ConfigDiscovery.files(under: root, limit: 2).count == 2)
        #expect(ConfigDiscovery.files(under: root + "/missing").isEmpty)
    }
}
