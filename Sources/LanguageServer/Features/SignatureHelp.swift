/// `textDocument/signatureHelp`: the template function being called and the argument typed.
enum SignatureHelpFeature {
    static func answer(_ request: FeatureRequest) -> LanguageServer.Answer {
        guard let offset = request.offset else { return .error(.invalidParams, "signature help needs a position") }
        guard let help = request.analysis.signatureHelp(at: offset) else { return .result(.null) }
        var signature: [String: JSONValue] = [
            "label": .string(help.label),
            "parameters": .array(help.parameters.map { .object(["label": .string($0)]) }),
        ]
        if let documentation = help.documentation { signature["documentation"] = .string(documentation) }
        return .result(.object([
            "signatures": .array([.object(signature)]), "activeSignature": .int(0),
            "activeParameter": .int(min(help.activeParameter, max(0, help.parameters.count - 1))),
        ]))
    }
}
