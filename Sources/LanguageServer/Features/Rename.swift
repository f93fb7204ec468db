/// `textDocument/rename` and `prepareRename`: a template variable renamed at its definitions and
/// every use.
enum Rename {
    static func prepare(_ request: FeatureRequest) -> LanguageServer.Answer {
        guard let offset = request.offset else { return .error(.invalidParams, "rename needs a position") }
        guard let range = Navigation.ranges(request, offset).first(where: { $0.lowerBound <= offset && offset <= $0.upperBound }) else { return .result(.null) }
        return .result(request.positions.range(range))
    }

    static func answer(_ request: FeatureRequest) -> LanguageServer.Answer {
        guard let offset = request.offset, let newName = request.params["newName"].string else {
            return .error(.invalidParams, "rename needs a position and a new name")
        }
        guard isIdentifier(newName) else { return .error(.invalidParams, "'\(newName)' is not a variable name") }
        let edits = Navigation.ranges(request, offset).map { JSONValue.object(["range": request.positions.range($0), "newText": .string(newName)]) }
        guard !edits.isEmpty else { return .result(.null) }
        return .result(.object(["changes": .object([request.document.uri: .array(edits)])]))
    }

    /// A Python identifier (what a template variable may be called).
    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || first.properties.isXIDStart else { return false }
        return text.unicodeScalars.dropFirst().allSatisfy { $0.properties.isXIDContinue }
    }
}
