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
struct TailComment {
    /// The rewritten text (not yet stripped on the right unless a comment was cut).
    var text: [UInt8]
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
    static func cut(_ line: UnsafeBufferPointer<UInt8>) -> TailComment {
        var part: [UInt8] = []
        part.reserveCapacity(line.count)
        var dropped: [Int] = []
        var current: [UInt8] = []  // the open quoted string, quote included
        var quote: UInt8 = 0
        var terminatedMemo: Bool? = nil
        var state = State.awaitText
        var textStart = -1
        var index = 0
        let count = line.count

        func unchanged() -> TailComment {
            TailComment(text: Array(line), commentStart: nil, droppedBefore: [], textStart: 0)
        }

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

        func finish(cutAt: Int) -> TailComment {
            let kept = part.withUnsafeBufferPointer { PythonText.strip($0, 0..<$0.count, leading: false) }
            let text = Array(part[kept])
            if PythonText.strip(text)[...].isEmpty { return unchanged() }
            return TailComment(text: text, commentStart: cutAt, droppedBefore: dropped, textStart: max(0, textStart))
        }

        while index < count {
            if state == .endOfLine { break }
            let byte = line[index]
            switch state {
            case .string:
                if byte == hash {
                    if !closesLater(index) {
                        part += current
                        return finish(cutAt: index)
                    }
                    current.append(byte)
                } else if byte == backslash {
                    state = .stringEscape
                    current.append(byte)
                } else if byte == quote {
                    current.append(byte)
                    part += current
                    current.removeAll(keepingCapacity: true)
                    state = index == count - 1 ? .endOfLine : .textToken
                    terminatedMemo = nil
                } else {
                    current.append(byte)
                }
            case .textEscape:
                state = .textToken
                part.append(byte)
            case .stringEscape:
                state = .string
                if byte == hash && !closesLater(index) {
                    current.removeLast()  // the escaping backslash
                    dropped.append(part.count + current.count)
                }
                current.append(byte)
            case .awaitText:
                if byte == backslash {
                    state = .textEscape
                    textStart = index
                    part.append(byte)
                } else if byte == singleQuote || byte == doubleQuote {
                    quote = byte
                    textStart = index
                    current.append(byte)
                    state = .string
                } else if byte == hash {
                    // the text before the comment is empty: a comment line
                    return unchanged()
                } else {
                    let space = PythonText.spaceLength(in: line, at: index)
                    if space > 0 {
                        index += space
                        continue
                    }
                    state = .textToken
                    textStart = index
                    part.append(byte)
                }
            case .textToken:
                if byte == backslash {
                    state = .textEscape
                    if index + 1 < count && line[index + 1] == hash {
                        dropped.append(part.count)
                    } else {
                        part.append(byte)
                    }
                } else if byte == singleQuote || byte == doubleQuote {
                    quote = byte
                    current.append(byte)
                    state = .string
                } else if byte == hash {
                    return finish(cutAt: index)
                } else {
                    part.append(byte)
                }
            case .endOfLine:
                break
            }
            index += 1
        }
        if state == .string || state == .stringEscape {
            part += current
        }
        // a text token is right-stripped; the caller strips again anyway
        if PythonText.strip(part)[...].isEmpty { return unchanged() }
        return TailComment(text: part, commentStart: nil, droppedBefore: dropped, textStart: max(0, textStart))
    }
}
