import ConfigLanguage
import ScriptAnalysis
import Templating
import TestSupport
import Testing

/// Invocations rendered from values known before the script runs, and checked as the command
/// line would check them. The messages are the command line's (`CommandLineParser` matches
/// argparse, see ArgumentEngineTests); `\set steps many` followed by
/// `models/tiny --inference-steps {{ steps }}` was run through the reference, which stopped
/// with "dgenerate: error: argument -ifs/--inference-steps: Must be an integer".
@Suite struct StaticEvaluationTests {
    static let integer = "dgenerate: error: argument -ifs/--inference-steps: Must be an integer"

    /// A script with a marker where each expected invocation error starts, and its message.
    static let cases: [(String, [String])] = [
        ("\\set steps many\nmodels/tiny 1️⃣--inference-steps {{ steps }}", [integer]),
        ("\\setp steps 2 * 3\nmodels/tiny --inference-steps {{ steps }}", []),
        ("\\setp steps str(len([1, 2])) + 'x'\nmodels/tiny 1️⃣--inference-steps {{ steps }}", [integer]),
        ("\\setp scales [1.5, 'x']\nmodels/tiny 1️⃣--guidance-scales {{ scales | join(' ') }}",
         ["dgenerate: error: argument -gs/--guidance-scales: Must be a floating point number"]),
        ("{% for s in ['1', 'two'] %}\nmodels/tiny 1️⃣--inference-steps {{ s }}\n{% endfor %}", [integer]),
        ("{% for s in range(3) %}\nmodels/tiny --inference-steps {{ s + 1 }}\n{% endfor %}", []),
        ("\\set a x\n\\set b {{ a }}y\nmodels/tiny 1️⃣--inference-steps {{ b }}", [integer]),
        // not known before the script runs: nothing is checked
        ("\\set steps $STEPS\nmodels/tiny --inference-steps {{ steps }}", []),
        ("\\sete steps many\nmodels/tiny --inference-steps {{ steps }}", []),
        ("\\set steps many\n\\unset steps\nmodels/tiny --inference-steps {{ steps }}", []),
        ("\\set steps many\n\\set steps {{ last_seeds[0] }}\nmodels/tiny --inference-steps {{ steps }}", []),
        ("\\setp n unknown_function(3)\nmodels/tiny --inference-steps {{ n }}", []),
        ("\\set steps many\nmodels/tiny --inference-steps {{ format_size(steps) }}", []),
        // help invocations and sub-commands need no model: they are not checked as generations
        ("--sub-command-help", []),
        ("--templates-help last_images", []),
        ("--sub-command image-process --help", []),
        ("--version", []),
        // bounded: a large range or a power is never evaluated
        ("{% for s in range(100000000) %}\nmodels/tiny --inference-steps x{{ s }}\n{% endfor %}", []),
        ("\\setp big 2 ** 100000000\nmodels/tiny --inference-steps {{ big }}x", []),
        ("\\setp many [x for x in range(100000000)]\nmodels/tiny --inference-steps {{ many | length }}x", []),
    ]

    @Test(arguments: cases.indices)
    func renderedInvocationsAreChecked(_ index: Int) {
        let (marked, expected) = Self.cases[index]
        let script = Marked(marked)
        let found = ScriptAnalysis(text: script.text).diagnostics().filter { $0.id.domain == "invocation" }
        #expect(found.map(\.message) == expected, "\(marked)")
        #expect(found.map(\.range.lowerBound) == expected.indices.map { script[$0 + 1] }, "\(marked)")
    }

    /// What `renderBounded` renders is what a plain render gives; the rest it refuses.
    static let templates: [(String, [String: Value], Bool)] = [
        ("{{ a ~ b }}-{% for x in [1, 2] %}{{ x * 2 }}{% endfor %}", ["a": .string("p"), "b": .int(3)], true),
        ("{% for x in range(10) %}{% for y in range(10) %}{{ x + y }}{% endfor %}{% endfor %}", [:], true),
        ("{{ names | join(',') | upper }}", ["names": .list([.string("a"), .string("b")])], true),
        ("{% for x in range(3) %}{% for y in range(3) %}{% for z in range(3) %}{% endfor %}{% endfor %}{% endfor %}", [:], false),
        ("{{ range(5000) | length }}", [:], false),
        ("{{ 2 ** 10 }}", [:], false),
        ("{{ 'a' | center(100) }}", [:], false),
        ("{{ f() }}", [:], false),
        ("{% macro m() %}{% endmacro %}", [:], false),
        ("{{ x }}", ["x": .list(Array(repeating: .int(1), count: 5000))], false),
    ]

    @Test(arguments: templates.indices)
    func boundedRenderingAgreesOrRefuses(_ index: Int) throws {
        let (source, context, renders) = Self.templates[index]
        let environment = TemplateEnvironment()
        let bounded = environment.renderBounded(source, context: context)
        if renders {
            #expect(bounded == (try environment.render(source, context: context)), "\(source)")
        } else {
            #expect(bounded == nil, "\(source)")
        }
    }
}
