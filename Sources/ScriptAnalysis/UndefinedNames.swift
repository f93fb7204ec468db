import ConfigLanguage
import PythonExpressions
import Templating

/// Template and `\setp` names that nothing defines where they are read: not a reserved
/// variable, a template function, a builtin, nor a variable that an earlier statement defines. A template renders such a name as nothing (Jinja2's default
/// undefined), so it is a warning there; `\setp` stops with a `NameError`, an error unless the
/// name is read on only some paths.
extension ScriptAnalysis {
    func undefinedNameDiagnostics(_ cache: DiagnosticsCache) -> [Diagnostic] {
        var scope = VariableScope()
        // a variable named by a template, or a plugin's functions, are only known when it runs
        for model in statements where !scope.addDefinitions(of: model) { return [] }
        scope.startOver()
        var found: [Diagnostic] = []
        for model in statements {
            if model.statement.haltError != nil { break }
            found += undefinedTemplateNames(model, scope: scope, cache: cache)
            found += undefinedSetpNames(model, scope: scope, cache: cache)
            _ = scope.addDefinitions(of: model)
        }
        return found
    }

    private func undefinedTemplateNames(_ model: StatementModel, scope: VariableScope, cache: DiagnosticsCache) -> [Diagnostic] {
        guard !model.regions.isEmpty else { return [] }
        let text = model.statement.logicalText
        guard let undeclared = cache.undeclaredNames(text) else { return [] }
        var found: [Diagnostic] = []
        // a template block renders all of its text before any of its lines runs: the variables
        // its own `\set` lines define are not defined yet where it reads them
        let own = model.statement.kind == .templateBlock ? model.definedNames ?? [] : []
        for name in undeclared where !scope.knowsInTemplates(name) {
            let uses = model.regions.flatMap { model.names(in: $0) }.filter { $0.text == name && $0.role == .name }
            // `x is defined`, `x | default(...)`: the template expects it may be missing
            guard let first = uses.first, !uses.contains(where: { isGuarded($0, in: model) }) else { continue }
            let why = own.contains(name)
                ? " here: the template block renders before its lines define it"
                : scope.laterDefinition(of: name, after: model.index)
            // reading an attribute of it, calling or indexing it stops the render, unless a
            // condition before it may skip it
            let fails = isDereferenced(first, in: model) && !text.utf8.prefix(first.range.lowerBound).containsWord("if")
            let message = (fails ? "Template Render Error: " : "") + "'\(name)' is undefined" + why
            found.append(diagnostic(name, at: first, in: model, severity: fails ? .error : .warning, message: message, scope: why.isEmpty ? scope : nil))
        }
        return found
    }

    private func undefinedSetpNames(_ model: StatementModel, scope: VariableScope, cache: DiagnosticsCache) -> [Diagnostic] {
        guard let value = model.setpValue, !model.regions.contains(where: { $0.range.lowerBound >= value.lowerBound }) else { return [] }
        let expression = String(decoding: model.bytes[value], as: UTF8.self)
        guard let free = cache.freeNames(expression) else { return [] }
        let uses = model.setpNames()
        return free.compactMap { free in
            guard !scope.knowsInSetp(free.name), let use = uses.first(where: { $0.text == free.name && $0.role == .name }) else { return nil }
            let why = scope.laterDefinition(of: free.name, after: model.index)
            let message = "\\setp eval error: NameError: name '\(free.name)' is not defined" + why
            return diagnostic(free.name, at: use, in: model, severity: free.conditional ? .warning : .error, message: message, scope: why.isEmpty ? scope : nil)
        }
    }

    /// The diagnostic at `use`, with a did-you-mean from `suggesting`'s names when given.
    private func diagnostic(_ name: String, at use: ExpressionName, in model: StatementModel, severity: Severity, message: String, scope suggesting: VariableScope?) -> Diagnostic {
        let range = sourceRange(use.range, in: model)
        let suggestion = suggesting.flatMap { Spelling.closest(to: name, in: $0.candidates, limit: 1).first }
        let fixes = suggestion.map { [FixIt(range: range, replacement: $0)] } ?? []
        let hint = suggestion.map { "; did you mean '\($0)'?" } ?? ""
        return Diagnostic(DiagnosticID("analysis", "undefined-variable"), severity, range, message + hint, fixIts: fixes)
    }

    /// Whether `use` is followed by `.`, `(` or `[`: an attribute of it, a call or an index.
    private func isDereferenced(_ use: ExpressionName, in model: StatementModel) -> Bool {
        var index = use.range.upperBound
        while index < model.bytes.count, model.bytes[index] == 0x20 { index += 1 }
        return index < model.bytes.count && [UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: "[")].contains(model.bytes[index])
    }

    /// Whether the template tests the name before it relies on it: `x is defined`,
    /// `x is undefined`, `x | default(...)` (or `d`).
    private func isGuarded(_ use: ExpressionName, in model: StatementModel) -> Bool {
        var index = use.range.upperBound
        func skipSpaces() { while index < model.bytes.count, model.bytes[index] == 0x20 { index += 1 } }
        func word() -> String {
            skipSpaces()
            let start = index
            while index < model.bytes.count, ExpressionName.isIdentifierByte(model.bytes[index]) { index += 1 }
            return String(decoding: model.bytes[start..<index], as: UTF8.self)
        }
        skipSpaces()
        guard index < model.bytes.count else { return false }
        if model.bytes[index] == UInt8(ascii: "|") {
            index += 1
            return ["default", "d"].contains(word())
        }
        guard word() == "is" else { return false }
        var test = word()
        if test == "not" { test = word() }
        return test == "defined" || test == "undefined"
    }
}

/// The variables known at a point of the script, and what else a name can be.
struct VariableScope {
    /// The environment templates compile in: dgenerate's functions and Jinja2's globals.
    static let templates = FunctionCatalogue.compilingEnvironment()
    /// What templates see besides the script's variables.
    static let templateNames: Set<String> = Set(templates.globals.keys).union(PythonBuiltins.names)
        .union(TemplateVariableCatalogue.names).union(["glob", "os", "env"])
    /// What `\setp` sees besides the script's variables.
    static let setpNames: Set<String> = PythonBuiltins.nameSet.union(FunctionCatalogue.names)
        .union(TemplateVariableCatalogue.names).union(["glob", "os"])

    private(set) var defined: Set<String> = []
    /// The statements that define each name, in order.
    private var sites: [String: [(index: Int, line: Int)]] = [:]
    /// Whether the first walk is noting `sites`.
    private var recording = true

    /// Back to the script's start, keeping where each name is defined.
    mutating func startOver() {
        defined = []
        recording = false
    }

    func knowsInTemplates(_ name: String) -> Bool { defined.contains(name) || Self.templateNames.contains(name) }
    func knowsInSetp(_ name: String) -> Bool { defined.contains(name) || Self.setpNames.contains(name) }

    /// Names a did-you-mean may offer.
    var candidates: [String] { Array(defined) + Array(Self.templateNames) }

    /// Adds what `model` defines; false when that is only known at run time (a name written
    /// as a template, plugins that bring their own functions).
    mutating func addDefinitions(of model: StatementModel) -> Bool {
        guard let names = model.definedNames else { return false }
        if recording {
            for name in names { sites[name, default: []].append((model.index, model.statement.reportedLine)) }
        }
        defined.formUnion(names)
        return true
    }

    /// ": it is first defined on line N" when a later statement defines `name`.
    func laterDefinition(of name: String, after index: Int) -> String {
        guard let later = sites[name]?.first(where: { $0.index > index }) else { return "" }
        return " here: it is first defined on line \(later.line)"
    }
}

extension Sequence where Element == UInt8 {
    /// Whether the bytes hold `word` as a whole identifier.
    func containsWord(_ word: String) -> Bool {
        let target = Array(word.utf8), bytes = Array(self)
        guard bytes.count >= target.count else { return false }
        for start in 0...(bytes.count - target.count) where bytes[start..<(start + target.count)].elementsEqual(target) {
            let before = start == 0 || !ExpressionName.isIdentifierByte(bytes[start - 1])
            let after = start + target.count == bytes.count || !ExpressionName.isIdentifierByte(bytes[start + target.count])
            if before && after { return true }
        }
        return false
    }
}
