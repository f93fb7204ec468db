import ConfigLanguage
import Engine
import LanguageServer

#if canImport(Glibc)
import Glibc
import ConfigRuntime
#endif

/// Entry point: this project's own tools by their first argument; otherwise the command line
/// as dgenerate reads it: scripts from `--file`, a script on standard input (when it is not a
/// terminal, or with `--shell`), else one invocation from the arguments.
// `--plan` (this project's own) may stand anywhere: invocations then print their plan
Output.flushOnFatalSignals()
Output.exitOnInterrupt()
let planOnly = CommandLine.arguments.dropFirst().contains("--plan")
var arguments = Array(CommandLine.arguments.dropFirst()).filter { $0 != "--plan" }
// `--shard K/N` (this project's own) may stand anywhere: the run makes only its share of the steps
let shardWord: String? = arguments.firstIndex(of: "--shard").map { position in
    defer { arguments.removeSubrange(position..<min(position + 2, arguments.count)) }
    return position + 1 < arguments.count ? arguments[position + 1] : ""
}
let shard: Shard? = shardWord.flatMap(Shard.init)
let shardError: String? = shardWord != nil && shard == nil
    ? "dgenerate: error: --shard takes K/N, the shard's number and the number of shards (1 <= K <= N), not \"\(shardWord ?? "")\"" : nil
// running scripts may name CUDA devices: libtorch counts them (loaded only when a device is
// checked or a model runs); the editor tools (`--check`, `--lsp`) never load libtorch and ask
// the NVIDIA driver instead
if ["--check", "--statements", "--lsp"].contains(arguments.first ?? "") {
    OptionRegistries.cudaDeviceCounter = { NVIDIADriver.gpuCount() }
} else {
    OptionRegistries.cudaDeviceCounter = { NativeLibraries.cudaDeviceCount() }
}
let status: Int32
switch shardError != nil ? "--shard-error" : arguments.first {
case "--shard-error":
    Output.error(shardError ?? "")
    status = 1
case "--check":
    status = CheckCommand.run(Array(arguments.dropFirst()))
case "--statements":
    status = StatementsCommand.run(Array(arguments.dropFirst()))
case "--lsp":
    // `--lsp --stdio` as editors write it: standard input and output are the only transport
    status = StdioTransport.run()
case "--repl":
    status = REPLCommand.run(host: RunScriptCommand.host)
default:
    let meta = ScriptEntry.MetaArguments(arguments)
    if let error = meta.error {
        Output.out(error + "\n")
        status = 1
    } else if !meta.files.isEmpty {
        status = RunScriptCommand.run(files: meta.files, arguments: arguments)
    } else if arguments.isEmpty && isatty(0) != 0 && isatty(1) != 0 {
        // no arguments on a terminal: the interactive prompt (the reference prints its usage
        // and fails: divergence C10)
        status = REPLCommand.run(host: RunScriptCommand.host)
    } else if meta.shell && !meta.noStandardInput && !meta.injected.contains(where: { ["--version", "-h", "--help"].contains($0) }) {
        status = RunScriptCommand.runShell(arguments: arguments)
    } else if isatty(0) == 0 && !meta.noStandardInput
                && !meta.injected.contains(where: { ["--version", "-h", "--help"].contains($0) }) {
        // --version and --help are answered without reading a script (the reference prints
        // them, then fails reading standard input)
        let givenArguments = !meta.injected.isEmpty || !meta.assignments.isEmpty
        status = RunScriptCommand.run(files: ["-"], arguments: arguments, noteIfEmpty: givenArguments)
    } else {
        status = RunScriptCommand.invoke(arguments)
    }
}
Output.flush()
exit(status)
