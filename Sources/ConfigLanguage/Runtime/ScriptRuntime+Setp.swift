/// `\setp`: the value of a Python expression.
extension ScriptRuntime {
    /// Evaluates `expression` with the template variables, template functions and builtins in
    /// scope. Errors read `\setp eval error: ...` with the reference's line folding.
    func evaluateSetp(_ expression: String) throws(ScriptError) -> Value {
        var names = templateVariables
        for (name, value) in templates.globals where builtinNames.contains(name) || functionNames.contains(name) {
            names[name] = value
        }
        let failure: (kind: String, message: String)
        do {
            let statements = try PythonExpressionParser.parse(expression)
            var evaluator = PythonEvaluator(names: names, runtime: TemplateRuntime(environment: templates, context: [:]))
            do {
                return try evaluator.run(statements)
            } catch {
                failure = (error.kind, error.message)
            }
        } catch {
            failure = ("SyntaxError", error.message + " (<unknown>, line 1)")
        }
        let text = "\(expression)\n\(failure.kind): \(failure.message)"
        let folded = PythonSplitting.strip(text).split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n        ")
        throw ScriptError("\\setp eval error: \(folded)")
    }
}
