/// Python's case operations, code point by code point as CPython does them: full mappings
/// (`ß` upper-cases to `SS`), title case for `title`/`capitalize`, a capital sigma lowered to
/// `ς` at the end of a word, and full case folding for `casefold`.
enum PythonCase {
    static func upper(_ text: String) -> String {
        mapASCII(text, from: 97...122) ?? mapped(text) { scalars, index in scalars[index].properties.uppercaseMapping }
    }

    static func lower(_ text: String) -> String {
        mapASCII(text, from: 65...90) ?? mapped(text) { scalars, index in lowered(scalars, index) }
    }

    /// `str.casefold()`.
    static func casefold(_ text: String) -> String {
        mapASCII(text, from: 65...90) ?? mapped(text) { scalars, index in folded(scalars[index]) }
    }

    /// `str.swapcase()`: upper-case letters lowered, lower-case ones raised, title-case and
    /// uncased ones kept.
    static func swapcase(_ text: String) -> String {
        mapped(text) { scalars, index in
            let scalar = scalars[index]
            if scalar.properties.isUppercase { return lowered(scalars, index) }
            if scalar.properties.isLowercase { return scalar.properties.uppercaseMapping }
            return String(scalar)
        }
    }

    /// `str.title()`: title case after an uncased code point, lower case after a cased one.
    static func title(_ text: String) -> String {
        var previousCased = false
        return mapped(text) { scalars, index in
            let scalar = scalars[index]
            defer { previousCased = scalar.properties.isCased }
            return previousCased ? lowered(scalars, index) : scalar.properties.titlecaseMapping
        }
    }

    /// `str.capitalize()`: the first code point title-cased (`ß` becomes `Ss`), the rest lowered.
    static func capitalize(_ text: String) -> String {
        mapped(text) { scalars, index in index == 0 ? scalars[0].properties.titlecaseMapping : lowered(scalars, index) }
    }

    /// Jinja2's `title` filter: the text split before runs of `-`, white space and opening
    /// brackets, each piece's first code point upper-cased and the rest lowered.
    static func jinjaTitle(_ text: String) -> String {
        var out = ""
        var piece = String.UnicodeScalarView()
        func flush() {
            guard let first = piece.first else { return }
            out += upper(String(first)) + lower(String(String.UnicodeScalarView(piece.dropFirst())))
            piece = String.UnicodeScalarView()
        }
        var inSeparator = false
        for scalar in text.unicodeScalars {
            let separates = "-({[<".unicodeScalars.contains(scalar) || PythonText.isSpace(scalar.value)
            if separates != inSeparator {
                if inSeparator { out += String(piece); piece = String.UnicodeScalarView() } else { flush() }
                inSeparator = separates
            }
            piece.append(scalar)
        }
        if inSeparator { out += String(piece) } else { flush() }
        return out
    }

    // MARK: - Code points

    private static func mapped(_ text: String, _ map: ([Unicode.Scalar], Int) -> String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for index in scalars.indices { out += map(scalars, index) }
        return out
    }

    /// The lower case of `scalars[index]`; a capital sigma that ends a word becomes `ς`
    /// (CPython's `handle_capital_sigma`).
    private static func lowered(_ scalars: [Unicode.Scalar], _ index: Int) -> String {
        let scalar = scalars[index]
        guard scalar == "\u{03A3}" else { return scalar.properties.lowercaseMapping }
        var before = index - 1
        while before >= 0 && scalars[before].properties.isCaseIgnorable { before -= 1 }
        var final = before >= 0 && scalars[before].properties.isCased
        if final && index + 1 < scalars.count {
            var after = index + 1
            while after < scalars.count && scalars[after].properties.isCaseIgnorable { after += 1 }
            final = after == scalars.count || !scalars[after].properties.isCased
        }
        return final ? "\u{03C2}" : "\u{03C3}"
    }

    /// Full case folding: lower case, except where folding differs (`ß` and `ẞ` fold to `ss`,
    /// `ς` to `σ`, ligatures split, Cherokee folds to its capitals).
    private static func folded(_ scalar: Unicode.Scalar) -> String {
        guard scalar.properties.changesWhenCaseFolded else { return String(scalar) }
        switch scalar.value {
        case 0x13F8...0x13FD: return String(Unicode.Scalar(scalar.value - 8)!)
        case 0xAB70...0xABBF: return String(Unicode.Scalar(scalar.value - 0xAB70 + 0x13A0)!)
        default: break
        }
        // the lower case of the upper case, twice: ß → SS → ss, ẞ → ß → ss, ς → Σ → σ
        var text = String(scalar)
        for _ in 0..<2 { text = text.unicodeScalars.map { String($0).uppercased() }.joined().lowercased() }
        return text
    }

    /// ASCII text with the letters in `range` switched to the other case; nil for other text
    /// (which needs Unicode's case mappings).
    private static func mapASCII(_ text: String, from range: ClosedRange<UInt8>) -> String? {
        let utf8 = text.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        guard utf8.contains(where: range.contains) else { return text }
        return String(unsafeUninitializedCapacity: utf8.count) { buffer in
            for (index, byte) in utf8.enumerated() { buffer[index] = range.contains(byte) ? byte ^ 0x20 : byte }
            return utf8.count
        }
    }
}
