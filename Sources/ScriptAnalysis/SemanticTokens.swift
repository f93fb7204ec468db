import ConfigLanguage
import Templating

/// A classified range, for an editor's highlighting.
public struct SemanticToken: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case directive, option, variable, function, filter, test, keyword, comment, templateDelimiter
    }
    public let range: SourceRange
    public let kind: Kind
}

extension ScriptAnalysis {
    /// The document's tokens in source order; they do not overlap.
    public func semanticTokens() -> [SemanticToken] {
        var found: [SemanticToken] = []
        for line in syntax.lines {
            if line.role == .comment || line.role == .versionPragma { found.append(SemanticToken(range: line.code, kind: .comment)) }
            if let comment = line.comment { found.append(SemanticToken(range: comment, kind: .comment)) }
        }
        for model in statements {
            found += tokens(of: model)
        }
        return found.filter { !$0.range.isEmpty }.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    private func tokens(of model: StatementModel) -> [SemanticToken] {
        var found: [SemanticToken] = []
        let outsideRegions = model.words.filter { word in !model.regions.contains { $0.range.overlaps(word.range) } }
        switch model.statement.kind {
        case .directive:
            if let name = model.words.first { found.append(SemanticToken(range: sourceRange(name.range, in: model), kind: .directive)) }
            if let defined = model.definedName, outsideRegions.contains(defined) {
                found.append(SemanticToken(range: sourceRange(defined.range, in: model), kind: .variable))
            }
        case .invocation:
            for word in outsideRegions.dropFirst() where word.text.hasPrefix("-") && Double(word.text) == nil {
                found.append(SemanticToken(range: sourceRange(word.range, in: model), kind: .option))
            }
        case .templateBlock:
            break
        }
        for region in model.regions {
            let closed = region.inner.upperBound + 2 == region.range.upperBound
            found.append(SemanticToken(range: sourceRange(region.range.lowerBound..<region.inner.lowerBound, in: model), kind: .templateDelimiter))
            if closed { found.append(SemanticToken(range: sourceRange(region.inner.upperBound..<region.range.upperBound, in: model), kind: .templateDelimiter)) }
            if region.kind == .comment {
                found.append(SemanticToken(range: sourceRange(region.inner, in: model), kind: .comment))
                continue
            }
            found += model.names(in: region).compactMap { token(for: $0, in: model) }
        }
        found += model.setpNames().compactMap { token(for: $0, in: model) }
        return found
    }

    private func token(for name: ExpressionName, in model: StatementModel) -> SemanticToken? {
        let kind: SemanticToken.Kind
        switch name.role {
        case .keyword: kind = .keyword
        case .filter: kind = .filter
        case .test: kind = .test
        case .attribute: return nil
        case .name, .assigned: kind = FunctionCatalogue.parsedSignatures[name.text] != nil ? .function : .variable
        }
        return SemanticToken(range: sourceRange(name.range, in: model), kind: kind)
    }
}
