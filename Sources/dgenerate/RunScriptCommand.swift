import ConfigLanguage
import Engine

/// `dgenerate --file SCRIPT [ARGS...]` and a script on standard input: runs the script, the
/// remaining arguments applied (`--set`, `--setp`) or injected into every invocation line.
enum RunScriptCommand {
    /// Messages go straight to the standard streams, in order.
    final class StandardStreams: ScriptOutput, @unchecked Sendable {
        func standardOutput(_ text: String) { Output.out(text) }
        func standardError(_ text: String) { Output.errorRaw(text) }
    }

    static func run(path: String, arguments: [String]) -> Int32 {
        let source: SourceText
        switch ScriptInput.read(path) {
        case .success(let text): source = text
        case .failure(let error):
            Output.error("dgenerate: error: \(error.message)")
            return 1
        }
        let host = RuntimeHost(output: StandardStreams(), environment: ProcessEnvironment(), workingDirectory: ProcessWorkingDirectory(),
                               downloader: CurlWebDownloader())
        return ScriptEntry.run(source, arguments: arguments, host: host)
    }
}
