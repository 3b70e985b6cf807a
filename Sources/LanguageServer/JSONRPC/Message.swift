// JSON-RPC 2.0 messages as the server sees them.

public enum ErrorCode {
    public static let parseError: Int64 = -32700
    public static let invalidRequest: Int64 = -32600
    public static let methodNotFound: Int64 = -32601
    public static let invalidParams: Int64 = -32602
    public static let internalError: Int64 = -32603
    public static let serverNotInitialized: Int64 = -32002
    public static let requestCancelled: Int64 = -32800
    public static let contentModified: Int64 = -32801
}

/// A request id: JSON-RPC allows integers and strings.
public enum RequestID: Hashable, Sendable {
    case int(Int64)
    case string(String)

    init?(_ value: JSONValue?) {
        switch value {
        case .int(let v)?: self = .int(v)
        case .string(let s)?: self = .string(s)
        case .double(let d)? where d.isFinite && d == d.rounded() && abs(d) < 9e15: self = .int(Int64(d))
        default: return nil
        }
    }

    var json: JSONValue {
        switch self {
        case .int(let v): return .int(v)
        case .string(let s): return .string(s)
        }
    }
}

/// One decoded incoming message.
public enum IncomingMessage: Sendable {
    case request(id: RequestID, method: String, params: JSONValue?)
    case notification(method: String, params: JSONValue?)
    /// A reply to a request the server sent (e.g. workspace/configuration).
    case response(id: RequestID, result: JSONValue?, error: JSONValue?)
    /// The body was not JSON: answer -32700 with id null.
    case unparsable(String)
    /// JSON, but not a JSON-RPC message: answer -32600 (with the id when one could be read).
    case invalid(id: RequestID?, String)

    public static func decode(_ body: [UInt8]) -> IncomingMessage {
        let value: JSONValue
        switch JSONReader.parse(body) {
        case .success(let v): value = v
        case .failure(let e): return .unparsable("\(e.message) at byte \(e.offset)")
        }
        guard case .object(let o) = value else { return .invalid(id: nil, "message is not a JSON object") }
        let id = RequestID(o["id"])
        if let methodValue = o["method"] {
            guard case .string(let method) = methodValue else { return .invalid(id: id, "method is not a string") }
            let params = o["params"]
            if let p = params, !(p.objectValue != nil || p.arrayValue != nil || p.isNull) {
                return .invalid(id: id, "params must be an object or an array")
            }
            if let idValue = o["id"], !idValue.isNull {
                guard let id else { return .invalid(id: nil, "id must be an integer or a string") }
                return .request(id: id, method: method, params: params)
            }
            if o["id"] != nil { return .invalid(id: nil, "id must not be null in a request") }
            return .notification(method: method, params: params)
        }
        if let id, o["result"] != nil || o["error"] != nil {
            return .response(id: id, result: o["result"], error: o["error"])
        }
        return .invalid(id: id, "message has no method")
    }
}

enum Outgoing {
    static func response(_ id: RequestID, _ result: JSONValue) -> JSONValue {
        ["jsonrpc": "2.0", "id": id.json, "result": result]
    }

    static func error(_ id: RequestID?, _ code: Int64, _ message: String) -> JSONValue {
        ["jsonrpc": "2.0", "id": id?.json ?? .null, "error": ["code": .int(code), "message": .string(message)]]
    }

    static func notification(_ method: String, _ params: JSONValue) -> JSONValue {
        ["jsonrpc": "2.0", "method": .string(method), "params": params]
    }

    static func request(_ id: RequestID, _ method: String, _ params: JSONValue) -> JSONValue {
        ["jsonrpc": "2.0", "id": id.json, "method": .string(method), "params": params]
    }
}
