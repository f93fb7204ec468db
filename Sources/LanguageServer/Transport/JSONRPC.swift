/// JSON-RPC 2.0 as LSP uses it: requests (with an id), notifications (without) and responses.
public enum JSONRPC {
    /// The error codes this server answers with.
    public enum ErrorCode: Int, Sendable {
        case parseError = -32700
        case invalidRequest = -32600
        case methodNotFound = -32601
        case invalidParams = -32602
        case internalError = -32603
        case serverNotInitialized = -32002
        case requestCancelled = -32800
    }

    /// A message as received.
    public enum Incoming: Equatable, Sendable {
        case request(id: JSONValue, method: String, params: JSONValue)
        case notification(method: String, params: JSONValue)
        /// A response to something this server sent (none yet): ignored.
        case response(id: JSONValue)
        /// Not JSON-RPC: the error to answer, and the id when one could be read.
        case invalid(id: JSONValue, code: ErrorCode, message: String)
    }

    /// Reads one message body.
    public static func read(_ body: [UInt8]) -> Incoming {
        guard let value = JSONValue.decode(body) else { return .invalid(id: .null, code: .parseError, message: "the message is not JSON") }
        guard case .object = value else { return .invalid(id: .null, code: .invalidRequest, message: "a message must be a JSON object") }
        let id = value["id"]
        switch id {
        case .null, .string, .number: break
        default: return .invalid(id: .null, code: .invalidRequest, message: "an id must be a number or a string")
        }
        guard let method = value["method"].string else {
            if !id.isNull && (value["result"] != .null || value["error"] != .null || value.hasKey("result")) { return .response(id: id) }
            return .invalid(id: id, code: .invalidRequest, message: "a request needs a method")
        }
        let params = value["params"]
        return id.isNull && !value.hasKey("id") ? .notification(method: method, params: params) : .request(id: id, method: method, params: params)
    }

    /// A successful response.
    public static func response(id: JSONValue, result: JSONValue) -> [UInt8] {
        JSONValue.object(["jsonrpc": .string("2.0"), "id": id, "result": result]).encoded()
    }

    /// An error response.
    public static func error(id: JSONValue, code: ErrorCode, message: String) -> [UInt8] {
        JSONValue.object([
            "jsonrpc": .string("2.0"), "id": id,
            "error": .object(["code": .int(code.rawValue), "message": .string(message)]),
        ]).encoded()
    }

    /// A notification from the server.
    public static func notification(method: String, params: JSONValue) -> [UInt8] {
        JSONValue.object(["jsonrpc": .string("2.0"), "method": .string(method), "params": params]).encoded()
    }
}

extension JSONValue {
    /// Whether an object has the member, even a null one.
    func hasKey(_ key: String) -> Bool {
        if case .object(let members) = self { return members[key] != nil }
        return false
    }
}
