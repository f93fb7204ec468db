import REPL
import Testing

/// When an entry is complete, and what Tab completes, from the analysis layer.
struct EntryTests {
    static let entries: [(String, Bool)] = [
        ("\\print hi", true),
        ("\\print a \\", false),
        ("\\print a \\\\", true),
        ("{% for i in [1] %}", false),
        ("{% for i in [1] %}\n\\print {{ i }}", false),
        ("{% for i in [1] %}\n\\print {{ i }}\n{% endfor %}", true),
        ("models/tiny --prompts \"a cat", false),
        ("models/tiny --prompts \"a cat \\\nsits\"", true),
        ("\\print it's", true),
        ("", true),
    ]

    @Test(arguments: entries)
    func completeness(_ text: String, _ complete: Bool) {
        #expect(EntryReader.isComplete(text) == complete, "\(text)")
    }

    @Test func anOpenQuoteIsAnOpenQuote() {
        #expect(EntryReader.state("models/tiny --prompts \"a cat") == .openQuote)
        #expect(EntryReader.state("\\print a \\") == .continued)
    }

    @Test func tabCompletesFromTheAnalysis() {
        var completion = REPLCompletion()
        #expect(completion.answer("\\pri").insert == "nt ")
        let choice = completion.answer("\\pr")
        #expect(choice.insert == "")
        #expect(choice.candidates.contains("\\print") && choice.candidates.contains("\\prompt_upscale"))
        #expect(completion.answer("models/tiny --inference-st").insert == "eps ")
        // a variable an earlier entry set
        #expect(completion.answer("\\print {{ my_pro").insert.isEmpty)
        completion.remember("\\set my_prompt a cat")
        #expect(completion.answer("\\print {{ my_pro").insert == "mpt ")
    }

    @Test func theSessionKeepsOneDefinitionPerName() {
        var completion = REPLCompletion()
        for index in 0..<1_000 { completion.remember("\\set size \(index)\n\\set other x") }
        #expect(completion.prelude == "\\set size 999\n\\set other x\n")
    }
}
