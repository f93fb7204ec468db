import ConfigLanguage

#if canImport(Glibc)
import Glibc
#endif

/// Entry point: picks the front end from the first arguments.
let arguments = Array(CommandLine.arguments.dropFirst())
let status: Int32
switch arguments.first {
case "--check":
    status = CheckCommand.run(Array(arguments.dropFirst()))
case "--statements":
    status = StatementsCommand.run(Array(arguments.dropFirst()))
case "--version":
    print("dgenerate v\(ScriptParser.languageVersion.major).\(ScriptParser.languageVersion.minor).\(ScriptParser.languageVersion.patch)")
    status = 0
case "--file":
    guard arguments.count >= 2 else {
        Output.error("dgenerate: error: --file needs a script path")
        status = 2
        break
    }
    status = RunScriptCommand.run(path: arguments[1], arguments: Array(arguments.dropFirst(2)))
case _ where isatty(0) == 0 && !arguments.contains("--file"):
    status = RunScriptCommand.run(path: "-", arguments: arguments)
default:
    Output.error("dgenerate: error: only --file SCRIPT, a script on standard input, --check FILE..., --statements FILE... and --version are implemented so far; invocations with models come with the engine")
    status = 2
}
exit(status)
