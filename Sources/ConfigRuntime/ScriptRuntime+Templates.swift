import Foundation
import Templating
import ConfigLanguage

/// Template rendering, variable expansion and the rules for defining template variables.
extension ScriptRuntime {
    /// The reserved variables with their initial values.
    func installTemplateVariables() {
        for variable in TemplateVariableCatalogue.all {
            setVariable(variable.name, variable.initial)
        }
        setVariable("last_seeds", .list([.int(Int.random(in: 0..<(1 << 47)))]))
        setVariable("injected_args", .list(injectedArguments.map { .string($0) }))
        let device = Self.optionValues("--device", in: injectedArguments)?.first ?? Self.optionValues("-d", in: injectedArguments)?.first
        setVariable("injected_device", device.map { .string($0) } ?? Value.none)
        setVariable("injected_verbose", .bool(injectedArguments.contains("-v") || injectedArguments.contains("--verbose")))
        setVariable("injected_plugin_modules", .list((Self.optionValues("--plugin-modules", in: injectedArguments) ?? []).map { .string($0) }))
        setVariable("glob", .object(GlobModule(runtime: self)))
        setVariable("os", .object(OSModule(runtime: self)))
        reservedVariables = Set(templateVariables.keys)
        templates.globals["env"] = .object(EnvironmentNamespace(environment: host.environment))
    }

    /// Renders `text` with the template variables. Errors read `Template Render Error: ...`.
    func renderTemplate(_ text: String) throws(ScriptError) -> String {
        do {
            return try templates.render(text, symbols: symbolVariables)
        } catch {
            var failure = ScriptError("Template Render Error: " + PythonSplitting.strip(error.message))
            // where: the rendered piece of the statement, or the place inside it a syntax error names
            if let origin = Self.offset(of: text, in: executingText) {
                let inner = error.range.map { $0.lowerBound..<max($0.lowerBound + 1, $0.upperBound) } ?? 0..<text.utf8.count
                failure.logicalRange = (origin + inner.lowerBound)..<(origin + min(inner.upperBound, text.utf8.count))
            }
            throw failure
        }
    }

    /// The UTF-8 offset of `piece` in `line`: at its end when it ends the line (a directive's
    /// rest of line), else its first occurrence.
    static func offset(of piece: String, in line: String) -> Int? {
        let pieceBytes = Array(piece.utf8), lineBytes = Array(line.utf8)
        guard !pieceBytes.isEmpty, pieceBytes.count <= lineBytes.count else { return nil }
        if lineBytes.suffix(pieceBytes.count).elementsEqual(pieceBytes) { return lineBytes.count - pieceBytes.count }
        for start in 0...(lineBytes.count - pieceBytes.count) where lineBytes[start..<start + pieceBytes.count].elementsEqual(pieceBytes) {
            return start
        }
        return nil
    }

    /// `$NAME`, `${NAME}` and `%NAME%` from the environment.
    func expandVariables(_ text: String) -> String {
        VariableExpansion.expand(text) { [host] in host.environment.value($0) }
    }

    /// A shell-word parser on the runtime's environment, working directory and file system.
    func shellWords() -> ShellWords {
        ShellWords(environment: { [host] in host.environment.value($0) }, workingDirectory: host.workingDirectory.path,
                   files: host.files, accounts: SystemAccounts.lookup)
    }

    /// Shell words with the runtime's environment and working directory.
    func shellParse(_ text: String, expandHome: Bool = true, expandVariables: Bool = true, expandGlob: Bool = true,
                    globHidden: Bool = false, globRecursive: Bool = false) throws(ScriptError) -> [String] {
        var words = shellWords()
        words.expandHome = expandHome
        words.expandVariables = expandVariables
        words.expandGlob = expandGlob
        words.globHidden = globHidden
        words.globRecursive = globRecursive
        do {
            return try words.parse(text)
        } catch {
            throw ScriptError(error.message)
        }
    }

    /// Why `name` cannot be defined or un-defined by a script, or nil when it can.
    private func definitionProblem(_ name: String, _ verb: String) -> String? {
        let prefix = "Cannot \(verb) template variable \"\(name)\" on line \(currentLine), "
        if !PythonSplitting.isIdentifier(name) {
            return prefix + "invalid identifier/name token, must be a valid python variable name / identifier."
        }
        if name == "env" {
            return prefix + "as that name refers to the special namespace used to access environmental variables."
        }
        if functionNames.contains(name) { return prefix + "as that name is taken by a template function." }
        if reservedVariables.contains(name) { return prefix + "as that name is a reserved variable name." }
        if builtinNames.contains(name) { return prefix + "as that name is the name of a builtin function." }
        return nil
    }

    /// Throws the reference's error when a script may not define `name`.
    public func checkDefinable(_ name: String) throws(ScriptError) {
        if let problem = definitionProblem(name, "define") { throw ScriptError(problem) }
    }

    /// Defines a template variable as `\set` does.
    public func userDefine(_ name: String, _ value: Value) throws(ScriptError) {
        if let problem = definitionProblem(name, "define") { throw ScriptError(problem) }
        setVariable(name, value)
    }

    /// Removes a template variable as `\unset` does.
    public func userUndefine(_ name: String) throws(ScriptError) {
        if let problem = definitionProblem(name, "un-define") { throw ScriptError(problem) }
        guard removeVariable(name) else {
            throw ScriptError("Cannot un-define template variable \"\(name)\" on line \(currentLine), variable does not exist.")
        }
    }
}

/// `env` in templates: any attribute is the environment variable of that name, '' when unset.
final class EnvironmentNamespace: TemplateObject, @unchecked Sendable {
    let environment: EnvironmentStore
    init(environment: EnvironmentStore) { self.environment = environment }
    var typeName: String { "_EnvNamespace" }
    var printed: String { "<dgenerate.batchprocess.batchprocessor._EnvNamespace object>" }
    func attribute(_ name: String) -> Value? { .string(environment.value(name) ?? "") }
}
