import ConfigLanguage
import Templating

/// A template variable the script defines (`\set x 1`, `\setp`, `\sete`, `\gen_seeds`, `\download`).
public struct VariableDefinition: Sendable, Equatable {
    public let name: String
    /// The name's range.
    public let range: SourceRange
    /// The whole statement's range.
    public let statementRange: SourceRange
    /// The directive that defines it, with its backslash.
    public let directive: String
}

extension ScriptAnalysis {
    /// Every variable definition, in source order.
    public func definitions() -> [VariableDefinition] {
        statements.compactMap { model in
            guard let word = model.definedName, let directive = model.statement.directive?.dispatchedName else { return nil }
            // a name written as a template is only known when it runs
            guard !word.text.contains("{") else { return nil }
            return VariableDefinition(name: word.text, range: sourceRange(word.range, in: model),
                                      statementRange: sourceRange(0..<model.bytes.count, in: model), directive: directive)
        }
    }

    /// The variable named at `offset`, defined or read there.
    public func variableName(at offset: Int) -> String? {
        let node = node(at: offset)
        if case .variableDefinition(let name) = node.kind { return name }
        if case .directiveArgument(let directive, 0) = node.kind, directive == "\\unset" {
            return source.text(node.range)
        }
        if let name = node.name, name.role == .name || name.role == .assigned { return name.text }
        return nil
    }

    /// Where the variable at `offset` is defined: the definition before `offset` that is in
    /// force there (the last one), else the first after it.
    public func definition(at offset: Int) -> VariableDefinition? {
        guard let name = variableName(at: offset) else { return nil }
        let all = definitions().filter { $0.name == name }
        if let own = all.first(where: { $0.range.contains(offset) || $0.range.upperBound == offset }) { return own }
        return all.last(where: { $0.range.upperBound <= offset }) ?? all.first
    }

    /// Every place the variable at `offset` is read (in templates, `\setp` expressions and
    /// `\unset`), in source order; definitions are not included.
    public func uses(at offset: Int) -> [SourceRange] {
        guard let name = variableName(at: offset) else { return [] }
        return uses(of: name)
    }

    /// Every place `name` is read.
    public func uses(of name: String) -> [SourceRange] {
        var found: [SourceRange] = []
        for model in statements {
            var names: [ExpressionName] = model.regions.flatMap { model.names(in: $0) }
            names += model.setpNames()
            for item in names where item.text == name && item.role == .name {
                found.append(sourceRange(item.range, in: model))
            }
            if model.statement.directive?.dispatchedName == "\\unset", model.words.count > 1, model.words[1].text == name {
                found.append(sourceRange(model.words[1].range, in: model))
            }
        }
        return found.sorted { $0.lowerBound < $1.lowerBound }
    }
}
