// The server's message handling: lifecycle, documents, features. It runs on ONE thread and
// sees messages strictly in arrival order (Swift concurrency would not preserve that order;
// see ARCHITECTURE.md "Scheduling"). It never blocks: replies from the client (configuration)
// arrive as ordinary messages later. Everything it sends goes through `send`, in order.

import Analysis
import ConfigSyntax
import TrainingSetup

public final class ServerCore {
    public enum Lifecycle: Sendable { case uninitialized, running, shuttingDown }

    let send: (JSONValue) -> Void
    let log: (String) -> Void
    public private(set) var lifecycle: Lifecycle = .uninitialized
    var client = ClientCapabilities()
    var documents: [String: OpenDocument] = [:]
    /// Documents whose diagnostics must be (re)published when the queue runs dry.
    var dirty: Set<String> = []
    var settings = AnalysisSettings()
    var nextOutgoingID: Int64 = 1
    var pendingConfigurationRequests: Set<RequestID> = []
    /// Pull diagnostics: the resultId last answered per document.
    var lastResultIDs: [String: String] = [:]
    var settingsGeneration = 0
    var initializedReceived = false
    var startupRequestsSent = false
    /// Folders of the workspace (`workspaceFolders`, else `rootUri` / `rootPath`).
    var workspaceRoots: [String] = []
    /// Referenced files, read once until the client says they changed.
    let references = CachingReferenceReader()

    public init(send: @escaping (JSONValue) -> Void, log: @escaping (String) -> Void) {
        self.send = send
        self.log = log
    }

    /// Logs to stderr, and to the client's log (`window/logMessage`, type 2 = warning) once it
    /// is initialized: clamped ranges and ignored messages are worth seeing in the editor.
    func warn(_ text: String) {
        log(text)
        if lifecycle == .running {
            send(Outgoing.notification("window/logMessage", ["type": 2, "message": .string("headroom: \(text)")]))
        }
    }

    /// What the transport must do after a message.
    public enum Action: Equatable, Sendable {
        case none
        case exit(code: Int32)
    }

    // MARK: - Dispatch

    /// Handles one message. `isCancelled` says whether a request was cancelled before it ran.
    public func handle(_ message: IncomingMessage, isCancelled: (RequestID) -> Bool = { _ in false }) -> Action {
        switch message {
        case .unparsable(let why):
            log("malformed JSON: \(why)")
            send(Outgoing.error(nil, ErrorCode.parseError, "Parse error: \(why)"))
        case .invalid(let id, let why):
            log("invalid message: \(why)")
            send(Outgoing.error(id, ErrorCode.invalidRequest, "Invalid request: \(why)"))
        case .response(let id, let result, let error):
            handleResponse(id: id, result: result, error: error)
        case .notification(let method, let params):
            return handleNotification(method, params)
        case .request(let id, let method, let params):
            if isCancelled(id) {
                send(Outgoing.error(id, ErrorCode.requestCancelled, "Request cancelled"))
                return .none
            }
            handleRequest(id: id, method: method, params: params)
        }
        return .none
    }

    func handleRequest(id: RequestID, method: String, params: JSONValue?) {
        switch lifecycle {
        case .uninitialized where method != "initialize":
            send(Outgoing.error(id, ErrorCode.serverNotInitialized, "Server not initialized: send 'initialize' first"))
            return
        case .shuttingDown:
            send(Outgoing.error(id, ErrorCode.invalidRequest, "Server is shutting down: only 'exit' is accepted"))
            return
        default:
            break
        }
        let result: Result<JSONValue, RequestError>
        switch method {
        case "initialize": result = initialize(params)
        case "shutdown":
            lifecycle = .shuttingDown
            result = .success(.null)
        case "textDocument/hover": result = hover(params)
        case "textDocument/diagnostic": result = pullDiagnostics(params)
        case "textDocument/codeAction": result = codeActions(params)
        case "textDocument/completion": result = completion(params)
        case "textDocument/inlayHint": result = inlayHints(params)
        case "workspace/diagnostic": result = workspaceDiagnostics(params)
        default:
            result = .failure(RequestError(code: ErrorCode.methodNotFound, message: "Method not found: \(method)"))
        }
        switch result {
        case .success(let value): send(Outgoing.response(id, value))
        case .failure(let e): send(Outgoing.error(id, e.code, e.message))
        }
    }

    func handleNotification(_ method: String, _ params: JSONValue?) -> Action {
        if method == "exit" {
            return .exit(code: lifecycle == .shuttingDown ? 0 : 1)
        }
        guard lifecycle == .running else { return .none } // dropped before initialize / after shutdown
        switch method {
        case "initialized": initializedReceived = true
        case "textDocument/didOpen": didOpen(params)
        case "textDocument/didChange": didChange(params)
        case "textDocument/didClose": didClose(params)
        case "workspace/didChangeConfiguration": didChangeConfiguration(params)
        case "workspace/didChangeWatchedFiles": settingsChanged() // a referenced file or .headroom.yaml changed
        default: break // unknown notifications and every `$/` notification are ignored
        }
        return .none
    }

    /// Runs when no message is waiting: publishes diagnostics for documents edited since the
    /// last publish, computed once for their latest version (stale versions are never analysed).
    public func flush() {
        guard !dirty.isEmpty else { return }
        let uris = dirty.sorted()
        dirty.removeAll()
        guard !client.pullDiagnostics else { return }
        for uri in uris {
            guard let doc = documents[uri] else { continue }
            publishDiagnostics(doc)
        }
    }

    public var hasPendingWork: Bool { !dirty.isEmpty }

    struct RequestError: Error {
        var code: Int64
        var message: String
        static func invalidParams(_ why: String) -> RequestError {
            RequestError(code: ErrorCode.invalidParams, message: "Invalid params: \(why)")
        }
    }

    // MARK: - Lifecycle

    func initialize(_ params: JSONValue?) -> Result<JSONValue, RequestError> {
        guard lifecycle == .uninitialized else {
            return .failure(RequestError(code: ErrorCode.invalidRequest, message: "initialize may be sent only once"))
        }
        guard let p = params, p.objectValue != nil else { return .failure(.invalidParams("initialize needs an object")) }
        client = ClientCapabilities(p["capabilities"])
        applySettings(p["initializationOptions"])
        let folders = p["workspaceFolders"]?.arrayValue?.compactMap { $0["uri"]?.stringValue } ?? []
        let rootURI = p["rootUri"]?.stringValue.map { [$0] } ?? []
        workspaceRoots = (folders.isEmpty ? rootURI : folders).compactMap(OpenDocument.filePath(fromURI:))
        if workspaceRoots.isEmpty, let rootPath = p["rootPath"]?.stringValue, rootPath.hasPrefix("/") { workspaceRoots = [rootPath] }
        lifecycle = .running
        var capabilities: [String: JSONValue] = [
            "positionEncoding": .string(client.positionEncoding.rawValue),
            "textDocumentSync": ["openClose": true, "change": 2, "save": false],
            "hoverProvider": true,
            "codeActionProvider": ["codeActionKinds": ["quickfix", "refactor.rewrite"]],
            "completionProvider": ["triggerCharacters": [":", " ", "="], "resolveProvider": false],
            "inlayHintProvider": true,
        ]
        if client.pullDiagnostics {
            capabilities["diagnosticProvider"] = ["identifier": "headroom", "interFileDependencies": true,
                                                  "workspaceDiagnostics": true]
        }
        return .success(["capabilities": .object(capabilities),
                         "serverInfo": ["name": "headroom", "version": .string(HeadroomVersion.string)]])
    }

    /// After `initialized`, once there is a document to analyse (the first didOpen): watch the
    /// files analyses read (when the client can register dynamically) and pull the `headroom`
    /// settings. Until they arrive, documents are analysed with initializationOptions or the
    /// defaults, and re-analysed when they do. Waiting for a document keeps a session that never
    /// opens one free of server-to-client requests.
    func afterInitialized() {
        guard !startupRequestsSent else { return }
        startupRequestsSent = true
        if client.watchedFilesDynamicRegistration {
            let id = RequestID.string("headroom/register-\(nextOutgoingID)")
            nextOutgoingID += 1
            send(Outgoing.request(id, "client/registerCapability", ["registrations": [[
                "id": "headroom-watched-files", "method": "workspace/didChangeWatchedFiles",
                "registerOptions": ["watchers": [["globPattern": "**/.headroom.yaml"], ["globPattern": "**/*.json"],
                                                 ["globPattern": "**/config.json"]]],
            ]]]))
        }
        pullConfiguration()
    }

    func pullConfiguration() {
        guard client.configurationPull else { return }
        let id = RequestID.string("headroom/configuration-\(nextOutgoingID)")
        nextOutgoingID += 1
        pendingConfigurationRequests.insert(id)
        send(Outgoing.request(id, "workspace/configuration", ["items": [["section": "headroom"]]]))
    }

    func handleResponse(id: RequestID, result: JSONValue?, error: JSONValue?) {
        guard pendingConfigurationRequests.remove(id) != nil else { return }
        if let first = result?.arrayValue?.first { applySettings(first) }
        settingsChanged()
    }

    func didChangeConfiguration(_ params: JSONValue?) {
        if let s = params?["settings"]?["headroom"], s.objectValue != nil {
            applySettings(s)
            settingsChanged()
        } else {
            pullConfiguration() // the payload is often null: ask again
        }
    }

    /// Reads `{gpu, gpuCount, margin}`, also nested as `{headroom: {...}}`.
    func applySettings(_ value: JSONValue?) {
        guard let v = value, v.objectValue != nil else { return }
        let s = v["headroom"]?.objectValue != nil ? (v["headroom"] ?? v) : v
        if let gpu = s["gpu"] {
            settings.gpu = gpu.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        }
        if let count = s["gpuCount"] {
            settings.gpuCount = count.intValue.flatMap { $0 > 0 ? $0 : nil }
        }
        if let margin = s["margin"], case let m? = margin.doubleValue, m >= 0, m < 1 {
            settings.margin = m
        }
    }

    func settingsChanged() {
        settingsGeneration += 1
        references.invalidate()
        for doc in documents.values {
            doc.invalidateAnalysis()
            dirty.insert(doc.uri)
        }
        if client.pullDiagnostics, client.diagnosticRefresh {
            let id = RequestID.string("headroom/refresh-\(nextOutgoingID)")
            nextOutgoingID += 1
            send(Outgoing.request(id, "workspace/diagnostic/refresh", .null))
        }
    }

    // MARK: - Documents

    func didOpen(_ params: JSONValue?) {
        guard let item = params?["textDocument"], let uri = item["uri"]?.stringValue,
              let text = item["text"]?.stringValue else {
            warn("didOpen without textDocument.uri/text: ignored")
            return
        }
        let doc = OpenDocument(uri: uri, languageId: item["languageId"]?.stringValue ?? "",
                               version: item["version"]?.intValue ?? 0, text: text)
        documents[uri] = doc
        dirty.insert(uri)
        if initializedReceived { afterInitialized() }
    }

    func didChange(_ params: JSONValue?) {
        guard let uri = params?["textDocument"]?["uri"]?.stringValue else {
            warn("didChange without textDocument.uri: ignored")
            return
        }
        guard let doc = documents[uri] else {
            warn("didChange for \(uri), which is not open: ignored")
            return
        }
        for change in params?["contentChanges"]?.arrayValue ?? [] {
            guard let text = change["text"]?.stringValue else { continue }
            if let range = change["range"] {
                guard let r = byteRange(range, in: doc) else {
                    warn("didChange with a malformed range: change ignored")
                    continue
                }
                doc.replace(r, with: text)
            } else {
                doc.replaceAll(with: text)
            }
        }
        if let v = params?["textDocument"]?["version"]?.intValue { doc.version = v }
        dirty.insert(uri)
    }

    func didClose(_ params: JSONValue?) {
        guard let uri = params?["textDocument"]?["uri"]?.stringValue else { return }
        guard documents.removeValue(forKey: uri) != nil else { return }
        dirty.remove(uri)
        lastResultIDs[uri] = nil
        if !client.pullDiagnostics {
            send(Outgoing.notification("textDocument/publishDiagnostics", ["uri": .string(uri), "diagnostics": []]))
        }
    }

    // MARK: - Positions

    /// An LSP range as clamped byte offsets; nil when it is not shaped like a range.
    func byteRange(_ range: JSONValue, in doc: OpenDocument) -> ByteRange? {
        guard let s = position(range["start"]), let e = position(range["end"]) else { return nil }
        let enc = client.positionEncoding
        if s.line >= doc.buffer.lineCount || e.line >= doc.buffer.lineCount {
            warn("range \(s.line):\(s.character)-\(e.line):\(e.character) is past the end of \(doc.uri) (\(doc.buffer.lineCount) lines): clamped")
        }
        let a = doc.buffer.offset(line: s.line, character: s.character, encoding: enc)
        let b = doc.buffer.offset(line: e.line, character: e.character, encoding: enc)
        return ByteRange(min(a, b), max(a, b))
    }

    func position(_ value: JSONValue?) -> (line: Int, character: Int)? {
        guard let line = value?["line"]?.intValue, let character = value?["character"]?.intValue,
              line >= 0, character >= 0 else { return nil }
        return (line, character)
    }

    func lspRange(_ range: ByteRange, in doc: OpenDocument) -> JSONValue {
        lspRange(range, in: doc.buffer)
    }

    func lspRange(_ range: ByteRange, in buffer: TextBuffer) -> JSONValue {
        let enc = client.positionEncoding
        let s = buffer.position(ofByte: range.start, encoding: enc)
        let e = buffer.position(ofByte: range.end, encoding: enc)
        return ["start": ["line": JSONValue(s.line), "character": JSONValue(s.character)],
                "end": ["line": JSONValue(e.line), "character": JSONValue(e.character)]]
    }

    /// `{textDocument: {uri}, position: {line, character}}` -> the open document and a byte offset.
    func documentPosition(_ params: JSONValue?) -> Result<(OpenDocument, Int)?, RequestError> {
        guard let uri = params?["textDocument"]?["uri"]?.stringValue else {
            return .failure(.invalidParams("textDocument.uri is required"))
        }
        guard let pos = position(params?["position"]) else {
            return .failure(.invalidParams("position must be {line, character} with non-negative integers"))
        }
        guard let doc = documents[uri] else { return .success(nil) }
        return .success((doc, doc.buffer.offset(line: pos.line, character: pos.character, encoding: client.positionEncoding)))
    }
}

extension JSONValue {
    var doubleValue: Double? {
        switch self {
        case .int(let v): return Double(v)
        case .double(let d): return d
        default: return nil
        }
    }
}
