import ConfigLanguage
import Templating

/// What is being typed at an offset, and so what may complete it.
public enum CompletionContext: Sendable, Equatable {
    /// A directive's name (`prefix` has its backslash).
    case directiveName(prefix: String)
    /// An invocation's option name (`--inf`).
    case optionName(prefix: String)
    /// A value of `option` (its first name, as the catalogue spells it).
    case optionValue(option: String, prefix: String)
    /// A name inside `{{ }}`.
    case templateExpression(prefix: String)
    /// A name inside `{% %}`: a statement keyword first, then names.
    case templateStatement(prefix: String, atStart: Bool)
    /// A filter's name, after `|`.
    case templateFilter(prefix: String)
    /// A test's name, after `is`.
    case templateTest(prefix: String)
    /// A name inside `\setp`'s Python expression.
    case setpExpression(prefix: String)
    /// A file or folder: the model, or the value of an option that takes paths.
    case path(prefix: String)
    /// Nothing completes here.
    case none
}

extension CompletionContext {
    /// The text typed so far, which a completion replaces.
    public var prefix: String {
        switch self {
        case .directiveName(let prefix), .optionName(let prefix), .optionValue(_, let prefix), .templateExpression(let prefix),
             .templateStatement(let prefix, _), .templateFilter(let prefix), .templateTest(let prefix), .setpExpression(let prefix),
             .path(let prefix):
            return prefix
        case .none:
            return ""
        }
    }
}

/// A completion, with what it is and a line to show beside it.
public struct CompletionItem: Sendable, Equatable {
    public enum Kind: String, Sendable { case directive, option, value, variable, function, filter, test, keyword, file, folder }
    public let label: String
    public let kind: Kind
    public let detail: String

    public init(label: String, kind: Kind, detail: String) {
        self.label = label
        self.kind = kind
        self.detail = detail
    }
}

extension ScriptAnalysis {
    /// What completes at `offset`.
    public func completionContext(at offset: Int) -> CompletionContext {
        let node = node(at: offset)
        let typed = typedWord(before: offset, in: node.range)
        switch node.kind {
        case .directiveName: return .directiveName(prefix: typed)
        case .optionName: return .optionName(prefix: typed)
        case .optionValue(let option):
            if OptionLookup.option(named: option)?.takesPaths == true { return .path(prefix: typed) }
            return .optionValue(option: option, prefix: typed)
        case .modelPath: return .path(prefix: typed)
        case .templateExpression, .templateStatement, .setpExpression:
            let prefix = node.name.map { String($0.text.utf8.prefix(max(0, offset - $0.range.lowerBound))) ?? "" } ?? ""
            switch node.name?.role {
            case .filter?: return .templateFilter(prefix: prefix)
            case .test?: return .templateTest(prefix: prefix)
            case .attribute?: return .none
            default: break
            }
            if node.kind == .setpExpression { return .setpExpression(prefix: prefix) }
            if node.kind == .templateStatement {
                let opening = source.text(SourceRange(node.range.lowerBound, min(offset, source.bytes.count)))
                let words = opening.dropFirst(2).split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "\t" })
                return .templateStatement(prefix: prefix, atStart: words.count <= 1 && (words.first.map { String($0) == prefix } ?? true))
            }
            // right after `|` or `is ` with nothing typed yet
            let before = source.text(SourceRange(node.range.lowerBound, min(offset, source.bytes.count)))
            let trimmed = before.reversed().drop { $0 == " " }
            if prefix.isEmpty, trimmed.first == "|" { return .templateFilter(prefix: "") }
            if prefix.isEmpty, String(trimmed.prefix(2).reversed()) == "is" { return .templateTest(prefix: "") }
            return .templateExpression(prefix: prefix)
        default:
            return .none
        }
    }

    /// The text of the word in `range` up to `offset`.
    private func typedWord(before offset: Int, in range: SourceRange) -> String {
        guard offset >= range.lowerBound else { return "" }
        return source.text(SourceRange(range.lowerBound, min(offset, range.upperBound)))
    }

    /// The completions at `offset`, filtered by what is typed there, best first. Paths are
    /// completed from `files` (nothing without it: the analysis reads no file itself).
    public func completions(at offset: Int, files: DirectoryListing? = nil) -> [CompletionItem] {
        let items: [CompletionItem], prefix: String
        switch completionContext(at: offset) {
        case .directiveName(let typed):
            prefix = typed
            items = DirectiveCatalogue.names.map {
                CompletionItem(label: $0, kind: .directive, detail: DirectiveCatalogue.documentation[String($0.dropFirst())] ?? "")
            }
        case .optionName(let typed):
            prefix = typed
            items = OptionCatalogue.options.flatMap { option in
                option.names.map { CompletionItem(label: $0, kind: .option, detail: option.help) }
            }
        case .optionValue(let option, let typed):
            prefix = typed
            items = Self.values(of: option).map { CompletionItem(label: $0, kind: .value, detail: option) }
        case .templateExpression(let typed), .setpExpression(let typed):
            prefix = typed
            items = names(visibleAt: offset)
        case .templateStatement(let typed, let atStart):
            prefix = typed
            items = (atStart ? Self.statementKeywords.map { CompletionItem(label: $0, kind: .keyword, detail: "Jinja2 statement") } : [])
                + names(visibleAt: offset)
        case .templateFilter(let typed):
            prefix = typed
            items = TemplateEnvironmentNames.filters.map { name in
                CompletionItem(label: name, kind: .filter, detail: FunctionCatalogue.signatureByName[name] ?? TemplateBuiltinCatalogue.filters[name]?.signature ?? "filter")
            }
        case .templateTest(let typed):
            prefix = typed
            items = TemplateEnvironmentNames.tests.map { CompletionItem(label: $0, kind: .test, detail: TemplateBuiltinCatalogue.tests[$0]?.signature ?? "test") }
        case .path(let typed):
            prefix = typed
            items = files.map { Self.paths(completing: typed, from: $0) } ?? []
        case .none:
            return []
        }
        var seen: Set<String> = []
        return items.filter { $0.label.hasPrefix(prefix) && seen.insert($0.label).inserted }
    }

    /// The entries of the folder `typed` names so far that complete its last part, written as
    /// `typed` writes its folder (a quote it opens stays); a URI's settings after `;` are not paths.
    static func paths(completing typed: String, from files: DirectoryListing) -> [CompletionItem] {
        let quote = typed.first.flatMap { $0 == "\"" || $0 == "'" ? String($0) : nil } ?? ""
        let path = String(typed.dropFirst(quote.count))
        guard !path.contains(";"), !path.contains("{"), !path.contains("$") else { return [] }
        let folder = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
        let start = String(path.dropFirst(folder.count))
        return files.entries(of: folder.isEmpty ? "." : folder)
            .filter { $0.name.hasPrefix(start) && (start.hasPrefix(".") || !$0.name.hasPrefix(".")) }
            .sorted { $0.name < $1.name }
            .map { entry in
                CompletionItem(label: quote + folder + entry.name + (entry.isFolder ? "/" : ""), kind: entry.isFolder ? .folder : .file,
                               detail: entry.isFolder ? "folder" : "file")
            }
    }

    static let statementKeywords = ["for", "if", "elif", "else", "set", "macro", "call", "filter", "with", "block",
                                    "raw", "endfor", "endif", "endset", "endmacro", "endcall", "endfilter", "endwith", "endblock", "endraw"]

    /// The values an option takes, where the catalogue lists them.
    static func values(of option: String) -> [String] {
        OptionLookup.option(named: option)?.knownValues ?? []
    }

    /// Variables a template or `\setp` expression at `offset` can read: the script's own
    /// (defined by statements before it), the reserved template variables, template functions
    /// and Python's builtins.
    func names(visibleAt offset: Int) -> [CompletionItem] {
        let own = definitions().filter { $0.range.lowerBound < offset }.map {
            CompletionItem(label: $0.name, kind: .variable, detail: "defined on line \(source.lineTable.lineIndex(of: $0.range.lowerBound) + 1)")
        }
        let reserved = TemplateVariableCatalogue.all.map { CompletionItem(label: $0.name, kind: .variable, detail: $0.type) }
        let functions = zip(FunctionCatalogue.names, FunctionCatalogue.signatures).map {
            CompletionItem(label: $0, kind: .function, detail: $1)
        }
        return own.reversed() + reserved + functions
    }
}

/// The filters and tests a template can use: Jinja2's and the template functions that take
/// arguments, as the checking environment has them.
enum TemplateEnvironmentNames {
    static let filters: [String] = lists.filters
    static let tests: [String] = lists.tests
    private static let lists: (filters: [String], tests: [String]) = {
        let environment = FunctionCatalogue.compilingEnvironment()
        return (environment.filters.keys.sorted(), environment.tests.keys.sorted())
    }()
}

/// A folder's entries, for completing paths: the editor's file system, or a test's table.
public protocol DirectoryListing: Sendable {
    /// The entries of `folder` (relative to the script's folder unless absolute; `~` is not
    /// expanded); empty when it cannot be read.
    func entries(of folder: String) -> [DirectoryEntry]
}

/// A file or folder in a listing.
public struct DirectoryEntry: Sendable, Equatable {
    public let name: String
    public let isFolder: Bool

    public init(name: String, isFolder: Bool) {
        self.name = name
        self.isFolder = isFolder
    }
}
