import ConfigLanguage
import Templating

/// How many images an invocation line will write, from its render plan.
public struct ImageCount: Sendable, Equatable {
    /// Where to show it: the end of the statement's code (a source offset).
    public let offset: Int
    public let images: Int
    /// The generation steps they come from.
    public let steps: Int
}

extension ScriptAnalysis {
    /// The image count of every invocation whose words are known without running anything (no
    /// template, variable, quote or glob in them) and whose command line plans.
    public func imageCounts() -> [ImageCount] {
        statements.compactMap { model -> ImageCount? in
            guard model.statement.kind == .invocation, model.statement.haltError == nil else { return nil }
            let words = model.words.map(\.text)
            let dynamic: Set<Character> = ["{", "}", "$", "'", "\"", "*", "?", "[", "~", "\\"]
            guard !words.isEmpty, !words.contains(where: { $0.contains(where: dynamic.contains) }) else { return nil }
            let parser = CommandLineParser.full
            guard let parsed = try? parser.parse(words),
                  let plan = try? RenderPlan.make(parsed, parser: parser, columns: 150, randomSeeds: true) else { return nil }
            let images = plan.steps.reduce(0) { $0 + $1.files.filter { !$0.hasSuffix(".dgen") }.count }
            let lastLine = syntax.lines[model.statement.lines.upperBound]
            return ImageCount(offset: lastLine.code.upperBound, images: images, steps: plan.count)
        }
    }
}
