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

    /// One engine for the whole process, so that a script's invocations share a loaded model.
    static let generator = EngineImageGenerator()

    static var host: RuntimeHost {
        var host = RuntimeHost(output: StandardStreams(), environment: ProcessEnvironment(), workingDirectory: ProcessWorkingDirectory(),
                               downloader: CurlWebDownloader())
        host.planOnly = planOnly
        host.generator = generator
        return host
    }

    /// One invocation from the command line's arguments.
    static func invoke(_ arguments: [String]) -> Int32 {
        ScriptEntry.invoke(arguments, host: host)
    }

    static func run(path: String, arguments: [String]) -> Int32 {
        let source: SourceText
        switch ScriptInput.read(path) {
        case .success(let text): source = text
        case .failure(let error):
            Output.error("dgenerate: error: \(error.message)")
            return 1
        }
        return ScriptEntry.run(source, arguments: arguments, host: host)
    }
}
