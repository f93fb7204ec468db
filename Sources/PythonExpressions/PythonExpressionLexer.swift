import BigInt
import Templating

/// Tokens of the Python expression subset `\setp` evaluates.
package struct PythonToken: Equatable {
    /// `failure`: a token Python's tokenizer refuses only when the parser asks for it (a
    /// backslash not ending a line); its text is the message, and no tokens follow it.
    package enum Kind: Equatable { case name, number, string, bytes, op, newline, end, failure }
    package var kind: Kind
    package var text: String
    /// For numbers and strings: the literal's value.
    var value: LiteralValue? = nil
    var offset: Int
    /// An f-string with a replacement field: the reference's evaluator refuses it when it
    /// evaluates it (`FormattedValue not supported`).
    var formatted = false
    /// How many brackets are open after this token (CPython's token level).
    var level = 0
    /// An f-string whose replacement fields are not valid: Python raises this when its parser
    /// reaches the string, after any syntax error before it.
    var fieldError: PythonSyntaxError? = nil
}

enum LiteralValue: Equatable {
    case int(BigInt)
    case float(Double)
    case imaginary(Double)
    case string(String)
}

/// A program the evaluator will not run: Python's syntax error, as `ast.parse` words it, or a
/// construct the reference's evaluator rejects (`NotImplementedError`).
package struct PythonSyntaxError: Error, Equatable {
    package var message: String
    package var kind = "SyntaxError"

    init(message: String) {
        self.message = message
    }

    static func notImplemented(_ message: String) -> PythonSyntaxError {
        var error = PythonSyntaxError(message: message)
        error.kind = "NotImplementedError"
        return error
    }
}

package enum PythonExpressionLexer {
    static let operators = [
        "**=", "//=", ">>=", "<<=", "...", "!=", "==", "<=", ">=", "**", "//", "<<", ">>", "->", ":=",
        "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=",
        "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "=",
    ]

    /// The operators as code points, longest first (built once).
    static let operatorScalars: [(String, [Unicode.Scalar])] = operators.map { ($0, Array($0.unicodeScalars)) }

    package static func tokenize(_ source: String) throws(PythonSyntaxError) -> [PythonToken] {
        let s = Array(source.unicodeScalars)
        var tokens: [PythonToken] = []
        var i = 0
        var depth = 0
        var openBrackets: [Unicode.Scalar] = []
        func text(_ a: Int, _ b: Int) -> String { String(String.UnicodeScalarView(s[a..<b])) }
        while i < s.count {
            let c = s[i]
            if c == " " || c == "\t" || c == "\u{0C}" { i += 1; continue }
            if c == "\\" {
                guard i + 1 < s.count, s[i + 1] == "\n" else {
                    let message = i + 1 < s.count ? "unexpected character after line continuation character" : "unexpected EOF while parsing"
                    tokens.append(PythonToken(kind: .failure, text: message, offset: i, level: depth))
                    tokens.append(PythonToken(kind: .end, text: "", offset: s.count))
                    return tokens
                }
                i += 2
                continue
            }
            if c == "#" {
                while i < s.count && s[i] != "\n" { i += 1 }
                continue
            }
            if c == "\n" || c == "\r" {
                if depth == 0 { tokens.append(PythonToken(kind: .newline, text: "\n", offset: i)) }
                i += 1
                continue
            }
            // strings, with prefixes
            var prefixEnd = i
            while prefixEnd < s.count && prefixEnd - i < 2 && "rRbBuUfF".unicodeScalars.contains(s[prefixEnd]) { prefixEnd += 1 }
            if prefixEnd < s.count && (s[prefixEnd] == "'" || s[prefixEnd] == "\"") {
                let prefix = text(i, prefixEnd).lowercased()
                let isBytes = prefix.contains("b"), isRaw = prefix.contains("r"), isFormatted = prefix.contains("f")
                if isBytes && isFormatted { throw PythonSyntaxError(message: "invalid syntax") }
                let quote = s[prefixEnd]
                var j = prefixEnd
                let triple = j + 2 < s.count && s[j + 1] == quote && s[j + 2] == quote
                j += triple ? 3 : 1
                var body = String.UnicodeScalarView()
                let bodyStart = j
                var closed = false
                while j < s.count {
                    if s[j] == "\\" && j + 1 < s.count {
                        if isRaw {
                            body.append(s[j]); body.append(s[j + 1]); j += 2; continue
                        }
                        j += 1
                        let e = s[j]
                        j += 1
                        switch e {
                        case "n": body.append("\n")
                        case "t": body.append("\t")
                        case "r": body.append("\r")
                        case "0": body.append("\0")
                        case "a": body.append("\u{07}")
                        case "b": body.append("\u{08}")
                        case "f": body.append("\u{0C}")
                        case "v": body.append("\u{0B}")
                        case "\\", "'", "\"": body.append(e)
                        case "\n": break
                        case "N" where !isBytes:
                            // \N{NAME}: the character of that Unicode name
                            let escapeStart = j - 2 - bodyStart
                            guard j < s.count, s[j] == "{", let close = s[j...].firstIndex(of: "}"),
                                  let scalar = UnicodeNames.scalar(named: text(j + 1, close)) else {
                                let end = s[j...].firstIndex(of: "}").map { $0 - bodyStart } ?? (s.count - bodyStart - 1)
                                throw PythonSyntaxError(message: "(unicode error) 'unicodeescape' codec can't decode bytes in position \(escapeStart)-\(end): unknown Unicode character name")
                            }
                            body.append(scalar)
                            j = close + 1
                        case "x", "u", "U":
                            if isBytes && e != "x" { body.append("\\"); body.append(e); continue }
                            let count = e == "x" ? 2 : (e == "u" ? 4 : 8)
                            guard j + count <= s.count, let code = UInt32(text(j, j + count), radix: 16),
                                  let scalar = Unicode.Scalar(code) else {
                                throw PythonSyntaxError(message: "(unicode error) 'unicodeescape' codec can't decode bytes: truncated escape")
                            }
                            body.append(scalar)
                            j += count
                        default:
                            body.append("\\"); body.append(e)
                        }
                        continue
                    }
                    if s[j] == quote {
                        if !triple { closed = true; j += 1; break }
                        if j + 2 < s.count && s[j + 1] == quote && s[j + 2] == quote { closed = true; j += 3; break }
                    }
                    if s[j] == "\n" && !triple { break }
                    if isBytes && s[j].value > 0x7F {
                        throw PythonSyntaxError(message: "bytes can only contain ASCII literal characters")
                    }
                    body.append(s[j])
                    j += 1
                }
                guard closed else {
                    throw PythonSyntaxError(message: triple ? "unterminated triple-quoted string literal (detected at line 1)" : "unterminated string literal (detected at line 1)")
                }
                var value = String(body)
                var hasField = false
                var fieldError: PythonSyntaxError? = nil
                if isFormatted {
                    // the fields are read from the literal's source text, before escapes are applied
                    (value, hasField, fieldError) = Self.formattedText(String(body), source: text(bodyStart, j - (triple ? 3 : 1)), raw: isRaw)
                }
                if let last = tokens.last, last.kind == .string || last.kind == .bytes, case .string(let previous) = last.value {
                    tokens[tokens.count - 1].value = .string(previous + value)
                    tokens[tokens.count - 1].formatted = last.formatted || hasField
                    if (last.kind == .bytes) != isBytes {
                        // CPython reads the pieces in order: an earlier f-string's field error
                        // wins, then the mix, before this piece's own fields
                        tokens[tokens.count - 1].kind = .string
                        if last.fieldError == nil {
                            tokens[tokens.count - 1].fieldError = PythonSyntaxError(message: "cannot mix bytes and nonbytes literals")
                        }
                    } else if last.fieldError == nil {
                        tokens[tokens.count - 1].fieldError = fieldError
                    }
                } else {
                    tokens.append(PythonToken(kind: isBytes ? .bytes : .string, text: text(i, j), value: .string(value),
                                              offset: i, formatted: hasField, level: depth, fieldError: fieldError))
                }
                i = j
                continue
            }
            if c.properties.isXIDStart || c == "_" {
                var j = i + 1
                while j < s.count && (s[j].properties.isXIDContinue || s[j] == "_") { j += 1 }
                tokens.append(PythonToken(kind: .name, text: text(i, j), offset: i, level: depth))
                i = j
                continue
            }
            if ("0"..."9").contains(c) || (c == "." && i + 1 < s.count && ("0"..."9").contains(s[i + 1])) {
                var (token, end) = try number(s, i)
                token.level = depth
                tokens.append(token)
                i = end
                continue
            }
            var matched = false
            for (op, scalars) in operatorScalars {
                if i + scalars.count <= s.count && s[i..<i + scalars.count].elementsEqual(scalars) {
                    if "([{".contains(op) {
                        depth += 1
                        openBrackets.append(scalars[0])
                    }
                    if ")]}".contains(op) {
                        guard let opener = openBrackets.popLast() else { throw PythonSyntaxError(message: "unmatched '\(op)'") }
                        let expected = opener == "(" ? ")" : opener == "[" ? "]" : "}"
                        guard op == expected else {
                            throw PythonSyntaxError(message: "closing parenthesis '\(op)' does not match opening parenthesis '\(String(opener))'")
                        }
                        depth -= 1
                    }
                    tokens.append(PythonToken(kind: .op, text: op, offset: i, level: depth))
                    i += scalars.count
                    matched = true
                    break
                }
            }
            if !matched && c.isASCII && c.properties.isGraphemeBase {
                // `$`, `?`, `!` and backquote are tokens no rule accepts: a plain syntax error where the parser meets them
                tokens.append(PythonToken(kind: .op, text: String(c), offset: i, level: depth))
                i += 1
                continue
            }
            if !matched { throw PythonSyntaxError(message: "invalid character '\(String(c))' (U+\(hexCodePoint(c.value)))") }
        }
        if let unclosed = openBrackets.last {
            throw PythonSyntaxError(message: "'\(unclosed)' was never closed")
        }
        tokens.append(PythonToken(kind: .end, text: "", offset: s.count))
        return tokens
    }

    private static func number(_ s: [Unicode.Scalar], _ start: Int) throws(PythonSyntaxError) -> (PythonToken, Int) {
        var j = start
        func text(_ a: Int, _ b: Int) -> String { String(String.UnicodeScalarView(s[a..<b])) }
        func isDigit(_ c: Unicode.Scalar, _ radix: Int) -> Bool {
            switch c.value {
            case 0x30...0x39: return Int(c.value - 0x30) < radix
            case 0x61...0x66, 0x41...0x46: return radix == 16
            default: return false
            }
        }
        /// Digits from `j` on, single underscores allowed between them (and, after a base
        /// prefix, before the first), as CPython's tokenizer reads them; an underscore not
        /// followed by a digit is an invalid literal.
        func skipDigits(_ radix: Int, kind: String, underscoreFirst: Bool = false) throws(PythonSyntaxError) {
            // a decimal digit where a binary or octal one belongs is named
            func refusal() -> PythonSyntaxError {
                if radix < 10, j < s.count, isDigit(s[j], 10) {
                    return PythonSyntaxError(message: "invalid digit '\(Character(s[j]))' in \(kind) literal")
                }
                return PythonSyntaxError(message: "invalid \(kind) literal")
            }
            if underscoreFirst, j < s.count, s[j] == "_" { j += 1 }
            if underscoreFirst, !(j < s.count && isDigit(s[j], radix)) { throw refusal() }
            while true {
                while j < s.count && isDigit(s[j], radix) { j += 1 }
                guard j < s.count, s[j] == "_" else {
                    if radix < 10, j < s.count, isDigit(s[j], 10) { throw refusal() }
                    return
                }
                j += 1
                guard j < s.count, isDigit(s[j], radix) else { throw refusal() }
            }
        }
        /// The literal without its digit separators.
        func digits(_ a: Int, _ b: Int) -> String {
            s[a..<b].contains("_") ? text(a, b).replacingOccurrences(of: "_", with: "") : text(a, b)
        }
        if s[j] == "0", j + 1 < s.count, "xXoObB".unicodeScalars.contains(s[j + 1]) {
            let radix = "xX".unicodeScalars.contains(s[j + 1]) ? 16 : ("oO".unicodeScalars.contains(s[j + 1]) ? 8 : 2)
            j += 2
            let kind = radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : "binary"
            try skipDigits(radix, kind: kind, underscoreFirst: true)
            guard let value = BigInt(digits(start + 2, j), radix: radix) else { throw PythonSyntaxError(message: "invalid syntax") }
            try checkEndOfNumber(s, j, kind)
            return (PythonToken(kind: .number, text: text(start, j), value: .int(value), offset: start), j)
        }
        var isFloat = false
        try skipDigits(10, kind: "decimal")
        if j < s.count && s[j] == "." {
            isFloat = true
            j += 1
            if j < s.count && isDigit(s[j], 10) { try skipDigits(10, kind: "decimal") }
        }
        if j < s.count && (s[j] == "e" || s[j] == "E") {
            var k = j + 1
            if k < s.count && (s[k] == "+" || s[k] == "-") { k += 1 }
            if k < s.count && ("0"..."9").contains(s[k]) {
                isFloat = true
                j = k
                try skipDigits(10, kind: "decimal")
            }
        }
        let literal = digits(start, j)
        if j < s.count && (s[j] == "j" || s[j] == "J") {
            try checkEndOfNumber(s, j + 1, "imaginary")
            return (PythonToken(kind: .number, text: text(start, j + 1), value: .imaginary(Double(literal) ?? 0), offset: start), j + 1)
        }
        // CPython refuses old-style octal before it looks at what follows the digits
        if !isFloat, literal.count > 1, literal.hasPrefix("0"), literal.contains(where: { $0 != "0" }),
           !(j < s.count && "eE".unicodeScalars.contains(s[j])) {
            throw PythonSyntaxError(message: "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers")
        }
        try checkEndOfNumber(s, j, "decimal")
        if isFloat {
            return (PythonToken(kind: .number, text: text(start, j), value: .float(Double(literal) ?? .infinity), offset: start), j)
        }
        return (PythonToken(kind: .number, text: text(start, j), value: .int(BigInt(literal) ?? 0), offset: start), j)
    }
}

extension PythonExpressionLexer {
    /// Python 3.11's tokenizer: a number followed directly by a name character is an error
    /// (`1abc`: invalid decimal literal), except before the keywords it allows there (`1if`,
    /// `1in`, `1or`, ...).
    static func checkEndOfNumber(_ s: [Unicode.Scalar], _ j: Int, _ kind: String) throws(PythonSyntaxError) {
        guard j < s.count else { return }
        let c = s[j]
        let next = s[(j + 1)...].prefix(4).map(Character.init)
        func isNameCharacter(_ c: Unicode.Scalar) -> Bool {
            c.value >= 128 || c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
        }
        // a keyword counts only when no name character follows it (`1.format` is not `1. for`)
        func followedBy(_ rest: String) -> Bool {
            guard next.starts(with: Array(rest)) else { return false }
            let after = j + 1 + rest.count
            return after >= s.count || !isNameCharacter(s[after])
        }
        switch c {
        case "a" where followedBy("nd"), "e" where followedBy("lse"), "f" where followedBy("or"),
             "n" where followedBy("ot"), "o" where followedBy("r"):
            return
        case "i" where next.first == "f" || next.first == "n" || next.first == "s":
            return
        default:
            if isNameCharacter(c) { throw PythonSyntaxError(message: "invalid \(kind) literal") }
        }
    }
}

/// A code point as Python's messages write it: at least four upper-case hex digits.
func hexCodePoint(_ value: UInt32) -> String {
    let hex = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
}

extension PythonExpressionLexer {
    /// An f-string's text (`{{` and `}}` as braces), whether a replacement field (`{x}`) is in
    /// it, and the syntax error Python 3.11 raises for its fields, if any: the fields are scanned
    /// in the literal's source text (`source`) and each expression is parsed as Python parses it.
    static func formattedText(_ body: String, source: String, raw: Bool) -> (String, Bool, PythonSyntaxError?) {
        let text = body.replacingOccurrences(of: "{{", with: "{").replacingOccurrences(of: "}}", with: "}")
        var scalars = source.unicodeScalars[...]
        var hasField = false
        do throws(PythonSyntaxError) {
            while let scalar = scalars.popFirst() {
                if scalar == "\\" && !raw {
                    // an escape: `\N{NAME}` holds braces that are not a field
                    let escaped = scalars.popFirst()
                    if escaped == "N", scalars.first == "{", let close = scalars.firstIndex(of: "}") {
                        scalars = scalars[scalars.index(after: close)...]
                    }
                    continue
                }
                if scalar == "{" {
                    if scalars.first == "{" { scalars.removeFirst(); continue }
                    try skipField(&scalars)
                    hasField = true
                    continue
                }
                if scalar == "}" {
                    guard scalars.first == "}" else { throw PythonSyntaxError(message: "f-string: single '}' is not allowed") }
                    scalars.removeFirst()
                }
            }
        } catch {
            return (text, hasField, error)
        }
        return (text, hasField, nil)
    }

    /// Parses a replacement field's expression as Python 3.11 does (in parentheses): a
    /// tokenizer error as it is, a parser error with "f-string: " before it.
    static func checkFieldExpression(_ expression: String) throws(PythonSyntaxError) {
        let wrapped = "(" + expression + ")"
        _ = try tokenize(wrapped)
        do throws(PythonSyntaxError) {
            _ = try PythonExpressionParser.parse(wrapped)
        } catch {
            if error.kind == "SyntaxError" && !error.message.hasPrefix("f-string") {
                throw PythonSyntaxError(message: "f-string: " + error.message)
            }
            throw error
        }
    }

    /// Python 3.11's scan of one replacement field, after its `{`: the expression (brackets and
    /// quoted strings balanced), an optional `!x` conversion and `:spec` (which may hold fields
    /// of its own), then `}`; with 3.11's messages where the text stops short.
    static func skipField(_ scalars: inout Substring.UnicodeScalarView.SubSequence) throws(PythonSyntaxError) {
        var openers: [Unicode.Scalar] = []
        var quote: Unicode.Scalar? = nil
        var expression = 0
        let original = scalars
        let expressionStart = scalars.startIndex
        while let scalar = scalars.first {
            if scalar == "\\" { throw PythonSyntaxError(message: "f-string expression part cannot include a backslash") }
            if let open = quote {
                scalars.removeFirst()
                expression += 1
                if scalar == open { quote = nil }
                continue
            }
            if scalar == "'" || scalar == "\"" { quote = scalar; scalars.removeFirst(); expression += 1; continue }
            if scalar == "[" || scalar == "(" || scalar == "{" { openers.append(scalar); scalars.removeFirst(); expression += 1; continue }
            if scalar == "#" { throw PythonSyntaxError(message: "f-string expression part cannot include '#'") }
            if openers.isEmpty && (scalar == "!" || scalar == ":" || scalar == "}") {
                if scalar == "!", scalars.dropFirst().first == "=" { scalars.removeFirst(2); expression += 2; continue }
                break
            }
            if scalar == "]" || scalar == "}" || scalar == ")" {
                guard let opener = openers.popLast() else { throw PythonSyntaxError(message: "f-string: unmatched '\(Character(scalar))'") }
                let expected: Unicode.Scalar = opener == "(" ? ")" : opener == "[" ? "]" : "}"
                if scalar != expected {
                    throw PythonSyntaxError(message: "f-string: closing parenthesis '\(Character(scalar))' does not match opening parenthesis '\(Character(opener))'")
                }
            }
            scalars.removeFirst()
            if scalar != " " && scalar != "\t" { expression += 1 }
        }
        if quote != nil { throw PythonSyntaxError(message: "f-string: unterminated string") }
        if let opener = openers.last { throw PythonSyntaxError(message: "f-string: unmatched '\(Character(opener))'") }
        guard let stop = scalars.first else { throw PythonSyntaxError(message: "f-string: expecting '}'") }
        if expression == 0 { throw PythonSyntaxError(message: "f-string: empty expression not allowed") }
        var expressionText = String(String.UnicodeScalarView(original[expressionStart..<scalars.startIndex]))
        // `{x=}` keeps its `=` out of the expression
        while expressionText.last == " " || expressionText.last == "\t" { expressionText.removeLast() }
        if expressionText.hasSuffix("="), !["==", "!=", "<=", ">="].contains(where: { expressionText.hasSuffix($0) }) {
            expressionText.removeLast()
        }
        try checkFieldExpression(expressionText)
        if stop == "!" {
            scalars.removeFirst()
            guard let conversion = scalars.popFirst() else { throw PythonSyntaxError(message: "f-string: expecting '}'") }
            guard conversion == "r" || conversion == "s" || conversion == "a" else {
                throw PythonSyntaxError(message: "f-string: invalid conversion character: expected 's', 'r', or 'a'")
            }
        }
        if scalars.first == ":" {
            scalars.removeFirst()
            // the format spec: text with nested fields, up to the closing brace
            while let scalar = scalars.first, scalar != "}" {
                scalars.removeFirst()
                if scalar == "{" { try skipField(&scalars) }
            }
        }
        guard scalars.first == "}" else { throw PythonSyntaxError(message: "f-string: expecting '}'") }
        scalars.removeFirst()
    }
}
