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

    /// `noteIfEmpty`: the script comes from standard input only because it is not a terminal,
    /// and arguments were given; if it is empty, say why nothing ran (the reference says nothing).
    static func run(path: String, arguments: [String], noteIfEmpty: Bool = false) -> Int32 {
        let source: SourceText
        switch ScriptInput.read(path) {
        case .success(let text): source = text
        case .failure(let error):
            Output.error("dgenerate: error: \(error.message)")
            return 1
        }
        if noteIfEmpty && source.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            Output.error("dgenerate: note: standard input is not a terminal, so a config script was read from it; "
                         + "it was empty, so nothing ran (give --no-stdin to run the arguments as one invocation)")
        }
        // the reference cannot read a script that is not UTF-8 and fails (status 1) before
        // running any of it; say where the bad byte is
        if String(validating: source.bytes, as: UTF8.self) == nil,
           let bad = ScriptParser.parse(source).diagnostics.first(where: { $0.id.name == "invalid-utf8" }) {
            Output.errorRaw(DiagnosticRenderer.render(bad, in: source))
            return 1
        }
        return ScriptEntry.run(source, arguments: arguments, host: host)
    }
}
