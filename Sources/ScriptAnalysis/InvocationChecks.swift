import ConfigLanguage
import Templating

extension ScriptAnalysis {
    /// What the command line would refuse in an invocation whose words are known without
    /// running anything (no template, variable, home, glob or escape in it): argparse's errors
    /// and the reference's configuration checks, in their words (`dgenerate: error: ...`).
    func invocationDiagnostics() -> [Diagnostic] {
        statements.compactMap { model -> Diagnostic? in
            guard let words = staticWords(model) else { return nil }
            let message: String
            let id: String
            do throws(CommandLineParser.Failure) {
                let parsed = try CommandLineParser.full.parse(words)
                var values: [String: [String]] = [:]
                for (index, given) in parsed.values { values[CommandLineParser.full.options[index].dest] = given }
                guard let problem = ConfigurationCheck.problem(values) else { return nil }
                (message, id) = (problem, "configuration")
            } catch {
                switch error {
                case .usage(let text), .argument(let text): (message, id) = (text, "arguments")
                case .exit: return nil
                }
            }
            return Diagnostic(DiagnosticID("invocation", id), .error, range(naming: message, in: model), "dgenerate: error: " + message)
        }
    }

    /// The command-line words of an invocation when they are known without running anything:
    /// no template, variable, home directory, glob or escape in its text (quotes are fine).
    func staticWords(_ model: StatementModel) -> [String]? {
        guard model.statement.kind == .invocation, model.statement.haltError == nil else { return nil }
        let text = model.statement.logicalText
        let dynamic: Set<Character> = ["{", "}", "$", "%", "~", "*", "?", "[", "\\"]
        guard !text.contains(where: dynamic.contains) else { return nil }
        var shell = ShellWords(environment: { _ in nil }, workingDirectory: "/")
        shell.expandHome = false
        shell.expandVariables = false
        shell.expandGlob = false
        guard let words = try? shell.parse(text), !words.isEmpty else { return nil }
        return words
    }

    /// The word of the statement that the message names first (`argument -ifs/--inference-steps:
    /// ...`, `Cannot use --x with --model-type sd`), else the statement's first word.
    private func range(naming message: String, in model: StatementModel) -> SourceRange {
        let named = message.split(whereSeparator: { $0 == " " || $0 == "/" || $0 == ":" || $0 == "," }).map(String.init)
        let word = named.lazy.compactMap { name in model.words.first { $0.text == name } }.first ?? model.words.first
        return word.map { sourceRange($0.range, in: model) } ?? sourceRange(0..<model.bytes.count, in: model)
    }
}
