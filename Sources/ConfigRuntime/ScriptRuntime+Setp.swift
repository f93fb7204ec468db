import Templating
import PythonExpressions
import ConfigLanguage

/// `\setp`: the value of a Python expression.
extension ScriptRuntime {
    /// Evaluates `expression` with the template variables, template functions and builtins in
    /// scope. Errors read `\setp eval error: ...` with the reference's line folding.
    /// `expression` parsed, from a cache: scripts evaluate the same text again and again in
    /// loops and template blocks.
    func parsedSetp(_ expression: String) throws(PythonSyntaxError) -> [PyStatement] {
        if let cached = setpCache[expression] { return cached }
        let statements = try PythonExpressionParser.parse(expression)
        if setpCache.count >= 1024 { setpCache.removeAll(keepingCapacity: true) }
        setpCache[expression] = statements
        return statements
    }

    public func evaluateSetp(_ expression: String) throws(ScriptError) -> Value {
        // the program's own names first, then the template variables, the template functions
        // and the builtins (looked up, not copied: scripts define thousands of variables)
        let variables = templateVariables, globals = templates.globals
        let builtins = builtinNames, functions = functionNames
        let outer: (String) -> Value? = { name in
            if let value = variables[name] { return value }
            if builtins.contains(name) || functions.contains(name) { return globals[name] }
            return nil
        }
        let failure: (kind: String, message: String, column: Int?, wrappedCall: Bool)
        do {
            let statements = try parsedSetp(expression)
            var evaluator = PythonEvaluator(outer: outer, runtime: TemplateRuntime(environment: templates, context: [:]))
            do {
                return try evaluator.run(statements)
            } catch {
                failure = (error.kind, error.message, error.column, error.wrappedCall)
            }
        } catch {
            failure = (error.kind, error.kind == "SyntaxError" ? error.message + " (<unknown>, line 1)" : error.message, nil, false)
        }
        // the reference's evaluator: the source, a caret line under the failing node when it
        // does not start the line, then the exception
        var text = expression
        if let column = failure.column, column > 0 { text += "\n" + String(repeating: " ", count: column) + "^^^^" }
        text += "\n\(failure.kind): \(failure.message)"
        if failure.kind == "KeyError" {
            // str() of a KeyError is the repr of its argument: the whole text, quoted
            let caret = failure.column.map { $0 > 0 ? "\n" + String(repeating: " ", count: $0) + "^^^^" : "" } ?? ""
            // (the text after `KeyError: ` is the repr of what the evaluator re-raised: its
            // call message, or for a subscript an empty text)
            text = PythonString.repr(expression + caret + "\nKeyError: " + PythonString.repr(failure.wrappedCall ? failure.message : ""))
        }
        let folded = PythonSplitting.strip(text).split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n        ")
        throw ScriptError("\\setp eval error: \(folded)")
    }
}
