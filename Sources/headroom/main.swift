// headroom: the executable. Argument parsing and output formats only; the work is in
// Analysis (headless commands) and LanguageServer (`headroom lsp`).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Analysis
import LanguageServer

let usage = """
headroom \(HeadroomVersion.string) — will this fine-tuning config fit on the GPU?

Usage:
  headroom lsp [--stdio]                       LSP over stdio (the default transport)
  headroom check PATH... [--gpu G] [--format text|json|github|sarif]
  headroom estimate FILE [--gpu G] [--format text|json]
  headroom estimate --model ID [--method full|lora|qlora] [--rank N] [--optimizer NAME]
                    [--micro-batch N] [--seq N] [--checkpointing] [--gpu G] [--format text|json]
  headroom gpus [--format text|json]
  headroom models [--format text|json]
  headroom --version | --help

Exit codes: 0 no error-level finding; 1 an error-level finding (estimate: does not fit);
2 usage or I/O error.
"""

func fail(_ message: String) -> Never {
    var line = "headroom: \(message)\n"
    line.withUTF8 { buf in _ = write(2, buf.baseAddress, buf.count) }
    exit(2)
}

let argv = Array(CommandLine.arguments.dropFirst())
switch argv.first {
case nil, "--help", "-h", "help":
    print(usage)
    exit(argv.isEmpty ? 2 : 0)
case "--version", "-V", "version":
    print("headroom \(HeadroomVersion.string)")
    exit(0)
default:
    break
}

switch Arguments.parse(argv) {
case .failure(let e):
    fail(e.message)
case .success(let args):
    switch args.command {
    case "lsp":
        exit(StdioServer.run())
    case "check", "estimate", "gpus", "models":
        exit(Commands.run(args))
    default:
        fail("unknown command '\(args.command)' (try 'headroom --help')")
    }
}
