// swift-tools-version: 6.0
// Headroom: a language server and CLI that tells whether a fine-tuning config fits the GPU.
// Swift toolchain only: no package dependencies (see ARCHITECTURE.md).
import PackageDescription

let package = Package(
    name: "Headroom",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "headroom", targets: ["headroom"]),
    ],
    targets: [
        // Lossless, error-tolerant YAML/JSON. Imports nothing of ours.
        .target(name: "ConfigSyntax"),
        // Pure estimator and catalogs; reads its catalog files with ConfigSyntax's JSON parser.
        .target(name: "MemoryModel", dependencies: ["ConfigSyntax"]),
        // Dialects -> one Setup with source ranges; edits in each dialect's keys.
        .target(name: "TrainingSetup", dependencies: ["ConfigSyntax", "MemoryModel"]),
        // Editor-agnostic features: hover, diagnostics, fixes, completion.
        .target(name: "Analysis", dependencies: ["ConfigSyntax", "TrainingSetup", "MemoryModel"]),
        // JSON-RPC, LSP types, lifecycle, document store.
        .target(name: "LanguageServer", dependencies: ["Analysis", "ConfigSyntax", "TrainingSetup"]),
        // The executable: argument parsing and output formats only.
        .executableTarget(name: "headroom", dependencies: ["Analysis", "LanguageServer"]),

        // Test helpers (where ../shared is, skip rules); not shipped.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "ConfigSyntaxTests", dependencies: ["ConfigSyntax", "TestSupport"]),
        .testTarget(name: "MemoryModelTests", dependencies: ["MemoryModel", "ConfigSyntax", "TestSupport"]),
        .testTarget(name: "TrainingSetupTests", dependencies: ["TrainingSetup", "ConfigSyntax", "MemoryModel", "TestSupport"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "TrainingSetup", "ConfigSyntax", "MemoryModel", "TestSupport"]),
        .testTarget(name: "LanguageServerTests", dependencies: ["LanguageServer", "Analysis", "TestSupport"]),
        .testTarget(name: "HeadroomCLITests", dependencies: ["headroom", "TestSupport"]),
    ]
)
