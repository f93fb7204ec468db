/// The words of a directive or invocation line as an editor sees them: split at unquoted
/// whitespace outside template spans, found without rendering or expanding anything (the
/// runtime splits the rendered text; positions are what matter here).
struct StatementWord: Sendable, Equatable {
    let text: String
    /// Logical offsets.
    let range: Range<Int>

    static func words(in bytes: [UInt8], regions: [TemplateRegion]) -> [StatementWord] {
        var found: [StatementWord] = []
        var index = 0, start: Int? = nil, quote: UInt8? = nil
        func close(_ end: Int) {
            if let begin = start { found.append(StatementWord(text: String(decoding: bytes[begin..<end], as: UTF8.self), range: begin..<end)) }
            start = nil
        }
        while index < bytes.count {
            if quote == nil, let region = regions.first(where: { $0.range.lowerBound == index }) {
                if start == nil { start = index }
                index = region.range.upperBound
                continue
            }
            let byte = bytes[index]
            if let open = quote {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == open { quote = nil }
            } else if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                close(index)
            } else {
                if start == nil { start = index }
                if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") { quote = byte }
            }
            index += 1
        }
        close(min(index, bytes.count))
        return found
    }
}
