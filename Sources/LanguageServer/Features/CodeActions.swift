import ConfigLanguage
import Templating

/// `textDocument/codeAction`: the fixes the diagnostics in the range carry (did-you-mean
/// replacements), as quick fixes.
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
        return .result(.array(actions))
    }
}
