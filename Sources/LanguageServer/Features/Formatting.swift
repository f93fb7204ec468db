/// `textDocument/formatting`: the analysis layer's formatting edits.
enum Formatting {
    static func answer(_ request: FeatureRequest) -> LanguageServer.Answer {
        .result(.array(request.analysis.formattingEdits().map { edit in
            .object(["range": request.positions.range(edit.range), "newText": .string(edit.newText)])
        }))
    }
}
