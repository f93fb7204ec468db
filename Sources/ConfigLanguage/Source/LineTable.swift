/// Converts byte offsets to 1-based line and column numbers.
///
/// Lines end at LF, CRLF or a lone CR (the same universal newlines the reference's text-mode
/// file reading uses). Columns count Unicode scalars, so a column is what a user counts.
public struct LineTable: Sendable {
    /// Start offset of every line; the first is 0. A text ending in a newline has an empty last
    /// line that starts at its end.
    public let lineStarts: [Int]
    private let byteCount: Int

    public init(_ bytes: [UInt8]) {
        var starts = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == 0x0A {
                starts.append(index + 1)
            } else if byte == 0x0D {
                if index + 1 < count && bytes[index + 1] == 0x0A { index += 1 }
                starts.append(index + 1)
            }
            index += 1
        }
        lineStarts = starts
        byteCount = count
    }

    /// Number of lines, counting an empty last line after a final newline.
    public var count: Int { lineStarts.count }

    /// The 0-based index of the line holding `offset`.
    public func lineIndex(of offset: Int) -> Int {
        let target = min(max(0, offset), byteCount)
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= target { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// 1-based line and column (in Unicode scalars) of `offset` in `bytes`.
    public func location(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        let line = lineIndex(of: offset)
        let start = lineStarts[line]
        let end = min(max(start, offset), bytes.count)
        var scalars = 0
        for index in start..<end where bytes[index] & 0xC0 != 0x80 { scalars += 1 }
        return (line + 1, scalars + 1)
    }
}
