import BigInt
import Foundation


package enum PythonStrip {
    package static func strip(_ text: String, _ characters: String?, leading: Bool, trailing: Bool) -> String {
        let set = characters.map { Set($0.unicodeScalars) }
        let isStripped: (Unicode.Scalar) -> Bool = { scalar in set?.contains(scalar) ?? PythonText.isSpace(scalar.value) }
        var scalars = Substring(text).unicodeScalars[...]
        if leading { while let first = scalars.first, isStripped(first) { scalars.removeFirst() } }
        if trailing { while let last = scalars.last, isStripped(last) { scalars.removeLast() } }
        return String(String.UnicodeScalarView(scalars))
    }
}

enum PythonSplit {
    /// `str.split(sep, maxsplit)` / `rsplit`.
    package static func split(_ text: String, _ separator: String?, limit: Int, fromRight: Bool) -> [String] {
        if let separator {
            var parts = text.components(separatedBy: separator)
            if limit >= 0 && parts.count > limit + 1 {
                if fromRight {
                    let head = parts[0...(parts.count - limit - 1)].joined(separator: separator)
                    parts = [head] + parts[(parts.count - limit)...]
                } else {
                    let tail = parts[limit...].joined(separator: separator)
                    parts = Array(parts[0..<limit]) + [tail]
                }
            }
            return parts
        }
        // whitespace splitting: runs of whitespace, no empty strings
        let scalars = Array(text.unicodeScalars)
        var words: [(Int, Int)] = []
        var index = 0
        while index < scalars.count {
            while index < scalars.count && PythonText.isSpace(scalars[index].value) { index += 1 }
            if index >= scalars.count { break }
            let start = index
            while index < scalars.count && !PythonText.isSpace(scalars[index].value) { index += 1 }
            words.append((start, index))
        }
        func slice(_ a: Int, _ b: Int) -> String { String(String.UnicodeScalarView(scalars[a..<b])) }
        // past `limit` words the rest is one piece that keeps the white space on its far side, as
        // CPython's split_whitespace/rsplit_whitespace leave it (' b c'.rsplit(None, 1) is [' b', 'c'])
        if limit >= 0 && words.count > limit {
            if fromRight {
                let keep = words.suffix(limit)
                let headEnd = words[words.count - limit - 1].1
                return [slice(0, headEnd)] + keep.map { slice($0.0, $0.1) }
            }
            return words.prefix(limit).map { slice($0.0, $0.1) } + [slice(words[limit].0, scalars.count)]
        }
        return words.map { slice($0.0, $0.1) }
    }
}

enum PythonReplace {
    static func replace(_ text: String, _ old: String, _ new: String, count: Int) -> String {
        if old.isEmpty {
            // between code points, as Python inserts it
            var out = new
            var done = 1
            for scalar in text.unicodeScalars {
                out.unicodeScalars.append(scalar)
                if count < 0 || done < count { out += new; done += 1 }
            }
            return count == 0 ? text : out
        }
        var parts = text.components(separatedBy: old)
        if count >= 0 && parts.count > count + 1 {
            let tail = parts[count...].joined(separator: old)
            parts = Array(parts[0..<count]) + [tail]
        }
        return parts.joined(separator: new)
    }
}

enum PythonPad {
    static func pad(_ text: String, width: Int, fill: String, mode: String) throws(TemplateError) -> String {
        try TemplateOperators.checkTextLength(width)
        let length = text.count
        guard width > length else { return text }
        let total = width - length
        switch mode {
        case "ljust": return text + String(repeating: fill, count: total)
        case "rjust": return String(repeating: fill, count: total) + text
        default:
            // CPython: left = total/2 + (total & width & 1)
            let left = total / 2 + (total & width & 1)
            return String(repeating: fill, count: left) + text + String(repeating: fill, count: total - left)
        }
    }
}

/// `str.format()` with positional and keyword fields and simple format specs.
enum BraceFormat {
    static func format(_ template: String, _ arguments: CallArguments) throws(TemplateError) -> String {
        var out = ""
        let characters = Array(template)
        var index = 0
        var automatic = 0
        while index < characters.count {
            let character = characters[index]
            if character == "{" {
                if index + 1 < characters.count && characters[index + 1] == "{" { out.append("{"); index += 2; continue }
                guard let close = characters[index...].firstIndex(of: "}") else { throw .value("Single '{' encountered in format string") }
                let field = String(characters[(index + 1)..<close])
                index = close + 1
                var name = field
                var spec = ""
                if let colon = field.firstIndex(of: ":") {
                    name = String(field[..<colon])
                    spec = String(field[field.index(after: colon)...])
                }
                var conversion: Character? = nil
                if let bang = name.firstIndex(of: "!") {
                    let rest = name[name.index(after: bang)...]
                    guard rest.count == 1, let kind = rest.first else {
                        throw .value("expected ':' after conversion specifier")
                    }
                    conversion = kind
                    name = String(name[..<bang])
                }
                let value: Value
                if name.isEmpty {
                    guard automatic < arguments.positional.count else { throw TemplateError("IndexError", "Replacement index \(automatic) out of range for positional args tuple") }
                    value = arguments.positional[automatic]
                    automatic += 1
                } else if name.allSatisfy({ $0.isASCII && $0.isNumber }) {
                    // only plain digits index the arguments (`{-1}` names a keyword)
                    guard let number = Int(name) else { throw .value("Too many decimal digits in format string") }
                    guard number < arguments.positional.count else { throw TemplateError("IndexError", "Replacement index \(number) out of range for positional args tuple") }
                    value = arguments.positional[number]
                } else {
                    guard let found = arguments.keywords.first(where: { $0.0 == name })?.1 else { throw TemplateError("KeyError", PythonString.repr(name)) }
                    value = found
                }
                out += try applySpec(try convert(value, conversion), spec)
            } else if character == "}" {
                if index + 1 < characters.count && characters[index + 1] == "}" { out.append("}"); index += 2; continue }
                throw .value("Single '}' encountered in format string")
            } else {
                out.append(character)
                index += 1
            }
        }
        return out
    }

    /// A replacement field's `!r`, `!s` or `!a`.
    static func convert(_ value: Value, _ conversion: Character?) throws(TemplateError) -> Value {
        switch conversion {
        case nil: return value
        case "r": return .string(value.repr)
        case "s": return .string(value.printed)
        case "a": return .string(PythonString.ascii(value.repr))
        case let other?: throw .value("Unknown conversion specifier \(other)")
        }
    }

    /// `1234567` → `1,234,567` (the integer part only).
    static func groupThousands(_ text: String) -> String {
        var sign = ""
        var digits = Substring(text)
        if digits.hasPrefix("-") { sign = "-"; digits = digits.dropFirst() }
        let integerPart = digits.prefix { $0.isNumber }
        let rest = digits.dropFirst(integerPart.count)
        var grouped = ""
        for (index, character) in integerPart.enumerated() {
            if index > 0 && (integerPart.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return sign + grouped + rest
    }

    /// A float with a precision and no type (`'{:.3}'`): like `g`, but scientific from an
    /// exponent of `significant - 1` on, and a fixed-point result keeps a decimal point.
    static func generalWithPoint(_ number: Double, significant: Int) -> String {
        guard number.isFinite else { return PythonFloat.repr(number) }
        let scientific = String(format: "%.\(significant - 1)e", number)
        guard let e = scientific.lastIndex(of: "e"), let exponent = Int(scientific[scientific.index(after: e)...]) else { return scientific }
        if exponent < -4 || exponent >= significant - 1 {
            var mantissa = String(scientific[..<e])
            if mantissa.contains(".") {
                while mantissa.hasSuffix("0") { mantissa.removeLast() }
                if mantissa.hasSuffix(".") { mantissa.removeLast() }
            }
            return mantissa + scientific[e...]
        }
        var fixed = String(format: "%.\(significant)g", number)
        if !fixed.contains(".") { fixed += ".0" }
        return fixed
    }

    static func applySpec(_ value: Value, _ spec: String) throws(TemplateError) -> String {
        try PythonFormatSpec.format(value, spec)
    }
}


/// Python's `round()` as Jinja2's `round` filter uses it.
enum PythonRound {
    /// Jinja2's `math.ceil(value * 10**precision) / 10**precision`, with Python's operators
    /// (so a list is repeated, then refused by `math`) and `math`'s errors.
    static func roundWithMath(_ value: Value, precision: Int, method: String) throws(TemplateError) -> Value {
        let scale = try TemplateOperators.binary(.pow, .int(10), .int(precision))
        let scaled = try TemplateOperators.binary(.mul, value, scale)
        let whole: BigInt
        switch TemplateOperators.number(scaled) {
        case .integer(let integer)?: whole = integer
        case .float(let double)?:
            if double.isNaN { throw .value("cannot convert float NaN to integer") }
            if double.isInfinite { throw TemplateError("OverflowError", "cannot convert float infinity to integer") }
            whole = BigInt(double.rounded(method == "ceil" ? .up : .down))
        case nil:
            throw .type("must be real number, not \(scaled.typeName)")
        }
        return try TemplateOperators.binary(.div, .integer(whole), scale)
    }

    static func round(_ value: Value, precision: Int, method: String) throws(TemplateError) -> Value {
        guard ["common", "ceil", "floor"].contains(method) else {
            throw TemplateError("FilterArgumentError", "method must be common, ceil or floor")
        }
        if method == "ceil" || method == "floor" { return try roundWithMath(value, precision: precision, method: method) }
        guard let number = TemplateOperators.number(value) else {
            throw .type("type \(value.typeName) doesn't define __round__ method")
        }
        switch method {
        case "common":
            switch number {
            case .integer(let integer):
                if precision >= 0 { return .integer(integer) }
                let unit = BigInt(10).power(-precision)
                let (quotient, remainder) = integer.quotientAndRemainder(dividingBy: unit)
                var q = quotient
                let twice = remainder.magnitude * 2
                if twice > unit.magnitude || (twice == unit.magnitude && q % 2 != 0) { q += integer < 0 ? -1 : 1 }
                return .integer(q * unit)
            case .float(let double):
                guard double.isFinite else { return .float(double) }
                if precision >= 0 {
                    // printf rounds the exact binary value half-to-even, as Python's round does
                    return .float(Double(String(format: "%.\(min(precision, 300))f", double)) ?? double)
                }
                let unit = pow(10.0, Double(-precision))
                return .float((double / unit).rounded(.toNearestOrEven) * unit)
            }
        default:
            throw TemplateError("FilterArgumentError", "method must be common, ceil or floor")
        }
    }
}

extension PythonSplit {
    /// `text.rsplit(" ", 1)[0]`: what comes before the last space, or all of it.
    static func beforeLastSpace(_ text: String) -> String {
        guard let space = text.unicodeScalars.lastIndex(of: " ") else { return text }
        return String(text.unicodeScalars[..<space])
    }

    /// Python's `str.splitlines()`: split at every line boundary Python knows (`\r\n` is one),
    /// with no empty piece after a final boundary.
    static func lines(_ text: String) -> [String] {
        let boundaries: Set<UInt32> = [0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029]
        var pieces: [String] = []
        var current = String.UnicodeScalarView()
        var scalars = text.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            guard boundaries.contains(scalar.value) else { current.append(scalar); continue }
            if scalar == "\r" && scalars.first == "\n" { scalars.removeFirst() }
            pieces.append(String(current))
            current = String.UnicodeScalarView()
        }
        if !current.isEmpty { pieces.append(String(current)) }
        return pieces
    }
}
