import BigInt

/// The Python methods and attributes of ints, bools and floats that templates and `\setp`
/// reach (`n.bit_length()`, `x.as_integer_ratio()`, `x.real`).
enum NumberMethods {
    static func attribute(of value: Value, _ name: String) -> Value? {
        switch value {
        case .int, .bigInt, .bool:
            guard let number = value.bigIntegerValue else { return nil }
            return integerAttribute(number, name)
        case .float(let number): return floatAttribute(number, name)
        default: return nil
        }
    }

    private static func method(_ name: String, _ result: @escaping @Sendable () throws(TemplateError) -> Value) -> Value {
        TemplateMethods.method(name) { (arguments: CallArguments) throws(TemplateError) -> Value in
            let given = arguments.positional.count + arguments.keywords.count
            guard given == 0 else { throw .type("\(name)() takes no arguments (\(given) given)") }
            return try result()
        }
    }

    static func integerAttribute(_ number: BigInt, _ name: String) -> Value? {
        switch name {
        case "real", "numerator": return .integer(number)
        case "imag": return .int(0)
        case "denominator": return .int(1)
        case "bit_length": return method(name) { .int(number.magnitude.bitWidth) }
        case "bit_count": return method(name) { .int(number.magnitude.words.reduce(0) { $0 + $1.nonzeroBitCount }) }
        case "conjugate": return method(name) { .integer(number) }
        case "as_integer_ratio": return method(name) { .tuple([.integer(number), .int(1)]) }
        default: return nil
        }
    }

    static func floatAttribute(_ number: Double, _ name: String) -> Value? {
        switch name {
        case "real": return .float(number)
        case "imag": return .float(0)
        case "is_integer": return method(name) { .bool(number.isFinite && number == number.rounded(.towardZero)) }
        case "conjugate": return method(name) { .float(number) }
        case "hex": return method(name) { .string(hex(number)) }
        case "as_integer_ratio":
            return method(name) { () throws(TemplateError) -> Value in
                if number.isNaN { throw .value("cannot convert NaN to integer ratio") }
                guard number.isFinite else { throw TemplateError("OverflowError", "cannot convert Infinity to integer ratio") }
                let (numerator, denominator) = ratio(number)
                return .tuple([.integer(numerator), .integer(denominator)])
            }
        default: return nil
        }
    }

    /// A finite float as an exact fraction in lowest terms.
    static func ratio(_ number: Double) -> (BigInt, BigInt) {
        guard number != 0 else { return (0, 1) }
        var significand = BigInt(number.significandBitPattern) + (number.isNormal ? BigInt(1) << 52 : 0)
        var exponent = (number.isNormal ? Int(number.exponent) : -1022) - 52
        while significand > 0 && significand & 1 == 0 && exponent < 0 {
            significand >>= 1
            exponent += 1
        }
        if number < 0 { significand = -significand }
        return exponent >= 0 ? (significand << exponent, 1) : (significand, BigInt(1) << -exponent)
    }

    /// `float.hex()`: `0x1.8000000000000p+0`, `0x0.0p+0`, `inf`, `nan`.
    static func hex(_ number: Double) -> String {
        if number.isNaN { return "nan" }
        if number.isInfinite { return number < 0 ? "-inf" : "inf" }
        let sign = number.sign == .minus ? "-" : ""
        if number == 0 { return sign + "0x0.0p+0" }
        let mantissa = String(number.significandBitPattern, radix: 16)
        let digits = String(repeating: "0", count: 13 - mantissa.count) + mantissa
        let exponent = number.isNormal ? Int(number.exponent) : -1022
        return "\(sign)0x\(number.isNormal ? 1 : 0).\(digits)p\(exponent >= 0 ? "+" : "")\(exponent)"
    }
}
