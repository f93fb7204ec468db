/// The reference's `shell_quote`: text that shell parsing keeps as one word is returned as
/// is; otherwise it is quoted, unescaped quote characters escaped.
package enum ShellQuoting {
    package static func quote(_ text: String, double: Bool, quotes: Bool) -> String {
        var options = TokenizedSplit.Options()
        options.separator = " "
        options.removeStraySeparators = true
        if let words = try? TokenizedSplit.split(text, options), words.count <= 1 { return text }
        let quote: Character = double ? "\"" : "'"
        var escaped = ""
        var previous: Character? = nil
        for character in text {
            if character == quote && previous != "\\" { escaped.append("\\") }
            escaped.append(character)
            previous = character
        }
        return quotes ? String(quote) + escaped + String(quote) : escaped
    }
}
