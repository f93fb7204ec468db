import Foundation

/// The text fixes CLIP's tokenizer applies before it splits a prompt, as ftfy's `fix_text`
/// makes them with its default settings, line by line and repeated until nothing changes: HTML
/// entities decoded (no longer once a line has held a `<`), C1 controls read as Windows-1252,
/// Latin ligatures taken apart, fullwidth and halfwidth forms made normal width, curly quotes
/// made straight, line breaks unified, terminal escapes and stray control characters removed,
/// NFC; then runs of whitespace become one space and the ends are trimmed.
///
/// ftfy also repairs mojibake (UTF-8 read as Windows-1252, and the like); prompts typed or
/// pasted as Unicode do not carry it, and it is not repeated here (divergence E1).
enum TextCleanup {
    static func clean(_ text: String) -> String {
        // ftfy works line by line (each keeping its "\n"); once a line has a '<', HTML is left
        // alone from there on
        var lines: [String] = []
        var unescape = true
        var rest = Substring(text)
        while !rest.isEmpty {
            let end = rest.firstIndex(of: "\n").map { rest.index(after: $0) } ?? rest.endIndex
            let line = String(rest[..<end])
            if line.contains("<") { unescape = false }
            lines.append(fixUntilStable(line, unescape: unescape))
            rest = rest[end...]
        }
        return collapseWhitespace(lines.joined())
    }

    /// ftfy repeats its fixes until the text stops changing (`ŉ` becomes `ʼn`, then `'n`).
    static func fixUntilStable(_ line: String, unescape: Bool) -> String {
        var text = line
        for _ in 0..<16 {
            let fixed = fixLine(text, unescape: unescape).precomposedStringWithCanonicalMapping
            // (String's == compares canonical equivalence; the scalars must be the same)
            if fixed.unicodeScalars.elementsEqual(text.unicodeScalars) { break }
            text = fixed
        }
        return text
    }

    /// Windows-1252's characters for the C1 controls it defines (0x80-0x9F).
    static let windows1252: [UInt32: Unicode.Scalar] = [
        0x80: "\u{20AC}", 0x82: "\u{201A}", 0x83: "\u{0192}", 0x84: "\u{201E}", 0x85: "\u{2026}", 0x86: "\u{2020}",
        0x87: "\u{2021}", 0x88: "\u{02C6}", 0x89: "\u{2030}", 0x8A: "\u{0160}", 0x8B: "\u{2039}", 0x8C: "\u{0152}",
        0x8E: "\u{017D}", 0x91: "\u{2018}", 0x92: "\u{2019}", 0x93: "\u{201C}", 0x94: "\u{201D}", 0x95: "\u{2022}",
        0x96: "\u{2013}", 0x97: "\u{2014}", 0x98: "\u{02DC}", 0x99: "\u{2122}", 0x9A: "\u{0161}", 0x9B: "\u{203A}",
        0x9C: "\u{0153}", 0x9E: "\u{017E}", 0x9F: "\u{0178}",
    ]

    static func fixLine(_ line: String, unescape: Bool) -> String {
        let text = unescape ? unescapeHTML(line) : line
        var scalars = String.UnicodeScalarView()
        let iterator = Array(text.unicodeScalars)
        var index = 0
        while index < iterator.count {
            let scalar = iterator[index]
            let value = scalar.value
            // ANSI terminal escapes: ESC [ digits/semicolons letter
            if value == 0x1B, index + 1 < iterator.count, iterator[index + 1] == "[" {
                var end = index + 2
                while end < iterator.count, ("0"..."9").contains(iterator[end]) || iterator[end] == ";" { end += 1 }
                if end < iterator.count, ("a"..."z").contains(iterator[end]) || ("A"..."Z").contains(iterator[end]) {
                    index = end + 1
                    continue
                }
            }
            index += 1
            if let windows = windows1252[value] {
                scalars.append(windows)
                continue
            }
            if let ligature = ligatures[value] { scalars.append(contentsOf: ligature.unicodeScalars); continue }
            if value == 0x3000 { scalars.append(" "); continue }
            if (0xFF01..<0xFFF0).contains(value) {
                let normal = String(scalar).precomposedStringWithCompatibilityMapping
                if normal != String(scalar) { scalars.append(contentsOf: normal.unicodeScalars); continue }
            }
            if value == 0x02BC || (0x2018...0x201B).contains(value) { scalars.append("'"); continue }
            if (0x201C...0x201F).contains(value) { scalars.append("\""); continue }
            if value == 0x0D {
                // \r\n and \r become \n
                if index < iterator.count, iterator[index] == "\n" { continue }
                scalars.append("\n")
                continue
            }
            if value == 0x2028 || value == 0x2029 { scalars.append("\n"); continue }
            if isRemovedControl(value) { continue }
            scalars.append(scalar)
        }
        return String(scalars)
    }

    static func isRemovedControl(_ value: UInt32) -> Bool {
        value < 0x09 || value == 0x0B || (0x0E..<0x20).contains(value) || value == 0x7F
            || (0x206A..<0x2070).contains(value) || value == 0xFEFF || (0xFFF9..<0xFFFD).contains(value)
    }

    static let ligatures: [UInt32: String] = [
        0x0132: "IJ", 0x0133: "ij", 0x0149: "ʼn", 0x01F1: "DZ", 0x01F2: "Dz", 0x01F3: "dz", 0x01C4: "DŽ", 0x01C5: "Dž",
        0x01C6: "dž", 0x01C7: "LJ", 0x01C8: "Lj", 0x01C9: "lj", 0x01CA: "NJ", 0x01CB: "Nj", 0x01CC: "nj",
        0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "ſt", 0xFB06: "st",
    ]

    /// The named entities prompts meet, and numeric ones (`&#233;`, `&#xE9;`).
    static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "copy": "©", "reg": "®",
        "trade": "™", "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”",
        "deg": "°", "times": "×", "divide": "÷", "euro": "€", "pound": "£", "yen": "¥", "cent": "¢", "sect": "§",
        "para": "¶", "middot": "·", "laquo": "«", "raquo": "»", "eacute": "é", "egrave": "è", "agrave": "à",
        "aacute": "á", "ccedil": "ç", "uuml": "ü", "ouml": "ö", "auml": "ä", "szlig": "ß", "ntilde": "ñ",
        "AMP": "&", "LT": "<", "GT": ">", "QUOT": "\"",
    ]

    static func unescapeHTML(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semicolon = after.prefix(32).firstIndex(of: ";") else {
                result += "&"
                rest = after
                continue
            }
            let name = String(after[..<semicolon])
            var replacement: String? = entities[name]
            if name.hasPrefix("#") {
                let digits = name.dropFirst()
                let code = digits.lowercased().hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
                replacement = code.flatMap(Unicode.Scalar.init).map { String($0) }
            }
            if let replacement {
                result += replacement
                rest = after[after.index(after: semicolon)...]
            } else {
                result += "&"
                rest = after
            }
        }
        return result + rest
    }

    /// `re.sub(r"\s+", " ", text).strip()`.
    static func collapseWhitespace(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value) {
                pendingSpace = true
                continue
            }
            if pendingSpace && !out.isEmpty { out.append(" ") }
            pendingSpace = false
            out.append(scalar)
        }
        return String(out)
    }
}
