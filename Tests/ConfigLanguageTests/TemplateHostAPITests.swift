import Testing
import ConfigLanguage
import Templating

/// What the dgenerate runtime needs from the template engine: its own functions as globals and
/// filters, variables, and output as it is produced.
struct TemplateHostAPITests {
    @Test func registeredFunctionsAreGlobalsAndFilters() throws {
        let environment = TemplateEnvironment()
        environment.registerFunction("quote", takesArguments: true) { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            let bound = try arguments.bind("quote", ["text", "double"], [nil, .bool(false)])
            let mark = bound[1].isTruthy ? "\"" : "'"
            return .string(mark + bound[0].printed + mark)
        }
        environment.registerFunction("cwd", takesArguments: false) { (_: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            .string("/work")
        }
        let output = try environment.render(
            "{{ quote('a') }} {{ 'b'|quote }} {{ 'c'|quote(double=true) }} {{ cwd() }} {{ x }}", context: ["x": .int(7)])
        #expect(output == "'a' 'b' \"c\" /work 7")
        // a function without parameters is no filter, as in the reference
        #expect(throws: TemplateError.self) { try environment.render("{{ 1|cwd }}") }
    }

    /// Pieces as Jinja2's `Template.generate()` yields them; recorded with Jinja2 3.1.6:
    /// `python3 -c "import jinja2; print(list(jinja2.Environment().from_string(SOURCE).generate()))"`
    @Test func outputIsStreamedPieceByPiece() throws {
        let environment = TemplateEnvironment()
        let template = try environment.compile(
            "a\n{% for i in range(3) %}{{ i }}\n{% endfor %}b{% set x %}q\n{% endset %}{{ x }}{% macro m() %}1\n2{% endmacro %}{{ m() }}")
        var pieces: [String] = []
        try environment.render(template) { (piece: String) throws(TemplateError) in pieces.append(piece) }
        #expect(pieces == ["a\n", "0", "\n", "1", "\n", "2", "\n", "b", "q\n", "1\n2"])
    }

    @Test func errorsCarryLines() {
        do {
            _ = try TemplateEnvironment().render("line one\n{{ 1 +\n}}")
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.kind == "TemplateSyntaxError")
            #expect(error.line == 3)
            // recorded with Jinja2 3.1.6: python3 -c "import jinja2; jinja2.Environment().from_string('line one\\n{{ 1 +\\n}}')"
            #expect(error.message == "unexpected 'end of print statement'")
        }
    }
}
