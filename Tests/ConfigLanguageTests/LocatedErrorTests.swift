import ConfigLanguage
import ConfigRuntime
import Foundation
import Templating
import Testing

/// Runtime errors come back with the line and column they happened at, while their printed
/// text stays the reference's.
@Suite struct LocatedErrorTests {
    /// Runs `text` and returns the error it stops with, with its location.
    static func failure(_ text: String) throws -> (message: String, line: Int, column: Int) {
        let source = SourceText(name: "t.dgen", text: text)
        let runtime = ScriptRuntime(host: RuntimeHost(output: SetpTableTests.Discard(), environment: MemoryEnvironment(),
                                                      workingDirectory: VirtualWorkingDirectory("/")))
        do throws(ScriptStop) {
            try runtime.run(source)
        } catch {
            guard case .error(let error) = error, let location = error.location(in: source) else {
                Issue.record("no located error: \(error)")
                return ("", 0, 0)
            }
            return (error.message, location.line, location.column)
        }
        Issue.record("the script ran without an error")
        return ("", 0, 0)
    }

    @Test(arguments: [
        // a render error in a directive's argument: at the argument
        ("\\print ok\n\\print {{ no_such_function() }}\n", 2, 8, "Error on line 2:\n    Template Render Error: 'no_such_function' is undefined"),
        // a template syntax error: at the token the parser stopped at
        ("\\set x 1\n\\set y {{ x + }}\n", 2, 15, nil),
        // one the lexer places: there
        ("\\print {{ 'abc }}\n", 1, 11, nil),
        // the value of \set, after a name equal to it
        ("\\set a a{{ a.b.c }}\n", 1, 8, nil),
    ] as [(String, Int, Int, String?)])
    func directiveArgumentErrorsAreLocated(_ script: String, _ line: Int, _ column: Int, _ message: String?) throws {
        let found = try Self.failure(script)
        #expect(found.line == line && found.column == column, "\(script): \(found)")
        if let message { #expect(found.message == message) }
    }

    @Test func aRenderErrorInsideATemplateBlockIsAtItsLine() throws {
        let script = "\\print before\n{% for i in [1, 2] %}\n\\print {{ i }}\n  {{ i.no_such() }}\n{% endfor %}\n"
        let found = try Self.failure(script)
        #expect(found.line == 4 && found.column == 3, "\(found)")
        // the printed text is the reference's, as the conformance corpus records it
        #expect(found.message.hasPrefix("Error inside template continuation from line 2 to line 5:"))
    }

    @Test func anErrorFromARenderedLineIsAtTheBlock() throws {
        let script = "\\print before\n\n{% if true %}\n\\unknown_directive\n{% endif %}\n"
        let found = try Self.failure(script)
        #expect(found.line == 3 && found.column == 1, "\(found)")
    }
}
