/// Python's `textwrap`: the `wrap` that Jinja2's `wordwrap` filter configures, and the `fill`
/// and paragraph wrapping (the reference's `wrap_paragraphs`) that help texts go through.
/// Lengths are in code points, as Python's `len`; words are split at ASCII white space only, as
/// textwrap splits them.
enum TextWrap {
    /// textwrap's white space (`\t\n\v\f\r` and space).
    static func isASCIISpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || (scalar.value >= 9 && scalar.value <= 13)
    }

    /// What `TextWrapper` does to text before wrapping by default: tabs expanded to columns of
    /// 8 (`expandtabs`), then every other white space character made a space.
    static func munged(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var column = 0
        for scalar in text.unicodeScalars {
            if scalar == "\t" {
                let spaces = 8 - column % 8
                result.append(contentsOf: repeatElement(" ", count: spaces))
                column += spaces
            } else if scalar == "\n" || scalar == "\r" {
                result.append(" ")
                column = 0
            } else {
                result.append(isASCIISpace(scalar) ? " " : scalar)
                column += 1
            }
        }
        return String(result)
    }

    static func chunks(_ text: String, breakOnHyphens: Bool) -> [String] {
        var result: [String] = []
        var current = String.UnicodeScalarView()
        var currentIsSpace = false
        for scalar in text.unicodeScalars {
            let isSpace = isASCIISpace(scalar)
            if !current.isEmpty && isSpace != currentIsSpace {
                result.append(String(current))
                current = String.UnicodeScalarView()
            }
            current.append(scalar)
            currentIsSpace = isSpace
            if breakOnHyphens && scalar == "-" && !isSpace && current.count > 1 {
                result.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { result.append(String(current)) }
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
            let width = lines.isEmpty ? totalWidth : totalWidth - subsequentIndent.unicodeScalars.count
            if let last = pending.last, last.allSatisfy(\.isWhitespace), !lines.isEmpty { pending.removeLast() }
            while let chunk = pending.last {
                let size = chunk.unicodeScalars.count
                if length + size <= width {
                    line.append(chunk)
                    length += size
                    pending.removeLast()
                } else {
                    break
                }
            }
            if let chunk = pending.last, chunk.unicodeScalars.count > width {
                let room = max(1, width - length)
                if breakLongWords {
                    line.append(String(chunk.unicodeScalars.prefix(room)))
                    pending[pending.count - 1] = String(chunk.unicodeScalars.dropFirst(room))
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
    /// indents of one length.
    static func fill(_ text: String, width: Int, indent: String = "") -> String {
        wrap(munged(text), width: width - indent.unicodeScalars.count, breakLongWords: false, breakOnHyphens: false)
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
