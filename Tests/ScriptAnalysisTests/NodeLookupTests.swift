import ConfigLanguage
import ScriptAnalysis
import Templating
import TestSupport
import Testing

/// The node at a marked offset.
@Suite struct NodeLookupTests {
    static let cases: [(String, AnalysisNode.Kind, String?)] = [
        ("\\se1️⃣t x 1", .directiveName("\\set"), nil),
        ("\\set x1️⃣ 1", .variableDefinition("x"), nil),
        ("\\set x 1️⃣1", .directiveArgument(directive: "\\set", index: 1), nil),
        ("\\setp x le1️⃣n([1])", .setpExpression, "len"),
        ("\\print {{ fo1️⃣o|upper }}", .templateExpression, "foo"),
        ("\\print {{ foo|up1️⃣per }}", .templateExpression, "upper"),
        ("{% f1️⃣or x in y %}{{ x }}{% endfor %}", .templateStatement, "for"),
        ("{% for x in y %}te1️⃣xt{% endfor %}", .templateText, nil),
        ("\\print '{# a co1️⃣mment #}'", .templateComment, nil),
        // `#` starts a tail comment in a script, even after `{`
        ("{# a co1️⃣mment #}", .comment, nil),
        ("models/ti1️⃣ny --inference-steps 2", .modelPath, nil),
        ("models/tiny --inferen1️⃣ce-steps 2", .optionName("--inference-steps"), nil),
        ("models/tiny --inference-steps 1️⃣2", .optionValue(option: "--inference-steps"), nil),
        ("models/tiny --model-type s1️⃣dxl", .optionValue(option: "--model-type"), nil),
        ("# a com1️⃣ment\n\\print hi", .comment, nil),
        ("\\print hi # ta1️⃣il", .comment, nil),
        ("\\print hi\n1️⃣\n\\print there", .none, nil),
        ("\\print a \\\n  b1️⃣c", .directiveArgument(directive: "\\print", index: 1), nil),
    ]

    @Test(arguments: cases)
    func nodeAtMarker(_ marked: String, _ kind: AnalysisNode.Kind, _ name: String?) {
        let script = Marked(marked)
        let node = ScriptAnalysis(text: script.text).node(at: script[1])
        #expect(node.kind == kind, "\(marked)")
        #expect(node.name?.text == name, "\(marked)")
        #expect(node.range.lowerBound <= script[1] && script[1] <= node.range.upperBound, "\(marked): \(node.range)")
    }

    @Test func rangesPointAtTheSource() {
        let script = Marked("\\print x # note\n\\set va1️⃣lue {{ 1 }}\n")
        let analysis = ScriptAnalysis(text: script.text)
        let node = analysis.node(at: script[1])
        #expect(analysis.source.text(node.range) == "value")
    }

    /// Any offset of any text gets an answer, never a trap.
    @Test func everyOffsetOfOddTextAnswers() {
        for text in ["", "\\", "{{", "{%", "{{ x |", "\\set", "--", "a\\\n", "{% for %}\n{{ é }}\n", "\u{0}\u{FFFD}{#"] {
            let analysis = ScriptAnalysis(text: text)
            for offset in -1...(text.utf8.count + 1) {
                _ = analysis.node(at: offset)
                _ = analysis.completions(at: offset)
                _ = analysis.hover(at: offset)
                _ = analysis.definition(at: offset)
                _ = analysis.uses(at: offset)
            }
            _ = analysis.semanticTokens()
            _ = analysis.foldingRanges()
            _ = analysis.symbols()
            #expect(analysis.diagnostics().count >= 0)
        }
    }
}
