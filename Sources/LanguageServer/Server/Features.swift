// Features: converting Analysis results (byte ranges, domain types) into LSP JSON.

import Analysis
import ConfigSyntax

extension ServerCore {
    // MARK: Diagnostics

    func lspDiagnostics(_ doc: OpenDocument) -> JSONValue {
        let analysis = doc.analysis(settings: settings, reader: references)
        return .array(analysis.findings.map { lspDiagnostic($0, in: doc) })
    }

    func lspDiagnostic(_ f: Finding, in doc: OpenDocument) -> JSONValue {
        lspDiagnostic(f, uri: doc.uri, buffer: doc.buffer)
    }

    func lspDiagnostic(_ f: Finding, uri: String, buffer: TextBuffer) -> JSONValue {
        var d: [String: JSONValue] = [
            "range": lspRange(f.range, in: buffer),
            "severity": JSONValue(Self.severityNumber(f.severity)),
            "code": .string(f.code),
            "source": "headroom",
            "message": .string(f.message),
        ]
        if client.relatedInformation, !f.related.isEmpty {
            d["relatedInformation"] = .array(f.related.map {
                ["location": ["uri": .string(uri), "range": lspRange($0.range, in: buffer)], "message": .string($0.message)]
            })
        }
        return .object(d)
    }

    static func severityNumber(_ s: Severity) -> Int {
        switch s {
        case .error: return 1
        case .warning: return 2
        case .information: return 3
        case .hint: return 4
        }
    }

    func publishDiagnostics(_ doc: OpenDocument) {
        send(Outgoing.notification("textDocument/publishDiagnostics", [
            "uri": .string(doc.uri), "version": JSONValue(doc.version), "diagnostics": lspDiagnostics(doc),
        ]))
    }

    func pullDiagnostics(_ params: JSONValue?) -> Result<JSONValue, RequestError> {
        guard let uri = params?["textDocument"]?["uri"]?.stringValue else {
            return .failure(.invalidParams("textDocument.uri is required"))
        }
        guard let doc = documents[uri] else {
            return .success(["kind": "full", "items": []])
        }
        let resultID = "\(doc.version)-\(settingsGeneration)"
        if params?["previousResultId"]?.stringValue == resultID, lastResultIDs[uri] == resultID {
            return .success(["kind": "unchanged", "resultId": .string(resultID)])
        }
        lastResultIDs[uri] = resultID
        return .success(["kind": "full", "resultId": .string(resultID), "items": lspDiagnostics(doc)])
    }

    // MARK: Hover

    func hover(_ params: JSONValue?) -> Result<JSONValue, RequestError> {
        switch documentPosition(params) {
        case .failure(let e): return .failure(e)
        case .success(nil): return .success(.null)
        case .success(let (doc, offset)?):
            let analysis = doc.analysis(settings: settings, reader: references)
            guard let h = analysis.hover(at: offset, markdown: client.hoverMarkdown) else { return .success(.null) }
            let contents: JSONValue = client.hoverMarkdown
                ? ["kind": "markdown", "value": .string(h.markdown)]
                : ["kind": "plaintext", "value": .string(h.plainText)]
            return .success(["contents": contents, "range": lspRange(h.range, in: doc)])
        }
    }

    // MARK: Code actions

    func codeActions(_ params: JSONValue?) -> Result<JSONValue, RequestError> {
        guard let uri = params?["textDocument"]?["uri"]?.stringValue, let range = params?["range"] else {
            return .failure(.invalidParams("textDocument.uri and range are required"))
        }
        // Fixes are CodeAction literals with edits; a client that cannot take those gets none.
        guard let doc = documents[uri], client.codeActionLiterals else { return .success([]) }
        guard let r = byteRange(range, in: doc) else { return .failure(.invalidParams("range is malformed")) }
        let only = params?["context"]?["only"]?.arrayValue?.compactMap(\.stringValue)
        let fixes = doc.analysis(settings: settings, reader: references).fixes(in: r).filter { fix in
            guard let only, !only.isEmpty else { return true }
            return only.contains { fix.kind.rawValue == $0 || fix.kind.rawValue.hasPrefix($0 + ".") }
        }
        return .success(.array(fixes.map { fix in
            let edits: [JSONValue] = fix.edits.map {
                ["range": lspRange($0.range, in: doc), "newText": .string($0.replacement)]
            }
            var action: [String: JSONValue] = [
                "title": .string(fix.title),
                "kind": .string(fix.kind.rawValue),
                "edit": ["changes": .object([uri: .array(edits)])],
            ]
            if fix.isPreferred { action["isPreferred"] = true }
            if let f = fix.fixes { action["diagnostics"] = [lspDiagnostic(f, in: doc)] }
            return .object(action)
        }))
    }
}

extension ServerCore {
    // MARK: Completion

    func completion(_ params: JSONValue?) -> Result<JSONValue, RequestError> {
        switch documentPosition(params) {
        case .failure(let e): return .failure(e)
        case .success(nil): return .success([])
        case .success(let (doc, offset)?):
            let items = doc.analysis(settings: settings, reader: references).completions(at: offset)
            return .success(["isIncomplete": false, "items": .array(items.map { c in
                var item: [String: JSONValue] = [
                    "label": .string(c.label),
                    "kind": JSONValue(Self.completionKind(c.kind)),
                    "textEdit": ["range": lspRange(c.replace, in: doc), "newText": .string(c.insertText)],
                ]
                if let d = c.detail { item["detail"] = .string(d) }
                if let d = c.documentation { item["documentation"] = ["kind": "plaintext", "value": .string(d)] }
                return .object(item)
            })])
        }
    }

    static func completionKind(_ k: CompletionCandidate.Kind) -> Int {
        switch k {
        case .key: return 10      // Property
        case .value: return 12    // Value
        case .model: return 9     // Module
        case .gpu: return 21      // Constant
        }
    }

    // MARK: Inlay hints

    func inlayHints(_ params: JSONValue?) -> Result<JSONValue, RequestError> {
        guard let uri = params?["textDocument"]?["uri"]?.stringValue else {
            return .failure(.invalidParams("textDocument.uri is required"))
        }
        guard let doc = documents[uri] else { return .success([]) }
        return .success(.array(doc.analysis(settings: settings, reader: references).inlayHints().map { h in
            let p = doc.buffer.position(ofByte: h.offset, encoding: client.positionEncoding)
            var hint: [String: JSONValue] = ["position": ["line": JSONValue(p.line), "character": JSONValue(p.character)],
                                             "label": .string(h.label), "paddingLeft": true]
            if let t = h.tooltip { hint["tooltip"] = .string(t) }
            return .object(hint)
        }))
    }
}
