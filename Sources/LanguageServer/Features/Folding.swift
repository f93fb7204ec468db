/// `textDocument/foldingRange`: template blocks, continued statements and comment runs.
enum Folding {
    static func answer(_ request: FeatureRequest) -> LanguageServer.Answer {
        .result(.array(request.analysis.foldingRanges().map { range in
            var item: [String: JSONValue] = ["startLine": .int(range.startLine), "endLine": .int(range.endLine)]
            item["kind"] = .string(range.kind == .comments ? "comment" : "region")
            return .object(item)
        }))
    }
}
