/// Jinja2 3.1's lexer rules for the default environment, as hand-written matchers over the
/// bytes of one line. Each matcher returns the end offset of its match at `position`, or nil;
/// like Python's `re.match`, a rule only matches starting exactly at `position`.
package struct Lexer {
    package let bytes: UnsafeBufferPointer<UInt8>
    package var position = 0

    package init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    package enum RootTag { case raw, variable, comment, block }

    private func at(_ index: Int) -> UInt8? { index < bytes.count && index >= 0 ? bytes[index] : nil }
    private func isDigit(_ byte: UInt8?) -> Bool { byte.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }

    package func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    /// `(.*?)(?:raw_begin|{{|{#|{%)`: the earliest tag start, with the kind and end of the tag.
    package func findRootTag() -> (kind: RootTag, start: Int, end: Int)? {
        var index = position
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "{") {
                let next = bytes[index + 1]
                if next == UInt8(ascii: "%"), let end = matchRawBegin(at: index) { return (.raw, index, end) }
                let signEnd = { (from: Int) -> Int in
                    let sign = self.at(from)
                    return sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") ? from + 1 : from
                }
                switch next {
                case UInt8(ascii: "{"): return (.variable, index, signEnd(index + 2))
                case UInt8(ascii: "#"): return (.comment, index, signEnd(index + 2))
                case UInt8(ascii: "%"): return (.block, index, signEnd(index + 2))
                default: break
                }
            }
            index += 1
        }
        return nil
    }

    /// `{%(\-|\+|)\s*raw\s*(?:\-%}\s*|%})`
    private func matchRawBegin(at start: Int) -> Int? {
        var index = start + 2
        if at(index) == UInt8(ascii: "-") || at(index) == UInt8(ascii: "+") { index += 1 }
        index = skipSpaces(from: index)
        guard at(index) == UInt8(ascii: "r"), at(index + 1) == UInt8(ascii: "a"), at(index + 2) == UInt8(ascii: "w") else { return nil }
        index = skipSpaces(from: index + 3)
        if at(index) == UInt8(ascii: "-"), at(index + 1) == UInt8(ascii: "%"), at(index + 2) == UInt8(ascii: "}") {
            return skipSpaces(from: index + 3)
        }
        if at(index) == UInt8(ascii: "%"), at(index + 1) == UInt8(ascii: "}") { return index + 2 }
        return nil
    }

    /// `(.*?)((?:\+#}|\-#}\s*|#}))`
    package func findCommentEnd() -> Int? {
        var index = position
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+"), at(index + 1) == UInt8(ascii: "#"), at(index + 2) == UInt8(ascii: "}") { return index + 3 }
            if byte == UInt8(ascii: "-"), at(index + 1) == UInt8(ascii: "#"), at(index + 2) == UInt8(ascii: "}") {
                return skipSpaces(from: index + 3)
            }
            if byte == UInt8(ascii: "#"), at(index + 1) == UInt8(ascii: "}") { return index + 2 }
            index += 1
        }
        return nil
    }

    /// `(.*?)((?:{%(\-|\+|))\s*endraw\s*(?:\+%}|\-%}\s*|%}))`
    package func findRawEnd() -> Int? { findRawEndTag()?.end }

    /// Like `findRawEnd`, with where the end tag starts and whether it strips the data before it.
    func findRawEndTag() -> (tagStart: Int, stripBefore: Bool, end: Int)? {
        var index = position
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "{"), bytes[index + 1] == UInt8(ascii: "%") {
                var cursor = index + 2
                let strip = at(cursor) == UInt8(ascii: "-")
                if at(cursor) == UInt8(ascii: "-") || at(cursor) == UInt8(ascii: "+") { cursor += 1 }
                cursor = skipSpaces(from: cursor)
                if text(cursor..<min(bytes.count, cursor + 6)) == "endraw" {
                    cursor = skipSpaces(from: cursor + 6)
                    if let end = matchTagClose(at: cursor, close: UInt8(ascii: "%")) { return (index, strip, end) }
                }
            }
            index += 1
        }
        return nil
    }

    /// `\+X}|\-X}\s*|X}` where X is `%`.
    private func matchTagClose(at index: Int, close: UInt8) -> Int? {
        if at(index) == UInt8(ascii: "+"), at(index + 1) == close, at(index + 2) == UInt8(ascii: "}") { return index + 3 }
        if at(index) == UInt8(ascii: "-"), at(index + 1) == close, at(index + 2) == UInt8(ascii: "}") {
            return skipSpaces(from: index + 3)
        }
        if at(index) == close, at(index + 1) == UInt8(ascii: "}") { return index + 2 }
        return nil
    }

    package func matchBlockEnd() -> Int? { matchTagClose(at: position, close: UInt8(ascii: "%")) }

    /// `\-}}\s*|}}`
    package func matchVariableEnd() -> Int? {
        if at(position) == UInt8(ascii: "-"), at(position + 1) == UInt8(ascii: "}"), at(position + 2) == UInt8(ascii: "}") {
            return skipSpaces(from: position + 3)
        }
        if at(position) == UInt8(ascii: "}"), at(position + 1) == UInt8(ascii: "}") { return position + 2 }
        return nil
    }

    private func skipSpaces(from start: Int) -> Int {
        var index = start
        while index < bytes.count {
            let length = PythonText.spaceLength(in: bytes, at: index)
            if length == 0 { break }
            index += length
        }
        return index
    }

    /// `\s+`
    package func matchWhitespace() -> Int? {
        let end = skipSpaces(from: position)
        return end > position ? end : nil
    }

    /// `(\d+_)*\d+` from `index`: digits with single underscores between digit groups.
    private func digitGroups(from index: Int) -> Int? {
        guard isDigit(at(index)) else { return nil }
        var cursor = index
        while isDigit(at(cursor)) { cursor += 1 }
        while at(cursor) == UInt8(ascii: "_"), isDigit(at(cursor + 1)) {
            cursor += 1
            while isDigit(at(cursor)) { cursor += 1 }
        }
        return cursor
    }

    /// Jinja's float: `(?<!\.)D((\.D)?e[+-]?D|\.D)`, case-insensitive.
    package func matchFloat() -> Int? {
        if position > 0, bytes[position - 1] == UInt8(ascii: ".") { return nil }
        guard let whole = digitGroups(from: position) else { return nil }
        func exponent(_ from: Int) -> Int? {
            guard at(from) == UInt8(ascii: "e") || at(from) == UInt8(ascii: "E") else { return nil }
            var cursor = from + 1
            if at(cursor) == UInt8(ascii: "+") || at(cursor) == UInt8(ascii: "-") { cursor += 1 }
            return digitGroups(from: cursor)
        }
        if at(whole) == UInt8(ascii: "."), let fraction = digitGroups(from: whole + 1) {
            return exponent(fraction) ?? fraction
        }
        return exponent(whole)
    }

    /// `(_?D)*` from `index` for digits D accepted by `isValid`: the end of the run.
    private func underscoredRun(from index: Int, _ isValid: (UInt8) -> Bool) -> Int {
        var cursor = index
        while true {
            if let byte = at(cursor), isValid(byte) {
                cursor += 1
            } else if at(cursor) == UInt8(ascii: "_"), let byte = at(cursor + 1), isValid(byte) {
                cursor += 2
            } else {
                return cursor
            }
        }
    }

    /// Jinja's integer: binary, octal, hex, decimal or zero, with `_` separators.
    package func matchInteger() -> Int? {
        func prefixed(_ letter: UInt8, _ isValid: (UInt8) -> Bool) -> Int? {
            guard at(position) == UInt8(ascii: "0"), let marker = at(position + 1), marker | 0x20 == letter else { return nil }
            let end = underscoredRun(from: position + 2, isValid)
            return end > position + 2 ? end : nil
        }
        if let end = prefixed(UInt8(ascii: "b"), { $0 == 0x30 || $0 == 0x31 }) { return end }
        if let end = prefixed(UInt8(ascii: "o"), { $0 >= 0x30 && $0 <= 0x37 }) { return end }
        if let end = prefixed(UInt8(ascii: "x"), { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }) {
            return end
        }
        guard let first = at(position), isDigit(first) else { return nil }
        if first == UInt8(ascii: "0") { return underscoredRun(from: position + 1) { $0 == 0x30 } }
        return underscoredRun(from: position + 1) { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// A run of identifier characters (`\w` and the marks Jinja adds).
    package func matchName() -> Int? {
        var cursor = position
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte < 0x80 {
                let isWord = (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x5F
                if !isWord { break }
                cursor += 1
            } else {
                let (value, length) = PythonText.scalar(in: bytes, at: cursor)
                guard let value, let scalar = Unicode.Scalar(value), Self.isIdentifierScalar(scalar) else { break }
                cursor += length
            }
        }
        return cursor > position ? cursor : nil
    }

    private static func isIdentifierScalar(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isAlphabetic || properties.numericType != nil { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .connectorPunctuation: return true
        default: return false
        }
    }

    /// `'([^'\\]*(?:\\.[^'\\]*)*)'` or the same with double quotes.
    package func matchString() -> Int? {
        guard let quote = at(position), quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else { return nil }
        var cursor = position + 1
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\\") {
                guard cursor + 1 < bytes.count else { return nil }
                cursor += PythonText.scalar(in: bytes, at: cursor + 1).length + 1
                continue
            }
            if byte == quote { return cursor + 1 }
            cursor += 1
        }
        return nil
    }

    /// Jinja's operators, longest first.
    package func matchOperator() -> Int? {
        guard let byte = at(position) else { return nil }
        let next = at(position + 1)
        switch byte {
        case UInt8(ascii: "/"), UInt8(ascii: "*"):
            return next == byte ? position + 2 : position + 1
        case UInt8(ascii: "="), UInt8(ascii: ">"), UInt8(ascii: "<"):
            return next == UInt8(ascii: "=") ? position + 2 : position + 1
        case UInt8(ascii: "!"):
            return next == UInt8(ascii: "=") ? position + 2 : nil
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "%"), UInt8(ascii: "~"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "{"), UInt8(ascii: "}"),
            UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "|"), UInt8(ascii: ","), UInt8(ascii: ";"):
            return position + 1
        default:
            return nil
        }
    }

    /// The character at `offset` as Python's `repr` prints it.
    package func characterRepr(at offset: Int) -> String {
        let (value, _) = PythonText.scalar(in: bytes, at: offset)
        guard let value, let scalar = Unicode.Scalar(value) else { return "'\\udc\(String(bytes[offset], radix: 16))'" }
        return PythonRepr.character(scalar)
    }

    /// The index of the character at byte `offset`, counting characters as Python does.
    package func characterIndex(of offset: Int) -> Int {
        var count = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] & 0xC0 != 0x80 { count += 1 }
        return count
    }
}
