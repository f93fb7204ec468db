/// The invocations that need no model: `--version`, `--templates-help`, `--directives-help`
/// and `--functions-help`. The runtime answers these itself; anything else goes to the
/// engine's invoker.
extension ScriptRuntime {
    /// The words after `option` up to the next option, or nil when `option` is absent.
    static func optionValues(_ option: String, in arguments: [String]) -> [String]? {
        guard let index = arguments.firstIndex(of: option) else { return nil }
        return Array(arguments[(index + 1)...].prefix { !$0.hasPrefix("-") })
    }

    /// Runs a help invocation; nil when `arguments` is not one.
    func runHelpInvocation(_ arguments: [String]) -> Int32? {
        let templates = Self.optionValues("--templates-help", in: arguments)
        let directives = Self.optionValues("--directives-help", in: arguments)
        let functions = Self.optionValues("--functions-help", in: arguments)
        if templates != nil || directives != nil || functions != nil {
            do throws(ScriptError) {
                // a fresh runner's variables: the reserved ones only
                var fresh: [String: Value] = [:]
                for variable in TemplateVariableCatalogue.all where !TemplateVariableCatalogue.scriptRunOnly.contains(variable.name) {
                    fresh[variable.name] = variable.initial
                }
                if let templates { log(try templateVariablesHelp(templates, variables: fresh, showValues: false)) }
                if let directives { log(try directivesHelp(directives)) }
                if let functions { log(try functionsHelp(functions)) }
            } catch {
                errorMessage("dgenerate: error: " + error.message)
                return 1
            }
            return 0
        }
        if arguments.contains("--version") {
            let version = ScriptParser.languageVersion
            log("dgenerate v\(version.major).\(version.minor).\(version.patch)")
            return 0
        }
        return nil
    }
}
