/// Python's text forms of strings and floats, which templates print.
public enum PythonString {
    /// `repr(s)`: single quotes unless the text has a single quote and no double quote.
    /// `ascii()` of a repr: characters outside ASCII as `\\xNN`, `\\uNNNN` or `\\UNNNNNNNN`.
    public static func ascii(_ repr: String) -> String {
        var out = ""
        for scalar in repr.unicodeScalars {
            switch scalar.value {
            case 0..<0x80: out.unicodeScalars.append(scalar)
            case 0x80..<0x100: out += "\\x" + lowerHex(scalar.value, width: 2)
            case 0x100..<0x10000: out += "\\u" + lowerHex(scalar.value, width: 4)
            default: out += "\\U" + lowerHex(scalar.value, width: 8)
            }
        }
        return out
    }

    public static func repr(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(scalar) == quote {
                    out += "\\" + String(quote)
                } else if PythonRepr.isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else {
                    let value = scalar.value
                    let digits = String(value, radix: 16)
                    if value < 0x100 {
                        out += "\\x" + String(repeating: "0", count: 2 - digits.count) + digits
                    } else if value < 0x10000 {
                        out += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
                    } else {
                        out += "\\U" + String(repeating: "0", count: 8 - digits.count) + digits
                    }
                }
            }
        }
        out.append(quote)
        return out
    }
}

public enum PythonFloat {
    /// `repr(x)` (and `str(x)`): the shortest digits that round-trip, in fixed notation when the
    /// decimal exponent is in [-4, 16), else scientific with at least two exponent digits.
    public static func repr(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        // Swift's description gives the shortest round-tripping digits; re-lay them out.
        let (negative, digits, exponent) = decompose(value)
        var out = negative ? "-" : ""
        if exponent >= -4 && exponent < 16 {
            if exponent >= 0 {
                let integerDigits = exponent + 1
                if digits.count <= integerDigits {
                    out += digits + String(repeating: "0", count: integerDigits - digits.count) + ".0"
                } else {
                    out += String(digits.prefix(integerDigits)) + "." + String(digits.dropFirst(integerDigits))
                }
            } else {
                out += "0." + String(repeating: "0", count: -exponent - 1) + digits
            }
        } else {
            out += String(digits.prefix(1))
            if digits.count > 1 { out += "." + String(digits.dropFirst()) }
            let magnitude = abs(exponent)
            out += (exponent < 0 ? "e-" : "e+") + (magnitude < 10 ? "0" : "") + String(magnitude)
        }
        return out
    }

    /// Sign, significant digits (no leading or trailing zeros) and decimal exponent of the first
    /// digit.
    static func decompose(_ value: Double) -> (Bool, String, Int) {
        let text = "\(abs(value))"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var integerPart = mantissa
        var fractionPart: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]
            fractionPart = mantissa[mantissa.index(after: dot)...]
        }
        var digits = String(integerPart) + String(fractionPart)
        var pointPosition = integerPart.count + exponent  // digits before the decimal point
        while digits.first == "0" && digits.count > 1 {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.last == "0" && digits.count > 1 { digits.removeLast() }
        return (value < 0, digits, pointPosition - 1)
    }
}
