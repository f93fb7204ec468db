import ConfigLanguage
import Templating

/// What documents the thing at an offset, as plain text, and the range it covers.
public struct HoverText: Sendable, Equatable {
    public let text: String
    public let range: SourceRange
}

extension ScriptAnalysis {
    /// The documentation of what is at `offset`: a directive, an option, a template function,
    /// a Jinja2 filter, test or global, a reserved template variable, or a
    /// variable the script defines.
    public func hover(at offset: Int) -> HoverText? {
        let node = node(at: offset)
        switch node.kind {
        case .directiveName(let written):
            let name = DirectiveCatalogue.prefixMatch(written) ?? written
            guard let documentation = DirectiveCatalogue.documentation[String(name.dropFirst())] else { return nil }
            return HoverText(text: "\(name)\n\n\(documentation)", range: node.range)
        case .optionName(let written):
            guard let option = OptionLookup.option(named: written) else { return nil }
            return HoverText(text: "\(option.names.joined(separator: ", "))\n\n\(option.help)", range: node.range)
        case .variableDefinition(let name):
            return variableHover(name, range: node.range)
        default:
            guard let name = node.name, name.role == .name || name.role == .filter || name.role == .test || name.role == .assigned else { return nil }
            if name.role != .test, let signature = FunctionCatalogue.signatureByName[name.text] {
                let documentation = FunctionCatalogue.documentation[name.text].map { "\n\n" + $0 } ?? ""
                return HoverText(text: signature + documentation, range: name.range)
            }
            if let builtin = Self.builtin(name.text, role: name.role) {
                return HoverText(text: builtin, range: name.range)
            }
            return variableHover(name.text, range: name.range)
        }
    }

    /// A Jinja2 filter's, test's or global's documentation (the Python builtins are in the
    /// function catalogue).
    static func builtin(_ name: String, role: AnalysisNode.NameRole) -> String? {
        switch role {
        case .filter: return TemplateBuiltinCatalogue.filters[name].map { "filter: x | \($0.signature)\n\n\($0.summary)" }
        case .test: return TemplateBuiltinCatalogue.tests[name].map { "test: x is \($0.signature)\n\n\($0.summary)" }
        default:
            return TemplateBuiltinCatalogue.globals[name].map { "\($0.signature)\n\n\($0.summary)" }
        }
    }

    private func variableHover(_ name: String, range: SourceRange) -> HoverText? {
        if let reserved = TemplateVariableCatalogue.byName[name] {
            return HoverText(text: "\(name): \(reserved.type)\n\nA template variable dgenerate sets.", range: range)
        }
        let named = definitions().filter { $0.name == name }
        guard let definition = named.last(where: { $0.range.lowerBound <= range.lowerBound }) ?? named.first else { return nil }
        let line = source.lineTable.lineIndex(of: definition.range.lowerBound) + 1
        return HoverText(text: "\(name)\n\nDefined by \(definition.directive) on line \(line): \(source.text(definition.statementRange))", range: range)
    }
}
