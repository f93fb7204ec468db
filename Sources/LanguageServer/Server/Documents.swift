import ConfigLanguage
import ScriptAnalysis
import Templating

/// One open document: an immutable snapshot of its text at a version, analysed once.
final class DocumentSnapshot: @unchecked Sendable {
    let uri: String
    let version: Int
    let bytes: [UInt8]
    let positions: PositionMap
    /// The analysis, made on first use and kept with the snapshot.
    private(set) lazy var analysis = ScriptAnalysis(syntax: ScriptParser.parse(SourceText(name: uri, bytes: bytes)))

    init(uri: String, version: Int, bytes: [UInt8], encoding: PositionEncoding) {
        self.uri = uri
        self.version = version
        self.bytes = bytes
        self.positions = PositionMap(bytes, encoding: encoding)
    }

    /// The snapshot after `changes` (`textDocument/didChange`'s content changes, in order):
    /// whole-text changes, or ranges replaced. Nil when a change is not one.
    func applying(_ changes: [JSONValue], version: Int) -> DocumentSnapshot? {
        var bytes = self.bytes
        for change in changes {
            guard let text = change["text"].string else { return nil }
            if change["range"].isNull {
                bytes = Array(text.utf8)
                continue
            }
            let map = PositionMap(bytes, encoding: positions.encoding)
            guard let start = map.offset(change["range"]["start"]), let end = map.offset(change["range"]["end"]) else { return nil }
            let lower = min(start, end), upper = max(start, end)
            bytes.replaceSubrange(lower..<upper, with: Array(text.utf8))
        }
        return DocumentSnapshot(uri: uri, version: version, bytes: bytes, encoding: positions.encoding)
    }
}
