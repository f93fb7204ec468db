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
}
