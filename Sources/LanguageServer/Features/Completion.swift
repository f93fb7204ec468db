import Foundation
import ScriptAnalysis
import Templating

/// `textDocument/completion`: what the analysis layer offers at the position, each replacing
/// the word typed so far.
enum Completion {
    static func answer(_ request: FeatureRequest) -> LanguageServer.Answer {
        guard let offset = request.offset else { return .error(.invalidParams, "completion needs a position") }
        let typed = request.analysis.completionContext(at: offset).prefix
        let start = max(0, offset - typed.utf8.count)
        let range = request.positions.range(SourceRange(start, offset))
        let files = URL(string: request.document.uri).flatMap { $0.isFileURL ? FolderListing(base: $0.deletingLastPathComponent().path) : nil }
        let items = request.analysis.completions(at: offset, files: files).map { item -> JSONValue in
            .object([
                "label": .string(item.label),
                "kind": .int(kind(item.kind)),
                "detail": .string(item.detail),
                "textEdit": .object(["range": range, "newText": .string(item.label)]),
            ])
        }
        return .result(.object(["isIncomplete": .bool(false), "items": .array(items)]))
    }

    /// LSP's completion item kinds.
    static func kind(_ kind: CompletionItem.Kind) -> Int {
        switch kind {
        case .directive: return 14  // keyword
        case .option: return 10  // property
        case .value: return 12  // value
        case .variable: return 6
        case .function: return 3
        case .filter: return 2  // method
        case .test: return 2
        case .keyword: return 14
        case .file: return 17
        case .folder: return 19
        }
    }
}

/// The folders of the machine the editor (or the REPL) runs on, read (never written) for path
/// completion, relative to the script's folder.
public struct FolderListing: DirectoryListing {
    let base: String

    /// Paths are relative to `base`.
    public init(base: String) {
        self.base = base
    }

    public func entries(of folder: String) -> [DirectoryEntry] {
        let path = folder.hasPrefix("/") ? folder : base + "/" + folder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.prefix(10_000).map { name in
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isFolder)
            return DirectoryEntry(name: name, isFolder: isFolder.boolValue)
        }
    }
}
