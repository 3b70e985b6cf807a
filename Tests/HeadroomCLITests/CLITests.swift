// Runs the built `headroom` binary as a user would: exit codes, every format, stdin,
// directories, bad paths, a file that is not UTF-8. Golden outputs live in golden/.

import Foundation
import Testing
import TestSupport

struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum CLI {
    /// The `headroom` built next to the test bundle (swift test builds it: a test dependency).
    static var binary: URL? {
        var candidates: [URL] = []
        if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for dir in candidates {
            var d = dir
            for _ in 0..<4 {
                let b = d.appendingPathComponent("headroom")
                if FileManager.default.isExecutableFile(atPath: b.path) { return b }
                d.deleteLastPathComponent()
            }
        }
        return nil
    }

    static let golden = SharedData.projectRoot.appendingPathComponent("Tests/HeadroomCLITests/golden")
    static let examples = SharedData.projectRoot.appendingPathComponent("examples")

    static func run(_ args: [String], stdin: Data? = nil, cwd: URL = SharedData.projectRoot) throws -> Run {
        let p = Process()
        p.executableURL = try #require(binary, "the headroom binary was not built next to the tests")
        p.arguments = args
        p.currentDirectoryURL = cwd
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        p.environment = env
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        if let stdin { inp.fileHandleForWriting.write(stdin) }
        try inp.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func json(_ s: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(s.utf8))
    }
}

@Suite struct CommandLineContract {
    @Test func versionAndHelp() throws {
        let v = try CLI.run(["--version"])
        #expect(v.status == 0 && v.stdout == "headroom 0.1.0\n")
        let h = try CLI.run(["--help"])
        #expect(h.status == 0 && h.stdout.contains("headroom check PATH... [--gpu G] [--format text|json|github|sarif]"))
    }

    /// The binary links no Foundation (and so no ICU): FoundationEssentials and libc only.
    /// That is what keeps the fully static build at ~4 MB resident and ~0.7 ms of CPU at start.
    @Test func binaryLinksNoFoundationOrICU() throws {
        #if os(Linux)
        let bin = try #require(CLI.binary)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
        p.arguments = [bin.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let libraries = text.split(separator: "\n").map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(!libraries.contains("libFoundation.so"), "\(text)")
        #expect(!libraries.contains { $0.contains("FoundationInternationalization") || $0.contains("ICU") }, "\(text)")
        #endif
    }

    @Test func usageErrorsAreOneLineWithExit2() throws {
        for (args, message) in [(["check", "--frobnicate"], "headroom: unknown option '--frobnicate'\n"),
                                (["check", "no/such/file.yaml"], "headroom: no/such/file.yaml: no such file\n"),
                                (["check", "examples", "--format", "xml"], "headroom: unknown format 'xml' (text, json, github, sarif)\n"),
                                (["check"], "headroom: check needs at least one PATH (or - for stdin)\n"),
                                (["bogus"], "headroom: unknown command 'bogus' (try 'headroom --help')\n")] {
            let r = try CLI.run(args)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr == message, "\(args)")
            #expect(r.stdout.isEmpty)
        }
        let gpu = try CLI.run(["check", "examples", "--gpu", "rtx-4909"])
        #expect(gpu.status == 2 && gpu.stderr.hasPrefix("headroom: unknown GPU 'rtx-4909'; did you mean "))
    }

    @Test func devicesAndDirectoriesAsFilesAreRefused() throws {
        let r = try CLI.run(["estimate", "/dev/zero"])
        #expect(r.status == 2 && r.stderr == "headroom: /dev/zero: not a regular file\n")
        let d = try CLI.run(["estimate", "examples"])
        #expect(d.status == 2 && d.stderr == "headroom: examples: is a directory\n")
    }

    /// Syntax errors in any YAML file, in every format, against golden files.
    @Test(arguments: ["text", "json", "github", "sarif"])
    func syntaxErrorsInEveryFormat(_ format: String) throws {
        let r = try CLI.run(["check", "Tests/HeadroomCLITests/golden/broken.yaml", "--format", format])
        #expect(r.status == 1)
        let expected = try String(contentsOf: CLI.golden.appendingPathComponent("broken.\(format).txt"), encoding: .utf8)
        #expect(r.stdout == expected)
    }

    @Test func stdinIsReadWithDash() throws {
        let r = try CLI.run(["check", "-", "--format", "json"], stdin: Data("a: [1\n".utf8))
        #expect(r.status == 1)
        let files = try #require((try CLI.json(r.stdout) as? [String: Any])?["files"] as? [[String: Any]])
        #expect(files.count == 1 && files[0]["file"] as? String == "-")
        let diags = try #require(files[0]["diagnostics"] as? [[String: Any]])
        #expect(diags.map { $0["code"] as? String } == ["syntax-error"])
    }

    @Test func aFileThatIsNotUTF8IsAnError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("headroom-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("latin1.yaml")
        try Data([0x61, 0x3A, 0x20, 0xE9, 0x0A]).write(to: file)
        let r = try CLI.run(["check", file.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("latin1.yaml:1:4: error: Invalid UTF-8 byte sequence"))
        #expect(r.stdout.contains("[invalid-utf8]"))
    }

    @Test func directoriesAreSearchedAndNonConfigsSkippedQuietly() throws {
        let r = try CLI.run(["check", "examples", "Tests/HeadroomCLITests/golden", "--format", "json", "--gpu", "h200"])
        let files = try #require((try CLI.json(r.stdout) as? [String: Any])?["files"] as? [[String: Any]])
        let names = files.compactMap { $0["file"] as? String }
        #expect(names.count >= 24, "every example config is checked")
        #expect(!names.contains { $0.hasSuffix("broken.yaml") }, "other YAML inside a directory is skipped")
        #expect(files.allSatisfy { ($0["dialect"] as? String) != "unknown" })
    }

    @Test func overTheGPUExitsOneAndSaysByHowMuch() throws {
        let r = try CLI.run(["check", "examples/axolotl/qwen3-8b-full-fsdp.yml", "--gpu", "rtx-4090"])
        #expect(r.status == 1)
        #expect(r.stdout.contains(": error: Needs "))
        #expect(r.stdout.contains("GeForce RTX 4090 has 24.0 GiB ("))
        #expect(r.stdout.contains(" over) [does-not-fit]"))
        let big = try CLI.run(["check", "examples/axolotl/qwen3-8b-full-fsdp.yml", "--gpu", "8xh200"])
        #expect(big.status == 0, "\(big.stdout)")
    }

    @Test func estimateJSONHasTheDesignShape() throws {
        let r = try CLI.run(["estimate", "examples/axolotl/llama32-3b-qlora.yml", "--gpu", "rtx-4090", "--format", "json"])
        let o = try #require(try CLI.json(r.stdout) as? [String: Any])
        #expect(Set(o.keys) == ["file", "dialect", "model", "setup", "gpu", "peakAllocatedBytesPerGpu", "peakBytesPerGpu",
                                "components", "fits", "suggestions"])
        #expect(o["dialect"] as? String == "axolotl")
        let setup = try #require(o["setup"] as? [String: Any])
        #expect(Set(setup.keys) == ["method", "weightDtype", "optimizer", "microBatchSize", "sequenceLength",
                                    "gradientCheckpointing", "loraRank", "gpuCount", "zeroStage"])
        #expect(setup["method"] as? String == "qlora")
        let gpu = try #require(o["gpu"] as? [String: Any])
        #expect(gpu["id"] as? String == "rtx-4090" && gpu["memoryBytes"] as? Int == 25_757_220_864 && gpu["count"] as? Int == 1)
        let peak = try #require(o["peakBytesPerGpu"] as? Int)
        let allocated = try #require(o["peakAllocatedBytesPerGpu"] as? Int)
        #expect(allocated > 0 && allocated < peak)
        let fits = try #require(o["fits"] as? Bool)
        #expect(fits == (peak <= 25_757_220_864))
        #expect(r.status == (fits ? 0 : 1))
        let components = try #require(o["components"] as? [[String: Any]])
        #expect(components.contains { $0["id"] as? String == "weights" })
    }

    @Test func estimateFromFlagsAlone() throws {
        let r = try CLI.run(["estimate", "--model", "meta-llama/Llama-3.1-8B", "--method", "qlora", "--rank", "16",
                             "--micro-batch", "1", "--seq", "2048", "--checkpointing", "--gpu", "a100-80gb", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try #require(try CLI.json(r.stdout) as? [String: Any])
        #expect((o["model"] as? [String: Any])?["parameters"] as? Int == 8_030_261_248)
        #expect(o["fits"] as? Bool == true)
        let unknown = try CLI.run(["estimate", "--model", "no-such-model-xyz"])
        #expect(unknown.status == 2 && unknown.stderr.hasPrefix("headroom: unknown model 'no-such-model-xyz'"))
    }

    @Test func catalogsAreListed() throws {
        let g = try CLI.run(["gpus", "--format", "json"])
        let gpus = try #require(try CLI.json(g.stdout) as? [[String: Any]])
        #expect(gpus.count >= 35 && gpus.contains { $0["id"] as? String == "rtx-4090" })
        let m = try CLI.run(["models"])
        #expect(m.status == 0 && m.stdout.contains("meta-llama/Llama-3.1-8B"))
    }
}
