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
    /// The image count of every invocation whose words are known without running anything
    /// (`staticWords`) and whose command line plans.
    public func imageCounts() -> [ImageCount] {
        statements.compactMap { model -> ImageCount? in
            guard let words = staticWords(model) else { return nil }
            let parser = CommandLineParser.full
            guard let parsed = try? parser.parse(words),
                  let plan = try? RenderPlan.make(parsed, parser: parser, columns: 150, randomSeeds: true) else { return nil }
            let images = plan.steps.reduce(0) { $0 + $1.files.filter { !$0.hasSuffix(".dgen") }.count }
            let lastLine = syntax.lines[model.statement.lines.upperBound]
            return ImageCount(offset: lastLine.code.upperBound, images: images, steps: plan.count)
        }
    }
}
