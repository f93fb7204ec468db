import ConfigLanguage
import Templating

/// An entry of the document's outline.
public struct DocumentSymbol: Sendable, Equatable {
    public enum Kind: String, Sendable { case variable, templateBlock }
    public let name: String
    public let kind: Kind
    /// The whole statement.
    public let range: SourceRange
    /// The part to select: the variable's name, or the block's first line.
    public let selectionRange: SourceRange
}

/// A range of whole lines an editor may fold (0-based, both included).
public struct FoldingRange: Sendable, Equatable {
    public enum Kind: String, Sendable { case templateBlock, statement, comments }
    public let startLine: Int
    public let endLine: Int
    public let kind: Kind
}

extension ScriptAnalysis {
    /// The variables the script defines and its template blocks, in source order.
    public func symbols() -> [DocumentSymbol] {
        var found = definitions().map {
            DocumentSymbol(name: $0.name, kind: .variable, range: $0.statementRange, selectionRange: $0.range)
        }
        for model in statements where model.statement.kind == .templateBlock {
            let range = sourceRange(0..<model.bytes.count, in: model)
            let firstLine = syntax.lines[model.statement.lines.lowerBound]
            found.append(DocumentSymbol(name: source.text(firstLine.code), kind: .templateBlock, range: range, selectionRange: firstLine.code))
        }
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Template blocks and continued statements of more than one line, and runs of two or more
    /// comment lines.
    public func foldingRanges() -> [FoldingRange] {
        var found: [FoldingRange] = []
        for model in statements where model.statement.lines.count > 1 {
            let kind: FoldingRange.Kind = model.statement.kind == .templateBlock ? .templateBlock : .statement
            found.append(FoldingRange(startLine: model.statement.lines.lowerBound, endLine: model.statement.lines.upperBound, kind: kind))
        }
        var runStart: Int? = nil
        for line in syntax.lines {
            if line.role == .comment, !statements.contains(where: { $0.statement.lines.contains(line.index) }) {
                if runStart == nil { runStart = line.index }
            } else {
                if let start = runStart, line.index - 1 > start { found.append(FoldingRange(startLine: start, endLine: line.index - 1, kind: .comments)) }
                runStart = nil
            }
        }
        if let start = runStart, syntax.lines.count - 1 > start {
            found.append(FoldingRange(startLine: start, endLine: syntax.lines.count - 1, kind: .comments))
        }
        return found.sorted { $0.startLine < $1.startLine }
    }

    /// Every problem found without running the script: the parser's and the syntax checks'
    /// (templates that do not compile, `\setp` that does not parse, quotes that do not close)
    /// the command line's refusals of invocations whose words are static or rendered from
    /// values known before the script runs (`StaticEvaluation`), and names that
    /// nothing defines where a template or `\setp` reads them, in source order, each with the
    /// runtime's message.
    /// With a `cache` (kept by an editor between versions), only statements that changed are
    /// checked again.
    public func diagnostics(reusing cache: DiagnosticsCache? = nil) -> [Diagnostic] {
        let cache = cache ?? DiagnosticsCache()
        cache.beginPass()
        var found = syntax.diagnostics
        found += SyntaxChecks.diagnostics(syntax, cache: cache.syntaxChecks)
        found += invocationDiagnostics()
        found += renderedInvocationDiagnostics(cache)
        found += undefinedNameDiagnostics(cache)
        return withPlugins(found).sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// After `\import_plugins`, a directive or a processor, prompt weighter or upscaler this
    /// build does not know may come from the plugins: a warning there, not an error.
    private func withPlugins(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        guard let plugins = statements.first(where: { $0.statement.directive?.dispatchedName == "\\import_plugins" }) else { return diagnostics }
        let start = sourceRange(0..<plugins.bytes.count, in: plugins).lowerBound
        let line = plugins.statement.reportedLine
        return diagnostics.map { diagnostic in
            guard diagnostic.range.lowerBound > start, diagnostic.severity == .error, Self.mayComeFromPlugins(diagnostic) else { return diagnostic }
            return Diagnostic(diagnostic.id, .warning, diagnostic.range, diagnostic.message + " (the plugins imported on line \(line) may define it)",
                              notes: diagnostic.notes, fixIts: diagnostic.fixIts)
        }
    }

    static func mayComeFromPlugins(_ diagnostic: Diagnostic) -> Bool {
        if diagnostic.id == DiagnosticID("script", "unknown-directive") { return true }
        return diagnostic.id == DiagnosticID("invocation", "arguments")
            && ["image processor", "prompt weighter", "prompt upscaler", "latents processor"].contains { diagnostic.message.contains("Unknown \($0) implementation") }
    }
}
