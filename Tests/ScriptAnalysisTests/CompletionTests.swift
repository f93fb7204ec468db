import ConfigLanguage
import ScriptAnalysis
import Templating
import TestSupport
import Testing

/// What completes at a marked offset, and with what.
@Suite struct CompletionTests {
    static let contexts: [(String, CompletionContext)] = [
        ("\\se1️⃣", .directiveName(prefix: "\\se")),
        ("models/tiny --infer1️⃣", .optionName(prefix: "--infer")),
        ("models/tiny --model-type s1️⃣", .optionValue(option: "--model-type", prefix: "s")),
        ("\\print {{ las1️⃣ }}", .templateExpression(prefix: "las")),
        ("\\print {{ x|up1️⃣ }}", .templateFilter(prefix: "up")),
        ("\\print {{ x|1️⃣ }}", .templateFilter(prefix: "")),
        ("\\print {{ x is defin1️⃣ }}", .templateTest(prefix: "defin")),
        ("{% fo1️⃣ %}", .templateStatement(prefix: "fo", atStart: true)),
        ("{% for x in las1️⃣ %}", .templateStatement(prefix: "las", atStart: false)),
        ("\\setp x le1️⃣", .setpExpression(prefix: "le")),
        ("\\print {{ x.up1️⃣ }}", .none),
        ("# comment1️⃣", .none),
        ("mod1️⃣", .path(prefix: "mod")),
        ("models/tiny --output-path ou1️⃣", .path(prefix: "ou")),
        ("models/tiny --vae 'Autoenc1️⃣", .path(prefix: "'Autoenc")),
    ]

    @Test(arguments: contexts)
    func contextAtMarker(_ marked: String, _ expected: CompletionContext) {
        let script = Marked(marked)
        #expect(ScriptAnalysis(text: script.text).completionContext(at: script[1]) == expected, "\(marked)")
    }

    static func labels(_ marked: String) -> [String] {
        let script = Marked(marked)
        return ScriptAnalysis(text: script.text).completions(at: script[1]).map(\.label)
    }

    @Test func directiveNamesFromTheCatalogue() {
        #expect(Self.labels("\\se1️⃣") == ["\\set", "\\sete", "\\setp"])
    }

    @Test func optionNamesAndValues() {
        #expect(Self.labels("models/tiny --inference-st1️⃣").contains("--inference-steps"))
        #expect(Self.labels("models/tiny --model-type sd1️⃣").contains("sdxl"))
        #expect(Self.labels("models/tiny --scheduler Eul1️⃣").contains("EulerDiscreteScheduler"))
    }

    @Test func templateNamesFiltersAndScriptVariables() {
        let names = Self.labels("\\set my_var 1\n\\print {{ my1️⃣ }}\n\\set my_later 2")
        #expect(names.contains("my_var"))
        #expect(!names.contains("my_later"), "a variable defined later is not visible yet")
        #expect(Self.labels("\\print {{ last_im1️⃣ }}").contains("last_images"))
        #expect(Self.labels("\\print {{ x|qu1️⃣ }}") == ["quote"])
        #expect(Self.labels("{% en1️⃣ %}").contains("endfor"))
        #expect(Self.labels("\\setp x gen_s1️⃣") == ["gen_seeds"])
    }
}
