import ConfigLanguage
import PythonExpressions
import Templating

/// Invocations whose templates read only values known before the script runs: `\set` and
/// `\setp` constants, and loops over literals in template blocks. Each is rendered as the
/// runtime would render it and its command line checked like a static one. Only what is
/// bounded is evaluated (`renderBounded`, `evaluateBounded`): opening a script never runs
/// anything expensive, and nothing with an effect.
extension ScriptAnalysis {
    func renderedInvocationDiagnostics() -> [Diagnostic] {
        var constants = ScriptConstants()
        var found: [Diagnostic] = []
        for model in statements {
            if model.statement.haltError != nil { break }
            if !model.regions.isEmpty {
                switch model.statement.kind {
                case .invocation: found += renderedInvocation(model, constants)
                case .templateBlock: found += renderedBlock(model, constants)
                default: break
                }
            }
            guard constants.apply(model) else { break }
        }
        return found
    }

    /// An invocation line with templates, rendered with the constants and checked.
    private func renderedInvocation(_ model: StatementModel, _ constants: ScriptConstants) -> [Diagnostic] {
        guard let rendered = constants.render(model.statement.logicalText), let words = Self.staticWords(rendered),
              let problem = Self.invocationProblem(words) else { return [] }
        return [invocationDiagnostic(problem, at: range(naming: problem.message, in: model))]
    }

    /// A template block rendered with the constants: each invocation line it writes checked,
    /// the first problem at each place reported, at the option it names where the block's text
    /// holds it (a loop writes the same line again and again).
    private func renderedBlock(_ model: StatementModel, _ constants: ScriptConstants) -> [Diagnostic] {
        guard let rendered = constants.render(model.statement.logicalText) else { return [] }
        let syntax = ScriptParser.parse(SourceText(name: "<template>", text: rendered))
        var found: [Diagnostic] = []
        for statement in syntax.statements where statement.kind == .invocation {
            guard let words = Self.staticWords(statement.logicalText), let problem = Self.invocationProblem(words) else { continue }
            let range = range(naming: problem.message, in: model)
            if !found.contains(where: { $0.range == range }) { found.append(invocationDiagnostic(problem, at: range)) }
        }
        return found
    }
}

/// The template variables whose values are known before the script runs, statement by
/// statement: a `\set` of text (or of a template over known values), a `\setp` that evaluates
/// boundedly over known values. Any other definition makes its name unknown.
struct ScriptConstants {
    /// Templates render here: Jinja2's globals and the Python builtins, none of dgenerate's
    /// functions (those may have effects, and are not known to the analysis).
    let environment: TemplateEnvironment = {
        let environment = TemplateEnvironment()
        environment.installPythonBuiltins()
        return environment
    }()
    private(set) var values: [String: Value] = [:]

    /// `text` rendered when every name it reads is a known value or a global; nil otherwise.
    func render(_ text: String) -> String? {
        guard let names = try? environment.undeclaredNames(text),
              names.allSatisfy({ values[$0] != nil || ($0 != "lipsum" && environment.globals[$0] != nil) }) else { return nil }
        return environment.renderBounded(text, context: values)
    }

    /// Updates the values for what `model` defines; false when a definition's name is only
    /// known at run time (nothing after it can be known).
    mutating func apply(_ model: StatementModel) -> Bool {
        guard let names = VariableScope.definedNames(in: model) else { return false }
        for name in names { values[name] = nil }
        if model.statement.directive?.dispatchedName == "\\unset", model.words.count > 1 {
            values[model.words[1].text] = nil
        }
        guard model.statement.kind == .directive, let name = model.definedName?.text, !name.contains("{") else { return true }
        let parts = PythonSplitting.split(model.statement.logicalText, maxSplit: 2)
        guard parts.count == 3, !parts[2].contains("$") else { return true }
        let value = model.regions.isEmpty ? parts[2] : render(parts[2])
        switch model.statement.directive?.dispatchedName {
        case "\\set": values[name] = value.map { .string($0) }
        case "\\setp":
            guard let value, let program = try? PythonExpressionParser.parse(value) else { return true }
            values[name] = PythonEvaluator.evaluateBounded(program, names: values, environment: environment)
        default: break
        }
        return true
    }
}
