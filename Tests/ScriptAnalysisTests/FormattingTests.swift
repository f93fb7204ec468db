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

    /// Template blocks, with what each formats to.
    static let blocks: [(String, String)] = [
        ("{% for i in [1, 2] %}\n\\print a{{ i }}\n{% if i > 1 %}\n  models/tiny --prompts x \\\n--seeds 1\n-  --inference-steps 2\n{% else %}\n\n\\print b\n      {% endif %}\n{% endfor %}\n",
         "{% for i in [1, 2] %}\n    \\print a{{ i }}\n    {% if i > 1 %}\n        models/tiny --prompts x \\\n            --seeds 1\n            -  --inference-steps 2\n    {% else %}\n\n        \\print b\n    {% endif %}\n{% endfor %}\n"),
        // a block set's body, a macro's (up to their end tags) and a span over lines keep their white space
        ("{% for i in [1] %}\n{% set v %}\n  keep   \n{% endset %}\n{% macro m() %}\n  {{ 1 }}\n{% endmacro %}\n\\print {{ v ~\n   i }}\n{% endfor %}\n",
         "{% for i in [1] %}\n    {% set v %}\n  keep   \n{% endset %}\n    {% macro m() %}\n  {{ 1 }}\n{% endmacro %}\n    \\print {{ v ~\n   i }}\n{% endfor %}\n"),
        ("   {% if true %}{# don't #}\n\\print x\n{% endif %}\n", "{% if true %}{# don't #}\n    \\print x\n{% endif %}\n"),
    ]

    /// What a script's template blocks render to, as the statements the runtime would run.
    static func rendered(_ bytes: [UInt8]) throws -> [String] {
        let environment = TemplateEnvironment()
        return try ScriptParser.parse(SourceText(name: "t", bytes: bytes)).statements.flatMap { statement -> [String] in
            guard statement.kind == .templateBlock else { return ["\(statement.kind) \(statement.logicalText)"] }
            return statements(Array(try environment.render(statement.logicalText).utf8))
        }
    }

    @Test(arguments: blocks.indices)
    func templateBlocksAreIndentedByTheirTags(_ index: Int) throws {
        let (script, expected) = Self.blocks[index]
        let bytes = Array(script.utf8)
        let formatted = Self.applied(ScriptAnalysis(text: script).formattingEdits(), to: bytes)
        #expect(String(decoding: formatted, as: UTF8.self) == expected)
        // the block runs the same statements
        #expect(try Self.rendered(formatted) == Self.rendered(bytes))
        #expect(ScriptAnalysis(syntax: ScriptParser.parse(SourceText(name: "t", bytes: formatted))).formattingEdits().isEmpty)
    }
}
