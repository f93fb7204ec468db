import Foundation
import PythonExpressions
import Templating
import TestSupport
import Testing

/// The grammars in `grammars/` and the parsers hold each other to account, both ways: random
/// sentences generated from a grammar parse without error, and what the parser accepts (the
/// recorded corpora and the grammar samples) is in the grammar.
@Suite struct GrammarConformanceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func grammar(_ name: String) throws -> EBNFGrammar {
        try EBNFGrammar(String(contentsOf: root.appendingPathComponent("grammars/\(name)"), encoding: .utf8))
    }

    // MARK: - The `\setp` grammar

    /// Python's keywords: never a NAME token to the grammar.
    static let pythonKeywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]

    /// Text for each token class of the grammar (`match` is left out: at the start of a
    /// statement it begins a match statement, which the grammar's header documents).
    static let setpInstances: [String: [String]] = [
        "NAME": ["a", "b", "x", "y1", "_v", "data", "case"],
        "NUMBER": ["0", "1", "42", "2.5", "1e3", "0x1F", "1_000", "3j", ".5"],
        "STRING": ["'s'", "\"t\"", "r'\\d'", "f'x'", "''", "'''q'''"],
        "bytes": ["b'x'", "B\"\""],
        "newline": ["\n"],
    ]

    /// The refusals the grammar's header documents as the parser's own checks (targets).
    static func isDocumentedTargetRefusal(_ message: String) -> Bool {
        message.hasPrefix("cannot assign to") || message.hasPrefix("cannot delete")
            || message.hasSuffix("is an illegal expression for augmented assignment")
    }

    @Test func setpGrammarIsComplete() throws {
        let grammar = try Self.grammar("dgenerate-setp.ebnf")
        #expect(grammar.start == "setp-input")
        #expect(grammar.specials == Set(Self.setpInstances.keys))
    }

    @Test func sentencesOfTheSetpGrammarParse() throws {
        let grammar = try Self.grammar("dgenerate-setp.ebnf")
        let generator = GrammarGenerator(grammar: grammar, depth: 40, size: 120)
        var random = SeededRandom(state: 20_261_204)
        var parsed = 0, targetRefusals = 0, substantial = 0
        var rulesUsed: Set<String> = []
        for _ in 0..<12000 {
            let (leaves, used) = generator.sentence(using: &random)
            rulesUsed.formUnion(used)
            let text = GrammarGenerator.text(leaves, instances: Self.setpInstances, separator: " ", using: &random)
            do throws(PythonSyntaxError) {
                _ = try PythonExpressionParser.parse(text)
                parsed += 1
                if leaves.count >= 8 { substantial += 1 }
            } catch where Self.isDocumentedTargetRefusal(error.message) {
                targetRefusals += 1
            } catch {
                Issue.record("the grammar makes \(PythonString.repr(text)), which the parser refuses: \(error.message)")
            }
        }
        #expect(substantial >= 800, "only \(substantial) parsed sentences have 8 tokens or more")
        #expect(parsed >= 9000, "only \(parsed) of 12000 sentences parsed (\(targetRefusals) refused for their targets)")
        #expect(rulesUsed == Set(grammar.rules.keys), "rules never generated: \(Set(grammar.rules.keys).subtracting(rulesUsed).sorted())")
    }

    /// The expressions the parser accepts among the recorded `\setp` corpus and the grammar
    /// samples; each must be in the grammar.
    static func acceptedSetpPrograms() throws -> [String] {
        let corpus = try JSONSerialization.jsonObject(with: Fixtures.data("setp/setp.json")) as? [String: Any]
        let cases = (corpus?["cases"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String }
        let samples = try String(decoding: Fixtures.data("setp/grammar-samples.txt"), as: UTF8.self)
            .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
        return (cases + samples).filter { (try? PythonExpressionParser.parse($0)) != nil }
    }

    @Test func everythingTheSetpParserAcceptsIsInTheGrammar() throws {
        let grammar = try Self.grammar("dgenerate-setp.ebnf")
        let programs = try Self.acceptedSetpPrograms()
        #expect(programs.count > 500)
        for program in programs {
            guard let tokens = try? PythonExpressionLexer.tokenize(program).filter({ $0.kind != .end }) else {
                Issue.record("\(program) parses but does not tokenize")
                continue
            }
            var recognizer = GrammarRecognizer(grammar: grammar, length: tokens.count, terminal: { text, position in
                guard position < tokens.count else { return nil }
                let token = tokens[position]
                let matches = (token.kind == .op || token.kind == .name && Self.pythonKeywords.contains(token.text)) && token.text == text
                return matches ? position + 1 : nil
            }, special: { name, position in
                guard position < tokens.count else { return [] }
                let token = tokens[position]
                let kind: String? = switch token.kind {
                case .name: Self.pythonKeywords.contains(token.text) ? nil : "NAME"
                case .number: "NUMBER"
                case .string: "STRING"
                case .bytes: "bytes"
                case .newline: "newline"
                default: nil
                }
                return kind == name ? [position + 1] : []
            })
            let accepted = recognizer.accepts()
            #expect(accepted, "the parser accepts \(PythonString.repr(program)), which the grammar does not derive")
        }
    }
}
