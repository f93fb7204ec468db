import Templating
import ConfigLanguage

/// `\templates_help`, `\directives_help` and `\functions_help`. Listings and variable values
/// match the reference; the documentation of single directives and functions is this project's
/// own (docs/spec/divergences.md).
extension ScriptRuntime {
    func installHelpDirectives() {
        directives["templates_help"] = Self.templatesHelpDirective
        directives["directives_help"] = Self.directivesHelpDirective
        directives["functions_help"] = Self.functionsHelpDirective
    }

    /// `a`, `a or b`, `a, b, or c`.
    static func oxfordComma(_ items: [String], _ conjunction: String) -> String { EnglishList.joined(items, conjunction) }

    /// The Python type a script-defined value reports.
    static func pythonClass(_ value: Value) -> String {
        switch value {
        case .object(let object): return "<class '\(object.typeName)'>"
        default: return "<class '\(value.typeName)'>"
        }
    }

    static func templatesHelpDirective(_ runtime: ScriptRuntime, _ names: [String]) throws -> Int32 {
        runtime.log(try runtime.templateVariablesHelp(names, variables: runtime.templateVariables, showValues: true) + "\n")
        return 0
    }

    static func directivesHelpDirective(_ runtime: ScriptRuntime, _ arguments: [String]) throws -> Int32 {
        runtime.log(try runtime.directivesHelp(arguments) + "\n")
        return 0
    }

    static func functionsHelpDirective(_ runtime: ScriptRuntime, _ arguments: [String]) throws -> Int32 {
        runtime.log(try runtime.functionsHelp(arguments) + "\n")
        return 0
    }

    /// The text of `\\templates_help` (and, without values, of `--templates-help`).
    func templateVariablesHelp(_ names: [String], variables: [String: Value], showValues: Bool) throws(ScriptError) -> String {
        let runtime = self
        var types: [String: String] = [:]
        var order: [String] = []
        for variable in TemplateVariableCatalogue.all where variables[variable.name] != nil {
            types[variable.name] = variable.type
            order.append(variable.name)
        }
        for module in TemplateVariableCatalogue.modules { types[module.name] = module.type; order.append(module.name) }
        for name in variables.keys where types[name] == nil {
            types[name] = Self.pythonClass(variables[name]!)
            order.append(name)
        }
        var selected: [String]
        if names.isEmpty {
            selected = order.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        } else {
            let missing = names.filter { types[$0] == nil }
            if !missing.isEmpty { throw ScriptError("No template variables named: \(Self.oxfordComma(missing, "or"))") }
            selected = names
        }
        let width = Messages.wrapWidth(runtime.host.environment)
        var text = (selected.count > 1 ? "Config template variables are" : "Config template variable is") + ":\n\n"
        text += selected.map { name in
            let value = variables[name] ?? .none
            let spaced = TextWrap.munged(value.repr)
            let wrapped = TextWrap.wrap(spaced, width: width, breakLongWords: false, breakOnHyphens: false,
                                        subsequentIndent: String(repeating: " ", count: 17)).joined(separator: "\n")
            return "    Name: \"\(name)\"\n        Type: \(types[name]!)" + (showValues ? "\n        Value: \(wrapped)" : "")
        }.joined(separator: "\n")
        return text
    }

    /// The text of `\\directives_help` and `--directives-help`.
    func directivesHelp(_ arguments: [String]) throws(ScriptError) -> String {
        let runtime = self
        let names = DirectiveCatalogue.names.map { String($0.dropFirst()) }
        let text: String
        if arguments.isEmpty {
            text = "Available config directives:\n\n" + names.map { "    \"\\\($0)\"" }.joined(separator: "\n")
        } else {
            let wanted = arguments.map { String($0.drop { $0 == "\\" }) }
            let missing = wanted.filter { !names.contains($0) }
            if !missing.isEmpty { throw ScriptError("No directives named: \(Self.oxfordComma(missing, "or"))") }
            let width = Messages.wrapWidth(runtime.host.environment)
            text = wanted.map { name in
                let doc = TextWrap.paragraphs(DirectiveCatalogue.documentation[name] ?? "No documentation provided.", width: width, indent: "    ")
                return name + Messages.underline(":\n\n" + doc + "\n", width: width)
            }.joined(separator: "\n")
        }
        return text
    }

    /// The text of `\\functions_help` and `--functions-help`.
    func functionsHelp(_ arguments: [String]) throws(ScriptError) -> String {
        let runtime = self
        let text: String
        let signatures = Dictionary(uniqueKeysWithValues: zip(FunctionCatalogue.names, FunctionCatalogue.signatures))
        if arguments.isEmpty {
            text = "Available config template functions:\n\n" + FunctionCatalogue.signatures.map { "    " + $0 }.joined(separator: "\n")
        } else {
            let missing = arguments.filter { signatures[$0] == nil }
            if !missing.isEmpty { throw ScriptError("No template functions named: \(Self.oxfordComma(missing, "or"))") }
            let width = Messages.wrapWidth(runtime.host.environment)
            text = arguments.map { name in
                let doc = TextWrap.paragraphs(FunctionCatalogue.documentation[name] ?? "No documentation provided.", width: width, indent: "    ")
                return signatures[name]! + Messages.underline(":\n\n" + doc + "\n", width: width)
            }.joined(separator: "\n")
        }
        return text
    }
}
