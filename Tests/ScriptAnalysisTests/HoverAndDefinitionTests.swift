import ConfigLanguage
import ScriptAnalysis
import Templating
import TestSupport
import Testing

/// Hover texts, and the definitions and uses of `\set` variables.
@Suite struct HoverAndDefinitionTests {
    static func hover(_ marked: String) -> String? {
        let script = Marked(marked)
        return ScriptAnalysis(text: script.text).hover(at: script[1])?.text
    }

    @Test func hoverDocumentsWhatTheCatalogueDocuments() throws {
        let directive = try #require(Self.hover("\\c1️⃣d /tmp"))
        #expect(directive.hasPrefix("\\cd\n\n"))
        #expect(directive.contains(DirectiveCatalogue.documentation["cd"] ?? "?"))
        // a prefix-dispatched name documents the directive it runs
        #expect(Self.hover("\\prin1️⃣tx hi")?.hasPrefix("\\print\n\n") == true)
        let option = try #require(Self.hover("models/tiny --inference-s1️⃣teps 2"))
        #expect(option.contains("--inference-steps"))
        let function = try #require(Self.hover("\\print {{ gen_se1️⃣eds(2) }}"))
        #expect(function.hasPrefix("gen_seeds(n: int) -> list[str]"))
        #expect(Self.hover("\\print {{ last_ima1️⃣ges }}")?.hasPrefix("last_images: ") == true)
        #expect(Self.hover("\\set size 512\n\\print {{ si1️⃣ze }}")?.contains("Defined by \\set on line 1") == true)
        #expect(Self.hover("\\print {{ unkno1️⃣wn }}") == nil)
    }

    /// Jinja2's filters, tests and globals are documented too.
    @Test func hoverDocumentsTemplateBuiltins() {
        #expect(Self.hover("\\print {{ x | jo1️⃣in(',') }}") == "filter: x | join(d='', attribute=None)\n\nThe items as text, joined by `d`.")
        #expect(Self.hover("\\print {{ x is divisi1️⃣bleby(3) }}")?.hasPrefix("test: x is divisibleby(num)") == true)
        #expect(Self.hover("\\print {{ name1️⃣space(a=1) }}")?.hasPrefix("namespace(**attributes)") == true)
        // dgenerate's function of the same name wins where it is a filter
        #expect(Self.hover("\\print {{ x | quo1️⃣te }}")?.hasPrefix(FunctionCatalogue.signatureByName["quote"] ?? "?") == true)
    }

    /// Every filter and test a template can use is documented: Jinja2's here, dgenerate's in
    /// the function catalogue.
    @Test func everyFilterAndTestIsDocumented() {
        let environment = TemplateEnvironment()
        for name in environment.filters.keys {
            #expect(TemplateBuiltinCatalogue.filters[name] != nil, "filter \(name)")
        }
        for name in environment.tests.keys {
            #expect(TemplateBuiltinCatalogue.tests[name] != nil, "test \(name)")
        }
        for name in environment.globals.keys {
            #expect(TemplateBuiltinCatalogue.globals[name] != nil, "global \(name)")
        }
    }

    @Test func definitionAndUsesOfASetVariable() throws {
        let script = Marked("""
        \\set 1️⃣size 512
        \\print {{ 2️⃣size }} and {{ size|int }}
        \\setp area 3️⃣size * 2
        \\set size 1024
        {% if size %}
        \\print {{ 4️⃣size }}
        {% endif %}
        \\unset size
        """)
        let analysis = ScriptAnalysis(text: script.text)
        let first = try #require(analysis.definition(at: script[2]))
        #expect(first.range.lowerBound == script[1])
        #expect(first.directive == "\\set")
        #expect(analysis.definition(at: script[3])?.range.lowerBound == script[1])
        // after the second \set, that one is in force
        let second = try #require(analysis.definition(at: script[4]))
        #expect(second.range.lowerBound > script[3])
        let uses = analysis.uses(at: script[1])
        #expect(uses.count == 6, "\(uses)")
        #expect(uses.allSatisfy { analysis.source.text($0) == "size" })
        #expect(uses.first?.lowerBound == script[2])
        #expect(analysis.definitions().map(\.name) == ["size", "area", "size"])
    }

    @Test func symbolsFoldingAndTokens() {
        let text = "# one\n# two\n\\set x 1\n{% for i in [1, 2] %}\n\\print {{ i }}\n{% endfor %}\nmodels/tiny --inference-steps 2\n"
        let analysis = ScriptAnalysis(text: text)
        #expect(analysis.symbols().map(\.name) == ["x", "{% for i in [1, 2] %}"])
        #expect(analysis.foldingRanges().map { [$0.startLine, $0.endLine] } == [[0, 1], [3, 5]])
        let tokens = analysis.semanticTokens()
        func kinds(_ word: String) -> [SemanticToken.Kind] { tokens.filter { analysis.source.text($0.range) == word }.map(\.kind) }
        #expect(kinds("\\set") == [.directive])
        #expect(kinds("--inference-steps") == [.option])
        #expect(kinds("# one") == [.comment])
        #expect(kinds("for") == [.keyword])
        #expect(kinds("{%").count == 2)
        #expect(zip(tokens, tokens.dropFirst()).allSatisfy { $0.range.upperBound <= $1.range.lowerBound }, "tokens overlap")
    }

    @Test func diagnosticsAreTheParsersAndTheChecks() {
        let analysis = ScriptAnalysis(text: "\\print {{ x\n\\setp y [1, 2\n")
        let messages = analysis.diagnostics().map(\.message)
        #expect(messages.count == 2, "\(messages)")
    }
}
