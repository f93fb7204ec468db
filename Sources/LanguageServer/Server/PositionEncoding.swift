import ConfigLanguage
import Templating

/// How LSP positions count characters within a line: the client and server agree on one at
/// `initialize` (UTF-16 when the client names none). Inside, offsets are UTF-8 bytes; they are
/// converted only here.
public enum PositionEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case utf16 = "utf-16"
    case utf32 = "utf-32"

    /// The units a character takes: its UTF-8 bytes, its UTF-16 code units (two above the
    /// BMP) or one. A byte that is not UTF-8 counts as one unit of each.
    func width(_ scalar: UInt32?, bytes: Int) -> Int {
        switch self {
        case .utf8: return bytes
        case .utf16: return (scalar ?? 0) > 0xFFFF ? 2 : 1
        case .utf32: return 1
        }
    }

    /// The one to use for a client offering `offered` (in its order of preference): UTF-8 when
    /// it can, since that is what the server counts in.
    static func negotiate(_ offered: [String]?) -> PositionEncoding {
        guard let offered, !offered.isEmpty else { return .utf16 }
        if offered.contains(PositionEncoding.utf8.rawValue) { return .utf8 }
        return offered.compactMap(PositionEncoding.init(rawValue:)).first ?? .utf16
    }
}

/// A document's text with its line starts, for converting positions.
struct PositionMap {
    let bytes: [UInt8]
    let lines: LineTable
    let encoding: PositionEncoding

    init(_ bytes: [UInt8], encoding: PositionEncoding) {
        self.bytes = bytes
        self.lines = LineTable(bytes)
        self.encoding = encoding
    }

    /// The byte offset of an LSP position; a line past the end is the end of the text, a
    /// character past the end of its line is the line's end (as the LSP asks).
    func offset(line: Int, character: Int) -> Int {
        guard line >= 0 else { return 0 }
        guard line < lines.count else { return bytes.count }
        return bytes.withUnsafeBufferPointer { buffer in
            var offset = lines.lineStarts[line]
            var units = 0
            while offset < buffer.count, units < character {
                let byte = buffer[offset]
                if byte == 0x0A || byte == 0x0D { break }
                let (scalar, length) = PythonText.scalar(in: buffer, at: offset)
                let width = encoding.width(scalar, bytes: length)
                if units + width > character { break }
                units += width
                offset += length
            }
            return offset
        }
    }

    /// The LSP position of a byte offset (clamped to the text).
    func position(_ offset: Int) -> (line: Int, character: Int) {
        let offset = max(0, min(offset, bytes.count))
        let line = lines.lineIndex(of: offset)
        let units = bytes.withUnsafeBufferPointer { buffer in
            var index = lines.lineStarts[line], units = 0
            while index < offset {
                let (scalar, length) = PythonText.scalar(in: buffer, at: index)
                units += encoding.width(scalar, bytes: length)
                index += length
            }
            return units
        }
        return (line, units)
    }

    /// An LSP range object for a byte range.
    func range(_ range: SourceRange) -> JSONValue {
        let start = position(range.lowerBound), end = position(range.upperBound)
        return .object([
            "start": .object(["line": .int(start.line), "character": .int(start.character)]),
            "end": .object(["line": .int(end.line), "character": .int(end.character)]),
        ])
    }

    /// The byte offset of an LSP position object; nil when it is not one.
    func offset(_ position: JSONValue) -> Int? {
        guard let line = position["line"].int, let character = position["character"].int else { return nil }
        return offset(line: line, character: character)
    }
}
