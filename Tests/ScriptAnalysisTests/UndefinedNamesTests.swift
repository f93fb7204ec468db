import ConfigLanguage
import ScriptAnalysis
import TestSupport
import Testing

/// Names that nothing defines where a template or `\setp` reads them. The runtime outcomes
/// they predict were checked with the reference (`run-dgen`): a bare undefined name renders as
/// nothing, `{{ path.abspath('.') }}` stops with "Template Render Error: 'path' is undefined",
/// `\setp a undefined_name + 1` with a NameError, and a template block's own `\set x 1` is not
/// yet defined where the block reads `{{ x }}` (it printed `[]`).
@Suite struct UndefinedNamesTests {
    /// A script, with a marker where each expected diagnostic starts, and each one's severity
    /// and message (in marker order).
    static let cases: [(String, [(Severity, String)])] = [
        ("\\set prompt hi\n\\print {{ prompt }} {{ 1️⃣promt }}", [(.warning, "'promt' is undefined; did you mean 'prompt'?")]),
        ("\\print {{ 1️⃣later }}\n\\set later 1", [(.warning, "'later' is undefined here: it is first defined on line 2")]),
        ("\\print {{ 1️⃣path.abspath('.') }}", [(.error, "Template Render Error: 'path' is undefined; did you mean 'hash'?")]),
        ("{% if x is defined %}\\print {{ x.y }}{% endif %}", []),
        ("\\print {{ maybe | default('d') }} {{ other is not defined }}", []),
        ("{% for i in range(2) %}\n\\set inner {{ i }}\n\\print {{ 1️⃣inner }} {{ loop.index }}\n{% endfor %}",
         [(.warning, "'inner' is undefined here: the template block renders before its lines define it")]),
        ("{% set q = 1 %}{{ q }}{% macro m(a, b) %}{{ a }}{{ b }}{{ caller() }}{% endmacro %}", []),
        ("{% for k, v in {'a': 1}.items() %}{{ k }}{{ v }}{% endfor %}{% with w = 2 %}{{ w }}{% endwith %}", []),
        ("\\print {{ last_images }} {{ format_size([1, 2]) }} {{ range(3) }} {{ len([]) }} {{ env.HOME }} {{ glob.glob('*') }} {{ os.getcwd() }}", []),
        ("\\setp a [x * 2 for x in range(3)]\n\\setp b a + 1️⃣c", [(.error, "\\setp eval error: NameError: name 'c' is not defined; did you mean 'a'?")]),
        ("\\setp a 1\n\\setp d a if a else 1️⃣nothing", [(.warning, "\\setp eval error: NameError: name 'nothing' is not defined")]),
        ("\\setp t y = 2; y * len(last_images)", []),
        ("\\sete words a b\n\\gen_seeds seeds 2\n\\import math as m\n\\print {{ words }} {{ seeds }} {{ m.pi }}", []),
        // a name written as a template, or plugins, are only known at run time: nothing is reported
        ("\\set {{ 'n' }} 1\n\\print {{ anything }}", []),
        ("\\import_plugins my_plugin\n\\print {{ plugin_function() }}", []),
    ]

    @Test(arguments: cases.indices)
    func undefinedNamesAtTheirMarkers(_ index: Int) {
        let (marked, expected) = Self.cases[index]
        let script = Marked(marked)
        let found = ScriptAnalysis(text: script.text).diagnostics().filter { $0.id.name == "undefined-variable" }
        #expect(found.map(\.severity) == expected.map(\.0), "\(marked)")
        #expect(found.map(\.message) == expected.map(\.1), "\(marked)")
        #expect(found.map(\.range.lowerBound) == expected.indices.map { script[$0 + 1] }, "\(marked)")
    }

    @Test func didYouMeanIsAFix() {
        let diagnostic = ScriptAnalysis(text: "\\set prompt hi\n\\print {{ promt }}").diagnostics().first
        #expect(diagnostic?.fixIts.map(\.replacement) == ["prompt"])
    }
}
