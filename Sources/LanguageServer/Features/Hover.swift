/// `textDocument/hover`: the analysis layer's documentation of what is at the position.
enum Hover {
    static func answer(_ request: FeatureRequest) -> LanguageServer.Answer {
        guard let offset = request.offset else { return .error(.invalidParams, "hover needs a position") }
        guard let hover = request.analysis.hover(at: offset) else { return .result(.null) }
        return .result(.object([
            "contents": .object(["kind": .string("markdown"), "value": .string(hover.text)]),
            "range": request.positions.range(hover.range),
        ]))
    }
}
