// Referenced files (a DeepSpeed JSON, .headroom.yaml, a local model's config.json) read once
// and kept until the client reports a change (didChangeWatchedFiles) or settings change, so
// no keystroke re-reads the disk. Only the handling thread uses it; the lock makes the
// Sendable promise true anyway.

import Foundation
import TrainingSetup

final class CachingReferenceReader: ReferenceReader, @unchecked Sendable {
    private let base: ReferenceReader
    private let lock = NSLock()
    private var texts: [String: Result<String, ReferenceFailure>] = [:]
    private var kinds: [String: ReferenceEntryKind] = [:]
    private var listings: [String: [String]?] = [:]

    init(base: ReferenceReader = FileSystemReferenceReader()) {
        self.base = base
    }

    func invalidate() {
        lock.lock()
        defer { lock.unlock() }
        texts.removeAll()
        kinds.removeAll()
        listings.removeAll()
    }

    func readText(atPath path: String) -> Result<String, ReferenceFailure> {
        lock.lock()
        defer { lock.unlock() }
        if let r = texts[path] { return r }
        let r = base.readText(atPath: path)
        texts[path] = r
        return r
    }

    func kind(atPath path: String) -> ReferenceEntryKind {
        lock.lock()
        defer { lock.unlock() }
        if let k = kinds[path] { return k }
        let k = base.kind(atPath: path)
        kinds[path] = k
        return k
    }

    func directoryEntries(atPath path: String) -> [String]? {
        lock.lock()
        defer { lock.unlock() }
        if let l = listings[path] { return l }
        let l = base.directoryEntries(atPath: path)
        listings[path] = l
        return l
    }

    func environment(_ name: String) -> String? { base.environment(name) }
}
