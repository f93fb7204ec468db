import ConfigLanguage
import Templating

/// How LSP positions count characters within a line: the client and server agree on one at
/// `initialize` (UTF-16 when the client names none). Inside, offsets are UTF-8 bytes; they are
/// converted only here.
public enum PositionEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case utf16 = "utf-16"
    case utf32 = "utf-32"

    /// The units a scalar takes.
    func width(_ scalar: Unicode.Scalar) -> Int {
        switch self {
        case .utf8: return UTF8.width(scalar)
        case .utf16: return UTF16.width(scalar)
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
        var offset = lines.lineStarts[line]
        var units = 0
        while offset < bytes.count, units < character {
            let byte = bytes[offset]
            if byte == 0x0A || byte == 0x0D { break }
            let (scalar, length) = Self.scalar(bytes, at: offset)
            let width = encoding.width(scalar)
            if units + width > character { break }
            units += width
            offset += length
        }
        return offset
    }

    /// The LSP position of a byte offset (clamped to the text).
    func position(_ offset: Int) -> (line: Int, character: Int) {
        let offset = max(0, min(offset, bytes.count))
        let line = lines.lineIndex(of: offset)
        var index = lines.lineStarts[line]
        var units = 0
        while index < offset {
            let (scalar, length) = Self.scalar(bytes, at: index)
            units += encoding.width(scalar)
            index += length
        }
        return (line, units)
    }

    /// The scalar at a byte offset and its length; an invalid byte counts as U+FFFD, one byte.
    static func scalar(_ bytes: [UInt8], at offset: Int) -> (Unicode.Scalar, Int) {
        let lead = bytes[offset]
        let length = lead < 0x80 ? 1 : lead >> 5 == 0b110 ? 2 : lead >> 4 == 0b1110 ? 3 : lead >> 3 == 0b11110 ? 4 : 0
        guard length > 0, offset + length <= bytes.count else { return ("\u{FFFD}", 1) }
        var decoder = UTF8()
        var iterator = bytes[offset..<(offset + length)].makeIterator()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { return (scalar, length) }
        return ("\u{FFFD}", 1)
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
