import ConfigLanguage
import Templating

/// An edit offered at a place, with a title to show.
public struct CodeAction: Sendable, Equatable {
    public let title: String
    public let edits: [TextEdit]
}

/// Values that need quoting: unquoted words that the shell splits where one value was meant.
extension ScriptAnalysis {
    /// "Quote as one value" for an invocation's option whose value at `offset` is spread over
    /// several unquoted words: `--prompts a cat on a mat` makes five prompts, and
    /// `--output-prefix my image` leaves `image` unrecognized.
    public func quoteActions(at offset: Int) -> [CodeAction] {
        guard let (model, logical) = statement(at: offset), let logical, let run = valueRun(in: model, at: logical) else { return [] }
        let quoted = Self.quoted(run.map(\.text).joined(separator: " "))
        let range = sourceRange(run[0].range.lowerBound..<run[run.count - 1].range.upperBound, in: model)
        return [CodeAction(title: "Quote \(quoted) as one value", edits: [TextEdit(range: range, newText: quoted)])]
    }

    /// The fix of "unrecognized arguments" that follow a one-valued option's value: the value
    /// and the words after it quoted together.
    func quoteFix(for message: String, in model: StatementModel) -> FixIt? {
        guard message.hasPrefix("unrecognized arguments: ") else { return nil }
        for (index, word) in model.words.enumerated() where index + 2 < model.words.count {
            guard let option = OptionLookup.option(named: word.text), option.arity == .one, !word.text.contains("=") else { continue }
            guard let run = valueRun(in: model, at: model.words[index + 1].range.lowerBound), run.count > 1,
                  message.dropFirst("unrecognized arguments: ".count).hasPrefix(run[1].text) else { continue }
            let range = sourceRange(run[0].range.lowerBound..<run[run.count - 1].range.upperBound, in: model)
            return FixIt(range: range, replacement: Self.quoted(run.map(\.text).joined(separator: " ")))
        }
        return nil
    }

    /// The unquoted plain words from the first value of the option whose value is at
    /// `logical` up to the next option, when there are two or more and the option takes
    /// one value or prompts.
    private func valueRun(in model: StatementModel, at logical: Int) -> [StatementWord]? {
        guard model.statement.kind == .invocation, let at = model.wordIndex(at: logical),
              let optionIndex = model.words[..<at].lastIndex(where: { $0.text.hasPrefix("-") }),
              let option = OptionLookup.option(named: model.words[optionIndex].text),
              option.arity == .one || option.valueType == .mainPrompts || option.valueType == .secondaryPrompts else { return nil }
        let run = model.words[(optionIndex + 1)...].prefix { !$0.text.hasPrefix("-") }
        let plain = run.allSatisfy { word in !word.text.contains { "'\"{}$\\".contains($0) } }
        return run.count > 1 && plain ? Array(run) : nil
    }

    /// `text` in double quotes, or single ones when it holds a double quote.
    static func quoted(_ text: String) -> String {
        text.contains("\"") ? "'\(text)'" : "\"\(text)\""
    }
}
