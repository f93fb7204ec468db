import Templating
import ConfigLanguage

/// Directive dispatch and the directives the reference builds into its line handler: `\env`,
/// `\unset_env`, `\setp`, `\sete`, `\set`, `\unset`, `\print`, `\echo`. Which of them a line
/// runs is decided by `DirectiveCatalogue.prefixMatch` alone (so `\printx hi` runs `\print`).
extension ScriptRuntime {
    typealias BuiltinDirective = @Sendable (ScriptRuntime, String) throws(ScriptError) -> Void

    /// The handlers of the prefix-dispatched directives, by their catalogue names (a test checks
    /// that the two lists are the same).
    static let builtinDirectives: [String: BuiltinDirective] = [
        "\\env": { (runtime, line) throws(ScriptError) in try runtime.envDirective(line) },
        "\\unset_env": { (runtime, line) throws(ScriptError) in try runtime.unsetEnvDirective(line) },
        "\\setp": { (runtime, line) throws(ScriptError) in try runtime.setDirective(line, "setp", syntax: "\\setp name value") },
        "\\sete": { (runtime, line) throws(ScriptError) in try runtime.setDirective(line, "sete", syntax: "\\sete name args...") },
        "\\set": { (runtime, line) throws(ScriptError) in try runtime.setDirective(line, "set", syntax: "\\set name value") },
        "\\unset": { (runtime, line) throws(ScriptError) in try runtime.unsetDirective(line) },
        "\\print": { (runtime, line) throws(ScriptError) in try runtime.printDirective(line) },
        "\\echo": { (runtime, line) throws(ScriptError) in try runtime.echoDirective(line) },
    ]

    /// The names of the prefix-dispatched directives that have a handler.
    public static var builtinDirectiveNames: Set<String> { Set(builtinDirectives.keys) }

    func runDirective(_ line: String) throws(ScriptError) {
        if let name = DirectiveCatalogue.prefixMatch(line), let handler = Self.builtinDirectives[name] {
            return try handler(self, line)
        }
        try customDirective(line)
    }

    /// `\set`, `\sete`, `\setp`: a name (possibly a template) and the rest of the line.
    func setDirective(_ line: String, _ kind: String, syntax: String) throws(ScriptError) {
        let arguments = PythonSplitting.split(line, maxSplit: 2)
        guard arguments.count == 3 else {
            throw ScriptError("\\\(kind) directive received less than 2 arguments, syntax is: \(syntax)")
        }
        let (nameText, valueText) = Self.splitNameAndValue(arguments, line)
        let name = expandVariables(try renderTemplate(nameText))
        let value: Value
        switch kind {
        case "setp":
            value = try evaluateSetp(expandVariables(try renderTemplate(valueText)))
        case "sete":
            value = .list(try shellParse(try renderTemplate(valueText)).map { .string($0) })
        default:
            value = .string(expandVariables(try renderTemplate(valueText)))
        }
        try userDefine(name, value)
    }

    /// The reference's `_set_split`: a name written as `{{ ... }}` extends to its matching
    /// `}}`, so it may contain spaces.
    static func splitNameAndValue(_ arguments: [String], _ line: String) -> (String, String) {
        guard arguments[1].hasPrefix("{{") else { return (arguments[1], arguments[2]) }
        let rest = PythonSplitting.split(line, maxSplit: 1)[1]
        var depth = 0
        var name = ""
        var value = ""
        var inName = true
        for character in rest {
            if inName {
                name.append(character)
                if character == "{" { depth += 1 } else if character == "}" { depth -= 1 }
                if depth == 0 && name.hasSuffix("}}") { inName = false }
            } else {
                value.append(character)
            }
        }
        return (PythonSplitting.strip(name), PythonSplitting.strip(value))
    }

    func unsetDirective(_ line: String) throws(ScriptError) {
        let arguments = PythonSplitting.split(line, maxSplit: 1)
        if arguments.count == 2 {
            try userUndefine(expandVariables(try renderTemplate(arguments[1])))
        } else if line != "\\unset" {
            throw ScriptError("Unknown directive \"\(line)\".")
        } else {
            throw ScriptError("\\unset directive received less than 1 arguments, syntax is: \\unset name")
        }
    }

    func printDirective(_ line: String) throws(ScriptError) {
        guard let text = try argumentText(line, of: "\\print") else { return log("") }
        log(expandVariables(try renderTemplate(text)))
    }

    func echoDirective(_ line: String) throws(ScriptError) {
        guard let text = try argumentText(line, of: "\\echo") else { return log("") }
        log(try shellParse(try renderTemplate(text)))
    }

    /// The text after a built-in directive's name; nil for the bare name. A longer name with no
    /// arguments (`\printx`) is unknown, as in the reference.
    private func argumentText(_ line: String, of name: String) throws(ScriptError) -> String? {
        let arguments = PythonSplitting.split(line, maxSplit: 1)
        if arguments.count == 2 { return arguments[1] }
        guard line == name else { throw ScriptError("Unknown directive \"\(line)\".") }
        return nil
    }

    func envDirective(_ line: String) throws(ScriptError) {
        let arguments = PythonSplitting.split(line, maxSplit: 1)
        if arguments.count == 2 {
            for option in PythonSplitting.split(try renderTemplate(arguments[1])) {
                let assignment = option.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let value = assignment.count > 1 ? expandVariables(try renderTemplate(assignment[1])) : ""
                guard host.environment.set(assignment[0], value) else {
                    if PythonSplitting.strip(assignment[0]).isEmpty {
                        throw ScriptError("Environmental variable name expanded to nothing!")
                    }
                    throw ScriptError("Illegal environmental variable name value: \(assignment[0])")
                }
            }
        } else if line != "\\env" {
            throw ScriptError("Unknown directive \"\(line)\".")
        } else {
            for (name, value) in host.environment.all { log("\\env \"\(name)=\(value)\"") }
        }
    }

    func unsetEnvDirective(_ line: String) throws(ScriptError) {
        let arguments = PythonSplitting.split(line, maxSplit: 1)
        if arguments.count == 2 {
            let names = try shellParse(try renderTemplate(PythonSplitting.strip(arguments[1])), expandHome: false, expandGlob: false)
            for name in names { host.environment.unset(name) }
        } else if line != "\\unset_env" {
            throw ScriptError("Unknown directive \"\(line)\".")
        } else {
            throw ScriptError("\\unset_env was provided no arguments.")
        }
    }

    /// Any other `\name`: looked up among the registered directives; its arguments are
    /// rendered and shell-parsed.
    private func customDirective(_ line: String) throws(ScriptError) {
        let arguments = PythonSplitting.split(line, maxSplit: 1)
        var name = arguments[0]
        while name.hasPrefix("\\") { name.removeFirst() }
        guard let handler = directives[name] else {
            throw ScriptError("Unknown directive \"\\\(name)\".")
        }
        let words = arguments.count > 1 ? try shellParse(try renderTemplate(arguments[1])) : []
        let status: Int32
        do {
            status = try handler(self, words)
        } catch let error as ScriptError {
            throw error
        } catch {
            throw ScriptError("\(error)")
        }
        if status != 0 {
            throw ScriptError("Directive \"\(name)\" error return code: \(status)")
        }
    }

    /// An invocation line: rendered, shell-parsed, the injected arguments appended, and handed
    /// to the invoker.
    func runInvocation(_ line: String) throws(ScriptError) {
        let rendered = try renderTemplate(line)
        var words = try shellParse(rendered)
        for argument in injectedArguments {
            let trimmed = PythonSplitting.strip(argument)
            guard !trimmed.isEmpty else { continue }
            if let first = try shellParse(trimmed, expandHome: false, expandVariables: false, expandGlob: false).first {
                words.append(first)
            }
        }
        let injected = injectedArguments.joined(separator: " ")
        let commandLine = injected.isEmpty ? rendered : rendered + " " + injected
        let width = Messages.wrapWidth(host.environment)
        log(["Processing Arguments:\n\n" + TextWrap.fill(commandLine, width: width) + "\n"], underline: true)
        let status = try invoke(words, commandLine: commandLine)
        if status != 0 {
            throw ScriptError("Invocation error return code: \(status)")
        }
    }

    /// Runs one invocation's words: the help invocations, the argument checks, then the
    /// invoker; returns the exit status.
    func invoke(_ words: [String], commandLine: String) throws(ScriptError) -> Int32 {
        if let help = runHelpInvocation(words) { return help }
        let parsed: CommandLineParser.Parsed
        switch checkArguments(words) {
        case .success(let result): parsed = result
        case .failure(let status): return status.code
        }
        if host.planOnly { return printPlan(parsed) }
        if let invoker { return try invoker(commandLine, words) }
        return runSteps(parsed, host.generator ?? NoEngine())
    }

    /// A plain command's invocation; errors are the exit status.
    func invoke(_ words: [String]) -> Int32 {
        do {
            return try invoke(words, commandLine: words.joined(separator: " "))
        } catch {
            errorMessage("dgenerate: error: " + error.message)
            return 1
        }
    }

    /// `#! dgenerate X.Y.Z`: warns when the script wants another major version or a newer
    /// minor one.
    func checkVersion(_ text: String, lineIndex: Int) {
        guard let version = ScriptParser.versionPragma(Array(text.utf8)) else { return }
        let current = ScriptParser.languageVersion
        let running = "\(current.major).\(current.minor).\(current.patch)"
        if version.major != current.major {
            warning("Failed version check (major version mismatch) on line \(lineIndex), running an incompatible version of dgenerate! You are running version \(running) and the config file specifies the required version: \(version.text)", underline: true)
        } else if current.minor < version.minor {
            warning("Failed version check (current minor version less than requested) on line \(lineIndex), running an incompatible version of dgenerate! You are running version \(running) and the config file specifies the required version: \(version.text)", underline: true)
        }
    }
}
