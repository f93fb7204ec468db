/// A `{{ }}`, `{% %}` or `{# #}` span of a statement's logical text, found without compiling
/// anything: a span still open (as while typing) runs to the end of the text.
struct TemplateRegion: Sendable, Equatable {
    enum Kind: Sendable, Equatable { case expression, statement, comment }
    let kind: Kind
    /// The whole span, delimiters included (logical offsets).
    let range: Range<Int>
    /// Between the delimiters.
    let inner: Range<Int>

    /// The spans of `bytes`, in order.
    static func regions(in bytes: [UInt8]) -> [TemplateRegion] {
        var found: [TemplateRegion] = []
        var index = 0
        while index + 1 < bytes.count {
            guard bytes[index] == UInt8(ascii: "{"), let kind = kind(opening: bytes[index + 1]) else {
                index += 1
                continue
            }
            let innerStart = index + 2
            let closer = closing(kind)
            var position = innerStart, quote: UInt8? = nil, end: Int? = nil
            while position < bytes.count {
                let byte = bytes[position]
                if let open = quote {
                    if byte == UInt8(ascii: "\\") { position += 1 } else if byte == open { quote = nil }
                } else if kind != .comment, byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                    quote = byte
                } else if byte == closer, position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "}") {
                    end = position
                    break
                }
                position += 1
            }
            let innerEnd = min(end ?? bytes.count, bytes.count)
            let spanEnd = end.map { $0 + 2 } ?? bytes.count
            found.append(TemplateRegion(kind: kind, range: index..<spanEnd, inner: innerStart..<max(innerStart, innerEnd)))
            index = spanEnd
        }
        return found
    }

    private static func kind(opening byte: UInt8) -> Kind? {
        switch byte {
        case UInt8(ascii: "{"): return .expression
        case UInt8(ascii: "%"): return .statement
        case UInt8(ascii: "#"): return .comment
        default: return nil
        }
    }

    private static func closing(_ kind: Kind) -> UInt8 {
        switch kind {
        case .expression: return UInt8(ascii: "}")
        case .statement: return UInt8(ascii: "%")
        case .comment: return UInt8(ascii: "#")
        }
    }
}

/// A name inside a template expression or a `\setp` expression, with what it is there.
struct ExpressionName: Sendable, Equatable {
    enum Role: Sendable, Equatable {
        /// A variable or function read by name.
        case name
        /// After a dot: an attribute.
        case attribute
        /// After `|`: a filter.
        case filter
        /// After `is` (or `is not`): a test.
        case test
        /// A Jinja2 statement keyword or a Python keyword.
        case keyword
        /// Assigned here: `{% set x = %}`, `{% for x in %}`, `x = ...` in `\setp`.
        case assigned
    }
    let text: String
    let range: Range<Int>
    let role: Role

    static let jinjaKeywords: Set<String> = [
        "for", "endfor", "in", "if", "elif", "else", "endif", "set", "endset", "macro", "endmacro",
        "call", "endcall", "filter", "endfilter", "with", "endwith", "block", "endblock", "extends",
        "include", "import", "from", "as", "not", "and", "or", "is", "recursive", "raw", "endraw",
        "true", "false", "none", "True", "False", "None", "loop", "without", "context", "ignore", "missing",
        "autoescape", "endautoescape", "do", "break", "continue",
    ]
    static let pythonKeywords: Set<String> = [
        "and", "or", "not", "in", "is", "if", "else", "for", "lambda", "True", "False", "None",
    ]

    /// The names of `bytes[range]`, skipping strings and numbers.
    static func names(in bytes: [UInt8], _ range: Range<Int>, keywords: Set<String>) -> [ExpressionName] {
        var found: [ExpressionName] = []
        var index = range.lowerBound
        var previous: UInt8? = nil, previousWord: String? = nil, beforePreviousWord: String? = nil
        var first = true
        while index < range.upperBound {
            let byte = bytes[index]
            if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                index += 1
                while index < range.upperBound, bytes[index] != byte {
                    if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                    index += 1
                }
                index += 1
                previous = byte
                continue
            }
            if isIdentifierStart(byte) {
                let start = index
                while index < range.upperBound, isIdentifierByte(bytes[index]) { index += 1 }
                let text = String(decoding: bytes[start..<index], as: UTF8.self)
                let role: Role
                if previous == UInt8(ascii: ".") {
                    role = .attribute
                } else if previous == UInt8(ascii: "|") {
                    role = .filter
                } else if previousWord == "is" || (previousWord == "not" && beforePreviousWord == "is") {
                    role = keywords.contains(text) && text != "none" && text != "true" && text != "false" ? .keyword : .test
                } else if keywords.contains(text) {
                    role = .keyword
                } else if (previousWord == "set" && !first && found.last?.role == .keyword) || previousWord == "for" {
                    role = .assigned
                } else {
                    role = .name
                }
                found.append(ExpressionName(text: text, range: start..<index, role: role))
                beforePreviousWord = previousWord
                previousWord = text
                previous = UInt8(ascii: "a")
                first = false
                continue
            }
            if isDigit(byte) {
                while index < range.upperBound, isIdentifierByte(bytes[index]) || bytes[index] == UInt8(ascii: ".") { index += 1 }
                previous = UInt8(ascii: "0")
                continue
            }
            if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") && byte != UInt8(ascii: "\n") && byte != UInt8(ascii: "-") {
                previous = byte
                if byte != UInt8(ascii: ",") { previousWord = nil }
            }
            index += 1
        }
        return found
    }

    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F || byte >= 0x80
    }
    static func isIdentifierByte(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || isDigit(byte) }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
