import Foundation

/// Python's `%` string formatting, for `"..." % args` and the `format` filter.
enum PercentFormat {
    /// `escaping`: Markup's `%`, which escapes what each argument turns into as text.
    static func format(_ format: String, _ arguments: Value, escaping: Bool = false) throws(TemplateError) -> String {
        var positional: [Value]
        // Python takes any subscriptable argument but a tuple or a str as the mapping
        // (`PyMapping_Check`): `'s' % [1]` is 's', and `%(k)s` looks `k` up in it
        var isMapping = false
        switch arguments {
        case .tuple(let items): positional = items
        case .dict, .list, .range, .undefined, .object(is BytesValue): positional = [arguments]; isMapping = true
        default: positional = [arguments]
        }
        var out = ""
        let characters = Array(format)
        var index = 0
        var next = 0
        while index < characters.count {
            let character = characters[index]
            index += 1
            guard character == "%" else { out.append(character); continue }
            guard index < characters.count else { throw .value("incomplete format") }
            var key: String? = nil
            if characters[index] == "(" {
                guard let close = characters[index...].firstIndex(of: ")") else { throw .value("incomplete format key") }
                key = String(characters[(index + 1)..<close])
                index = close + 1
            }
            var flags = ""
            while index < characters.count, "-+ #0".contains(characters[index]) { flags.append(characters[index]); index += 1 }
            var width = ""
            while index < characters.count, characters[index].isNumber { width.append(characters[index]); index += 1 }
            var precision: Int? = nil
            if index < characters.count, characters[index] == "." {
                index += 1
                var digits = ""
                while index < characters.count, characters[index].isNumber { digits.append(characters[index]); index += 1 }
                precision = Int(digits) ?? 0
            }
            try TemplateOperators.checkTextLength(digits: width)
            try TemplateOperators.checkTextLength(precision ?? 0)
            guard index < characters.count else { throw .value("incomplete format") }
            let conversion = characters[index]
            index += 1
            if conversion == "%" { out.append("%"); continue }
            let value: Value
            if let key {
                guard isMapping else { throw .type("format requires a mapping") }
                value = try Self.item(arguments, key)
            } else {
                guard next < positional.count else { throw .type("not enough arguments for format string") }
                value = positional[next]
                next += 1
            }
            var text: String
            // Jinja2's Undefined refuses to become a number (`__int__`, `__float__` fail)
            if case .undefined(let undefined) = value, "diufFeEgG".contains(conversion) { throw .undefined(undefined.message) }
            // str() and repr() of an int past 4,300 digits fail, inside containers too
            if "srad".contains(conversion) { try value.checkPrintable() }
            switch conversion {
            case "s": text = escaping ? Escaping.escape(value) : value.printed
            case "r", "a": text = escaping ? Escaping.escapeText(value.repr) : value.repr
            case "d", "i", "u":
                guard let number = TemplateOperators.number(value) else {
                    throw .type("%\(conversion) format: a real number is required, not \(value.typeName)")
                }
                switch number {
                case .integer(let big): text = big.description
                case .float(let double): text = try PythonNumbers.truncated(double).description
                }
                if flags.contains("+"), !text.hasPrefix("-") { text = "+" + text }
            case "f", "F", "e", "E", "g", "G":
                guard let number = TemplateOperators.number(value) else {
                    throw .type("must be real number, not \(value.typeName)")
                }
                if case .integer(let big) = number, !big.nearestDouble.isFinite {
                    throw TemplateError("OverflowError", "int too large to convert to float")
                }
                // Python prints a NaN without a sign, whatever its sign bit
                let computed = TemplateOperators.double(number)
                let double = computed.isNaN ? Double.nan : computed
                text = String(format: "%\(flags.contains("+") ? "+" : "").\(precision ?? 6)\(conversion)", double)
                if conversion == "g" || conversion == "G" {
                    text = String(format: "%\(flags.contains("#") ? "#" : "").\(precision ?? 6)\(conversion)", double)
                }
            case "x", "X", "o":
                guard case .integer(let big)? = TemplateOperators.number(value) else {
                    throw .type("%\(conversion) format: an integer is required, not \(value.typeName)")
                }
                text = String(big, radix: conversion == "o" ? 8 : 16, uppercase: conversion == "X")
                if flags.contains("#") { text = (conversion == "o" ? "0o" : conversion == "x" ? "0x" : "0X") + text }
            case "c":
                switch value {
                case .int, .bigInt, .bool:
                    guard let code = value.bigIntegerValue, code >= 0, code < 0x110000, let scalar = Unicode.Scalar(UInt32(code)) else {
                        if let code = value.bigIntegerValue, code >= 0xD800, code < 0xE000 {
                            text = "\u{FFFD}"  // a lone surrogate has no UTF-8 form
                            break
                        }
                        throw TemplateError("OverflowError", "%c arg not in range(0x110000)")
                    }
                    text = String(scalar)
                case .string(let char) where char.unicodeScalars.count == 1: text = char
                case .markup(let char) where char.unicodeScalars.count == 1: text = char
                default: throw .type("%c requires int or char")
                }
            default:
                throw .value("unsupported format character \(PythonString.repr(String(conversion))) (0x\(String(conversion.unicodeScalars.first!.value, radix: 16))) at index \(index - 1)")
            }
            if conversion == "s" || conversion == "r", let precision { text = String(text.prefix(precision)) }
            if let width = Int(width), text.count < width {
                let padding = width - text.count
                if flags.contains("-") {
                    text += String(repeating: " ", count: padding)
                } else if flags.contains("0"), "dfFeEgGxXo".contains(conversion) {
                    let negative = text.hasPrefix("-") || text.hasPrefix("+")
                    let sign = negative ? String(text.removeFirst()) : ""
                    text = sign + String(repeating: "0", count: padding) + text
                } else {
                    text = String(repeating: " ", count: padding) + text
                }
            }
            out += text
        }
        if !isMapping && next < positional.count {
            throw .type("not all arguments converted during string formatting")
        }
        return out
    }

    /// `mapping[key]` for a `%(key)s` field, failing as Python's subscript fails.
    package static func item(_ mapping: Value, _ key: String) throws(TemplateError) -> Value {
        switch mapping {
        case .dict(let dict):
            guard let found = dict[.string(key)] else { throw TemplateError("KeyError", PythonString.repr(key)) }
            return found
        case .undefined(let undefined): throw .undefined(undefined.message)
        case .object(let bytes as BytesValue):
            throw .type("\(bytes.mutable ? "bytearray" : "byte") indices must be integers or slices, not str")
        default: throw .type("\(mapping.typeName) indices must be integers or slices, not str")
        }
    }
}
