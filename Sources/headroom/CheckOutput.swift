// `check` output formats: text (compiler style), json (DESIGN.md shape), github (workflow
// commands), sarif (SARIF 2.1.0 for code scanning).

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Analysis
import ConfigSyntax
import LanguageServer

enum CheckOutput {
    static func render(_ files: [CheckedFile], format: OutputFormat) -> String {
        switch format {
        case .text: return text(files)
        case .json: return JSONWriter.pretty(json(files)) + "\n"
        case .github: return github(files)
        case .sarif: return JSONWriter.pretty(Sarif.log(files)) + "\n"
        }
    }

    /// 1-based line and column (in characters) for people; LSP ranges are 0-based UTF-16.
    static func humanPosition(_ offset: Int, _ lines: LineIndex) -> (line: Int, column: Int) {
        let p = lines.position(ofByte: offset, encoding: .utf32)
        return (p.line + 1, p.column + 1)
    }

    static var useColor: Bool {
        isatty(1) != 0 && System.environment("NO_COLOR") == nil
            && System.environment("TERM") != "dumb"
    }

    static func text(_ files: [CheckedFile]) -> String {
        let color = useColor
        var out = ""
        var errors = 0, warnings = 0
        for f in files {
            for d in f.analysis.findings {
                let (l, c) = humanPosition(d.range.start, f.lines)
                var sev = d.severity.rawValue
                if color {
                    let code = d.severity == .error ? "31" : d.severity == .warning ? "33" : "36"
                    sev = "\u{1B}[1;\(code)m\(sev)\u{1B}[0m"
                }
                out += "\(f.path):\(l):\(c): \(sev): \(d.message) [\(d.code)]\n"
                if d.severity == .error { errors += 1 } else if d.severity == .warning { warnings += 1 }
            }
        }
        out += "\(files.count) file\(files.count == 1 ? "" : "s") checked: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n"
        return out
    }

    static func lspRange(_ r: ByteRange, _ lines: LineIndex) -> JSONValue {
        let s = lines.position(ofByte: r.start, encoding: .utf16)
        let e = lines.position(ofByte: r.end, encoding: .utf16)
        return ["start": ["line": JSONValue(s.line), "character": JSONValue(s.column)],
                "end": ["line": JSONValue(e.line), "character": JSONValue(e.column)]]
    }

    static func json(_ files: [CheckedFile]) -> JSONValue {
        ["files": .array(files.map { f in
            ["file": .string(f.path), "dialect": .string(f.analysis.dialect.rawValue),
             "diagnostics": .array(f.analysis.findings.map { d in
                 ["range": lspRange(d.range, f.lines), "severity": .string(d.severity.rawValue),
                  "code": .string(d.code), "message": .string(d.message)]
             })]
        })]
    }

    /// `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`
    static func github(_ files: [CheckedFile]) -> String {
        var out = ""
        for f in files {
            for d in f.analysis.findings {
                let (l, c) = humanPosition(d.range.start, f.lines)
                let (el, ec) = humanPosition(d.range.end, f.lines)
                let level = d.severity == .error ? "error" : d.severity == .warning ? "warning" : "notice"
                out += "::\(level) file=\(escapeProperty(f.path)),line=\(l),col=\(c),endLine=\(el),endColumn=\(ec),title=\(escapeProperty("headroom " + d.code))::\(escapeData(d.message))\n"
            }
        }
        return out
    }

    static func escapeData(_ s: String) -> String {
        s.replacing("%", with: "%25").replacing("\r", with: "%0D").replacing("\n", with: "%0A")
    }

    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacing(":", with: "%3A").replacing(",", with: "%2C")
    }
}
