import Templating
import ConfigLanguage

/// `\import` and `\import_plugins`: modules come from `NativeModules`; there are no Python
/// plugins (docs/spec/divergences.md).
extension ScriptRuntime {
    func installImportDirectives() {
        directives["import"] = Self.importDirective
        directives["import_plugins"] = Self.importPluginsDirective
    }

    static func importDirective(_ runtime: ScriptRuntime, _ arguments: [String]) throws -> Int32 {
        guard !arguments.isEmpty else { throw ScriptError("\\import directive must be used with at least one argument.") }
        if arguments.count == 3 && arguments[1] == "as" {
            let (path, alias) = (arguments[0], arguments[2])
            guard PythonSplitting.isIdentifier(alias) else { throw ScriptError("Invalid identifier \"\(alias)\" in import statement.") }
            try runtime.checkDefinable(alias)
            guard let module = NativeModules.module(path, runtime: runtime) else { throw missingModule(path, path) }
            runtime.setVariable(alias, .object(module))
            return 0
        }
        guard arguments.count == 1 else {
            throw ScriptError("Invalid import syntax. Use \"\\import module\" or \"\\import module as alias\".")
        }
        let path = arguments[0]
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.allSatisfy(PythonSplitting.isIdentifier) else { throw ScriptError("Invalid module name component in \"\(path)\".") }
        let base = parts[0]
        if base != "os" { try runtime.checkDefinable(base) }
        guard let module = NativeModules.module(base, runtime: runtime) else { throw missingModule(path, base) }
        if parts.count > 1 && NativeModules.module(path, runtime: runtime) == nil { throw missingModule(path, path) }
        runtime.setVariable(base, .object(module))
        return 0
    }

    private static func missingModule(_ path: String, _ missing: String) -> ScriptError {
        ScriptError("Failed to import module \"\(path)\": No module named '\(missing)'")
    }

    static func importPluginsDirective(_ runtime: ScriptRuntime, _ arguments: [String]) throws -> Int32 {
        guard let first = arguments.first else { throw ScriptError("\\import_plugins must be used with at least one argument.") }
        if first.hasPrefix(".") || first.contains("/") {
            throw ScriptError("the 'package' argument is required to perform a relative import for \(PythonString.repr(first))")
        }
        throw ScriptError("No module named \(PythonString.repr(first))")
    }
}
