import ConfigLanguage
import Templating

/// What is at an offset of a script.
public struct AnalysisNode: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `\set` in `\set x 1` (the name as written; `\printx` is the name `\printx`).
        case directiveName(String)
        /// `x` in `\set x 1`: the variable a directive defines.
        case variableDefinition(String)
        /// Another argument of a directive (0-based, after its name).
        case directiveArgument(directive: String, index: Int)
        /// Inside `{{ }}`.
        case templateExpression
        /// Inside `{% %}`.
        case templateStatement
        /// Inside `{# #}`.
        case templateComment
        /// A template block's literal text.
        case templateText
        /// `\setp`'s value, a Python expression.
        case setpExpression
        /// The first word of an invocation.
        case modelPath
        /// `--inference-steps` in an invocation (as written).
        case optionName(String)
        /// A value of an option (the option's first name, as the catalogue spells it, or as written when unknown).
        case optionValue(option: String)
        /// Another word of an invocation.
        case invocationWord
        /// A comment, or a tail comment.
        case comment
        /// A blank line, a version pragma, or a place outside any statement.
        case none
    }

    public let kind: Kind
    /// The word, span or line the kind describes.
    public let range: SourceRange
    /// The name under the offset inside an expression (a variable, function, filter, test or
    /// attribute), with its range.
    public let name: (text: String, range: SourceRange, role: NameRole)?

    /// What a name in an expression is.
    public enum NameRole: String, Sendable { case name, attribute, filter, test, keyword, assigned }

    public static func == (a: AnalysisNode, b: AnalysisNode) -> Bool {
        a.kind == b.kind && a.range == b.range && a.name?.text == b.name?.text && a.name?.range == b.name?.range && a.name?.role == b.name?.role
    }
}

extension ExpressionName.Role {
    var public_: AnalysisNode.NameRole {
        switch self {
        case .name: return .name
        case .attribute: return .attribute
        case .filter: return .filter
        case .test: return .test
        case .keyword: return .keyword
        case .assigned: return .assigned
        }
    }
}

extension ScriptAnalysis {
    /// The node at `offset` (a UTF-8 byte offset into the script).
    public func node(at offset: Int) -> AnalysisNode {
        let lineIndex = source.lineTable.lineIndex(of: min(max(0, offset), source.bytes.count))
        guard let (model, logical) = statement(at: offset) else {
            let line = syntax.lines.indices.contains(lineIndex) ? syntax.lines[lineIndex] : nil
            let kind: AnalysisNode.Kind = line?.role == .comment ? .comment : .none
            return AnalysisNode(kind: kind, range: line?.range ?? .at(offset), name: nil)
        }
        guard let logical else {
            // a byte the logical text does not have: a tail comment, or a continuation's joint
            let line = syntax.lines[lineIndex]
            if let comment = line.comment, offset >= comment.lowerBound { return AnalysisNode(kind: .comment, range: comment, name: nil) }
            return AnalysisNode(kind: .none, range: .at(offset), name: nil)
        }
        return node(in: model, at: logical)
    }

    func node(in model: StatementModel, at logical: Int) -> AnalysisNode {
        if let region = model.region(at: logical) {
            let kind: AnalysisNode.Kind
            switch region.kind {
            case .expression: kind = .templateExpression
            case .statement: kind = .templateStatement
            case .comment: kind = .templateComment
            }
            return AnalysisNode(kind: kind, range: sourceRange(region.range, in: model), name: name(in: model.names(in: region), at: logical, model))
        }
        switch model.statement.kind {
        case .templateBlock:
            return AnalysisNode(kind: .templateText, range: sourceRange(0..<model.bytes.count, in: model), name: nil)
        case .directive:
            return directiveNode(model, at: logical)
        case .invocation:
            return invocationNode(model, at: logical)
        }
    }

    private func directiveNode(_ model: StatementModel, at logical: Int) -> AnalysisNode {
        let directive = model.statement.directive?.dispatchedName ?? ""
        if let value = model.setpValue, logical >= value.lowerBound {
            return AnalysisNode(kind: .setpExpression, range: sourceRange(value, in: model), name: name(in: model.setpNames(), at: logical, model))
        }
        guard let index = model.wordIndex(at: logical) else {
            return AnalysisNode(kind: .directiveArgument(directive: directive, index: model.words.count - 1), range: .at(sourceRange(logical..<logical, in: model).lowerBound), name: nil)
        }
        let word = model.words[index], range = sourceRange(word.range, in: model)
        if index == 0 { return AnalysisNode(kind: .directiveName(word.text), range: range, name: nil) }
        if index == 1, model.definedName != nil { return AnalysisNode(kind: .variableDefinition(word.text), range: range, name: nil) }
        return AnalysisNode(kind: .directiveArgument(directive: directive, index: index - 1), range: range, name: nil)
    }

    private func invocationNode(_ model: StatementModel, at logical: Int) -> AnalysisNode {
        let index = model.wordIndex(at: logical)
        let range = index.map { sourceRange(model.words[$0].range, in: model) } ?? .at(sourceRange(logical..<logical, in: model).lowerBound)
        if index == 0 { return AnalysisNode(kind: .modelPath, range: range, name: nil) }
        let word = index.map { model.words[$0].text } ?? ""
        if word.hasPrefix("-"), !isNumber(word) { return AnalysisNode(kind: .optionName(word), range: range, name: nil) }
        // a value belongs to the nearest option before it that takes values
        let before = model.words.prefix { $0.range.upperBound < (index.map { model.words[$0].range.lowerBound } ?? logical + 1) }
        if let optionWord = before.last(where: { $0.text.hasPrefix("-") && !isNumber($0.text) }) {
            let option = OptionLookup.option(named: optionWord.text)
            if option?.arity != CommandOption.Arity.none {
                return AnalysisNode(kind: .optionValue(option: option.map(OptionLookup.longName) ?? optionWord.text), range: range, name: nil)
            }
        }
        return AnalysisNode(kind: .invocationWord, range: range, name: nil)
    }

    private func isNumber(_ word: String) -> Bool { Double(word) != nil }

    /// The name under (or right before) `logical`.
    func name(in names: [ExpressionName], at logical: Int, _ model: StatementModel) -> (text: String, range: SourceRange, role: AnalysisNode.NameRole)? {
        guard let found = names.first(where: { $0.range.contains(logical) }) ?? names.first(where: { $0.range.upperBound == logical }) else { return nil }
        return (found.text, sourceRange(found.range, in: model), found.role.public_)
    }
}

/// Options by any of their names, or by an unambiguous prefix of one (as argparse accepts).
enum OptionLookup {
    static let byName: [String: CommandOption] = {
        var table: [String: CommandOption] = [:]
        for option in OptionCatalogue.options { for name in option.names { table[name] = option } }
        return table
    }()

    /// The name completions and hovers use: the first `--` name.
    static func longName(_ option: CommandOption) -> String {
        option.names.first { $0.hasPrefix("--") } ?? option.names.first ?? option.dest
    }

    static func option(named written: String) -> CommandOption? {
        let name = String(written.prefix { $0 != "=" })
        if let exact = byName[name] { return exact }
        let matches = Set(byName.filter { $0.key.hasPrefix(name) && name.hasPrefix("--") }.map(\.value.dest))
        return matches.count == 1 ? matches.first.flatMap(OptionCatalogue.option(dest:)) : nil
    }
}
