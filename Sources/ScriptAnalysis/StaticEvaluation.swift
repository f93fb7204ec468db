import ConfigLanguage
import PythonExpressions
import Templating

/// Invocations whose templates read only values known before the script runs: `\set` and
/// `\setp` constants, and loops over literals in template blocks. Each is rendered as the
/// runtime would render it and its command line checked like a static one. Only what is
/// bounded is evaluated (`renderBounded`, `evaluateBounded`): opening a script never runs
/// anything expensive, and nothing with an effect.
extension ScriptAnalysis {
    func renderedInvocationDiagnostics(_ cache: DiagnosticsCache) -> [Diagnostic] {
        var constants = ScriptConstants(cache: cache)
        var found: [Diagnostic] = []
        for model in statements {
            if model.statement.haltError != nil { break }
            if !model.regions.isEmpty, model.statement.kind == .invocation || model.statement.kind == .templateBlock,
               let key = constants.key(for: model.statement.logicalText) {
                let problems = cache.problems(key) { renderedProblems(model, constants) }
                // a loop writes the same line again and again: the first problem at each place
                for problem in problems {
                    let range = range(naming: problem, in: model)
                    if !found.contains(where: { $0.range == range }) { found.append(invocationDiagnostic(problem, at: range)) }
                }
            }
            guard constants.apply(model) else { break }
        }
        return found
    }

    /// The command line's problems with the invocations a statement renders to: the line
    /// itself, or each invocation line a template block writes.
    private func renderedProblems(_ model: StatementModel, _ constants: ScriptConstants) -> [InvocationProblem] {
        guard let rendered = constants.render(model.statement.logicalText) else { return [] }
        let texts = model.statement.kind == .invocation
            ? [rendered]
            : ScriptParser.parse(SourceText(name: "<template>", text: rendered)).statements.filter { $0.kind == .invocation }.map(\.logicalText)
        return texts.compactMap { Self.staticWords($0).flatMap(Self.invocationProblem) }
    }
}

/// The template variables whose values are known before the script runs, statement by
/// statement: a `\set` of text (or of a template over known values), a `\setp` that evaluates
/// boundedly over known values. Any other definition makes its name unknown.
struct ScriptConstants {
    let cache: DiagnosticsCache
    /// Templates render here: Jinja2's globals and the Python builtins, none of dgenerate's
    /// functions (those may have effects, and are not known to the analysis).
    let environment: TemplateEnvironment = {
        let environment = TemplateEnvironment()
        environment.installPythonBuiltins()
        return environment
    }()
    private(set) var values: [String: Value] = [:]
    /// Each value's `repr`, which keys what depends on it (worked out once per value).
    private var reprs: [String: String] = [:]

    init(cache: DiagnosticsCache) {
        self.cache = cache
    }

    /// What a template's result depends on: its text and the known values it reads; nil when
    /// it reads a name that is not known (or does not parse), and so cannot be rendered.
    func key(for text: String) -> String? {
        guard let names = cache.undeclaredNames(text) else { return nil }
        var key = text
        for name in names {
            if let repr = reprs[name] {
                key += "\u{0}\(name)=\(repr)"
            } else if name == "lipsum" || environment.globals[name] == nil {
                return nil
            }
        }
        return key
    }

    /// `text` rendered when every name it reads is a known value or a global; nil otherwise.
    func render(_ text: String) -> String? {
        guard key(for: text) != nil else { return nil }
        return environment.renderBounded(text, context: values)
    }

    /// Updates the values for what `model` defines; false when a definition's name is only
    /// known at run time (nothing after it can be known).
    mutating func apply(_ model: StatementModel) -> Bool {
        guard let names = model.definedNames else { return false }
        for name in names { forget(name) }
        if model.statement.directive?.dispatchedName == "\\unset", model.words.count > 1 {
            forget(model.words[1].text)
        }
        guard model.statement.kind == .directive, let name = model.definedName?.text, !name.contains("{"),
              let directive = model.statement.directive?.dispatchedName, directive == "\\set" || directive == "\\setp" else { return true }
        let parts = PythonSplitting.split(model.statement.logicalText, maxSplit: 2)
        guard parts.count == 3, !parts[2].contains("$") else { return true }
        let known = definedValue(directive, text: parts[2], rendered: !model.regions.isEmpty)
        values[name] = known?.value
        reprs[name] = known?.repr
        return true
    }

    /// The value a `\set` or `\setp` of `text` gives, from the cache where what it depends on
    /// was seen before.
    private func definedValue(_ directive: String, text: String, rendered: Bool) -> (value: Value, repr: String)? {
        let compute = { evaluate(directive, rendered ? nil : text, template: text).map { ($0, $0.repr) } }
        if rendered {
            // a rendered `\setp` reads names only its rendering shows: evaluated afresh
            guard let key = key(for: text) else { return nil }
            return directive == "\\set" ? cache.value(directive + "\u{0}" + key, compute) : compute()
        }
        if directive == "\\setp" {
            guard let key = setpKey(text) else { return nil }
            return cache.value(directive + "\u{0}" + key, compute)
        }
        return cache.value(directive + "\u{0}" + text, compute)
    }

    /// What a `\setp` program's value depends on: its text and the known values it reads;
    /// nil when it reads a name that is neither known nor a builtin.
    private func setpKey(_ expression: String) -> String? {
        guard let free = cache.freeNames(expression) else { return nil }
        var key = expression
        for name in free.map(\.name) {
            if let repr = reprs[name] {
                key += "\u{0}\(name)=\(repr)"
            } else if !PythonBuiltins.nameSet.contains(name) {
                return nil
            }
        }
        return key
    }

    private mutating func forget(_ name: String) {
        values[name] = nil
        reprs[name] = nil
    }

    /// A `\set`'s text or a `\setp`'s value: of `text`, or of `template` rendered.
    private func evaluate(_ directive: String, _ text: String?, template: String) -> Value? {
        guard let text = text ?? render(template) else { return nil }
        guard directive == "\\setp" else { return .string(text) }
        guard let program = try? PythonExpressionParser.parse(text) else { return nil }
        return PythonEvaluator.evaluateBounded(program, names: values, environment: environment)
    }
}
