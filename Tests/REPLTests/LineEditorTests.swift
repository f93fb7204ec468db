import Glibc
import Testing
import REPL

/// libedit reads lines through the CEditLine shim (from a pipe here: not a terminal).
struct LineEditorTests {
    @Test func readsLinesUntilEndOfInput() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let text = "first line\nsecond é\n"
        _ = text.withCString { write(fds[1], $0, strlen($0)) }
        close(fds[1])
        let input = try #require(fdopen(fds[0], "r"))
        let sink = try #require(fopen("/dev/null", "w"))
        defer { fclose(input); fclose(sink) }
        let editor = try #require(LineEditor(program: "dgenerate-test", input: input, output: sink, errors: sink))
        editor.prompt = "dgenerate> "
        #expect(editor.prompt == "dgenerate> ")
        #expect(editor.readLine() == "first line")
        #expect(editor.readLine() == "second é")
        #expect(editor.readLine() == nil)
    }
}
