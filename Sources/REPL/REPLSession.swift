import ConfigLanguage
import ScriptAnalysis
import Templating

#if canImport(Glibc)
import Glibc
#endif

/// What the REPL needs of the program: running an entry with the session's state (variables,
/// directory stack, models), printing its output and errors.
public protocol EntryRunner: AnyObject {
    /// Runs one complete entry; nil to go on, or the exit status when it ran `\exit`.
    func run(_ entry: String) -> Int32?
}

/// The interactive prompt: reads entries (`dg> `, then `... ` while one continues), shows
/// their static diagnostics, runs them, and keeps going whatever they do, until Ctrl-D or
/// `\exit`.
public final class REPLSession {
    public static let prompt = "dg> "
    public static let continuation = "... "

    let editor: LineEditor
    let runner: EntryRunner
    let historyPath: String?
    let output: (String) -> Void
    var completion: REPLCompletion

    /// - Parameters:
    ///   - historyPath: where history is kept between sessions (nil: not kept).
    ///   - output: where diagnostics are written.
    public init(editor: LineEditor, runner: EntryRunner, historyPath: String?, files: DirectoryListing?,
                output: @escaping (String) -> Void) {
        self.editor = editor
        self.runner = runner
        self.historyPath = historyPath
        self.output = output
        completion = REPLCompletion(files: files)
    }

    /// Runs until the end of input or `\exit`; returns the exit status.
    public func run() -> Int32 {
        editor.setHistorySize(1000)
        if let historyPath { editor.loadHistory(historyPath) }
        var pending: [String] = []
        editor.setCompletion { [unowned self] line in
            completion.answer((pending + [line]).joined(separator: "\n"))
        }
        defer { if let historyPath { editor.saveHistory(historyPath) } }
        while true {
            editor.prompt = pending.isEmpty ? Self.prompt : Self.continuation
            switch editor.read() {
            case .end:
                output("\n")
                return 0
            case .interrupted:
                // Ctrl-C drops the entry being typed
                output("^C\n")
                pending = []
            case .line(let line):
                pending.append(line)
                let entry = pending.joined(separator: "\n")
                switch EntryReader.state(entry) {
                case .complete: break
                case .continued: continue
                case .openQuote:
                    // a quote open at the end of a line goes on on the next, as a continuation
                    pending[pending.count - 1] += " \\"
                    continue
                }
                pending = []
                guard !entry.allSatisfy({ $0 == " " || $0 == "\t" }) else { continue }
                editor.addHistory(entry)
                if let historyPath { editor.saveHistory(historyPath) }
                if let status = runEntry(entry) { return status }
            }
        }
    }

    /// Shows what the analysis finds in `entry`, runs it, and remembers its definitions.
    func runEntry(_ entry: String) -> Int32? {
        // checked after the session's earlier definitions, shown in the entry's own lines
        let prelude = completion.prelude.utf8.count
        let source = SourceText(name: "<entry>", text: entry)
        for diagnostic in ScriptAnalysis(text: completion.prelude + entry).diagnostics()
        where diagnostic.severity == .warning && diagnostic.range.lowerBound >= prelude {
            let range = SourceRange(diagnostic.range.lowerBound - prelude, diagnostic.range.upperBound - prelude)
            output(DiagnosticRenderer.render(Diagnostic(diagnostic.id, diagnostic.severity, range, diagnostic.message), in: source))
        }
        let status = runner.run(entry)
        completion.remember(entry)
        return status
    }
}
