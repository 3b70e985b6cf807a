// `workspace/diagnostic`: the training configs of the workspace folders that are not open,
// each analysed as `headroom check` would, with `$/progress` reports on the client's
// workDoneToken while the folders are scanned.

import Analysis
import ConfigSyntax
import TrainingSetup

extension ServerCore {
    /// Files scanned at most, and bytes read per file, so a huge workspace cannot stall the server.
    static let workspaceFileLimit = 2_000
    static let workspaceFileBytes = 4 << 20

    func workspaceDiagnostics(_ params: JSONValue?) -> Result<JSONValue, RequestError> {
        let token = params?["workDoneToken"]
        let open = Set(documents.values.compactMap(\.path))
        var files: [String] = []
        for root in workspaceRoots where files.count < Self.workspaceFileLimit {
            files += ConfigDiscovery.files(under: root, limit: Self.workspaceFileLimit - files.count).filter { !open.contains($0) }
        }
        progress(token, ["kind": "begin", "title": "Headroom: checking configs", "cancellable": false,
                         "message": .string("\(files.count) files"), "percentage": 0])
        let disk = FileSystemReferenceReader(maxBytes: Self.workspaceFileBytes)
        var reports: [JSONValue] = []
        for (index, path) in files.enumerated() {
            if index % 50 == 0, index > 0 {
                progress(token, ["kind": "report", "message": .string("\(index)/\(files.count) files"),
                                 "percentage": JSONValue(index * 100 / max(files.count, 1))])
            }
            guard case .success(let text) = disk.readText(atPath: path), let format = ConfigParser.format(forPath: path) else { continue }
            let analysis = Analyzer.analyze(ConfigParser.parse(text, format: format), path: path, settings: settings, reader: references)
            guard analysis.dialect != .unknown else { continue } // other YAML/JSON is not ours to judge
            let uri = "file://" + path.percentEncodedPath()
            let buffer = TextBuffer(text) // positions only: the file was parsed once, above
            reports.append(["kind": "full", "uri": .string(uri), "version": .null,
                            "items": .array(analysis.findings.map { lspDiagnostic($0, uri: uri, buffer: buffer) })])
        }
        progress(token, ["kind": "end", "message": .string("\(reports.count) configs checked")])
        return .success(["items": .array(reports)])
    }

    func progress(_ token: JSONValue?, _ value: JSONValue) {
        guard let token, token.stringValue != nil || token.intValue != nil else { return }
        send(Outgoing.notification("$/progress", ["token": token, "value": value]))
    }
}

extension String {
    /// Percent-encodes what a file URI path may not hold as is.
    func percentEncodedPath() -> String {
        var out = ""
        for b in utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    fileprivate func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
