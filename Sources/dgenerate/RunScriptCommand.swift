import ConfigLanguage
import Engine
#if canImport(Glibc)
import Glibc
import ConfigRuntime
#endif

/// `dgenerate --file SCRIPT [ARGS...]` and a script on standard input: runs the script, the
/// remaining arguments applied (`--set`, `--setp`) or injected into every invocation line.
enum RunScriptCommand {
    /// Messages go straight to the standard streams, in order.
    final class StandardStreams: ScriptOutput, @unchecked Sendable {
        /// A progress line is shown without its line end (the next one replaces it).
        private var progressLineOpen = false

        func standardOutput(_ text: String) {
            endProgressLine()
            Output.out(text)
        }

        func standardError(_ text: String) {
            endProgressLine()
            Output.errorRaw(text)
        }

        /// What follows an unfinished progress line (a stopped generation's error) starts on a line of its own.
        private func endProgressLine() {
            guard progressLineOpen else { return }
            progressLineOpen = false
            Output.errorRaw("\n")
        }

        /// On a terminal each progress line replaces the last, as the reference's bar does; the
        /// last step's line stays. Elsewhere (a pipe, a log) every line is kept.
        func progress(_ text: String) {
            guard Self.terminal else { return Output.errorRaw(text) }
            let line = text.hasSuffix("\n") ? String(text.dropLast()) : text
            let last = Self.isLastStep(line)
            Output.errorRaw("\r\u{1B}[K" + line + (last ? "\n" : ""))
            progressLineOpen = !last
        }

        private static let terminal = isatty(2) != 0

        /// `Step N/N: ...`: the step count reached its total.
        static func isLastStep(_ line: String) -> Bool {
            guard line.hasPrefix("Step "), let colon = line.firstIndex(of: ":") else { return true }
            let counts = line[line.index(line.startIndex, offsetBy: 5)..<colon].split(separator: "/")
            return counts.count != 2 || counts[0] == counts[1]
        }
    }

    /// One engine for the whole process, so that a script's invocations share a loaded model.
    static let generator = EngineImageGenerator()

    static var host: RuntimeHost {
        var host = RuntimeHost(output: StandardStreams(), environment: ProcessEnvironment(), workingDirectory: ProcessWorkingDirectory(),
                               downloader: CurlWebDownloader())
        host.planOnly = planOnly
        host.shard = shard
        host.generator = generator
        host.modelCaches = generator.caches
        return host
    }

    /// One invocation from the command line's arguments.
    static func invoke(_ arguments: [String]) -> Int32 {
        ScriptEntry.invoke(arguments, host: host)
    }

    /// `--file A B ...` (or `-` for standard input): runs the scripts in one runtime.
    /// `noteIfEmpty`: the script comes from standard input only because it is not a terminal,
    /// and arguments were given; if it is empty, say why nothing ran (the reference says nothing).
    static func run(files: [String], arguments: [String], noteIfEmpty: Bool = false) -> Int32 {
        ScriptEntry.run(files: files, arguments: arguments, host: host) { path in load(path, noteIfEmpty: noteIfEmpty) }
    }

    /// `--shell`: commands from standard input, each ended by an empty line, each run as it
    /// arrives (a driving program waits for the output of one before it sends the next).
    static func runShell(arguments: [String]) -> Int32 {
        var reader = LineReader(descriptor: 0)
        return ScriptEntry.runShell(arguments: arguments, host: host) {
            Output.flush()
            var command = ""
            while let line = reader.next() {
                command += line + "\n"
                if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { return command }
            }
            return command.isEmpty ? nil : command
        }
    }

    private static func load(_ path: String, noteIfEmpty: Bool) -> ScriptEntry.LoadedScript {
        let source: SourceText
        switch ScriptInput.read(path) {
        case .success(let text): source = text
        case .failure(let error): return .failure("dgenerate: error: \(error.pythonMessage)\n")
        }
        if noteIfEmpty && source.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            Output.error("dgenerate: note: standard input is not a terminal, so a config script was read from it; "
                         + "it was empty, so nothing ran (give --no-stdin to run the arguments as one invocation)")
        }
        // the reference cannot read a script that is not UTF-8 and fails (status 1) before
        // running any of it; say where the bad byte is
        if String(validating: source.bytes, as: UTF8.self) == nil,
           let bad = ScriptParser.parse(source).diagnostics.first(where: { $0.id.name == "invalid-utf8" }) {
            return .failure(DiagnosticRenderer.render(bad, in: source))
        }
        return .source(source)
    }
}
