import ConfigLanguage
import Templating

/// Answers questions about one snapshot of a script at a UTF-8 offset: the node there, what
/// completes there, what documents it, where a variable is defined and used, the document's
/// symbols, tokens and folding ranges, and its static diagnostics. It parses once, runs
/// nothing and speaks no protocol: `--check`, the language server and the REPL sit on it.
public struct ScriptAnalysis: Sendable {
    /// The parsed script.
    public let syntax: ScriptSyntax
    let statements: [StatementModel]

    public init(text: String, name: String = "<script>") {
        self.init(syntax: ScriptParser.parse(SourceText(name: name, text: text)))
    }

    public init(syntax: ScriptSyntax) {
        self.syntax = syntax
        statements = syntax.statements.enumerated().map { StatementModel(index: $0.offset, statement: $0.element) }
    }

    public var source: SourceText { syntax.source }

    /// The statement whose lines hold `offset`, with `offset` in its logical text (nil when the
    /// byte there is not part of it, such as a tail comment).
    func statement(at offset: Int) -> (model: StatementModel, logical: Int?)? {
        let line = source.lineTable.lineIndex(of: min(max(0, offset), source.bytes.count))
        guard let model = statements.first(where: { $0.statement.lines.contains(line) }) else { return nil }
        return (model, model.statement.sourceMap.logicalOffset(ofSource: offset, length: model.bytes.count))
    }

    /// The source range of a logical range of a statement.
    func sourceRange(_ range: Range<Int>, in model: StatementModel) -> SourceRange {
        let map = model.statement.sourceMap
        let start = map.sourceOffset(range.lowerBound)
        let end = range.isEmpty ? start : map.sourceOffset(range.upperBound - 1) + 1
        return SourceRange(start, max(start, end))
    }
}

/// One statement, scanned for what an editor asks about.
struct StatementModel: Sendable {
    let index: Int
    let statement: Statement
    let bytes: [UInt8]
    let regions: [TemplateRegion]
    let words: [StatementWord]
    /// `\set x ...` and the other directives whose first argument names a variable they define.
    let definedName: StatementWord?
    /// `\setp`'s value: a Python expression (logical offsets).
    let setpValue: Range<Int>?
    /// The variables the statement defines: a defining directive's name or an `\import`'s,
    /// or those of the directive lines inside a template block; nil when one is only known
    /// when it runs (a name written as a template, plugins that bring their own functions).
    let definedNames: [String]?

    /// The directives whose first argument is the name of a template variable they define.
    static let definingDirectives: Set<String> = ["\\set", "\\sete", "\\setp", "\\gen_seeds", "\\download"]

    init(index: Int, statement: Statement) {
        self.index = index
        self.statement = statement
        bytes = Array(statement.logicalText.utf8)
        regions = TemplateRegion.regions(in: bytes)
        words = statement.kind == .templateBlock ? [] : StatementWord.words(in: bytes, regions: regions)
        let directive = statement.directive?.dispatchedName
        if let directive, Self.definingDirectives.contains(directive), words.count > 1 {
            definedName = words[1]
        } else {
            definedName = nil
        }
        if directive == "\\setp", words.count > 2 {
            setpValue = words[2].range.lowerBound..<bytes.count
        } else {
            setpValue = nil
        }
        definedNames = statement.kind == .templateBlock
            ? Self.definedNames(inLines: statement.logicalText)
            : Self.definedNames(directive, words.map(\.text))
    }

    static func definedNames(inLines text: String) -> [String]? {
        var names: [String] = []
        // (bytes: the lines of a block are many, and most are not directives)
        for line in text.utf8.split(separator: UInt8(ascii: "\n")) where line.contains(UInt8(ascii: "\\")) {
            let words = line.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }).map { String(decoding: $0, as: UTF8.self) }
            guard let found = definedNames(words.first, words) else { return nil }
            names += found
        }
        return names
    }

    /// What a directive line whose words are `words` defines.
    static func definedNames(_ directive: String?, _ words: [String]) -> [String]? {
        guard let directive, directive.hasPrefix("\\"), words.count > 1 else { return directive == "\\import_plugins" ? nil : [] }
        switch directive {
        case "\\import_plugins": return nil
        case "\\import": return [words.count > 3 && words[2] == "as" ? words[3] : String(words[1].prefix { $0 != "." })]
        default:
            guard definingDirectives.contains(directive) else { return [] }
            return words[1].contains("{") ? nil : [words[1]]
        }
    }

    /// The index of the word holding `logical`, or ending right at it (a cursor after a word).
    func wordIndex(at logical: Int) -> Int? {
        words.firstIndex { $0.range.contains(logical) } ?? words.firstIndex { $0.range.upperBound == logical }
    }

    /// The template span holding `logical` (its end counts, for a cursor still typing in it).
    func region(at logical: Int) -> TemplateRegion? {
        regions.first { $0.inner.contains(logical) || $0.inner.upperBound == logical }
    }

    /// The names in a template span or the `\setp` value.
    func names(in region: TemplateRegion) -> [ExpressionName] {
        region.kind == .comment ? [] : ExpressionName.names(in: bytes, region.inner, keywords: ExpressionName.jinjaKeywords)
    }

    func setpNames() -> [ExpressionName] {
        guard let value = setpValue else { return [] }
        // template spans inside the value are rendered first; their names are found as template names
        var names: [ExpressionName] = []
        var cursor = value.lowerBound
        for region in regions where region.range.lowerBound >= value.lowerBound {
            if cursor < region.range.lowerBound {
                names += ExpressionName.names(in: bytes, cursor..<region.range.lowerBound, keywords: ExpressionName.pythonKeywords)
            }
            cursor = region.range.upperBound
        }
        if cursor < value.upperBound { names += ExpressionName.names(in: bytes, cursor..<value.upperBound, keywords: ExpressionName.pythonKeywords) }
        return names
    }
}
