import LanguageServer
import TestSupport

extension Marked {
    /// The LSP position of marker `number`, counted in `encoding` ("utf-8", "utf-16", "utf-32"),
    /// worked out here independently of the server.
    func position(_ number: Int, encoding: String = "utf-16") -> JSONValue {
        let offset = offsets[number] ?? 0
        let before = String(decoding: Array(text.utf8)[0..<offset], as: UTF8.self)
        let lines = before.split(separator: "\n", omittingEmptySubsequences: false)
        let last = lines.last.map(String.init) ?? ""
        let character = switch encoding {
        case "utf-8": last.utf8.count
        case "utf-32": last.unicodeScalars.count
        default: last.utf16.count
        }
        return .object(["line": .int(lines.count - 1), "character": .int(character)])
    }
}

/// A client that drives the server in process: requests return their result (or error), the
/// server's notifications are kept.
final class TestClient {
    let server = LanguageServer()
    var notifications: [JSONValue] = []
    private var nextID = 0
    let uri: String

    init(encodings: [String]? = nil, uri: String = "file:///work/test.dgen") {
        self.uri = uri
        var general: [String: JSONValue] = [:]
        if let encodings { general["positionEncodings"] = .array(encodings.map(JSONValue.string)) }
        _ = request("initialize", ["capabilities": .object(["general": .object(general)])])
        notify("initialized", [:])
    }

    /// Sends raw bytes; returns every message the server answered with.
    func send(_ body: [UInt8]) -> [JSONValue] {
        let answers = server.handle(body).compactMap { JSONValue.decode($0) }
        notifications += answers.filter { !$0["method"].isNull }
        return answers
    }

    @discardableResult
    func request(_ method: String, _ params: [String: JSONValue]) -> JSONValue {
        nextID += 1
        let message = JSONValue.object(["jsonrpc": .string("2.0"), "id": .int(nextID), "method": .string(method), "params": .object(params)])
        let answers = send(message.encoded())
        return answers.first { $0["id"] == .int(nextID) } ?? .null
    }

    func notify(_ method: String, _ params: [String: JSONValue]) {
        _ = send(JSONValue.object(["jsonrpc": .string("2.0"), "method": .string(method), "params": .object(params)]).encoded())
    }

    func open(_ text: String, version: Int = 1) {
        notify("textDocument/didOpen", ["textDocument": .object([
            "uri": .string(uri), "languageId": .string("dgen"), "version": .int(version), "text": .string(text),
        ])])
    }

    /// A request on the open document at a position.
    func at(_ method: String, _ position: JSONValue, _ extra: [String: JSONValue] = [:]) -> JSONValue {
        var params = extra
        params["textDocument"] = .object(["uri": .string(uri)])
        params["position"] = position
        return request(method, params)["result"]
    }

    /// The diagnostics last published for the document.
    var diagnostics: [JSONValue] {
        notifications.last { $0["method"] == .string("textDocument/publishDiagnostics") }?["params"]["diagnostics"].array ?? []
    }
}

/// An LSP range from two positions.
func lspRange(_ start: JSONValue, _ end: JSONValue) -> JSONValue {
    .object(["start": start, "end": end])
}
