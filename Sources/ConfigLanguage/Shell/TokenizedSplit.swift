import Templating

/// The reference's lexer for shell words, URIs and quoted strings (`tokenized_split`): a state
/// machine over code points that splits on a separator outside quotes, with hooks that expand
/// text tokens (globbing, `~`, variables) and quoted strings. Ported state for state, because
/// the words it produces, including its odd corners, are part of the language.
struct TokenizedSplit {
    struct SyntaxError: Error {
        let message: String
    }

    /// A text token's expansion: one word, or the words a glob produced.
    enum Expansion {
        case word(String)
        case words([String])
    }

    struct Options {
        /// nil: split on white space runs (Python's `None` separator).
        var separator: Unicode.Scalar? = nil
        var removeQuotes = false
        var strict = false
        var escapesInUnquoted = false
        var escapesInUnquotedIsEscape: (Unicode.Scalar) -> Bool = TokenizedSplit.isEscapeCode
        var escapesInUnquotedHandler: (Unicode.Scalar) -> String = TokenizedSplit.expandEscapeCode
        var escapesInQuoted = false
        var escapesInQuotedIsEscape: (Unicode.Scalar) -> Bool = TokenizedSplit.isEscapeCode
        var escapesInQuotedHandler: (Unicode.Scalar) -> String = TokenizedSplit.expandEscapeCode
        var singleQuotesRaw = false
        var doubleQuotesRaw = false
        var processStringToken: ((String) throws(SyntaxError) -> String)? = nil
        var stringExpander: (Unicode.Scalar, String) -> String = { $1 }
        var textExpander: (String) throws(SyntaxError) -> Expansion = { .word($0) }
        var removeStraySeparators = false
        var escapableSeparator = false
        var allowUnterminatedStrings = false
        var firstStringHalts = false
    }

    static func isEscapeCode(_ code: Unicode.Scalar) -> Bool {
        ["n", "r", "t", "b", "f", "\\"].contains(code)
    }

    /// Python's `unicode_escape` of `\c` for the supported codes.
    static func expandEscapeCode(_ code: Unicode.Scalar) -> String {
        switch code {
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "\\": return "\\"
        default: return "\\" + String(code)
        }
    }

    private enum State { case awaitText, textToken, textTokenStrict, textEscape, string, stringEscape, sepRequired, eol }

    /// A token; `pending` ones came from a glob and still take appended quoted text through
    /// the string processor (the reference's back expansion).
    private enum Part {
        case plain(String)
        case pending(String)
        var text: String {
            switch self {
            case .plain(let text), .pending(let text): return text
            }
        }
    }

    package static func split(_ input: String, _ options: Options) throws(SyntaxError) -> [String] {
        let string = Array(input.unicodeScalars)
        let separator = options.separator
        func isSeparator(_ c: Unicode.Scalar) -> Bool {
            // Python's `c == None` is never true: white space splits only through isspace
            separator.map { $0 == c } ?? false
        }
        func text(_ slice: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(slice)) }

        var state = State.awaitText
        var lastState = state
        func change(_ new: State) {
            lastState = state
            state = new
        }
        var parts: [Part] = []
        var currentString = ""
        var currentQuote: Unicode.Scalar = "\""
        var backExpand = 0
        var lookaheadMemo: Bool? = nil

        func appendText(_ addition: String) {
            if backExpand > 0 {
                for index in 0..<backExpand {
                    let offset = parts.count - 1 - index
                    switch parts[offset] {
                    case .pending(let base): parts[offset] = .plain(base + processBackExpansion(addition))
                    case .plain(let base): parts[offset] = .plain(base + addition)
                    }
                }
            } else if parts.isEmpty {
                parts.append(.plain(addition))
            } else {
                parts[parts.count - 1] = .plain(parts[parts.count - 1].text + addition)
            }
        }

        func processBackExpansion(_ token: String) -> String {
            let quote = token.unicodeScalars.first ?? "\""
            let expanded = options.stringExpander(quote, token)
            return (try? options.processStringToken?(expanded)) ?? expanded
        }

        func hasUnescapedQuotes<Body: Sequence<Unicode.Scalar>>(_ body: Body, double: Bool, single: Bool) -> Bool {
            // a quote preceded by an even number of backslashes
            var backslashes = 0
            for c in body {
                if c == "\\" {
                    backslashes += 1
                    continue
                }
                if backslashes % 2 == 0 && ((double && c == "\"") || (single && c == "'")) { return true }
                backslashes = 0
            }
            return false
        }

        func postProcess(_ token: String) throws(SyntaxError) -> String {
            let scalars = token.unicodeScalars
            guard let process = options.processStringToken, scalars.count > 1,
                  let first = scalars.first, let last = scalars.last,
                  (first == "'" && last == "'") || (first == "\"" && last == "\"") else { return token }
            if hasUnescapedQuotes(scalars.dropFirst().dropLast(), double: first == "\"", single: first == "'") {
                return token
            }
            return try process(token)
        }

        func rstrip(_ token: String) -> String {
            var scalars = Array(token.unicodeScalars)
            while let last = scalars.last, PythonSplitting.isSpace(last) { scalars.removeLast() }
            return String(String.UnicodeScalarView(scalars))
        }

        func applyExpansion(_ expansion: Expansion) {
            switch expansion {
            case .word(let word): parts[parts.count - 1] = .plain(word)
            case .words(let words):
                guard let first = words.first else { return }
                parts[parts.count - 1] = .plain(first)
                parts += words.dropFirst().map { .plain($0) }
            }
        }

        func separateHere(_ index: Int) throws(SyntaxError) {
            if lastState != .string {
                applyExpansion(try options.textExpander(rstrip(parts[parts.count - 1].text)))
            } else {
                parts[parts.count - 1] = .plain(try postProcess(rstrip(parts[parts.count - 1].text)))
            }
            let rest = string[index...]
            let onlySeparators = rest.allSatisfy { c in separator.map { c == $0 } ?? PythonSplitting.isSpace(c) }
            if options.removeStraySeparators && onlySeparators {
                change(.eol)
            } else {
                parts.append(.plain(""))
                change(.awaitText)
            }
        }

        func lookaheadIsTerminated(_ index: Int) -> Bool {
            if let lookaheadMemo { return lookaheadMemo }
            var nested = options
            nested.firstStringHalts = true
            nested.removeQuotes = false
            nested.processStringToken = nil
            nested.stringExpander = { $1 }
            nested.textExpander = { .word($0) }
            nested.allowUnterminatedStrings = false
            let segment = String(currentQuote) + text(string[index...])
            let terminated = (try? split(segment, nested)) != nil
            lookaheadMemo = terminated
            return terminated
        }

        func syntaxError(_ message: String, _ index: Int) -> SyntaxError {
            SyntaxError(message: "\(message): '\(text(string[..<index]))[ERROR HERE>]\(text(string[index...]))'")
        }

        let quoteChars: Set<Unicode.Scalar> = ["\"", "'"]
        var index = 0
        scan: while index < string.count {
            let c = string[index]
            defer { index += 1 }
            if state == .eol { break }
            switch state {
            case .string:
                if isSeparator(c) && options.allowUnterminatedStrings {
                    if !lookaheadIsTerminated(index) {
                        appendText(currentString)
                        try separateHere(index)
                    } else {
                        currentString.unicodeScalars.append(c)
                    }
                } else if c == "\\" {
                    change(.stringEscape)
                    if !options.escapesInQuoted || (options.singleQuotesRaw && currentQuote == "'")
                        || (options.doubleQuotesRaw && currentQuote == "\"") {
                        currentString.unicodeScalars.append(c)
                    }
                } else if c == currentQuote {
                    appendText(options.stringExpander(currentQuote, currentString + (options.removeQuotes ? "" : String(c))))
                    currentString = ""
                    if index == string.count - 1 {
                        change(.eol)
                    } else {
                        change(options.strict ? .sepRequired : .textToken)
                    }
                    lookaheadMemo = nil
                    if options.firstStringHalts { break scan }
                } else {
                    currentString.unicodeScalars.append(c)
                }
            case .textEscape:
                if isSeparator(c) && !options.escapableSeparator {
                    if options.escapesInUnquoted { appendText("\\") }
                    try separateHere(index)
                    continue scan
                }
                change(options.strict ? .textTokenStrict : .textToken)
                if quoteChars.contains(c) {
                    appendText(String(c))
                } else if options.escapesInUnquotedIsEscape(c) {
                    appendText(options.escapesInUnquoted ? options.escapesInUnquotedHandler(c) : String(c))
                } else if isSeparator(c) && options.escapableSeparator {
                    appendText(String(c))
                } else if options.escapesInUnquoted {
                    appendText("\\" + String(c))
                } else {
                    appendText(String(c))
                }
            case .stringEscape:
                change(.string)
                let raw = (options.singleQuotesRaw && currentQuote == "'") || (options.doubleQuotesRaw && currentQuote == "\"")
                if quoteChars.contains(c) {
                    currentString.unicodeScalars.append(c)
                } else if options.escapesInQuotedIsEscape(c) {
                    currentString += options.escapesInQuoted && !raw ? options.escapesInQuotedHandler(c) : String(c)
                } else if options.escapesInQuoted {
                    if options.escapableSeparator && options.allowUnterminatedStrings && isSeparator(c) {
                        currentString += lookaheadIsTerminated(index) ? "\\" + String(c) : String(c)
                    } else {
                        currentString += "\\" + String(c)
                    }
                } else {
                    if options.escapableSeparator && options.allowUnterminatedStrings && isSeparator(c) {
                        if !lookaheadIsTerminated(index) {
                            if currentString.hasSuffix("\\") { currentString.removeLast() }
                        }
                        currentString.unicodeScalars.append(c)
                    } else {
                        currentString.unicodeScalars.append(c)
                    }
                }
            case .sepRequired:
                if isSeparator(c) {
                    change(.awaitText)
                    parts.append(.plain(""))
                } else if !PythonSplitting.isSpace(c) {
                    throw syntaxError("Missing separator after string", index)
                }
            case .awaitText:
                if c == "\\" {
                    change(.textEscape)
                    if !options.escapesInUnquoted { appendText(String(c)) }
                } else if quoteChars.contains(c) {
                    currentQuote = c
                    if !options.removeQuotes { currentString.unicodeScalars.append(c) }
                    change(.string)
                } else if PythonSplitting.isSpace(c) {
                    // white space before a token
                } else if isSeparator(c) {
                    if parts.isEmpty { parts += [.plain(""), .plain("")] } else { parts.append(.plain("")) }
                } else {
                    change(options.strict ? .textTokenStrict : .textToken)
                    appendText(String(c))
                }
            case .textToken, .textTokenStrict:
                if c == "\\" {
                    change(.textEscape)
                    let nextIsSeparator = index + 1 < string.count && isSeparator(string[index + 1])
                    if options.escapableSeparator {
                        if !nextIsSeparator && !options.escapesInUnquoted { appendText(String(c)) }
                    } else if !options.escapesInUnquoted {
                        appendText(String(c))
                    }
                } else if quoteChars.contains(c) {
                    if state == .textTokenStrict {
                        throw syntaxError("Cannot intermix quoted strings and text tokens", index)
                    }
                    currentQuote = c
                    if !options.removeQuotes { currentString.unicodeScalars.append(c) }
                    change(.string)
                    switch try options.textExpander(parts[parts.count - 1].text) {
                    case .word(let word):
                        parts[parts.count - 1] = .plain(word)
                    case .words(let words):
                        backExpand = words.count
                        if !words.isEmpty {
                            if options.removeQuotes {
                                parts[parts.count - 1] = .plain(words[0])
                                parts += words.dropFirst().map { .plain($0) }
                            } else {
                                parts[parts.count - 1] = .pending(words[0])
                                parts += words.dropFirst().map { .pending($0) }
                            }
                        }
                    }
                } else if isSeparator(c) {
                    if state == .textToken { backExpand = 0 }
                    try separateHere(index)
                } else {
                    appendText(String(c))
                }
            case .eol:
                break scan
            }
        }

        if state == .string || state == .stringEscape {
            if !options.allowUnterminatedStrings {
                throw syntaxError("un-terminated string: '\(currentString)'", string.count)
            }
            if parts.isEmpty {
                parts = [.plain(options.stringExpander(currentQuote, currentString))]
            } else {
                parts[parts.count - 1] = .plain(options.stringExpander(currentQuote, parts[parts.count - 1].text + currentString))
            }
        }
        if state == .textTokenStrict || state == .textToken {
            applyExpansion(try options.textExpander(rstrip(parts[parts.count - 1].text)))
        }
        if state == .textEscape && options.escapesInUnquoted {
            throw syntaxError("un-finished escape sequence: '\(currentString)'", string.count)
        }
        if state == .eol && backExpand == 0 {
            parts[parts.count - 1] = .plain(try postProcess(parts[parts.count - 1].text))
        }
        var result = parts.map(\.text)
        if options.removeStraySeparators {
            while result.last == "" { result.removeLast() }
        }
        return result
    }
}
