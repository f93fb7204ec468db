import Templating
import ConfigLanguage

/// `\exit` and `\gen_seeds`, and the table of registered directives.
extension ScriptRuntime {
    func installDirectives() {
        installDirectoryDirectives()
        installFileDirectives()
        installHelpDirectives()
        installHelpAliasDirectives()
        installModelCacheDirectives()
        installImportDirectives()
        installDownload()
        installToolDirectives()
        directives["exec"] = Self.refusingNulBytes(Self.execDirective)
        directives["exit"] = Self.exitDirective
        directives["gen_seeds"] = Self.genSeedsDirective
    }

    static func exitDirective(_ runtime: ScriptRuntime, _ arguments: [String]) throws(ScriptError) -> Int32 {
        guard let first = arguments.first else { throw ScriptError.exit(0) }
        guard let code = Int(PythonSplitting.strip(first)) else {
            throw ScriptError("\\exit return code must be an integer value, received: \(first)")
        }
        throw ScriptError.exit(Int32(truncatingIfNeeded: code))
    }

    static func genSeedsDirective(_ runtime: ScriptRuntime, _ arguments: [String]) throws(ScriptError) -> Int32 {
        guard arguments.count == 2 else {
            throw ScriptError("\\gen_seeds directive takes 2 arguments, template variable name (to store value at), and number of seeds to generate.")
        }
        let name = arguments[0]
        guard PythonSplitting.isIdentifier(name) else {
            throw ScriptError("Cannot generate seeds into \"\(name)\" on line \(runtime.currentLine), invalid identifier/name token, must be a valid python variable name / identifier.")
        }
        guard let count = Int(PythonSplitting.strip(arguments[1])) else {
            throw ScriptError("The second argument of \\gen_seeds must be an integer value.")
        }
        runtime.setVariable(name, .list(generateSeeds(count).map { .string(String($0)) }))
        return 0
    }
}
