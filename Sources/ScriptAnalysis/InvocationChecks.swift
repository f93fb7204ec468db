import ConfigLanguage
import Templating

/// What the command line refuses in an invocation, and what to point at.
struct InvocationProblem: Sendable {
    /// `arguments`, `configuration` or `uri`.
    let id: String
    let message: String
    /// The option strings of the option whose value is at fault, when the message does not
    /// name it (a model URI's message names only the URI).
    var options: [String] = []
}

extension ScriptAnalysis {
    /// What the command line would refuse in an invocation whose words are known without
    /// running anything (no template, variable, home, glob or escape in it): argparse's errors
    /// and the reference's configuration checks, in their words (`dgenerate: error: ...`).
    func invocationDiagnostics() -> [Diagnostic] {
        statements.compactMap { model -> Diagnostic? in
            guard let words = staticWords(model), let problem = Self.invocationProblem(words) else { return nil }
            let fix = quoteFix(for: problem.message, in: model)
            return invocationDiagnostic(problem, at: range(naming: problem, in: model), fixIts: fix.map { [$0] } ?? [])
        }
    }

    /// The diagnostic of a problem the command line finds.
    func invocationDiagnostic(_ problem: InvocationProblem, at range: SourceRange, fixIts: [FixIt] = []) -> Diagnostic {
        Diagnostic(DiagnosticID("invocation", problem.id), .error, range, "dgenerate: error: " + problem.message, fixIts: fixIts)
    }

    /// The URI-valued options' destinations, in the order the command line declares them.
    static let uriOrder = CommandLineParser.full.options.map(\.dest).filter { ConceptURI.table[$0] != nil }

    /// What the command line refuses in `words`: argparse's error, a configuration check's or
    /// a model URI's, with its kind (`arguments`, `configuration`, `uri`); nil when it accepts
    /// them.
    static func invocationProblem(_ words: [String]) -> InvocationProblem? {
        do throws(CommandLineParser.Failure) {
            let parsed = try CommandLineParser.full.parse(words)
            var values: [String: [String]] = [:]
            for (index, given) in parsed.values { values[CommandLineParser.full.options[index].dest] = given }
            if let problem = ConfigurationCheck.problem(values) { return InvocationProblem(id: "configuration", message: problem) }
            // the model URIs are read next, before anything loads
            guard let problem = ConceptURI.problem(values, order: Self.uriOrder) else { return nil }
            let options = CommandLineParser.full.options.first { $0.dest == problem.destination }?.names ?? []
            return InvocationProblem(id: "uri", message: problem.message, options: options)
        } catch {
            switch error {
            case .usage(let text), .argument(let text): return InvocationProblem(id: "arguments", message: text)
            case .exit: return nil
            }
        }
    }

    /// The command-line words of an invocation when they are known without running anything:
    /// no template, variable, home directory, glob or escape in its text (quotes are fine).
    func staticWords(_ model: StatementModel) -> [String]? {
        guard model.statement.kind == .invocation, model.statement.haltError == nil else { return nil }
        return Self.staticWords(model.statement.logicalText)
    }

    /// The words of an invocation's text when they need nothing of the machine to be known.
    static func staticWords(_ text: String) -> [String]? {
        guard let words = shellWords(text) else { return nil }
        // a help invocation or a sub-command needs no model and is checked its own way when it runs
        return words.contains { $0.hasPrefix("-") && OptionLookup.option(named: $0).map { Self.ownWayOptions.contains($0.dest) } == true } ? nil : words
    }

    /// The options that make an invocation something other than a generation.
    static let ownWayOptions: Set<String> = [
        "help", "version", "sub_command", "sub_command_help", "templates_help", "directives_help", "functions_help",
        "quantizer_help", "prompt_weighter_help", "prompt_upscaler_help", "image_processor_help", "latents_processor_help",
    ]

    private static func shellWords(_ text: String) -> [String]? {
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
    /// ...`, `Cannot use --x with --model-type sd`), else the statement's first word. In a
    /// template block, the first option the message names that the block's text holds, else
    /// the block's first line.
    func range(naming problem: InvocationProblem, in model: StatementModel) -> SourceRange {
        let named = problem.options + problem.message.split(whereSeparator: { $0 == " " || $0 == "/" || $0 == ":" || $0 == "," }).map(String.init)
        if model.statement.kind == .templateBlock {
            let words = StatementWord.words(in: model.bytes, regions: model.regions)
            let option = named.lazy.filter { $0.hasPrefix("-") }.compactMap { name in words.first { $0.text == name } }.first
            let firstLine = 0..<(model.bytes.firstIndex(of: UInt8(ascii: "\n")) ?? model.bytes.count)
            return sourceRange(option?.range ?? firstLine, in: model)
        }
        let word = named.lazy.compactMap { name in model.words.first { $0.text == name } }.first ?? model.words.first
        return word.map { sourceRange($0.range, in: model) } ?? sourceRange(0..<model.bytes.count, in: model)
    }
}
