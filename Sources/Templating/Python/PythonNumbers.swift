import BigInt

/// Python's `int(text, base)` and `float(text)`: the one place where text becomes a number,
/// for the builtins, the `int`/`float` filters and the command line's value checks.
public enum PythonNumbers {
    /// `int(text, base)`: white space around, a sign, a `0x`/`0o`/`0b` prefix matching the base
    /// (any of them for base 0), digits (any Unicode decimal digit counts, as in Python) with
    /// single underscores between them. Nil where Python raises ValueError, a bad base included.
    public static func integer(_ text: String, base: Int) -> BigInt? {
        guard base == 0 || (2...36).contains(base) else { return nil }
        var body = Substring(asciiDigits(PythonSplitting.strip(text)))
        var negative = false
        if let sign = body.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        var radix = base
        let prefixes: [(String, Int)] = [("0x", 16), ("0o", 8), ("0b", 2)]
        for (prefix, prefixRadix) in prefixes where body.lowercased().hasPrefix(prefix) && (base == 0 || base == prefixRadix) {
            radix = prefixRadix
            body = body.dropFirst(2)
            if body.first == "_" { body = body.dropFirst() }
            break
        }
        if radix == 0 {
            radix = 10
            // base 0 reads literals as Python source does: no leading zeros
            if body.count > 1 && body.hasPrefix("0") && body.contains(where: { $0 != "0" && $0 != "_" }) { return nil }
        }
        guard !body.isEmpty, !body.hasPrefix("_"), !body.hasSuffix("_"), !body.contains("__") else { return nil }
        var values: [Int] = []
        values.reserveCapacity(body.utf8.count)
        for byte in body.utf8 where byte != UInt8(ascii: "_") {
            guard let digit = digitValue(byte), digit < radix else { return nil }
            values.append(digit)
        }
        let magnitude = combine(values, radix: radix)
        return negative ? -magnitude : magnitude
    }

    /// `float(text)`: white space around, a sign, `inf`/`infinity`/`nan` in any case, or a
    /// decimal number with an optional exponent, underscores only between digits. Nil where
    /// Python raises ValueError (hexadecimal floats among them, which Swift would read).
    public static func float(_ text: String) -> Double? {
        let body = asciiDigits(PythonSplitting.strip(text))
        let bytes = Array(body.utf8)
        var index = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
        switch String(decoding: bytes[index...], as: UTF8.self).lowercased() {
        case "inf", "infinity": return bytes.first == UInt8(ascii: "-") ? -.infinity : .infinity
        case "nan": return .nan
        default: break
        }
        func digitRun() -> Bool {
            let start = index
            while index < bytes.count {
                if isDecimal(bytes[index]) {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "_"), index > start, index + 1 < bytes.count,
                          isDecimal(bytes[index - 1]), isDecimal(bytes[index + 1]) {
                    index += 1
                } else {
                    break
                }
            }
            return index > start
        }
        let whole = digitRun()
        var fraction = false
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            fraction = digitRun()
        }
        guard whole || fraction else { return nil }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digitRun() else { return nil }
        }
        guard index == bytes.count else { return nil }
        return Double(String(decoding: bytes.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self))
    }

    /// `int(x)` of a float, truncating: ValueError for NaN, OverflowError for the infinities.
    public static func truncated(_ double: Double) throws(TemplateError) -> BigInt {
        if double.isNaN { throw .value("cannot convert float NaN to integer") }
        guard double.isFinite else { throw TemplateError("OverflowError", "cannot convert float infinity to integer") }
        return BigInt(double.rounded(.towardZero))
    }

    private static func isDecimal(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func digitValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: return Int(byte - 0x30)
        case 0x61...0x7A: return Int(byte - 0x61) + 10
        case 0x41...0x5A: return Int(byte - 0x41) + 10
        default: return nil
        }
    }

    /// Unicode decimal digits (Arabic-Indic, Devanagari, full-width, ...) as ASCII digits, as
    /// Python reads them in numbers. Other numeric characters (`²`, `Ⅷ`) stay and are refused.
    static func asciiDigits(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !$0.isASCII }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if !scalar.isASCII, scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue,
               (0...9).contains(value) {
                result.append(Unicode.Scalar(UInt8(48 + Int(value))))
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Digits in `radix`, most significant first, as one number: halves combined recursively,
    /// so long inputs cost far less than digit-by-digit multiplication.
    package static func combine(_ digits: [Int], radix: Int) -> BigInt {
        let chunk = radix <= 10 ? 18 : 12
        if digits.count <= chunk {
            var value = 0
            for digit in digits { value = value * radix + digit }
            return BigInt(value)
        }
        let middle = digits.count / 2
        let low = Array(digits[middle...])
        return combine(Array(digits[..<middle]), radix: radix) * power(BigInt(radix), low.count) + combine(low, radix: radix)
    }
}

extension BigInt {
    /// The nearest float, ties to even, as Python's `float(int)` rounds (infinity past the
    /// largest float; callers that must refuse it check).
    package var nearestDouble: Double {
        let bits = magnitude.bitWidth
        guard bits > 64 else {
            let value = Double(UInt64(magnitude))
            return sign == .minus ? -value : value
        }
        let shift = bits - 64
        var top = UInt64(magnitude >> shift)
        // any lower bit set makes the value lie past a halfway point: keep it as a sticky bit
        if !(magnitude & ((BigUInt(1) << shift) - 1)).isZero { top |= 1 }
        let value = shift > 2000 ? Double.infinity : Double(sign: .plus, exponent: shift, significand: Double(top))
        return sign == .minus ? -value : value
    }
}

extension PythonNumbers {
    /// `base ** exponent` for exponent >= 0 by left-to-right binary exponentiation, as CPython
    /// computes it: each step squares the running power and multiplies it by the (small) base,
    /// so no two large numbers are multiplied except in the squarings, and none is squared past
    /// the result (right-to-left, as BigInt's `power` does, squares the base once too often).
    static func power(_ base: BigInt, _ exponent: Int) -> BigInt {
        guard exponent > 0 else { return 1 }
        var result = base
        var bit = Int.bitWidth - 1 - exponent.leadingZeroBitCount
        while bit > 0 {
            bit -= 1
            result *= result
            if exponent & (1 << bit) != 0 { result *= base }
        }
        return result
    }
}
