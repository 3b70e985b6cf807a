// Referenced files (a DeepSpeed JSON, .headroom.yaml, a local model's config.json) read once
// and kept until the client reports a change (didChangeWatchedFiles) or settings change, so
// no keystroke re-reads the disk. Only the handling thread uses it; the mutex makes the
// Sendable promise true anyway.

import Synchronization
import TrainingSetup

final class CachingReferenceReader: ReferenceReader, Sendable {
    private struct Cache {
        var texts: [String: Result<String, ReferenceFailure>] = [:]
        var kinds: [String: ReferenceEntryKind] = [:]
        var listings: [String: [String]?] = [:]
    }

    private let base: ReferenceReader
    private let cache = Mutex(Cache())

    init(base: ReferenceReader = FileSystemReferenceReader()) {
        self.base = base
    }

    func invalidate() {
        cache.withLock { $0 = Cache() }
    }

    func readText(atPath path: String) -> Result<String, ReferenceFailure> {
        cache.withLock { c in
            if let r = c.texts[path] { return r }
            let r = base.readText(atPath: path)
            c.texts[path] = r
            return r
        }
    }

    func kind(atPath path: String) -> ReferenceEntryKind {
        cache.withLock { c in
            if let k = c.kinds[path] { return k }
            let k = base.kind(atPath: path)
            c.kinds[path] = k
            return k
        }
    }

    func directoryEntries(atPath path: String) -> [String]? {
        cache.withLock { c in
            if let l = c.listings[path] { return l }
            let l = base.directoryEntries(atPath: path)
            c.listings[path] = l
            return l
        }
    }

    func environment(_ name: String) -> String? { base.environment(name) }
}
