import ConfigLanguage
import Testing
import Templating

/// `--check` reports the syntax errors the runtime would stop at, where they are, in the
/// runtime's words (recorded from this runtime, which matches the reference's messages).
@Suite struct SyntaxChecksTests {
    static let cases: [(script: String, expected: String?)] = [
        ("\\print {{ x\n", "t:1:12: error: Template Render Error: unexpected end of template, expected 'end of print statement'."),
        ("{% for x in %}{% endfor %}\n", "t:1:13: error: Template Render Error: Expected an expression, got 'end of statement block'"),
        // the parser reports this one (the runtime halts there); nothing after it is checked
        ("{% for x in [1] %}\n\\print {{ x }\n{% endfor %}\n", "t:2:13: error: Template Syntax Error: unexpected '}'"),
        ("model --prompts \"abc\n", "t:1:17: error: un-terminated string: '\"abc': 'model --prompts \"abc[ERROR HERE>]'"),
        ("\\setp x [1, 2\n", "t:1:9: error: \\setp eval error: SyntaxError: '[' was never closed (<unknown>, line 1)"),
        ("\\print {{ x|nosuchfilter }}\n", "t:1:13: error: Template Render Error: No filter named 'nosuchfilter'."),
        // what runs cleanly is not reported
        ("\\setp y [1, 2]\n", nil),
        ("model --prompts \"a fox\" --seeds 1\n", nil),
        ("\\print {{ quote('a b') }}\n", nil),
        ("{% if x is defined %}{{ x|nosuchfilter }}{% endif %}\n", nil),
    ]

    @Test(arguments: cases)
    func reportsWhatTheRuntimeWouldStopAt(_ script: String, _ expected: String?) {
        let source = SourceText(name: "t", text: script)
        let syntax = ScriptParser.parse(source)
        let diagnostics = (syntax.diagnostics + SyntaxChecks.diagnostics(syntax)).filter { $0.severity == .error }
            .sorted { $0.range.lowerBound < $1.range.lowerBound }
        let first = diagnostics.first.map { DiagnosticRenderer.render($0, in: source).split(separator: "\n").first.map(String.init) ?? "" }
        #expect(first == expected)
        #expect(SyntaxChecks.diagnostics(syntax).count <= 1)
    }
}
