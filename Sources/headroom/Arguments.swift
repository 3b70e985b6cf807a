// Command-line parsing for the contract of DESIGN.md. No third-party parser: a small,
// strict one. Unknown flags and missing values are usage errors (exit 2).

struct UsageError: Error {
    var message: String
}

enum OutputFormat: String {
    case text, json, github, sarif
}

struct Arguments {
    var command: String
    var paths: [String] = []
    var gpu: String?
    var format: OutputFormat = .text
    /// `estimate` from flags alone (no config file).
    var model: String?
    var method: String?
    var rank: Int?
    var optimizer: String?
    var microBatch: Int?
    var sequenceLength: Int?
    var checkpointing = false

    static let valueFlags: Set<String> = ["--gpu", "--format", "--model", "--method", "--rank", "--optimizer",
                                          "--micro-batch", "--seq"]

    static func parse(_ argv: [String]) -> Result<Arguments, UsageError> {
        guard let command = argv.first else { return .failure(UsageError(message: "missing command (try 'headroom --help')")) }
        var args = Arguments(command: command)
        var i = 1
        var onlyPaths = false
        while i < argv.count {
            let a = argv[i]
            i += 1
            if onlyPaths || a == "-" || !a.hasPrefix("-") {
                args.paths.append(a)
                continue
            }
            if a == "--" { onlyPaths = true; continue }
            var flag = a
            var inlineValue: String?
            if let eq = a.firstIndex(of: "="), a.hasPrefix("--") {
                flag = String(a[..<eq])
                inlineValue = String(a[a.index(after: eq)...])
            }
            if flag == "--checkpointing" { args.checkpointing = true; continue }
            if flag == "--stdio", command == "lsp" { continue }
            guard valueFlags.contains(flag) else { return .failure(UsageError(message: "unknown option '\(a)'")) }
            let value: String
            if let v = inlineValue {
                value = v
            } else {
                guard i < argv.count else { return .failure(UsageError(message: "option '\(flag)' needs a value")) }
                value = argv[i]
                i += 1
            }
            switch flag {
            case "--gpu": args.gpu = value
            case "--format":
                guard let f = OutputFormat(rawValue: value) else {
                    return .failure(UsageError(message: "unknown format '\(value)' (text, json, github, sarif)"))
                }
                args.format = f
            case "--model": args.model = value
            case "--method": args.method = value
            case "--optimizer": args.optimizer = value
            case "--rank", "--micro-batch", "--seq":
                guard let n = Int(value), n > 0 else {
                    return .failure(UsageError(message: "option '\(flag)' needs a positive integer, got '\(value)'"))
                }
                if flag == "--rank" { args.rank = n } else if flag == "--micro-batch" { args.microBatch = n } else { args.sequenceLength = n }
            default: break
            }
        }
        return .success(args)
    }
}
