/// Python's `textwrap`: the `wrap` that Jinja2's `wordwrap` filter configures, and the `fill`
/// and paragraph wrapping (the reference's `wrap_paragraphs`) that help texts go through.
enum TextWrap {
    static func chunks(_ text: String, breakOnHyphens: Bool) -> [String] {
        var result: [String] = []
        var current = ""
        var currentIsSpace = false
        for character in text {
            let isSpace = character.isWhitespace
            if !current.isEmpty && isSpace != currentIsSpace {
                result.append(current)
                current = ""
            }
            current.append(character)
            currentIsSpace = isSpace
            if breakOnHyphens && character == "-" && !isSpace && current.count > 1 {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// The lines of `text` filled to `width`; `subsequentIndent` starts every line after the
    /// first (and counts towards the width).
    static func wrap(_ text: String, width totalWidth: Int, breakLongWords: Bool, breakOnHyphens: Bool,
                     subsequentIndent: String = "") -> [String] {
        var pending = Array(chunks(text, breakOnHyphens: breakOnHyphens).reversed())
        var lines: [String] = []
        while !pending.isEmpty {
            var line: [String] = []
            var length = 0
            let width = lines.isEmpty ? totalWidth : totalWidth - subsequentIndent.count
            if let last = pending.last, last.allSatisfy(\.isWhitespace), !lines.isEmpty { pending.removeLast() }
            while let chunk = pending.last {
                if length + chunk.count <= width {
                    line.append(chunk)
                    length += chunk.count
                    pending.removeLast()
                } else {
                    break
                }
            }
            if let chunk = pending.last, chunk.count > width {
                let room = max(1, width - length)
                if breakLongWords {
                    line.append(String(chunk.prefix(room)))
                    pending[pending.count - 1] = String(chunk.dropFirst(room))
                } else if line.isEmpty {
                    line.append(chunk)
                    pending.removeLast()
                }
            }
            if let last = line.last, last.allSatisfy(\.isWhitespace) { line.removeLast() }
            if !line.isEmpty || !pending.isEmpty { lines.append((lines.isEmpty ? "" : subsequentIndent) + line.joined()) }
            if line.isEmpty && pending.isEmpty { break }
        }
        return lines
    }

    /// `textwrap.fill(text, width, break_long_words=False, break_on_hyphens=False)` with
    /// indents of one length: each white space character counts as a space.
    static func fill(_ text: String, width: Int, indent: String = "") -> String {
        let spaced = String(text.map { $0.isWhitespace ? " " : $0 })
        return wrap(spaced, width: width - indent.count, breakLongWords: false, breakOnHyphens: false)
            .map { indent + $0 }.joined(separator: "\n")
    }

    /// `wrap_paragraphs`: paragraphs (separated by blank lines) filled one by one, lines
    /// right-stripped first; a paragraph starting with `NOWRAP!` is kept as written.
    static func paragraphs(_ text: String, width: Int, indent: String = "") -> String {
        var result = ""
        for paragraph in text.components(separatedBy: "\n\n") {
            let lines = paragraph.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                var line = String(line)
                while let last = line.last, last.isWhitespace { line.removeLast() }
                return line
            }
            if paragraph.drop(while: { $0.isWhitespace }).hasPrefix("NOWRAP!") {
                let kept = lines.filter { !$0.drop(while: { $0.isWhitespace }).hasPrefix("NOWRAP!") }
                result += kept.map { indent + $0 }.joined(separator: "\n") + "\n\n"
            } else {
                result += fill(lines.joined(separator: "\n"), width: width, indent: indent) + "\n\n"
            }
        }
        while let last = result.last, last.isWhitespace { result.removeLast() }
        return result
    }
}
