// The headless commands. Each returns the process exit code.

enum Commands {
    static func run(_ args: Arguments) -> Int32 {
        fail("'\(args.command)' is not implemented yet in this build (see the open issues); 'headroom lsp' works")
    }
}
