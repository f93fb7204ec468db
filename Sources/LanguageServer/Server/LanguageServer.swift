import ConfigLanguage
import Templating
import ScriptAnalysis

/// The dgenerate language server: LSP requests answered from the analysis layer, for open
/// documents only. It reads and writes nothing but its messages; no script is ever run.
///
/// `handle(_:)` takes one message body and returns the bodies to send, so that tests drive the
/// server in process and `StdioTransport` drives it over standard input and output.
public final class LanguageServer: @unchecked Sendable {
    /// Set once `exit` arrives: 0 after `shutdown`, 1 otherwise.
    public private(set) var exitStatus: Int32?
    private(set) var encoding = PositionEncoding.utf16
    private var initialized = false
    private var shuttingDown = false
    private(set) var documents: [String: DocumentSnapshot] = [:]
    /// What a log line goes to (standard error for the real server).
    let log: (String) -> Void

    public init(log: @escaping (String) -> Void = { _ in }) {
        self.log = log
    }

    /// A request's answer: a result, or an error.
    enum Answer {
        case result(JSONValue)
        case error(JSONRPC.ErrorCode, String)
    }

    /// What the syntax checks found in each document's last checked version.
    private var checkCaches: [String: DiagnosticsCache] = [:]

    /// Publishes a snapshot's diagnostics, re-checking only the statements that changed.
    private func publish(_ snapshot: DocumentSnapshot) -> [UInt8] {
        let cache = checkCaches[snapshot.uri] ?? DiagnosticsCache()
        checkCaches[snapshot.uri] = cache
        return Diagnostics.publish(snapshot, cache: cache)
    }

    /// Documents changed while diagnostics are held back (`handle(batch:)`), in order.
    private var pendingDiagnostics: [String] = []
    private var holdingDiagnostics = false

    /// Handles the messages that arrived together: each is answered in order, but diagnostics
    /// are published once per changed document, for its last version, after the batch. A
    /// version that a newer one replaced within the batch is never analysed.
    public func handle(batch bodies: [[UInt8]]) -> [[UInt8]] {
        holdingDiagnostics = true
        var out = bodies.flatMap { handle($0) }
        holdingDiagnostics = false
        for uri in pendingDiagnostics {
            if let document = documents[uri] { out.append(publish(document)) }
        }
        pendingDiagnostics = []
        return out
    }

    /// Diagnostics for a new snapshot: now, or after the batch.
    private func publishing(_ snapshot: DocumentSnapshot) -> [[UInt8]] {
        guard holdingDiagnostics else { return [publish(snapshot)] }
        if !pendingDiagnostics.contains(snapshot.uri) { pendingDiagnostics.append(snapshot.uri) }
        return []
    }

    /// Handles one message; returns the messages to send, in order.
    public func handle(_ body: [UInt8]) -> [[UInt8]] {
        switch JSONRPC.read(body) {
        case .invalid(let id, let code, let message):
            log("refused a message: \(message)")
            return [JSONRPC.error(id: id, code: code, message: message)]
        case .response:
            return []
        case .notification(let method, let params):
            return notify(method, params)
        case .request(let id, let method, let params):
            switch answer(method, params) {
            case .result(let result): return [JSONRPC.response(id: id, result: result)]
            case .error(let code, let message): return [JSONRPC.error(id: id, code: code, message: message)]
            }
        }
    }

    private func answer(_ method: String, _ params: JSONValue) -> Answer {
        if method == "initialize" { return initialize(params) }
        guard initialized else { return .error(.serverNotInitialized, "the server is not initialized") }
        if method == "shutdown" {
            shuttingDown = true
            return .result(.null)
        }
        guard !shuttingDown else { return .error(.invalidRequest, "the server is shutting down") }
        let semantic = method == "textDocument/semanticTokens/full" || method == "textDocument/semanticTokens/full/delta"
        guard semantic || Self.requests[method] != nil else { return .error(.methodNotFound, "unknown method \(method)") }
        guard let uri = params["textDocument"]["uri"].string else { return .error(.invalidParams, "\(method) needs textDocument.uri") }
        guard let document = documents[uri] else { return .error(.invalidParams, "\(uri) is not open") }
        let request = FeatureRequest(document: document, params: params, encoding: encoding)
        if semantic { return semanticTokens(request, delta: method.hasSuffix("/delta")) }
        return Self.requests[method].map { $0(request) } ?? .error(.methodNotFound, "unknown method \(method)")
    }

    /// The last semantic tokens sent for each document, by result id, for deltas.
    private var sentTokens: [String: (id: String, data: [Int])] = [:]
    private var tokenResults = 0

    /// Full semantic tokens, or the edit from the ones the client has (`previousResultId`).
    private func semanticTokens(_ request: FeatureRequest, delta: Bool) -> Answer {
        let data = SemanticTokens.encoded(request)
        tokenResults += 1
        let id = String(tokenResults)
        let previous = sentTokens[request.document.uri]
        sentTokens[request.document.uri] = (id, data)
        if delta, let previous, request.params["previousResultId"].string == previous.id {
            return .result(.object(["resultId": .string(id), "edits": .array(SemanticTokens.edits(from: previous.data, to: data))]))
        }
        return .result(.object(["resultId": .string(id), "data": .array(data.map(JSONValue.int))]))
    }

    private func notify(_ method: String, _ params: JSONValue) -> [[UInt8]] {
        switch method {
        case "exit":
            exitStatus = shuttingDown ? 0 : 1
            return []
        case "initialized", "$/cancelRequest", "$/setTrace", "workspace/didChangeConfiguration":
            // requests are answered as they arrive, so there is never one to cancel
            return []
        default:
            guard initialized, !shuttingDown else { return [] }
            return documentNotification(method, params)
        }
    }

    private func documentNotification(_ method: String, _ params: JSONValue) -> [[UInt8]] {
        let document = params["textDocument"]
        guard let uri = document["uri"].string else { return [] }
        switch method {
        case "textDocument/didOpen":
            guard let text = document["text"].string else { return [] }
            let snapshot = DocumentSnapshot(uri: uri, version: document["version"].int ?? 0, bytes: Array(text.utf8), encoding: encoding)
            documents[uri] = snapshot
            return publishing(snapshot)
        case "textDocument/didChange":
            guard let current = documents[uri], let changes = params["contentChanges"].array,
                  let next = current.applying(changes, version: document["version"].int ?? current.version + 1) else {
                log("ignored a change that does not apply to \(uri)")
                return []
            }
            documents[uri] = next
            return publishing(next)
        case "textDocument/didClose":
            documents[uri] = nil
            sentTokens[uri] = nil
            checkCaches[uri] = nil
            pendingDiagnostics.removeAll { $0 == uri }
            return [JSONRPC.notification(method: "textDocument/publishDiagnostics", params: .object(["uri": .string(uri), "diagnostics": .array([])]))]
        default:
            return []
        }
    }

    private func initialize(_ params: JSONValue) -> Answer {
        let offered = params["capabilities"]["general"]["positionEncodings"].array?.compactMap(\.string)
        encoding = PositionEncoding.negotiate(offered)
        initialized = true
        return .result(.object([
            "capabilities": Self.capabilities(encoding),
            "serverInfo": .object(["name": .string("dgenerate"), "version": .string(ScriptParser.versionText)]),
        ]))
    }

    /// What the server can do.
    static func capabilities(_ encoding: PositionEncoding) -> JSONValue {
        .object([
            "positionEncoding": .string(encoding.rawValue),
            "textDocumentSync": .object(["openClose": .bool(true), "change": .int(2)]),
            "completionProvider": .object(["triggerCharacters": .array(["\\", "-", "|", " ", "{"].map(JSONValue.string))]),
            "hoverProvider": .bool(true),
            "definitionProvider": .bool(true),
            "referencesProvider": .bool(true),
            "documentHighlightProvider": .bool(true),
            "documentSymbolProvider": .bool(true),
            "foldingRangeProvider": .bool(true),
            "signatureHelpProvider": .object(["triggerCharacters": .array([.string("("), .string(",")])]),
            "inlayHintProvider": .bool(true),
            "documentFormattingProvider": .bool(true),
            "codeActionProvider": .object(["codeActionKinds": .array([.string("quickfix")])]),
            "renameProvider": .object(["prepareProvider": .bool(true)]),
            "semanticTokensProvider": .object([
                "legend": .object(["tokenTypes": .array(SemanticTokens.legend.map(JSONValue.string)), "tokenModifiers": .array([])]),
                "full": .object(["delta": .bool(true)]),
            ]),
        ])
    }

    /// The requests on a document, by method, each answered by its feature.
    static let requests: [String: @Sendable (FeatureRequest) -> Answer] = [
        "textDocument/completion": Completion.answer,
        "textDocument/hover": Hover.answer,
        "textDocument/definition": Navigation.definition,
        "textDocument/references": Navigation.references,
        "textDocument/documentHighlight": Navigation.highlights,
        "textDocument/documentSymbol": Symbols.answer,
        "textDocument/foldingRange": Folding.answer,
        "textDocument/signatureHelp": SignatureHelpFeature.answer,
        "textDocument/inlayHint": InlayHints.answer,
        "textDocument/codeAction": CodeActions.answer,
        "textDocument/prepareRename": Rename.prepare,
        "textDocument/rename": Rename.answer,
        "textDocument/formatting": Formatting.answer,
    ]
}

/// A request on one document, as a feature sees it.
struct FeatureRequest {
    let document: DocumentSnapshot
    let params: JSONValue
    let encoding: PositionEncoding

    var analysis: ScriptAnalysis { document.analysis }
    var positions: PositionMap { document.positions }

    /// The byte offset of the request's `position`.
    var offset: Int? { positions.offset(params["position"]) }

    /// An LSP location in this document.
    func location(_ range: SourceRange) -> JSONValue {
        .object(["uri": .string(document.uri), "range": positions.range(range)])
    }
}
