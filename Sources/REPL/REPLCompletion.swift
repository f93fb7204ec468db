import ConfigLanguage
import ScriptAnalysis

/// Tab completion at the prompt, from the analysis layer the language server uses: the entry
/// typed so far is analysed after the session's earlier definitions, so that the variables the
/// session has set complete too.
public struct REPLCompletion {
    /// The statements of earlier entries that define variables, the latest for each name, in
    /// the order the names were first defined (a session that sets one name 10,000 times keeps
    /// one line).
    public var prelude: String { names.compactMap { definitions[$0] }.joined() }
    private var names: [String] = []
    private var definitions: [String: String] = [:]
    let files: DirectoryListing?

    public init(files: DirectoryListing? = nil) {
        self.files = files
    }

    /// Notes the definitions of an entry that ran.
    public mutating func remember(_ entry: String) {
        let analysis = ScriptAnalysis(text: entry)
        for definition in analysis.definitions() {
            if definitions[definition.name] == nil { names.append(definition.name) }
            definitions[definition.name] = analysis.source.text(definition.statementRange) + "\n"
        }
    }

    /// What to insert at the end of `typed` (the entry so far, up to the cursor) and, when
    /// several items complete it, their labels.
    public func answer(_ typed: String) -> (insert: String, candidates: [String]) {
        let text = prelude + typed
        let analysis = ScriptAnalysis(text: text)
        let offset = text.utf8.count
        let prefix = analysis.completionContext(at: offset).prefix
        let labels = analysis.completions(at: offset, files: files).map(\.label).filter { $0.hasPrefix(prefix) }
        guard !labels.isEmpty else { return ("", []) }
        let common = labels.dropFirst().reduce(labels[0]) { shared, label in String(zip(shared, label).prefix { $0 == $1 }.map(\.0)) }
        let insert = String(common.dropFirst(prefix.count))
        if labels.count == 1 { return (insert + (labels[0].hasSuffix("/") ? "" : " "), []) }
        return (insert, insert.isEmpty ? labels : [])
    }
}
