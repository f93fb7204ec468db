import ConfigLanguage
import ScriptAnalysis
import TestSupport
import Testing

/// Quoting a value the shell would split: offered where an option's value runs over several
/// plain words, and as the fix of the "unrecognized arguments" it causes.
@Suite struct QuoteActionsTests {
    static let cases: [(String, String?)] = [
        ("models/tiny --prompts a c1️⃣at on a mat --seeds 1", "models/tiny --prompts \"a cat on a mat\" --seeds 1"),
        ("models/tiny --output-prefix my im1️⃣age", "models/tiny --output-prefix \"my image\""),
        ("models/tiny --prompts 'say \"hi\"' th1️⃣ere", nil),
        ("models/tiny --prompts a1️⃣", nil),
        ("models/tiny --seeds 1 2 1️⃣3", nil),
        ("\\print a b 1️⃣c", nil),
    ]

    @Test(arguments: cases.indices)
    func quoteActionAtTheMarker(_ index: Int) {
        let (marked, expected) = Self.cases[index]
        let script = Marked(marked)
        let action = ScriptAnalysis(text: script.text).quoteActions(at: script[1]).first
        #expect(action.map { Self.applied($0.edits, to: script.text) } == expected, "\(marked)")
    }

    @Test func unrecognizedArgumentsAreFixedByQuoting() throws {
        let text = "models/tiny --output-prefix my image --prompts cat"
        let diagnostic = try #require(ScriptAnalysis(text: text).diagnostics().first)
        #expect(diagnostic.message == "dgenerate: error: unrecognized arguments: image")
        let fix = try #require(diagnostic.fixIts.first)
        #expect(Self.applied([TextEdit(range: fix.range, newText: fix.replacement)], to: text) == "models/tiny --output-prefix \"my image\" --prompts cat")
        #expect(ScriptAnalysis(text: "models/tiny --output-prefix \"my image\" --prompts cat").diagnostics().isEmpty)
    }

    static func applied(_ edits: [TextEdit], to text: String) -> String {
        var bytes = Array(text.utf8)
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            bytes.replaceSubrange(edit.range.lowerBound..<edit.range.upperBound, with: Array(edit.newText.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
