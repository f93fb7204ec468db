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
default:
    Output.error("dgenerate: error: only --check FILE..., --statements FILE... and --version are implemented so far; running scripts and models comes with the runtime and the engine")
    status = 2
}
exit(status)
