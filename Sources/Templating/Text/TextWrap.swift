/// Python's `textwrap`: the `wrap` that Jinja2's `wordwrap` filter configures, and the `fill`
/// and paragraph wrapping (the reference's `wrap_paragraphs`) that help texts go through.
/// Lengths are in code points, as Python's `len`; words are split at ASCII white space only, as
/// textwrap splits them.
package enum TextWrap {
    /// textwrap's white space (`\t\n\v\f\r` and space).
    static func isASCIISpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || (scalar.value >= 9 && scalar.value <= 13)
    }

    /// What `TextWrapper` does to text before wrapping by default: tabs expanded to columns of
    /// 8 (`expandtabs`), then every other white space character made a space.
    package static func munged(_ text: String) -> String {
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

    /// textwrap's chunks: runs of white space and words (`wordsep_simple_re`), and with
    /// `breakOnHyphens` its `wordsep_re`, which also ends a word after a hyphen between letters
    /// (`long-` `word`) and before an em-dash (`word` `--` `next`). Slices of one array of the
    /// text's scalars: no chunk is copied.
    static func chunks(_ text: String, breakOnHyphens: Bool) -> [ArraySlice<Unicode.Scalar>] {
        let scalars = Array(text.unicodeScalars)
        var result: [ArraySlice<Unicode.Scalar>] = []
        var start = 0
        while start < scalars.count {
            let end = breakOnHyphens ? WordSeparator.matchEnd(scalars, at: start) : simpleMatchEnd(scalars, at: start)
            result.append(scalars[start..<end])
            start = end
        }
        return result
    }

    private static func simpleMatchEnd(_ s: [Unicode.Scalar], at start: Int) -> Int {
        let space = isASCIISpace(s[start])
        var end = start + 1
        while end < s.count && isASCIISpace(s[end]) == space { end += 1 }
        return end
    }

    /// `str.strip() == ''`: what textwrap drops at the ends of lines.
    private static func isBlank(_ chunk: ArraySlice<Unicode.Scalar>) -> Bool {
        chunk.allSatisfy { PythonText.isSpace($0.value) }
    }

    /// The lines of `text` filled to `width` (textwrap's `_wrap_chunks`, white space dropped at
    /// line ends); `subsequentIndent` starts every line after the first (and counts towards the width).
    /// Chunks are slices of scalars, so that cutting a long word line by line costs no copies.
    package static func wrap(_ text: String, width totalWidth: Int, breakLongWords: Bool, breakOnHyphens: Bool,
                     subsequentIndent: String = "") -> [String] {
        var pending = Array(chunks(text, breakOnHyphens: breakOnHyphens).reversed())
        var lines: [String] = []
        while !pending.isEmpty {
            var line: [ArraySlice<Unicode.Scalar>] = []
            var length = 0
            let width = lines.isEmpty ? totalWidth : totalWidth - subsequentIndent.unicodeScalars.count
            // a line after the first does not start with white space
            if let last = pending.last, isBlank(last), !lines.isEmpty { pending.removeLast() }
            while let chunk = pending.last, length + chunk.count <= width {
                line.append(chunk)
                length += chunk.count
                pending.removeLast()
            }
            if let chunk = pending.last, chunk.count > width {
                handleLongWord(&pending, &line, length: length, width: width, breakLongWords: breakLongWords, breakOnHyphens: breakOnHyphens)
            }
            if let last = line.last, isBlank(last) { line.removeLast() }
            if !line.isEmpty {
                var scalars = String.UnicodeScalarView()
                for chunk in line { scalars.append(contentsOf: chunk) }
                lines.append((lines.isEmpty ? "" : subsequentIndent) + String(scalars))
            }
        }
        return lines
    }

    /// textwrap's `_handle_long_word`: as much of a word too long for any line as fits (after
    /// its last hyphen that fits, when breaking on hyphens), or the whole word on a line of its own.
    private static func handleLongWord(_ pending: inout [ArraySlice<Unicode.Scalar>], _ line: inout [ArraySlice<Unicode.Scalar>], length: Int,
                                       width: Int, breakLongWords: Bool, breakOnHyphens: Bool) {
        let room = width < 1 ? 1 : width - length
        guard let chunk = pending.last else { return }
        if breakLongWords {
            let start = chunk.startIndex
            var end = start + min(room, chunk.count)
            if breakOnHyphens && chunk.count > room, room > 0,
               let hyphen = chunk[start..<(start + min(room, chunk.count))].lastIndex(of: "-"), hyphen > start,
               chunk[start..<hyphen].contains(where: { $0 != "-" }) {
                end = hyphen + 1
            }
            line.append(chunk[start..<end])
            pending[pending.count - 1] = chunk[end...]
        } else if line.isEmpty {
            line.append(pending.removeLast())
        }
    }

    /// `textwrap.fill(text, width, break_long_words=False, break_on_hyphens=False)` with
    /// indents of one length.
    package static func fill(_ text: String, width: Int, indent: String = "") -> String {
        wrap(munged(text), width: width - indent.unicodeScalars.count, breakLongWords: false, breakOnHyphens: false)
            .map { indent + $0 }.joined(separator: "\n")
    }

    /// `wrap_paragraphs`: paragraphs (separated by blank lines) filled one by one, lines
    /// right-stripped first; a paragraph starting with `NOWRAP!` is kept as written.
    package static func paragraphs(_ text: String, width: Int, indent: String = "") -> String {
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

/// textwrap's `wordsep_re` (the chunking with `break_on_hyphens`), matched by hand: white
/// space; an em-dash after word punctuation; or a word ending at white space, before an em-dash,
/// or after a hyphen that joins letters.
private enum WordSeparator {
    package static func isSpace(_ c: Unicode.Scalar) -> Bool { TextWrap.isASCIISpace(c) }

    /// `\w`: Python's Unicode word characters (ASCII answered without Unicode's tables, which
    /// cost most of a long text's wrapping).
    static func isWord(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return isASCIILetter(c) || isASCIIDigit(c) || c == "_" }
        return c.properties.isAlphabetic || c.properties.numericType != nil
    }

    /// `[^\d\W]`: a word character that is not a decimal digit.
    static func isLetter(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return isASCIILetter(c) || c == "_" }
        return isWord(c) && c.properties.numericType != .decimal
    }

    private static func isASCIILetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
    private static func isASCIIDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }

    /// `[\w!"'&.,?]`
    static func isWordPunctuation(_ c: Unicode.Scalar) -> Bool {
        isWord(c) || "!\"'&.,?".unicodeScalars.contains(c)
    }

    /// Whether `-{2,}\w` matches at `i`.
    static func emDashAhead(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
        var j = i
        while j < s.count && s[j] == "-" { j += 1 }
        return j - i >= 2 && j < s.count && isWord(s[j])
    }

    static func letter(_ s: [Unicode.Scalar], _ i: Int) -> Bool { i >= 0 && i < s.count && isLetter(s[i]) }

    /// The end of the match that starts at `start` (there always is one).
    static func matchEnd(_ s: [Unicode.Scalar], at start: Int) -> Int {
        if isSpace(s[start]) {
            var end = start + 1
            while end < s.count && isSpace(s[end]) { end += 1 }
            return end
        }
        if start > 0, isWordPunctuation(s[start - 1]), emDashAhead(s, start) {
            var end = start
            while s[end] == "-" { end += 1 }
            return end
        }
        // a word, as short as one of its endings allows
        var p = start + 1
        while true {
            // a hyphen after two letters (or letter-hyphen-letter), before letter[-]letter
            if p < s.count, s[p] == "-",
               (letter(s, p - 2) && letter(s, p - 1)) || (letter(s, p - 3) && s[p - 2] == "-" && letter(s, p - 1)),
               letter(s, p + 1), letter(s, p + 2) || (p + 2 < s.count && s[p + 2] == "-" && letter(s, p + 3)) {
                return p + 1
            }
            if p >= s.count || isSpace(s[p]) { return p }
            if isWordPunctuation(s[p - 1]), emDashAhead(s, p) { return p }
            p += 1
        }
    }
}
