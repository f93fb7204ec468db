/// One token of a template, as Jinja2's lexer produces it.
struct TemplateToken: Sendable {
    /// Jinja2's token type names, which its error messages use.
    enum Kind: String, Sendable {
        case data, variableBegin = "variable_begin", variableEnd = "variable_end", blockBegin = "block_begin"
        case blockEnd = "block_end", name, string, integer, float, eof
        case add, sub, div, floordiv, mul, mod, pow, tilde, lbracket, rbracket, lparen, rparen, lbrace, rbrace
        case eq, ne, gt, gteq, lt, lteq, assign, dot, colon, pipe, comma, semicolon

        /// Jinja2's `describe_token` for the type.
        var description: String {
            switch self {
            case .blockBegin: return "begin of statement block"
            case .blockEnd: return "end of statement block"
            case .variableBegin: return "begin of print statement"
            case .variableEnd: return "end of print statement"
            case .data: return "template data / text"
            case .eof: return "end of template"
            case .add: return "+"
            case .sub: return "-"
            case .div: return "/"
            case .floordiv: return "//"
            case .mul: return "*"
            case .mod: return "%"
            case .pow: return "**"
            case .tilde: return "~"
            case .lbracket: return "["
            case .rbracket: return "]"
            case .lparen: return "("
            case .rparen: return ")"
            case .lbrace: return "{"
            case .rbrace: return "}"
            case .eq: return "=="
            case .ne: return "!="
            case .gt: return ">"
            case .gteq: return ">="
            case .lt: return "<"
            case .lteq: return "<="
            case .assign: return "="
            case .dot: return "."
            case .colon: return ":"
            case .pipe: return "|"
            case .comma: return ","
            case .semicolon: return ";"
            default: return rawValue
            }
        }

        static let operators: [String: Kind] = [
            "+": .add, "-": .sub, "/": .div, "//": .floordiv, "*": .mul, "%": .mod, "**": .pow, "~": .tilde,
            "[": .lbracket, "]": .rbracket, "(": .lparen, ")": .rparen, "{": .lbrace, "}": .rbrace, "==": .eq,
            "!=": .ne, ">": .gt, ">=": .gteq, "<": .lt, "<=": .lteq, "=": .assign, ".": .dot, ":": .colon,
            "|": .pipe, ",": .comma, ";": .semicolon,
        ]
    }

    var kind: Kind
    /// The name, the unescaped string, or the template data.
    package var text: String = ""
    /// The value of a number literal.
    package var number: Value = .none
    var line: Int
    var range: SourceRange

    /// `describe_token`: a name describes itself.
    var description: String { kind == .name ? text : kind.description }

    func isName(_ name: String) -> Bool { kind == .name && text == name }
}
