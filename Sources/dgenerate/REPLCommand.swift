import ConfigLanguage
import ConfigRuntime
import Foundation
import LanguageServer
import REPL
import ScriptAnalysis
import Templating

#if canImport(Glibc)
import Glibc
#endif

/// `dgenerate` on a terminal with no arguments, or `dgenerate --repl`: the interactive prompt.
/// Entries run in one runtime, so variables, the directory stack and loaded models carry on
/// from one to the next; an error is shown with its place and the session goes on.
enum REPLCommand {
    /// Runs entries through one script runtime.
    final class Runner: EntryRunner {
        let runtime: ScriptRuntime
        let host: RuntimeHost

        init(host: RuntimeHost) {
            self.host = host
            runtime = ScriptRuntime(host: host)
        }

        func run(_ entry: String) -> Int32? {
            // a Ctrl-C pressed while typing is not meant for this entry's generation
            _ = Interrupts.take()
            let source = SourceText(name: "<entry>", text: entry)
            do {
                // each entry counts its own lines
                try runtime.run(source, lineCounterStart: 0)
            } catch {
                if let status = ScriptEntry.report(error, to: host) { return status }
                // and where: the message's last line under a caret
                if case .error(let failure) = error, let range = failure.range {
                    let message = PythonSplitting.strip(String(failure.message.split(separator: "\n").last ?? ""))
                    host.output.standardError(DiagnosticRenderer.render(Diagnostic(DiagnosticID("runtime", "error"), .error, range, message), in: source))
                }
            }
            Output.flush()
            return nil
        }
    }

    /// The history file: `$DGENERATE_HISTORY`, else `~/.dgenerate_history`.
    static var historyPath: String? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["DGENERATE_HISTORY"] { return path.isEmpty ? nil : path }
        return environment["HOME"].map { $0 + "/.dgenerate_history" }
    }

    static func run(host: RuntimeHost) -> Int32 {
        var host = host
        // Ctrl-C during a generation stops it between steps; the session goes on
        host.interruptRequested = { Interrupts.take() }
        // libedit reads and writes the terminal through its own streams on the standard descriptors
        guard let input = fdopen(0, "r"), let output = fdopen(1, "w"), let errors = fdopen(2, "w"),
              let editor = LineEditor(program: "dgenerate", input: input, output: output, errors: errors) else {
            Output.error("dgenerate: error: the terminal cannot be used for editing")
            return 1
        }
        Interrupts.catchAtPrompt()
        let session = REPLSession(editor: editor, runner: Runner(host: host), historyPath: historyPath,
                                  files: WorkingFolderListing(),
                                  output: { Output.errorRaw($0) })
        return session.run()
    }
}

/// The folders relative to the process's working directory as it is at each Tab (`\cd` moves it).
struct WorkingFolderListing: DirectoryListing {
    func entries(of folder: String) -> [DirectoryEntry] {
        FolderListing(base: FileManager.default.currentDirectoryPath).entries(of: folder)
    }
}
