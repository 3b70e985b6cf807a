// Locates ../shared (the steering repo's data, present in development and CI, absent in a
// user's clone). Tests that read it are enabled only when it exists, so a fresh clone's
// `swift test` passes; `.ci/run` sets HEADROOM_REQUIRE_SHARED=1 so that those tests run
// (and fail loudly) instead of being skipped there.
import Foundation

public enum SharedData {
    /// The project root (the folder holding Package.swift), found from this file's path.
    public static let projectRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// `../shared` next to the project root.
    public static let root: URL = projectRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// True when ../shared exists, or when CI demands it (then a missing folder fails the test).
    public static var available: Bool {
        if ProcessInfo.processInfo.environment["HEADROOM_REQUIRE_SHARED"] == "1" { return true }
        return FileManager.default.fileExists(atPath: root.path)
    }

    /// The reason shown when a test is skipped.
    public static let skipReason = "../shared is absent (a user's clone): data-driven test skipped"

    public static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    public static func text(_ relative: String) throws -> String {
        try String(contentsOf: url(relative), encoding: .utf8)
    }
}
