import Foundation

/// The ISO-style EBNF subset of `grammars/*.ebnf`, read so that tests can hold the parsers to
/// the grammars: `name = alternatives ;`, `,` for sequence, `|`, `{ }` repetition, `[ ]`
/// option, `( )` grouping, quoted terminals, `? special ?` classes and `(* comments *)`.
struct EBNFGrammar {
    indirect enum Expression {
        case terminal(String)
        case special(String)
        case rule(String)
        case sequence([Expression])
        case choice([Expression])
        case repetition(Expression)
        case option(Expression)
    }

    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    /// The rules by name, and the first rule's name (the start symbol).
    private(set) var rules: [String: Expression] = [:]
    private(set) var start = ""

    init(_ text: String) throws {
        var reader = Reader(tokens: try Self.tokens(text))
        while !reader.atEnd {
            let name = try reader.name()
            try reader.expect("=")
            let body = try reader.alternatives()
            try reader.expect(";")
            if rules.isEmpty { start = name }
            guard rules[name] == nil else { throw ReadError(description: "rule \(name) defined twice") }
            rules[name] = body
        }
        for (name, body) in rules {
            for reference in Self.references(body) where rules[reference] == nil {
                throw ReadError(description: "rule \(name) uses undefined \(reference)")
            }
        }
    }

    /// Every rule name an expression refers to.
    static func references(_ expression: Expression) -> [String] {
        switch expression {
        case .terminal, .special: return []
        case .rule(let name): return [name]
        case .sequence(let items), .choice(let items): return items.flatMap(references)
        case .repetition(let inner), .option(let inner): return references(inner)
        }
    }

    /// Every terminal and special the grammar uses.
    var terminals: Set<String> { Set(rules.values.flatMap { Self.leaves($0, special: false) }) }
    var specials: Set<String> { Set(rules.values.flatMap { Self.leaves($0, special: true) }) }

    private static func leaves(_ expression: Expression, special: Bool) -> [String] {
        switch expression {
        case .terminal(let text): return special ? [] : [text]
        case .special(let text): return special ? [text] : []
        case .rule: return []
        case .sequence(let items), .choice(let items): return items.flatMap { leaves($0, special: special) }
        case .repetition(let inner), .option(let inner): return leaves(inner, special: special)
        }
    }

    // MARK: - Reading

    enum Token: Equatable {
        case symbol(Character)
        case name(String)
        case terminal(String)
        case special(String)
    }

    static func tokens(_ text: String) throws -> [Token] {
        let characters = Array(text)
        var tokens: [Token] = []
        var index = 0
        func take(until end: Character) throws -> String {
            let start = index + 1
            guard let close = characters[start...].firstIndex(of: end) else {
                throw ReadError(description: "unterminated \(characters[index]) at character \(index)")
            }
            index = close + 1
            return String(characters[start..<close])
        }
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character == "(" && index + 1 < characters.count && characters[index + 1] == "*" {
                var end = index + 2
                while end + 1 < characters.count && !(characters[end] == "*" && characters[end + 1] == ")") { end += 1 }
                guard end + 1 < characters.count else { throw ReadError(description: "unterminated comment") }
                index = end + 2
            } else if character == "\"" || character == "'" {
                tokens.append(.terminal(try take(until: character)))
            } else if character == "?" {
                tokens.append(.special(try take(until: "?").trimmingCharacters(in: .whitespaces)))
            } else if character.isLetter {
                var end = index
                while end < characters.count && (characters[end].isLetter || characters[end].isNumber || characters[end] == "-") { end += 1 }
                tokens.append(.name(String(characters[index..<end])))
                index = end
            } else if "=;,|{}[]()".contains(character) {
                tokens.append(.symbol(character))
                index += 1
            } else {
                throw ReadError(description: "unexpected \(character) at character \(index)")
            }
        }
        return tokens
    }

    struct Reader {
        var tokens: [Token]
        var position = 0
        var atEnd: Bool { position >= tokens.count }

        mutating func expect(_ symbol: Character) throws {
            guard !atEnd, tokens[position] == .symbol(symbol) else {
                throw ReadError(description: "expected \(symbol) at token \(position)")
            }
            position += 1
        }

        mutating func name() throws -> String {
            guard !atEnd, case .name(let name) = tokens[position] else { throw ReadError(description: "expected a rule name at token \(position)") }
            position += 1
            return name
        }

        func isSymbol(_ symbol: Character) -> Bool { !atEnd && tokens[position] == .symbol(symbol) }

        mutating func alternatives() throws -> Expression {
            var items = [try sequence()]
            while isSymbol("|") {
                position += 1
                items.append(try sequence())
            }
            return items.count == 1 ? items[0] : .choice(items)
        }

        mutating func sequence() throws -> Expression {
            var items = [try term()]
            while isSymbol(",") {
                position += 1
                items.append(try term())
            }
            return items.count == 1 ? items[0] : .sequence(items)
        }

        mutating func term() throws -> Expression {
            guard !atEnd else { throw ReadError(description: "grammar ends inside a rule") }
            let token = tokens[position]
            position += 1
            switch token {
            case .terminal(let text): return .terminal(text)
            case .special(let text): return .special(text)
            case .name(let name): return .rule(name)
            case .symbol("{"):
                let inner = try alternatives()
                try expect("}")
                return .repetition(inner)
            case .symbol("["):
                let inner = try alternatives()
                try expect("]")
                return .option(inner)
            case .symbol("("):
                let inner = try alternatives()
                try expect(")")
                return inner
            default:
                throw ReadError(description: "unexpected \(token) at token \(position - 1)")
            }
        }
    }
}
