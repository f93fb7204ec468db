import ConfigLanguage
import ScriptAnalysis
import Templating
import Testing

/// Formatting never changes what a script does: the same statements, with the same kinds and
/// logical texts, before and after; and a second pass finds nothing to do.
struct FormattingTests {
    static let scripts = [
        "  \\set x 1   \n   \\print {{ x }}\t\n",
        "models/tiny --prompts a \\\n      --inference-steps 5 \\\n\n  # skipped\n   --seeds 1  # tail   \n",
        "\\echo first\n      -a\n  -b   \n\n\\echo next\n",
        "  #! dgenerate 5.0.0\n#! dgenerate 5.0.0   \n\\print ok\n",
        "{% set v %}\n  text   \n{% endset %}\n\\print {{ v }}   \n",
        "  \\reset_lineno\n\\print a \\   \n  b\n",
        "\\print 'quoted # not a comment'   \n\\print \"unclosed # cut   \n",
        "\\print a\r\n   \\print b  \r\n\r\n",
    ]

    static func applied(_ edits: [TextEdit], to bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            bytes.replaceSubrange(edit.range.lowerBound..<edit.range.upperBound, with: Array(edit.newText.utf8))
        }
        return bytes
    }

    static func statements(_ bytes: [UInt8]) -> [String] {
        ScriptParser.parse(SourceText(name: "t", bytes: bytes)).statements.map { "\($0.kind) \($0.logicalText)" }
    }

    @Test(arguments: scripts)
    func formattingKeepsTheStatements(_ script: String) {
        let bytes = Array(script.utf8)
        let analysis = ScriptAnalysis(text: script)
        let formatted = Self.applied(analysis.formattingEdits(), to: bytes)
        #expect(Self.statements(formatted) == Self.statements(bytes), "\(script)")
        let source = SourceText(name: "t", bytes: formatted)
        #expect(ScriptAnalysis(syntax: ScriptParser.parse(source)).formattingEdits().isEmpty, "not idempotent: \(String(decoding: formatted, as: UTF8.self))")
        // the version lines are the same ones (an indented one stays indented, so unchecked)
        #expect(ScriptParser.parse(source).lines.map(\.role) == analysis.syntax.lines.map(\.role))
    }
}
