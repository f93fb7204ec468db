import ConfigLanguage

/// When a REPL entry is complete: not while its last line ends in a `\` continuation, a
/// template block is still open, or a quote of a command line is still open.
public enum EntryReader {
    /// Why an entry goes on.
    public enum State: Equatable, Sendable {
        case complete
        /// A `\` continuation or an open template block.
        case continued
        /// A quote of a command line is open: the REPL continues its line with a `\`.
        case openQuote
    }

    /// Whether `text` (the lines typed so far, joined by newlines) is a complete entry.
    public static func isComplete(_ text: String) -> Bool { state(text) == .complete }

    /// Whether `text` is complete, and if not, why.
    public static func state(_ text: String) -> State {
        let bytes = Array(text.utf8)
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D { end -= 1 }
        // a continuation: an odd run of backslashes ends the line
        var backslashes = 0
        while end - backslashes > 0, bytes[end - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 }
        if backslashes % 2 == 1 { return .continued }
        let syntax = ScriptParser.parse(SourceText(name: "<entry>", text: text))
        if syntax.diagnostics.contains(where: { $0.id.name == "unbalanced-template" && $0.message.contains("never closed") }) { return .continued }
        // (only a command line reads quotes: `\print it's` is complete)
        guard let last = syntax.statements.last, last.kind == .invocation else { return .complete }
        return SyntaxChecks.openQuote(in: last.logicalText) != nil ? .openQuote : .complete
    }
}
