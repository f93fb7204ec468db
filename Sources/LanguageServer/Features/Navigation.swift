import Templating

/// Definition, references and highlights of template variables.
enum Navigation {
    static func definition(_ request: FeatureRequest) -> LanguageServer.Answer {
        guard let offset = request.offset else { return .error(.invalidParams, "definition needs a position") }
        guard let definition = request.analysis.definition(at: offset) else { return .result(.null) }
        return .result(request.location(definition.range))
    }

    /// Every use of the variable at the position, with its definitions when the client asks.
    static func references(_ request: FeatureRequest) -> LanguageServer.Answer {
        guard let offset = request.offset else { return .error(.invalidParams, "references need a position") }
        return .result(.array(ranges(request, offset).map(request.location)))
    }

    static func highlights(_ request: FeatureRequest) -> LanguageServer.Answer {
        guard let offset = request.offset else { return .error(.invalidParams, "highlights need a position") }
        return .result(.array(ranges(request, offset).map { .object(["range": request.positions.range($0)]) }))
    }

    /// The uses of the variable at `offset`, and its definitions unless the client asked
    /// without them, in source order.
    static func ranges(_ request: FeatureRequest, _ offset: Int) -> [SourceRange] {
        guard let name = request.analysis.variableName(at: offset) else { return [] }
        var found = request.analysis.uses(of: name)
        if request.params["context"]["includeDeclaration"].bool != false {
            found += request.analysis.definitions().filter { $0.name == name }.map(\.range)
        }
        return Array(Set(found)).sorted { $0.lowerBound < $1.lowerBound }
    }
}
