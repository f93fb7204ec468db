import CEditLine

#if canImport(Glibc)
import Glibc
#endif

/// Line input through libedit: prompt, editing and history on a terminal, plain line reading
/// otherwise. Not thread-safe; one editor per prompt.
public final class LineEditor {
    private let editor: OpaquePointer

    /// - Parameters:
    ///   - program: the name libedit reads settings for in `~/.editrc`.
    ///   - input: the stream lines are read from.
    ///   - output: where the prompt and echo go.
    ///   - errors: where libedit reports problems.
    public init?(program: String, input: UnsafeMutablePointer<FILE>, output: UnsafeMutablePointer<FILE>,
                 errors: UnsafeMutablePointer<FILE>) {
        guard let editor = cedit_open(program, input, output, errors) else { return nil }
        self.editor = editor
    }

    deinit { cedit_close(editor) }

    /// The prompt shown before each line.
    public var prompt: String {
        get { String(cString: cedit_prompt(editor)) }
        set { _ = cedit_set_prompt(editor, newValue) }
    }

    /// Reads one line, without its newline; nil at end of input.
    public func readLine() -> String? {
        var count: Int32 = 0
        guard let line = cedit_gets(editor, &count), count > 0 else { return nil }
        var text = String(cString: line)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// Reads one line; `.interrupted` when a signal (Ctrl-C) ended the read.
    public func read() -> LineInput {
        var count: Int32 = 0
        errno = 0
        guard let line = cedit_gets(editor, &count), count > 0 else { return count < 0 && errno == EINTR ? .interrupted : .end }
        var text = String(cString: line)
        if text.hasSuffix("\n") { text.removeLast() }
        return .line(text)
    }

    /// Tab completion: `complete` gets the text before the cursor and answers what to insert
    /// and, when there is a choice, the candidates to list.
    public func setCompletion(_ complete: @escaping (String) -> (insert: String, candidates: [String])) {
        completion = CompletionBox(complete)
        cedit_set_completer(editor, { context, before in
            guard let context, let before else { return nil }
            let box = Unmanaged<CompletionBox>.fromOpaque(context).takeUnretainedValue()
            let answer = box.complete(String(cString: before))
            guard !answer.insert.isEmpty || !answer.candidates.isEmpty else { return nil }
            let text = answer.insert + (answer.candidates.isEmpty ? "" : "\n" + answer.candidates.joined(separator: "\n"))
            return strdup(text)
        }, Unmanaged.passUnretained(completion!).toOpaque())
    }

    private var completion: CompletionBox?

    /// Keeps up to `size` history entries.
    public func setHistorySize(_ size: Int) { cedit_history_size(editor, Int32(clamping: size)) }
    /// Adds an entry to the history.
    public func addHistory(_ line: String) { cedit_history_add(editor, line) }
    /// Loads the history from `path`; false when it cannot be read.
    @discardableResult public func loadHistory(_ path: String) -> Bool { cedit_history_load(editor, path) == 0 }
    /// Saves the history to `path`; false when it cannot be written.
    @discardableResult public func saveHistory(_ path: String) -> Bool { cedit_history_save(editor, path) == 0 }
}

/// What a read gave.
public enum LineInput: Equatable, Sendable {
    case line(String)
    /// Ctrl-C: the entry being typed is dropped.
    case interrupted
    /// Ctrl-D, or the end of input.
    case end
}

/// The completion closure, kept alive for libedit's callback.
private final class CompletionBox {
    let complete: (String) -> (insert: String, candidates: [String])
    init(_ complete: @escaping (String) -> (insert: String, candidates: [String])) { self.complete = complete }
}

/// Ctrl-C at the prompt: noted instead of ending the process.
public enum Interrupts {
    /// From now on Ctrl-C ends the read it interrupts and is noted.
    public static func catchAtPrompt() { cedit_catch_interrupts() }
    /// Whether Ctrl-C was pressed since the last call.
    public static func take() -> Bool { cedit_take_interrupt() != 0 }
}
