import Templating

/// Tail-comment removal, as the reference applies it to every physical line before anything
/// else looks at it.
///
/// The line is lexed as text and quoted strings; the first `#` that is neither escaped (`\#`)
/// nor inside a string that closes later on the line ends the line. Lexing also rewrites a few
/// things, and the rewritten text is what the rest of the pipeline sees:
/// - leading whitespace is dropped and the text before the comment is right-stripped;
/// - inside unquoted text, the backslash of `\#` is dropped;
/// - inside a string that never closes, `\#` loses its backslash too.
/// A line whose text before the first `#` is blank is returned unchanged (it is a comment line
/// or a blank line, which the line loop handles itself).
package struct TailComment {
    /// The rewritten text (not yet stripped on the right unless a comment was cut).
    package var text: [UInt8]
    /// Offset (into the line) of the `#` that starts the tail comment, if one was cut.
    var commentStart: Int?
    /// Offsets, in `text`, before which one source byte was dropped; maps text back to source.
    var droppedBefore: [Int]
    /// Offset in the line where `text` starts (leading whitespace skipped), or 0 when the line was
    /// returned unchanged.
    var textStart: Int

    private enum State { case awaitText, textToken, textEscape, string, stringEscape, endOfLine }

    private static let hash: UInt8 = 0x23, backslash: UInt8 = 0x5C
    private static let singleQuote: UInt8 = 0x27, doubleQuote: UInt8 = 0x22

    /// Cuts the tail comment from one line (its bytes without the line terminator).
    ///
    /// The scan only records where the text starts and ends and which bytes are dropped; the
    /// text is copied once at the end.
    package static func cut(_ line: UnsafeBufferPointer<UInt8>) -> TailComment {
        let count = line.count
        var state = State.awaitText
        var textStart = -1
        var drops: [Int] = []  // line offsets of dropped bytes, ascending
        var quote: UInt8 = 0
        var terminatedMemo: Bool? = nil
        var cutAt: Int? = nil
        var index = 0

        // Whether the string open at `from` closes later on the line (escapes skip a byte).
        func closesLater(_ from: Int) -> Bool {
            if let memo = terminatedMemo { return memo }
            var position = from
            var result = false
            while position < count {
                let byte = line[position]
                if byte == backslash {
                    position += 2
                    continue
                }
                if byte == quote {
                    result = true
                    break
                }
                position += 1
            }
            terminatedMemo = result
            return result
        }

        scan: while index < count {
            let byte = line[index]
            switch state {
            case .string:
                if byte == hash {
                    if !closesLater(index) {
                        cutAt = index
                        break scan
                    }
                } else if byte == backslash {
                    state = .stringEscape
                } else if byte == quote {
                    state = index == count - 1 ? .endOfLine : .textToken
                    terminatedMemo = nil
                }
            case .textEscape:
                state = .textToken
            case .stringEscape:
                state = .string
                if byte == hash && !closesLater(index) { drops.append(index - 1) }
            case .awaitText:
                if byte == backslash {
                    state = .textEscape
                    textStart = index
                } else if byte == singleQuote || byte == doubleQuote {
                    quote = byte
                    textStart = index
                    state = .string
                } else if byte == hash {
                    // the text before the comment is empty: a comment line
                    return unchanged(line)
                } else {
                    let space = PythonText.spaceLength(in: line, at: index)
                    if space > 0 {
                        index += space
                        continue
                    }
                    state = .textToken
                    textStart = index
                }
            case .textToken:
                if byte == backslash {
                    state = .textEscape
                    if index + 1 < count && line[index + 1] == hash { drops.append(index) }
                } else if byte == singleQuote || byte == doubleQuote {
                    quote = byte
                    state = .string
                } else if byte == hash {
                    cutAt = index
                    break scan
                }
            case .endOfLine:
                break scan
            }
            index += 1
        }
        guard textStart >= 0 else { return unchanged(line) }
        var end = cutAt ?? count
        if cutAt != nil {
            // the text before a comment is right-stripped
            let kept = PythonText.strip(line, textStart..<end, leading: false)
            end = kept.upperBound
            while let last = drops.last, last >= end { drops.removeLast() }
        }
        var text: [UInt8] = []
        text.reserveCapacity(end - textStart)
        var droppedBefore: [Int] = []
        var from = textStart
        for drop in drops {
            text += line[from..<drop]
            droppedBefore.append(text.count)
            from = drop + 1
        }
        text += line[from..<end]
        let isBlank = text.withUnsafeBufferPointer { PythonText.strip($0, 0..<$0.count).isEmpty }
        if isBlank { return unchanged(line) }
        return TailComment(text: text, commentStart: cutAt, droppedBefore: droppedBefore, textStart: textStart)
    }

    private static func unchanged(_ line: UnsafeBufferPointer<UInt8>) -> TailComment {
        TailComment(text: Array(line), commentStart: nil, droppedBefore: [], textStart: 0)
    }
}
