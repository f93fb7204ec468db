import ConfigLanguage
import Templating

/// `textDocument/codeAction`: the fixes the diagnostics in the range carry (did-you-mean
/// replacements, quoting), as quick fixes; and quoting a value spread over several words.
enum CodeActions {
    static func answer(_ request: FeatureRequest) -> LanguageServer.Answer {
        let positions = request.positions
        guard let start = positions.offset(request.params["range"]["start"]), let end = positions.offset(request.params["range"]["end"]) else {
            return .error(.invalidParams, "code actions need a range")
        }
        let actions = request.analysis.diagnostics().filter { diagnostic in
            !diagnostic.fixIts.isEmpty && diagnostic.range.lowerBound <= max(start, end) && diagnostic.range.upperBound >= min(start, end)
        }.flatMap { diagnostic in
            diagnostic.fixIts.map { fix -> JSONValue in
                .object([
                    "title": .string("Replace with '\(fix.replacement)'"),
                    "kind": .string("quickfix"),
                    "diagnostics": .array([.object(["range": positions.range(diagnostic.range), "message": .string(diagnostic.message)])]),
                    "edit": .object(["changes": .object([request.document.uri: .array([
                        .object(["range": positions.range(fix.range), "newText": .string(fix.replacement)]),
                    ])])]),
                ])
            }
        }
        let rewrites = request.analysis.quoteActions(at: min(start, end)).map { action -> JSONValue in
            .object([
                "title": .string(action.title),
                "kind": .string("refactor.rewrite"),
                "edit": .object(["changes": .object([request.document.uri: .array(action.edits.map { edit in
                    .object(["range": positions.range(edit.range), "newText": .string(edit.newText)])
                })])]),
            ])
        }
        return .result(.array(actions + rewrites))
    }
}
