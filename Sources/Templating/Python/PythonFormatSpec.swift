import BigInt
import Foundation

/// Python's format-spec mini-language (`format(x, spec)`, `'{:spec}'.format(x)`):
/// `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`, with Python 3.11's
/// rules and messages for str, int, bool and float, and the TypeError other types give.
struct PythonFormatSpec {
    package var fill: Character = " "
    var align: Character? = nil
    var sign: Character? = nil
    var noNegativeZero = false
    var alternate = false
    var width = 0
    var grouping: Character? = nil
    var precision: Int? = nil
    var type: Character? = nil
    /// The class of the value formatted, for messages.
    let typeName: String

    /// Parses `spec` for a value whose default alignment is `defaultAlign`.
    init(_ spec: String, typeName: String, defaultAlign: Character) throws(TemplateError) {
        self.typeName = typeName
        var chars = Array(spec)[...]
        var fillGiven = false
        if chars.count >= 2, "<>=^".contains(chars[chars.startIndex + 1]) {
            fill = chars.removeFirst()
            align = chars.removeFirst()
            fillGiven = true
        } else if let first = chars.first, "<>=^".contains(first) {
            align = chars.removeFirst()
        }
        if let first = chars.first, "+- ".contains(first) { sign = chars.removeFirst() }
        if chars.first == "z" { noNegativeZero = true; chars.removeFirst() }
        if chars.first == "#" { alternate = true; chars.removeFirst() }
        if chars.first == "0" {
            chars.removeFirst()
            if !fillGiven {
                fill = "0"
                if align == nil && defaultAlign == ">" { align = "=" }
            }
        }
        var digits = ""
        while let first = chars.first, first.isASCII, first.isNumber { digits.append(chars.removeFirst()) }
        if !digits.isEmpty {
            guard digits.count <= 18, let value = Int(digits) else { throw .value("Too many decimal digits in format string") }
            try TemplateOperators.checkTextLength(value)
            width = value
        }
        if let first = chars.first, first == "," || first == "_" {
            grouping = chars.removeFirst()
            if let next = chars.first, next == "," || next == "_" {
                throw .value(next == grouping ? "Cannot specify '\(next)' with '\(next)'." : "Cannot specify both ',' and '_'.")
            }
        }
        if chars.first == "." {
            chars.removeFirst()
            var digits = ""
            while let first = chars.first, first.isASCII, first.isNumber { digits.append(chars.removeFirst()) }
            guard !digits.isEmpty else { throw .value("Format specifier missing precision") }
            guard digits.count <= 18, let value = Int(digits) else { throw .value("Too many decimal digits in format string") }
            try TemplateOperators.checkTextLength(value)
            precision = value
        }
        if chars.count > 1 {
            throw .value("Invalid format specifier \(PythonString.repr(spec)) for object of type \(PythonString.repr(typeName))")
        }
        type = chars.first
        if let grouping {
            let effective = type ?? (defaultAlign == "<" ? "s" : "d")
            switch effective {
            case "d", "e", "f", "g", "E", "G", "%", "F": break
            // binary, octal and hex take only `_` grouping
            case "b", "o", "x", "X":
                guard grouping == "_" else { throw .value("Cannot specify '\(grouping)' with '\(effective)'.") }
            default: throw .value("Cannot specify '\(grouping)' with '\(effective)'.")
            }
        }
    }

    /// `format(value, spec)`.
    static func format(_ value: Value, _ spec: String) throws(TemplateError) -> String {
        guard !spec.isEmpty else { return value.printed }
        switch value {
        // (messages name the value's own class: Markup, bool)
        case .string(let text), .markup(let text):
            return try PythonFormatSpec(spec, typeName: value.typeName, defaultAlign: "<").formatString(text)
        case .int, .bigInt, .bool:
            return try PythonFormatSpec(spec, typeName: value.typeName, defaultAlign: ">").formatInteger(value.bigIntegerValue ?? 0)
        case .float(let number):
            return try PythonFormatSpec(spec, typeName: "float", defaultAlign: ">").formatFloat(number)
        case .object(let complex as ComplexNumber):
            return try PythonFormatSpec(spec, typeName: "complex", defaultAlign: ">").formatComplex(complex.real, complex.imaginary)
        default:
            throw .type("unsupported format string passed to \(value.formatTypeName).__format__")
        }
    }

    func formatString(_ text: String) throws(TemplateError) -> String {
        guard type == nil || type == "s" else { throw unknownCode() }
        if sign != nil { throw .value("Sign not allowed in string format specifier") }
        if noNegativeZero { throw .value("Negative zero coercion (z) not allowed in format specifier") }
        if alternate { throw .value("Alternate form (#) not allowed in string format specifier") }
        if align == "=" { throw .value("'=' alignment not allowed in string format specifier") }
        var body = text
        if let precision, body.unicodeScalars.count > precision {
            body = String(String.UnicodeScalarView(body.unicodeScalars.prefix(precision)))
        }
        return pad("", body, defaultAlign: "<")
    }

    func formatInteger(_ number: BigInt) throws(TemplateError) -> String {
        switch type {
        case nil, "d", "n", "b", "o", "x", "X", "c": break
        case "e", "E", "f", "F", "g", "G", "%":
            let double = number.nearestDouble
            if double.isInfinite { throw TemplateError("OverflowError", "int too large to convert to float") }
            return try formatFloat(double)
        default: throw unknownCode()
        }
        if precision != nil { throw .value("Precision not allowed in integer format specifier") }
        if type == "c" {
            if sign != nil { throw .value("Sign not allowed with integer format specifier 'c'") }
            if alternate { throw .value("Alternate form (#) not allowed with integer format specifier 'c'") }
            guard number >= 0, number < 0x110000, let scalar = Unicode.Scalar(UInt32(number)) else {
                throw TemplateError("OverflowError", "%c arg not in range(0x110000)")
            }
            return pad("", String(scalar), defaultAlign: ">")
        }
        let radix = type == "b" ? 2 : type == "o" ? 8 : (type == "x" || type == "X") ? 16 : 10
        try TemplateOperators.checkTextLength(digits: String(number.magnitude.bitWidth / 3))
        let digits = String(number.magnitude, radix: radix, uppercase: type == "X")
        var prefix = signText(negative: number < 0)
        if alternate {
            switch type {
            case "b": prefix += "0b"
            case "o": prefix += "0o"
            case "x": prefix += "0x"
            case "X": prefix += "0X"
            default: break
            }
        }
        return padNumber(prefix, digits, "", groupSize: radix == 10 ? 3 : 4)
    }

    func formatFloat(_ number: Double) throws(TemplateError) -> String {
        guard type == nil || "eEfFgGn%".contains(type!) else { throw unknownCode() }
        var value = number
        if type == "%" { value *= 100 }
        var body: String
        if !value.isFinite {
            body = value.isNaN ? "nan" : "inf"
            if let type, "EFG".contains(type) { body = body.uppercased() }
            if type == "%" { body += "%" }
        } else {
            let magnitude = abs(value)
            switch type {
            case nil where precision == nil:
                body = PythonFloat.repr(magnitude)
            case nil:
                body = BraceFormat.generalWithPoint(magnitude, significant: max(precision ?? 0, 1))
            case "n":
                body = String(format: "%\(alternate ? "#" : "").\(precision ?? 6)g", magnitude)
            case "%":
                body = String(format: "%\(alternate ? "#" : "").\(precision ?? 6)f", magnitude) + "%"
            default:
                body = String(format: "%\(alternate ? "#" : "").\(precision ?? 6)\(type!)", magnitude)
            }
        }
        var negative = number.sign == .minus && !number.isNaN
        if negative && noNegativeZero && body.allSatisfy({ !("1"..."9").contains($0) }) { negative = false }
        // the digits before the point take the grouping; the rest follows unchanged
        let split = body.firstIndex { !$0.isNumber } ?? body.endIndex
        return padNumber(signText(negative: negative), String(body[..<split]), String(body[split...]), groupSize: 3)
    }

    /// A complex number as CPython's `complex.__format__` writes it: each part as a float
    /// (as `repr` when neither type nor precision is given, else as `g` or the type says), the
    /// imaginary part always signed; with no type, in parentheses, or without a real part that
    /// is positive zero.
    func formatComplex(_ real: Double, _ imaginary: Double) throws(TemplateError) -> String {
        guard type == nil || "eEfFgGn".contains(type!) else { throw unknownCode() }
        if fill == "0" { throw .value("Zero padding is not allowed in complex format specifier") }
        if align == "=" { throw .value("'=' alignment flag is not allowed in complex format specifier") }
        let omitted = type == nil
        let skipReal = omitted && real == 0 && real.sign == .plus
        let parentheses = omitted && !skipReal
        func text(_ part: Double) -> String {
            let magnitude = abs(part)
            if !part.isFinite {
                let word = part.isNaN ? "nan" : "inf"
                return type.map { "EFG".contains($0) } == true ? word.uppercased() : word
            }
            if omitted {
                guard let precision else {
                    // repr's digits without the ".0" a float's repr adds
                    let repr = PythonFloat.repr(magnitude)
                    return repr.hasSuffix(".0") ? String(repr.dropLast(2)) : repr
                }
                return String(format: "%\(alternate ? "#" : "").\(precision)g", magnitude)
            }
            let code = type == "n" ? "g" : String(type!)
            return String(format: "%\(alternate ? "#" : "").\(precision ?? 6)\(code)", magnitude)
        }
        let imaginaryNegative = imaginary.sign == .minus && !imaginary.isNaN
        var body = ""
        if !skipReal { body += signText(negative: real.sign == .minus && !real.isNaN) + text(real) }
        body += (skipReal ? signText(negative: imaginaryNegative) : (imaginaryNegative ? "-" : "+")) + text(imaginary) + "j"
        return pad("", parentheses ? "(" + body + ")" : body, defaultAlign: ">")
    }

    private func unknownCode() -> TemplateError {
        .value("Unknown format code \(PythonString.repr(String(type ?? " "))) for object of type \(PythonString.repr(typeName))")
    }

    private func signText(negative: Bool) -> String {
        if negative { return "-" }
        return sign == "+" ? "+" : sign == " " ? " " : ""
    }

    /// Sign and prefix, the digits grouped (zero padding included, as Python groups it), the rest.
    private func padNumber(_ prefix: String, _ digits: String, _ rest: String, groupSize: Int) -> String {
        guard let grouping else { return pad(prefix, digits + rest, defaultAlign: ">") }
        let zeroPadded = align == "=" && fill == "0"
        let wanted = zeroPadded ? width - prefix.count - rest.count : 0
        var grouped: [Character] = []
        var count = 0
        for digit in digits.reversed() {
            if count > 0 && count % groupSize == 0 { grouped.append(grouping) }
            grouped.append(digit)
            count += 1
        }
        while grouped.count < wanted {
            if count % groupSize == 0 { grouped.append(grouping) }
            grouped.append("0")
            count += 1
        }
        return pad(prefix, String(grouped.reversed()) + rest, defaultAlign: ">")
    }

    /// `body` padded to the width with the fill, as the alignment says (`=`: after `prefix`).
    private func pad(_ prefix: String, _ body: String, defaultAlign: Character) -> String {
        let length = prefix.unicodeScalars.count + body.unicodeScalars.count
        guard width > length else { return prefix + body }
        let padding = width - length
        let fillText = { (count: Int) in String(repeating: String(fill), count: count) }
        switch align ?? defaultAlign {
        case "<": return prefix + body + fillText(padding)
        case "^": return fillText(padding / 2) + prefix + body + fillText(padding - padding / 2)
        case "=": return prefix + fillText(padding) + body
        default: return fillText(padding) + prefix + body
        }
    }
}

extension Value {
    /// The class name Python's `object.__format__` names in its TypeError.
    var formatTypeName: String {
        switch self {
        case .none: return "NoneType"
        case .undefined: return "Undefined"
        default: return typeName
        }
    }
}
