import Templating

/// One physical line as the reference's line loop first sees it: located in the source, with its
/// tail comment cut and the result stripped.
struct LineAnalysis {
    let index: Int
    let start: Int
    let contentEnd: Int
    let end: Int  // after the terminator
    /// The comment-cut text (see `TailComment`), whose byte `k` comes from source offset
    /// `sourceOffset(k)`.
    let text: [UInt8]
    let textSourceStart: Int
    let dropped: [Int]
    let commentStart: Int?
    /// `line_strip` is `text[stripStart..<stripEnd]`; `line_rstrip` is `text[0..<stripEnd]`.
    let stripStart: Int
    let stripEnd: Int

    var hasTerminator: Bool { end > contentEnd }
    var strip: ArraySlice<UInt8> { text[stripStart..<stripEnd] }
    var rstrip: ArraySlice<UInt8> { text[0..<stripEnd] }

    /// Source offset of byte `k` of `text`.
    func sourceOffset(_ k: Int) -> Int {
        textSourceStart + k + droppedCount(atOrBefore: k)
    }

    /// How many dropped bytes lie at or before text offset `k` (`dropped` is ascending).
    func droppedCount(atOrBefore k: Int) -> Int {
        var low = 0
        var high = dropped.count
        while low < high {
            let mid = (low + high) / 2
            if dropped[mid] <= k { low = mid + 1 } else { high = mid }
        }
        return low
    }

    init(index: Int, start: Int, contentEnd: Int, end: Int, bytes: UnsafeBufferPointer<UInt8>) {
        self.index = index
        self.start = start
        self.contentEnd = contentEnd
        self.end = end
        let content = UnsafeBufferPointer(rebasing: bytes[start..<contentEnd])
        let cut = TailComment.cut(content)
        text = cut.text
        textSourceStart = start + cut.textStart
        dropped = cut.droppedBefore
        commentStart = cut.commentStart.map { start + $0 }
        let stripped = cut.text.withUnsafeBufferPointer { PythonText.strip($0, 0..<$0.count) }
        stripStart = stripped.lowerBound
        stripEnd = stripped.upperBound
    }

    /// Splits the source into the lines the reference iterates: LF, CRLF and CR end a line, and
    /// no empty line follows a final newline.
    /// - Parameter newlinesOnly: break lines at `\n` alone (a template block's rendered lines,
    ///   which the reference splits with `str.split('\n')`), not also at `\r` and `\r\n` as
    ///   Python reads files.
    package static func split(_ bytes: UnsafeBufferPointer<UInt8>, newlinesOnly: Bool = false) -> [(start: Int, contentEnd: Int, end: Int)] {
        var lines: [(Int, Int, Int)] = []
        lines.reserveCapacity(bytes.count / 24 + 1)
        var start = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == 0x0A {
                lines.append((start, index, index + 1))
                start = index + 1
            } else if byte == 0x0D && !newlinesOnly {
                let end = index + 1 < count && bytes[index + 1] == 0x0A ? index + 2 : index + 1
                lines.append((start, index, end))
                start = end
                index = end
                continue
            }
            index += 1
        }
        if start < count { lines.append((start, count, count)) }
        return lines
    }
}

/// A statement's logical text under construction, with its map back to the source.
struct LogicalBuilder {
    var bytes: [UInt8] = []
    var map = SourceMap()

    var isEmpty: Bool { bytes.isEmpty }

    mutating func append(_ line: LineAnalysis, _ range: Range<Int>) {
        guard !range.isEmpty else { return }
        map.add(logical: bytes.count, source: line.sourceOffset(range.lowerBound))
        var shift = line.droppedCount(atOrBefore: range.lowerBound)
        for position in line.dropped where position > range.lowerBound && position < range.upperBound {
            shift += 1
            map.add(logical: bytes.count + position - range.lowerBound, source: line.textSourceStart + position + shift)
        }
        bytes += line.text[range]
    }

    /// The raw line with a newline, as template blocks collect their lines.
    mutating func appendRaw(_ line: LineAnalysis, _ source: UnsafeBufferPointer<UInt8>) {
        map.add(logical: bytes.count, source: line.start)
        bytes += source[line.start..<line.contentEnd]
        if line.hasTerminator {
            map.add(logical: bytes.count, source: line.contentEnd)
            bytes.append(0x0A)
        }
    }

    mutating func appendSpace() {
        bytes.append(0x20)
    }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        map = SourceMap()
    }
}
