/// Shell-style words as dgenerate parses directive arguments and invocation lines
/// (`shell_parse`): space-separated, quotes and escapes, `~`, `$NAME ${NAME} %NAME%`, and globs.
public struct ShellWords {
    /// Environment variables for expansion.
    public var environment: (String) -> String?
    /// The directory relative globs are resolved against.
    public var workingDirectory: String
    /// The home directory for `~` (`HOME`, as Python's `expanduser`).
    public var home: String? = nil

    public var expandHome = true
    public var expandVariables = true
    public var expandGlob = true
    public var globHidden = false
    public var globRecursive = false
    /// What globs read; without it, words with `*` are left as written.
    public var files: DirectoryReader?
    /// A user's home directory for `~user` (nil: the current user's, for `~` without `HOME`);
    /// without it, only `HOME` expands.
    public var accounts: (@Sendable (String?) -> String?)? = nil

    public init(environment: @escaping (String) -> String?, workingDirectory: String, files: DirectoryReader? = nil,
                accounts: (@Sendable (String?) -> String?)? = nil) {
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.files = files
        self.accounts = accounts
    }

    public struct SyntaxError: Error, Sendable {
        public let message: String
    }

    /// The words of `line`.
    public func parse(_ line: String) throws(SyntaxError) -> [String] {
        var options = TokenizedSplit.Options()
        options.separator = " "
        options.strict = false
        options.removeStraySeparators = true
        let isEscape: (Unicode.Scalar) -> Bool = { $0 == "\\" || $0 == "%" || $0 == "$" }
        options.stringExpander = { quote, text in
            if quote == "\"" && expandVariables && (text.unicodeScalars.contains("$") || text.unicodeScalars.contains("%")) {
                return VariableExpansion.expand(text, environment)
            }
            return text
        }
        options.processStringToken = { token throws(TokenizedSplit.SyntaxError) -> String in
            try Self.unquote(token, escapesInQuoted: true, escapesInQuotedIsEscape: isEscape, escapesInQuotedHandler: { String($0) })
        }
        options.textExpander = { token throws(TokenizedSplit.SyntaxError) -> TokenizedSplit.Expansion in
            var token = token
            if expandHome && token.unicodeScalars.contains("~") {
                token = PosixPath.normalize(PosixPath.expandUser(token, home: home ?? environment("HOME"), accounts: accounts ?? { _ in nil }))
            }
            if expandVariables && (token.unicodeScalars.contains("$") || token.unicodeScalars.contains("%")) {
                token = VariableExpansion.expand(token, environment)
            }
            if expandGlob, let files, token.unicodeScalars.contains("*") {
                let matches = Glob.glob(token, in: workingDirectory, hidden: globHidden, recursive: globRecursive, files: files)
                    .map(PosixPath.normalize)
                if matches.isEmpty {
                    throw TokenizedSplit.SyntaxError(message: "glob expression \"\(token)\" returned zero files.")
                }
                return .words(matches)
            }
            guard !token.isEmpty else { return .word(token) }
            var plain = TokenizedSplit.Options()
            plain.escapesInUnquoted = true
            plain.escapesInUnquotedIsEscape = isEscape
            plain.escapesInUnquotedHandler = { String($0) }
            // the reference indexes the first word; a token that expanded to white space alone
            // has none, and it fails with Python's IndexError
            guard let first = try TokenizedSplit.split(token, plain).first else {
                throw TokenizedSplit.SyntaxError(message: "list index out of range")
            }
            return .word(first)
        }
        do {
            return try TokenizedSplit.split(line, options)
        } catch {
            throw SyntaxError(message: error.message)
        }
    }

    /// The reference's `unquote`: the first token of `text` with its quotes removed.
    static func unquote(
        _ text: String, escapesInUnquoted: Bool = false, escapesInQuoted: Bool = false,
        escapesInQuotedIsEscape: @escaping (Unicode.Scalar) -> Bool = TokenizedSplit.isEscapeCode,
        escapesInQuotedHandler: @escaping (Unicode.Scalar) -> String = TokenizedSplit.expandEscapeCode,
        strict: Bool = true
    ) throws(TokenizedSplit.SyntaxError) -> String {
        var options = TokenizedSplit.Options()
        options.escapesInQuoted = escapesInQuoted
        options.escapesInQuotedIsEscape = escapesInQuotedIsEscape
        options.escapesInQuotedHandler = escapesInQuotedHandler
        options.escapesInUnquoted = escapesInUnquoted
        options.strict = strict
        options.removeQuotes = true
        do {
            return try TokenizedSplit.split(text, options).first ?? ""
        } catch {
            if error.message.contains("Missing separator") {
                throw TokenizedSplit.SyntaxError(message: error.message.replacingOccurrences(of: "Missing separator", with: "Extraneous text"))
            }
            throw error
        }
    }
}

/// `$NAME`, `${NAME}` and `%NAME%` expansion (`shell_expandvars`): not after a backslash;
/// unset variables expand to nothing.
public enum VariableExpansion {
    static func isWord(_ c: Unicode.Scalar) -> Bool {
        if c == "_" { return true }
        switch c.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    public static func expand(_ text: String, _ environment: (String) -> String?) -> String {
        let s = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        func word(from start: Int) -> Int {
            var end = start
            while end < s.count && isWord(s[end]) { end += 1 }
            return end
        }
        func name(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(s[range])) }
        while i < s.count {
            let escaped = i > 0 && s[i - 1] == "\\"
            if !escaped && s[i] == "$" {
                let end = word(from: i + 1)
                if end > i + 1 {
                    out.append(contentsOf: (environment(name(i + 1..<end)) ?? "").unicodeScalars)
                    i = end
                    continue
                }
                if i + 1 < s.count && s[i + 1] == "{" {
                    let close = word(from: i + 2)
                    if close > i + 2 && close < s.count && s[close] == "}" {
                        out.append(contentsOf: (environment(name(i + 2..<close)) ?? "").unicodeScalars)
                        i = close + 1
                        continue
                    }
                }
            } else if !escaped && s[i] == "%" {
                let end = word(from: i + 1)
                if end > i + 1 && end < s.count && s[end] == "%" {
                    out.append(contentsOf: (environment(name(i + 1..<end)) ?? "").unicodeScalars)
                    i = end + 1
                    continue
                }
            }
            out.append(s[i])
            i += 1
        }
        return String(out)
    }
}
