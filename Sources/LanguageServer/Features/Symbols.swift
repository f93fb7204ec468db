/// `textDocument/documentSymbol`: the variables a script defines and its template blocks.
enum Symbols {
    static func answer(_ request: FeatureRequest) -> LanguageServer.Answer {
        .result(.array(request.analysis.symbols().map { symbol in
            .object([
                "name": .string(symbol.name),
                "kind": .int(symbol.kind == .variable ? 13 : 2),  // variable, module
                "range": request.positions.range(symbol.range),
                "selectionRange": request.positions.range(symbol.selectionRange),
            ])
        }))
    }
}
