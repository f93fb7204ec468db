/// `textDocument/inlayHint`: after each invocation line whose plan is known, how many images it
/// writes.
enum InlayHints {
    static func answer(_ request: FeatureRequest) -> LanguageServer.Answer {
        .result(.array(request.analysis.imageCounts().map { count in
            let position = request.positions.position(count.offset)
            let noun = count.images == 1 ? "image" : "images"
            let steps = count.steps == 1 ? "" : " in \(count.steps) steps"
            return .object([
                "position": .object(["line": .int(position.line), "character": .int(position.character)]),
                "label": .string(" → \(count.images) \(noun)\(steps)"),
                "paddingLeft": .bool(true),
            ])
        }))
    }
}
