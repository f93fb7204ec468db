import Templating

/// The bytes of one script together with its line table.
///
/// The text is kept as raw bytes so that nothing is lost, invalid UTF-8 included; decoding
/// happens per slice with replacement characters where needed.
public struct SourceText: Sendable {
    /// Name shown in diagnostics (a path, or `<stdin>`).
    public let name: String
    /// The raw bytes.
    public let bytes: [UInt8]
    /// Byte offsets where each physical line starts (universal newlines: LF, CRLF and CR).
    public let lineTable: LineTable

    /// - Parameters:
    ///   - name: the name diagnostics show.
    ///   - bytes: the script's bytes exactly as read.
    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
        self.lineTable = LineTable(bytes)
    }

    /// - Parameters:
    ///   - name: the name diagnostics show.
    ///   - text: the script's text.
    public init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    /// The text of a range, invalid UTF-8 replaced by U+FFFD.
    public func text(_ range: SourceRange) -> String {
        let lower = min(max(0, range.lowerBound), bytes.count)
        let upper = min(max(lower, range.upperBound), bytes.count)
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }
}
