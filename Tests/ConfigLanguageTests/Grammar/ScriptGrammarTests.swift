import ConfigLanguage
import Foundation
import TestSupport
import Testing

/// `grammars/dgenerate-script.ebnf` against `ScriptParser`, both ways: scripts generated from the
/// grammar parse with no error, and in every recorded script the parser accepts, each physical
/// line is a `physical-line` and each statement's logical text is derived by the rule for its
/// kind.
@Suite struct ScriptGrammarTests {
    /// Python's `str.isspace`, as the script layer reads whitespace.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
    }

    static let countedTags: Set<String> = ["if", "for", "block", "macro", "filter", "call"]

    /// The one-character classes of the grammar's header.
    static func matches(_ special: String, _ scalar: Unicode.Scalar) -> Bool {
        let lineBreak = scalar == "\n" || scalar == "\r"
        let codeChar = !lineBreak && !isWhitespace(scalar) && !"\\'\"#".unicodeScalars.contains(scalar)
        switch special {
        case "ws": return isWhitespace(scalar) && !lineBreak
        case "LF": return scalar == "\n"
        case "CR": return scalar == "\r"
        case "any": return !lineBreak
        case "code-char": return codeChar
        case "invocation-start-char": return codeChar && scalar != "{" && scalar != "-"
        case "single-quoted-char": return !lineBreak && scalar != "'" && scalar != "\\"
        case "double-quoted-char": return !lineBreak && scalar != "\"" && scalar != "\\"
        case "digit": return ("0"..."9").contains(scalar)
        case "text-char": return scalar != "{"
        case "not-tag-opener": return !"{%#".unicodeScalars.contains(scalar)
        case "body-space": return isWhitespace(scalar)
        case "jinja-operator": return "+-*/%~<>=.:|,;".unicodeScalars.contains(scalar)
        case "single-string-char": return scalar != "'" && scalar != "\\"
        case "double-string-char": return scalar != "\"" && scalar != "\\"
        case "escaped-char": return true
        case "comment-char": return scalar != "#"
        case "not-close-brace": return scalar != "}"
        case "raw-char": return scalar != "{"
        default: return false
        }
    }

    /// Where a special matches at `position` of `text`: one character, or a whole word.
    static func specialEnds(_ special: String, _ text: [Unicode.Scalar], _ position: Int) -> [Int] {
        guard position < text.count else { return [] }
        if special == "directive-name" {
            guard text[position] == "\\" else { return [] }
            var end = position
            while end < text.count && !isWhitespace(text[end]) { end += 1 }
            let name = String(String.UnicodeScalarView(text[position..<end]))
            let known = name != DirectiveCatalogue.resetLineCounter
                && (DirectiveCatalogue.contains(name) || DirectiveCatalogue.prefixMatch(name) != nil)
            return known ? [end] : []
        }
        if special == "word" || special == "free-tag-name" {
            guard position == 0 || !isWordScalar(text[position - 1]) else { return [] }
            var end = position
            while end < text.count && isWordScalar(text[end]) { end += 1 }
            guard end > position else { return [] }
            if special == "free-tag-name" {
                let name = String(String.UnicodeScalarView(text[position..<end]))
                let reserved = countedTags.union(countedTags.map { "end" + $0 }).union(["raw", "endraw"])
                if reserved.contains(name) { return [] }
            }
            return [end]
        }
        return matches(special, text[position]) ? [position + 1] : []
    }

    /// Whether `rule` derives all of `text`.
    static func derives(_ grammar: EBNFGrammar, _ rule: String, _ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var recognizer = GrammarRecognizer(grammar: grammar, length: scalars.count, terminal: { terminal, position in
            let wanted = Array(terminal.unicodeScalars)
            guard position + wanted.count <= scalars.count, Array(scalars[position..<(position + wanted.count)]) == wanted else { return nil }
            return position + wanted.count
        }, special: { name, position in specialEnds(name, scalars, position) })
        return recognizer.ends(of: .rule(rule), from: 0).contains(scalars.count)
    }

    /// Text for each class when generating: a few members each, none that would change the
    /// line structure (no `\` before a line end, no `#` where a tail comment would start).
    static let instances: [String: [String]] = [
        "ws": [" ", "\t"], "LF": ["\n"], "CR": ["\r"],
        "any": ["a", "b", " ", "#", "'", "x", "1", "{", "}", "-"],
        "code-char": ["a", "b", "x", "1", "-", "=", ".", "/", ":", "{", "}", "$", "~", "*"],
        "invocation-start-char": ["a", "m", "x", "1", "/", ".", "$"],
        "single-quoted-char": ["a", " ", "#", "b", "-", "\""], "double-quoted-char": ["a", " ", "#", "b", "'"],
        "digit": ["0", "1", "5"],
        "text-char": ["a", " ", "b", "-", "x", "1", ":", "}", "%"], "not-tag-opener": ["a", " ", "x"],
        "body-space": [" ", "\t"], "word": ["x", "y1", "a_b", "10", "loop", "item"],
        "jinja-operator": ["+", "-", "*", "/", "%", "~", "<", ">", "=", ".", ":", "|", ",", ";"],
        "single-string-char": ["a", " ", "b"], "double-string-char": ["a", " ", "b"], "escaped-char": ["n", "t", "a"],
        "comment-char": ["a", " "], "not-close-brace": ["a"], "raw-char": ["a", " ", "%", "}"],
        "free-tag-name": ["set", "else", "elif", "with", "endwith", "include", "endset"],
        "directive-name": ["\\set", "\\print", "\\echo", "\\setp", "\\sete", "\\env", "\\unset", "\\ls", "\\pwd", "\\exit", "\\mkdir"],
    ]

    static func grammar() throws -> EBNFGrammar { try GrammarConformanceTests.grammar("dgenerate-script.ebnf") }

    /// The rules reachable from `rule`.
    static func reachable(_ grammar: EBNFGrammar, from rule: String) -> Set<String> {
        var seen: Set<String> = [], pending = [rule]
        while let next = pending.popLast() {
            guard seen.insert(next).inserted, let body = grammar.rules[next] else { continue }
            pending += EBNFGrammar.references(body)
        }
        return seen
    }

    @Test func theClassesAreTheHeadersClasses() throws {
        let grammar = try Self.grammar()
        #expect(grammar.start == "script")
        #expect(grammar.specials == Set(Self.instances.keys))
    }

    @Test func scriptsGeneratedFromTheGrammarParseWithoutError() throws {
        let grammar = try Self.grammar()
        let generator = GrammarGenerator(grammar: grammar, depth: 30, size: 200)
        var random = SeededRandom(state: 4_2026_1204)
        var parsed = 0, withComments = 0, templates = 0
        var used: Set<String> = []
        for _ in 0..<3000 {
            let (leaves, rules) = generator.sentence(using: &random)
            let text = GrammarGenerator.text(leaves, instances: Self.instances, separator: "", using: &random)
            // a `{# #}` comment on a template block's last line is cut at its `#` (sections 3
            // and 7): the grammar's template text is the text after cutting
            if text.contains("{#") {
                withComments += 1
                continue
            }
            used.formUnion(rules)
            let syntax = ScriptParser.parse(SourceText(name: "generated.dgen", text: text))
            let errors = syntax.diagnostics.filter { $0.severity == .error }
            if errors.isEmpty {
                parsed += 1
                if syntax.statements.contains(where: { $0.kind == .templateBlock }) { templates += 1 }
            } else {
                Issue.record("the grammar makes \(String(reflecting: text)), which the parser refuses: \(errors.map(\.message))")
            }
        }
        #expect(parsed >= 2000, "only \(parsed) generated scripts parsed (\(withComments) set aside for template comments)")
        #expect(templates >= 150, "only \(templates) generated scripts had a template block")
        let expected = Self.reachable(grammar, from: "script").subtracting(["template-comment"])
        #expect(used.isSuperset(of: expected), "rules never generated: \(expected.subtracting(used).sorted())")
    }

    /// Every script among the recorded corpora that the parser accepts without error.
    static func acceptedScripts() throws -> [(name: String, syntax: ScriptSyntax)] {
        let files = try Fixtures.scripts(in: "conformance") + Fixtures.scripts(in: "scripts") + Fixtures.scripts(in: "reference-cases")
        return files.compactMap { file in
            let syntax = ScriptParser.parse(SourceText(name: file.name, bytes: file.bytes))
            return syntax.diagnostics.contains { $0.severity == .error } ? nil : (file.name, syntax)
        }
    }

    @Test func everythingTheParserAcceptsIsInTheGrammar() throws {
        let grammar = try Self.grammar()
        let scripts = try Self.acceptedScripts()
        #expect(scripts.count > 500)
        var templateBlocks = 0
        for (name, syntax) in scripts {
            for line in syntax.lines {
                let text = syntax.source.text(line.range)
                #expect(Self.derives(grammar, "physical-line", text), "\(name) line \(line.index + 1): \(String(reflecting: text))")
            }
            for statement in syntax.statements where statement.haltError == nil {
                let rule = switch statement.kind {
                case .directive: "directive-statement"
                case .templateBlock: "template-text"
                case .invocation: "invocation-text"
                }
                if statement.kind == .templateBlock { templateBlocks += 1 }
                #expect(Self.derives(grammar, rule, statement.logicalText),
                        "\(name) line \(statement.reportedLine): \(rule) does not derive \(String(reflecting: statement.logicalText))")
            }
        }
        #expect(templateBlocks > 50)
    }
}
