import BigInt
import Foundation

/// Python's arithmetic, comparison, membership, iteration and indexing on template values.
public enum TemplateOperators {
    package enum Number {
        case integer(BigInt)
        case float(Double)
    }

    package static func number(_ value: Value) -> Number? {
        switch value {
        case .bool(let flag): return .integer(flag ? 1 : 0)
        case .int(let int): return .integer(BigInt(int))
        case .bigInt(let big): return .integer(big)
        case .float(let double): return .float(double)
        default: return nil
        }
    }

    static func double(_ number: Number) -> Double {
        switch number {
        case .integer(let value): return value.nearestDouble
        case .float(let value): return value
        }
    }

    /// Python's `float(int)`: an int too large for a float is an error, not infinity.
    static func checkedDouble(_ number: Number) throws(TemplateError) -> Double {
        let value = double(number)
        if value.isInfinite, case .integer = number { throw TemplateError("OverflowError", "int too large to convert to float") }
        return value
    }

    /// Exact comparison of an int with a float, as Python compares them: -1, 0 or 1.
    static func compareExactly(_ integer: BigInt, _ float: Double) -> Int {
        if float.isInfinite { return float > 0 ? -1 : 1 }
        let floor = float.rounded(.down)
        let whole = BigInt(floor)
        if integer < whole { return -1 }
        if integer > whole { return 1 }
        return float > floor ? -1 : 0
    }

    /// `k, v = value`, failing as Python's unpacking fails.
    static func unpackPair(_ value: Value) throws(TemplateError) -> (Value, Value) {
        guard let items = try? iterate(value) else { throw .type("cannot unpack non-iterable \(value.typeName) object") }
        if items.count > 2 { throw .value("too many values to unpack (expected 2)") }
        guard items.count == 2 else { throw .value("not enough values to unpack (expected 2, got \(items.count))") }
        return (items[0], items[1])
    }

    /// A tuple, or groupby's named tuple.
    private static func isTupleLike(_ value: Value) -> Bool {
        switch value {
        case .tuple, .object(is GroupTuple): return true
        default: return false
        }
    }

    /// Text, lists and tuples: what `*` repeats.
    private static func isRepeatable(_ value: Value) -> Bool {
        switch value {
        case .string, .markup, .list, .tuple: return true
        default: return false
        }
    }

    /// Python's refusal to repeat a sequence `other` times.
    static func sequenceRepeat(_ other: Value) -> TemplateError {
        if case .undefined(let undefined) = other { return .undefined(undefined.message) }
        return .type("can't multiply sequence by non-int of type \(PythonString.repr(other.typeName))")
    }

    static func unsupported(_ op: String, _ lhs: Value, _ rhs: Value) -> TemplateError {
        if case .undefined(let undefined) = lhs { return .undefined(undefined.message) }
        if case .undefined(let undefined) = rhs { return .undefined(undefined.message) }
        return .type("unsupported operand type(s) for \(op): \(PythonString.repr(lhs.typeName)) and \(PythonString.repr(rhs.typeName))")
    }

    public static func binary(_ op: TemplateOperator, _ lhs: Value, _ rhs: Value) throws(TemplateError) -> Value {
        // Jinja2's Undefined fails every arithmetic operator, on either side; only text's `%`
        // takes it as an argument (and prints it empty)
        if case .undefined(let undefined) = lhs { throw .undefined(undefined.message) }
        if case .undefined(let undefined) = rhs, !(op == .mod && lhs.isString) { throw .undefined(undefined.message) }
        if case .object = lhs, let result = try objectBinary(op, lhs, rhs) { return result }
        if case .object = rhs, let result = try objectBinary(op, lhs, rhs) { return result }
        // fast path for small ints
        if case .int(let a) = lhs, case .int(let b) = rhs {
            switch op {
            case .add: let (r, o) = a.addingReportingOverflow(b); if !o { return .int(r) }
            case .sub: let (r, o) = a.subtractingReportingOverflow(b); if !o { return .int(r) }
            case .mul: let (r, o) = a.multipliedReportingOverflow(by: b); if !o { return .int(r) }
            case .mod where b != 0 && b != -1:
                let r = a % b
                return .int(r != 0 && (r < 0) != (b < 0) ? r + b : r)
            case .floordiv where b != 0 && b != -1:
                let q = a / b
                return .int((a % b != 0) && ((a < 0) != (b < 0)) ? q - 1 : q)
            default: break
            }
        }
        if let a = number(lhs), let b = number(rhs) { return try arithmetic(op, a, b, lhs, rhs) }
        if op == .mul, case .markup = lhs, try repeatCount(rhs) == nil {
            // Markup's __mul__ hands anything to str's, which wants an index
            throw .type("\(PythonString.repr(rhs.typeName)) object cannot be interpreted as an integer")
        }
        if op == .mul, case .markup = rhs, try repeatCount(lhs) == nil {
            throw .type("\(PythonString.repr(lhs.typeName)) object cannot be interpreted as an integer")
        }
        if op == .mul, isRepeatable(lhs) || isRepeatable(rhs) {
            // Python asks the left operand to repeat itself first: it names the right one
            let count = isRepeatable(lhs) ? rhs : lhs
            if try repeatCount(count) == nil { throw sequenceRepeat(count) }
        }
        switch (op, lhs, rhs) {
        case (.add, .string(let a), .string(let b)): return .string(a + b)
        // Markup joins only text (escaping plain text); anything else is Python's TypeError
        case (.add, .markup(let a), .string), (.add, .markup(let a), .markup): return .markup(a + Escaping.escape(rhs))
        case (.add, .string, .markup(let b)): return .markup(Escaping.escape(lhs) + b)
        case (.add, .list(let a), .list(let b)): return .list(a + b)
        case (.add, .tuple(let a), .tuple(let b)): return .tuple(a + b)
        case (.mul, .string(let text), _), (.mul, _, .string(let text)):
            let other = lhs.isString ? rhs : lhs
            guard let count = try repeatCount(other) else {
                if case .undefined = other { throw unsupported("*", lhs, rhs) }
                throw .type("can't multiply sequence by non-int of type \(PythonString.repr(other.typeName))")
            }
            // CPython refuses a length past a machine word before it tries to allocate
            if count > 0, text.unicodeScalars.count.multipliedReportingOverflow(by: count).overflow {
                throw TemplateError("OverflowError", "repeated string is too long")
            }
            try checkRepeatSize(text.utf8.count, count, limit: maximumTextLength)
            // an empty text repeated any number of times is empty, at once
            return .string(text.isEmpty || count <= 0 ? "" : String(repeating: text, count: count))
        case (.mul, .markup(let text), _), (.mul, _, .markup(let text)):
            let other: Value
            if case .markup = lhs { other = rhs } else { other = lhs }
            guard let count = try repeatCount(other) else {
                // a list or tuple on the left repeats itself and names the Markup it was given
                if lhs.isList || lhs.typeName == "tuple" { throw sequenceRepeat(rhs) }
                throw sequenceRepeat(other)
            }
            try checkRepeatSize(text.utf8.count, count, limit: maximumTextLength)
            return .markup(text.isEmpty || count <= 0 ? "" : String(repeating: text, count: count))
        case (.mul, .list(let items), _), (.mul, _, .list(let items)):
            // the left operand repeats when both are sequences, as Python tries it first
            let other = lhs.isList ? rhs : lhs
            guard let count = try repeatCount(other) else { throw sequenceRepeat(other) }
            return .list(try repeated(items, count))
        case (.mul, .tuple(let items), _), (.mul, _, .tuple(let items)):
            let other: Value
            if case .tuple = lhs { other = rhs } else { other = lhs }
            guard let count = try repeatCount(other) else { throw sequenceRepeat(other) }
            return .tuple(try repeated(items, count))
        case (.mod, .string(let format), _):
            return .string(try PercentFormat.format(format, rhs))
        case (.mod, .markup(let format), _):
            return .markup(try PercentFormat.format(format, rhs, escaping: true))
        case (.add, .markup, _):
            // Markup.__add__ returns NotImplemented for what is not text, and nothing takes it
            throw unsupported("+", lhs, rhs)
        case (.add, .string, _), (.add, .list, _), (.add, .tuple, _):
            let kind = lhs.typeName
            throw .type("can only concatenate \(kind) (not \"\(rhs.typeName)\") to \(kind)")
        default:
            let symbol = ["add": "+", "sub": "-", "mul": "*", "div": "/", "floordiv": "//", "mod": "%", "pow": "** or pow()"][op.rawValue] ?? op.rawValue
            throw unsupported(symbol, lhs, rhs)
        }
    }

    /// The count of a sequence repetition: nil for a non-integer; OverflowError for an int
    /// outside 64 bits, as CPython's index-sized integers.
    package static func repeatCount(_ value: Value) throws(TemplateError) -> Int? {
        switch value {
        case .int(let count): return count
        case .bool(let flag): return flag ? 1 : 0
        case .bigInt: throw TemplateError("OverflowError", "cannot fit 'int' into an index-sized integer")
        default: return nil
        }
    }

    /// `items * count`, refusing (MemoryError, as Python where memory runs out) results of more
    /// than 2^27 items instead of trying to allocate them.
    package static func repeated(_ items: [Value], _ count: Int) throws(TemplateError) -> [Value] {
        guard count > 0, !items.isEmpty else { return [] }
        try checkRepeatSize(items.count, count, limit: 1 << 27)
        var result: [Value] = []
        result.reserveCapacity(items.count * count)
        for _ in 0..<count { result += items }
        return result
    }

    /// The longest text a template or expression may make (2^28 bytes): beyond it, repetitions,
    /// paddings and format widths fail with MemoryError at once instead of taking the machine.
    static let maximumTextLength = 1 << 28

    /// MemoryError where a text of `length` would pass `maximumTextLength`.
    static func checkTextLength(_ length: Int) throws(TemplateError) {
        if length > maximumTextLength { throw TemplateError("MemoryError", "") }
    }

    /// The same for a width written in digits (a width too long for an Int is too long).
    static func checkTextLength(digits: String) throws(TemplateError) {
        guard !digits.isEmpty else { return }
        try checkTextLength(Int(digits) ?? Int.max)
    }

    /// MemoryError where `size * count` units would pass `limit`.
    /// The largest int a product or power may make: 2^22 bits (about 1.26 million digits).
    /// Python goes on, for minutes, to numbers it cannot print (4,300 digits); this refuses
    /// at once with MemoryError (divergence R10).
    static let maximumIntegerBits = 1 << 22

    package static func checkIntegerSize(_ bits: Int) throws(TemplateError) {
        if bits > maximumIntegerBits { throw TemplateError("MemoryError", "") }
    }

    static func checkRepeatSize(_ size: Int, _ count: Int, limit: Int) throws(TemplateError) {
        guard count > 0 else { return }
        let (total, overflow) = size.multipliedReportingOverflow(by: count)
        if overflow || total > limit { throw TemplateError("MemoryError", "") }
    }

    private static func arithmetic(_ op: TemplateOperator, _ a: Number, _ b: Number, _ lhs: Value, _ rhs: Value) throws(TemplateError) -> Value {
        switch (a, b) {
        case (.integer(let x), .integer(let y)):
            switch op {
            case .add: return .integer(x + y)
            case .sub: return .integer(x - y)
            case .mul:
                try checkIntegerSize(x.magnitude.bitWidth + y.magnitude.bitWidth)
                return .integer(x * y)
            case .div:
                guard y != 0 else { throw TemplateError("ZeroDivisionError", "division by zero") }
                return .float(try trueDivide(x, y))
            case .floordiv:
                guard y != 0 else { throw TemplateError("ZeroDivisionError", "integer division or modulo by zero") }
                return .integer(floorDivide(x, y))
            case .mod:
                guard y != 0 else { throw TemplateError("ZeroDivisionError", "integer modulo by zero") }
                return .integer(x - floorDivide(x, y) * y)
            case .pow:
                if y < 0 {
                    guard x != 0 else { throw TemplateError("ZeroDivisionError", "0.0 cannot be raised to a negative power") }
                    // Python converts both to floats (correctly rounded) and raises those
                    let base = x.nearestDouble, exponent = y.nearestDouble
                    guard base.isFinite, exponent.isFinite else { throw TemplateError("OverflowError", "int too large to convert to float") }
                    return .float(pow(base, exponent))
                }
                // these bases stay small whatever the exponent
                if x == 1 || (x == 0 && y > 0) { return .integer(x) }
                if x == -1 { return .int(y.isMultiple(of: 2) ? 1 : -1) }
                // past the size limit (R10) whatever the base: |x| >= 2 here
                guard let exponent = Int(exactly: y) else { throw TemplateError("MemoryError", "") }
                let (bits, overflow) = (x.magnitude.bitWidth - 1).multipliedReportingOverflow(by: exponent)
                try checkIntegerSize(overflow ? Int.max : bits)
                return .integer(PythonNumbers.power(x, exponent))
            default: break
            }
        default:
            let x = try checkedDouble(a), y = try checkedDouble(b)
            switch op {
            case .add: return .float(x + y)
            case .sub: return .float(x - y)
            case .mul: return .float(x * y)
            case .div:
                guard y != 0 else { throw TemplateError("ZeroDivisionError", "float division by zero") }
                return .float(x / y)
            case .floordiv:
                guard y != 0 else { throw TemplateError("ZeroDivisionError", "float floor division by zero") }
                return .float(floorDivide(x, y))
            case .mod:
                guard y != 0 else { throw TemplateError("ZeroDivisionError", "float modulo") }
                var r = fmod(x, y)
                if r != 0 && (r < 0) != (y < 0) { r += y }
                return .float(r == 0 ? (y < 0 ? -0.0 : 0.0) : r)
            case .pow:
                // (an infinite exponent is settled first: 0.0 ** -inf is inf)
                if x == 0 && y < 0 && y.isFinite { throw TemplateError("ZeroDivisionError", "0.0 cannot be raised to a negative power") }
                // a negative number to a fractional power is complex in Python 3
                if x < 0 && x.isFinite && y.isFinite && y != y.rounded(),
                   let complex = try ComplexArithmetic.binary(.pow, (x, 0), (y, 0)) {
                    return complex
                }
                let result = pow(x, y)
                if result.isInfinite && x.isFinite && y.isFinite { throw TemplateError("OverflowError", "(34, 'Numerical result out of range')") }
                return .float(result)
            default: break
            }
        }
        throw unsupported(op.rawValue, lhs, rhs)
    }

    static func floorDivide(_ x: BigInt, _ y: BigInt) -> BigInt {
        let (q, r) = x.quotientAndRemainder(dividingBy: y)
        return (r != 0 && (r < 0) != (y < 0)) ? q - 1 : q
    }

    /// Python's `int / int`: correctly rounded, an OverflowError when the quotient is too large
    /// for a float (y is not zero).
    static func trueDivide(_ x: BigInt, _ y: BigInt) throws(TemplateError) -> Double {
        if let a = Int(exactly: x), let b = Int(exactly: y), a.magnitude < 1 << 53, b.magnitude < 1 << 53 { return Double(a) / Double(b) }
        let negative = (x < 0) != (y < 0)
        var numerator = x.magnitude, denominator = y.magnitude
        guard !numerator.isZero else { return negative ? -0.0 : 0.0 }
        // scale so that the quotient has 55 or 56 bits, then round once with a sticky bit
        let shift = numerator.bitWidth - denominator.bitWidth - 55
        if shift < 0 { numerator <<= -shift } else { denominator <<= shift }
        var (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        if !remainder.isZero { quotient |= 1 }
        let scaled = Double(sign: .plus, exponent: shift, significand: Double(UInt64(quotient)))
        guard scaled.isFinite else { throw TemplateError("OverflowError", "integer division result too large for a float") }
        return negative ? -scaled : scaled
    }

    /// Python's `float // float` (y is not zero): the floor of the exact quotient, from fmod.
    static func floorDivide(_ x: Double, _ y: Double) -> Double {
        var remainder = fmod(x, y)
        var quotient = (x - remainder) / y
        if remainder != 0 && (y < 0) != (remainder < 0) {
            remainder += y
            quotient -= 1
        }
        // a zero quotient takes the sign of x / y (-0.0 // 1 is -0.0)
        guard quotient != 0 else { return (x / y).sign == .minus ? -0.0 : 0.0 }
        var floored = Foundation.floor(quotient)
        if quotient - floored > 0.5 { floored += 1 }
        return floored
    }

    /// Operators of the Python objects that are templates' objects: complex numbers and bytes.
    /// `body` on a groupby tuple taken as a plain tuple; a refusal names `_GroupTuple` where it
    /// named that operand's type (`onLeft` says which operand it was; the other may be a real tuple).
    private static func asTuple(_ group: GroupTuple, onLeft: Bool, _ body: () throws(TemplateError) -> Value) throws(TemplateError) -> Value {
        do {
            return try body()
        } catch {
            guard error.kind == "TypeError" else { throw error }
            var renamed = error
            renamed.message = renamingTuple(in: error.message, to: group.typeName, onLeft: onLeft)
            throw renamed
        }
    }

    private static func renamingTuple(in message: String, to name: String, onLeft: Bool) -> String {
        if message.hasPrefix("unsupported operand type(s)"), let and = message.range(of: "' and '", options: .backwards) {
            var left = String(message[..<and.lowerBound]), right = String(message[and.upperBound...])
            if onLeft, left.hasSuffix("'tuple") { left = String(left.dropLast(5)) + name }
            if !onLeft, right.hasPrefix("tuple'") { right = name + right.dropFirst(5) }
            return left + "' and '" + right
        }
        // `[1] + g`, `'a' + g`, `[1] * g` name the right operand; the left one's own method speaks for itself
        guard !onLeft else { return message }
        return message.replacingOccurrences(of: "(not \"tuple\")", with: "(not \"\(name)\")")
            .replacingOccurrences(of: "of type 'tuple'", with: "of type '\(name)'")
    }

    static func objectBinary(_ op: TemplateOperator, _ lhs: Value, _ rhs: Value) throws(TemplateError) -> Value? {
        if case .object(let array as ArrayValueObject) = lhs, let result = try array.arithmetic(op, rhs, reflected: false) { return result }
        if case .object(let array as ArrayValueObject) = rhs, let result = try array.arithmetic(op, lhs, reflected: true) { return result }
        if let (a, b) = ComplexArithmetic.operands(lhs, rhs) { return try ComplexArithmetic.binary(op, a, b) }
        // a named tuple is a tuple to arithmetic (`group * 2`, `group + (1,)`); a refusal
        // names its own type
        if case .object(let group as GroupTuple) = lhs { return try asTuple(group, onLeft: true) { () throws(TemplateError) in try binary(op, .tuple(group.items), rhs) } }
        if case .object(let group as GroupTuple) = rhs { return try asTuple(group, onLeft: false) { () throws(TemplateError) in try binary(op, lhs, .tuple(group.items)) } }
        if case .object(let x as BytesValue) = lhs {
            switch op {
            case .add:
                guard case .object(let y as BytesValue) = rhs else { throw .type("can't concat \(rhs.typeName) to \(x.typeName)") }
                return .object(BytesValue(x.bytes + y.bytes, mutable: x.mutable))
            case .mul:
                guard let count = try repeatCount(rhs) else { throw sequenceRepeat(rhs) }
                return try repeatedBytes(x, count)
            case .mod where !x.bytes.contains(0x25):
                // bytes with no conversion take no argument: an empty tuple or a mapping
                // leaves them as they are, anything else is left over
                switch rhs {
                case .tuple(let items) where items.isEmpty: return lhs
                case .dict: return lhs
                default: throw .type("not all arguments converted during bytes formatting")
                }
            default:
                return nil
            }
        }
        if op == .mul, case .object(let y as BytesValue) = rhs {
            if let count = try repeatCount(lhs) { return try repeatedBytes(y, count) }
            switch lhs {
            case .string, .markup, .list, .tuple: return nil  // the left sequence repeats, and refuses
            default: throw sequenceRepeat(lhs)
            }
        }
        return nil
    }

    private static func repeatedBytes(_ bytes: BytesValue, _ count: Int) throws(TemplateError) -> Value {
        if count > 0, bytes.bytes.count.multipliedReportingOverflow(by: count).overflow {
            throw TemplateError("OverflowError", "repeated bytes are too long")
        }
        try checkRepeatSize(bytes.bytes.count, count, limit: maximumTextLength)
        guard count > 0, !bytes.bytes.isEmpty else { return .object(BytesValue([], mutable: bytes.mutable)) }
        var repeated: [UInt8] = []
        repeated.reserveCapacity(bytes.bytes.count * count)
        for _ in 0..<count { repeated += bytes.bytes }
        return .object(BytesValue(repeated, mutable: bytes.mutable))
    }

    public static func negate(_ value: Value) throws(TemplateError) -> Value {
        if case .object(let array as ArrayValueObject) = value { return try array.negated() }
        if case .object(let complex as ComplexNumber) = value {
            return .object(ComplexNumber(real: -complex.real, imaginary: -complex.imaginary))
        }
        switch number(value) {
        case .integer(let x): return .integer(-x)
        case .float(let x): return .float(-x)
        case nil:
            if case .undefined(let undefined) = value { throw .undefined(undefined.message) }
            throw .type("bad operand type for unary -: \(PythonString.repr(value.typeName))")
        }
    }

    public static func positive(_ value: Value) throws(TemplateError) -> Value {
        if case .object(let complex as ComplexNumber) = value { return .object(complex) }
        switch number(value) {
        case .integer(let x): return .integer(x)
        case .float(let x): return .float(x)
        case nil:
            if case .undefined(let undefined) = value { throw .undefined(undefined.message) }
            throw .type("bad operand type for unary +: \(PythonString.repr(value.typeName))")
        }
    }

    /// Python `==`.
    public static func equal(_ lhs: Value, _ rhs: Value) -> Bool {
        if case .int(let a) = lhs, case .int(let b) = rhs { return a == b }
        if case .string(let a) = lhs, case .string(let b) = rhs { return a == b }
        if let a = number(lhs), let b = number(rhs) {
            switch (a, b) {
            case (.integer(let x), .integer(let y)): return x == y
            case (.integer(let x), .float(let y)): return !y.isNaN && compareExactly(x, y) == 0
            case (.float(let x), .integer(let y)): return !x.isNaN && compareExactly(y, x) == 0
            default: return double(a) == double(b)
            }
        }
        switch (lhs, rhs) {
        case (.none, .none): return true
        case (.string(let a), .string(let b)), (.markup(let a), .markup(let b)), (.string(let a), .markup(let b)), (.markup(let a), .string(let b)):
            return a == b
        case (.list(let a), .list(let b)), (.tuple(let a), .tuple(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.dict(let a), .dict(let b)):
            return a.count == b.count && a.pairs.allSatisfy { key, value in b[key].map { equal($0, value) } ?? false }
        case (.range, .range): return lhs.repr == rhs.repr
        case (.undefined, .undefined): return true
        case (.object(let a), .object(let b)):
            if a === b { return true }
            // `type(1) == int`: a type object equals the builtin that names its type
            if let type = (a as? TypeObject) ?? (b as? TypeObject), let function = (a as? FunctionObject) ?? (b as? FunctionObject) {
                return Self.builtinTypeNames.contains(type.name) && function.function.name == type.name
            }
            if let x = a as? TypeObject, let y = b as? TypeObject { return x.printed == y.printed }
            // a builtin class made twice (`type(1) == int`) is one class
            if let x = a as? FunctionObject, let y = b as? FunctionObject, let shown = x.printedAs, shown.hasPrefix("<class ") {
                return shown == y.printedAs
            }
            // aliases compare by their class, arguments and unpacking
            if let x = a as? GenericAliasObject, let y = b as? GenericAliasObject {
                return x.origin == y.origin && x.unpacked == y.unpacked && equal(x.arguments, y.arguments)
            }
            // sets compare by their members, as Python's do
            if let x = a as? SetValue, let y = b as? SetValue {
                return x.items.count == y.items.count && x.items.allSatisfy { item in y.items.contains { equal($0, item) } }
            }
            return false
        default: return false
        }
    }

    /// Python `<`, `<=`, `>`, `>=`.
    /// The builtins that are types in Python (`int`, `str`...).
    static let builtinTypeNames: Set<String> = ["int", "str", "float", "bool", "list", "dict", "tuple", "set", "frozenset", "bytes", "complex", "object", "range", "slice", "type"]

    public static func compare(_ op: TemplateOperator, _ lhs: Value, _ rhs: Value) throws(TemplateError) -> Bool {
        // groupby's named tuples compare as the tuples they are
        // (only against another tuple: anything else fails naming _GroupTuple)
        if case .object(let group as GroupTuple) = lhs, isTupleLike(rhs) { return try compare(op, .tuple([group.grouper, .list(group.list)]), rhs) }
        if case .object(let group as GroupTuple) = rhs, isTupleLike(lhs) {
            // Python asks the subclass first: `t > g` runs as `g < t`
            if case .tuple = lhs, let reflected = op.reflected { return try compare(reflected, .tuple([group.grouper, .list(group.list)]), lhs) }
            return try compare(op, lhs, .tuple([group.grouper, .list(group.list)]))
        }
        if op == .eq { return equal(lhs, rhs) }
        if op == .ne { return !equal(lhs, rhs) }
        if op == .in { return try contains(rhs, lhs) }
        if op == .notin { return try !contains(rhs, lhs) }
        // a NaN makes every ordering false
        if let a = number(lhs), let b = number(rhs) {
            switch (a, b) {
            case (.float(let x), _) where x.isNaN, (_, .float(let x)) where x.isNaN: return false
            default: break
            }
        }
        // sets order by inclusion
        if case .object(let a as SetValue) = lhs, case .object(let b as SetValue) = rhs {
            let subset = a.items.allSatisfy { b.table.contains($0) }, superset = b.items.allSatisfy { a.table.contains($0) }
            switch op {
            case .lt: return subset && a.items.count < b.items.count
            case .lteq: return subset
            case .gt: return superset && a.items.count > b.items.count
            default: return superset
            }
        }
        switch (lhs, rhs) {
        case (.list(let a), .list(let b)), (.tuple(let a), .tuple(let b)):
            // the first pair that differs decides, by its own comparison (a NaN orders nothing)
            for (p, q) in zip(a, b) where !equal(p, q) { return try compare(op, p, q) }
            return try compare(op, .int(a.count), .int(b.count))
        default: break
        }
        let order = try ordering(lhs, rhs, op)
        switch op {
        case .lt: return order < 0
        case .lteq: return order <= 0
        case .gt: return order > 0
        default: return order >= 0
        }
    }

    static let symbols = ["lt": "<", "lteq": "<=", "gt": ">", "gteq": ">="]

    /// -1, 0 or 1; a TypeError for values Python cannot order.
    package static func ordering(_ lhs: Value, _ rhs: Value, _ op: TemplateOperator = .lt) throws(TemplateError) -> Int {
        if case .object(let group as GroupTuple) = lhs, isTupleLike(rhs) { return try ordering(.tuple([group.grouper, .list(group.list)]), rhs, op) }
        if case .object(let group as GroupTuple) = rhs, isTupleLike(lhs) {
            if case .tuple = lhs, let reflected = op.reflected { return try -ordering(.tuple([group.grouper, .list(group.list)]), lhs, reflected) }
            return try ordering(lhs, .tuple([group.grouper, .list(group.list)]), op)
        }
        if case .int(let a) = lhs, case .int(let b) = rhs { return a < b ? -1 : (a == b ? 0 : 1) }
        if let a = number(lhs), let b = number(rhs) {
            switch (a, b) {
            case (.integer(let x), .integer(let y)): return x < y ? -1 : (x == y ? 0 : 1)
            // an int and a float compare exactly, as Python compares them (inf > 7**1000)
            case (.integer(let x), .float(let y)) where !y.isNaN: return compareExactly(x, y)
            case (.float(let x), .integer(let y)) where !x.isNaN: return -compareExactly(y, x)
            default:
                let x = double(a), y = double(b)
                return x < y ? -1 : (x == y ? 0 : 1)
            }
        }
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)), (.markup(let a), .markup(let b)), (.string(let a), .markup(let b)), (.markup(let a), .string(let b)):
            let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
            for (p, q) in zip(x, y) where p != q { return p.value < q.value ? -1 : 1 }
            return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
        case (.list(let a), .list(let b)), (.tuple(let a), .tuple(let b)):
            for (p, q) in zip(a, b) where !equal(p, q) { return try ordering(p, q, op) }
            return a.count < b.count ? -1 : (a.count == b.count ? 0 : 1)
        case (.object(let a as BytesValue), .object(let b as BytesValue)):
            // bytes and bytearray order byte by byte, either with the other
            for (p, q) in zip(a.bytes, b.bytes) where p != q { return p < q ? -1 : 1 }
            return a.bytes.count < b.bytes.count ? -1 : (a.bytes.count == b.bytes.count ? 0 : 1)
        default:
            if case .undefined(let undefined) = lhs { throw .undefined(undefined.message) }
            if case .undefined(let undefined) = rhs { throw .undefined(undefined.message) }
            throw .type("'\(symbols[op.rawValue] ?? "<")' not supported between instances of \(PythonString.repr(lhs.typeName)) and \(PythonString.repr(rhs.typeName))")
        }
    }

    /// Python `needle in container`.
    public static func contains(_ container: Value, _ needle: Value) throws(TemplateError) -> Bool {
        switch container {
        case .string(let text), .markup(let text):
            guard case .string(let part) = needle.asPlainString else {
                throw .type("'in <string>' requires string as left operand, not \(needle.typeName)")
            }
            return part.isEmpty || text.contains(part)
        case .list(let items), .tuple(let items): return items.contains { equal($0, needle) }
        case .dict(let dict):
            try PythonHash.check(needle)
            return dict[needle] != nil
        case .object(let set as SetValue):
            // a set looks a set up as the frozenset of its members
            if case .object(let inner as SetValue) = needle, !inner.frozen {
                return set.table.contains(.object(SetValue(table: inner.table, frozen: true)))
            }
            try PythonHash.check(needle)
            return set.table.contains(needle)
        case .object(let view as DictView) where view.typeName == "dict_keys":
            try PythonHash.check(needle)
            return view.items.contains { equal($0, needle) }
        case .range: return try iterate(container).contains { equal($0, needle) }
        case .undefined: return false
        case .object(let generator as GeneratorValue): return try generator.values().contains { equal($0, needle) }
        case .object(let bytes as BytesValue):
            switch needle {
            case .int(let byte):
                guard byte >= 0 && byte < 256 else { throw .value("byte must be in range(0, 256)") }
                return bytes.bytes.contains(UInt8(byte))
            case .bool(let flag): return bytes.bytes.contains(flag ? 1 : 0)
            case .bigInt: throw .value("byte must be in range(0, 256)")
            case .object(let part as BytesValue):
                guard !part.bytes.isEmpty else { return true }
                guard part.bytes.count <= bytes.bytes.count else { return false }
                return (0...(bytes.bytes.count - part.bytes.count)).contains { Array(bytes.bytes[$0..<$0 + part.bytes.count]) == part.bytes }
            default: throw .type("a bytes-like object is required, not \(PythonString.repr(needle.typeName))")
            }
        case .object(let object) where object is IterableObject: return (object as! IterableObject).items.contains { equal($0, needle) }
        default: throw .type("argument of type \(PythonString.repr(container.typeName)) is not iterable")
        }
    }

    /// The items `for x in value` visits.
    public static func iterate(_ value: Value) throws(TemplateError) -> [Value] {
        switch value {
        case .list(let items), .tuple(let items): return items
        // Python iterates strings by code point
        // (Markup iterates as str does: its pieces are plain text)
        case .string(let text), .markup(let text): return text.unicodeScalars.map { .string(String($0)) }
        case .dict(let dict): return dict.keys
        case .range(let start, _, let step):
            let count = value.rangeCount
            var items: [Value] = []
            items.reserveCapacity(count)
            for index in 0..<count { items.append(.int(start + index * step)) }
            return items
        case .undefined: return []
        case .object(let bytes as BytesValue): return bytes.bytes.map { .int(Int($0)) }
        case .object(let generator as GeneratorValue): return try generator.values()
        case .object(let array as ArrayValueObject): return array.elements
        case .object(let object):
            if let items = (object as? IterableObject)?.items { return items }
            throw .type("\(PythonString.repr(value.typeName)) object is not iterable")
        default: throw .type("\(PythonString.repr(value.typeName)) object is not iterable")
        }
    }

    /// `len(value)`.
    public static func length(_ value: Value) throws(TemplateError) -> Int {
        switch value {
        case .string(let text), .markup(let text): return text.unicodeScalars.count  // code points, as Python counts
        case .list(let items), .tuple(let items): return items.count
        case .dict(let dict): return dict.count
        case .range: return value.rangeCount
        case .undefined: return 0
        case .object(let bytes as BytesValue): return bytes.bytes.count
        // an iterator (`reversed`, `map`, ...) and a GenericAlias (iterable since 3.11) have no length in Python
        case .object(is IteratorValue), .object(is GenericAliasObject): throw .type("object of type \(PythonString.repr(value.typeName)) has no len()")
        case .object(let iterable as IterableObject): return iterable.items.count
        case .object(let array as ArrayValueObject): return array.elements.count
        default: throw .type("object of type \(PythonString.repr(value.typeName)) has no len()")
        }
    }
}

/// Objects that can be iterated (cycler items, loop contexts).
protocol IterableObject {
    var items: [Value] { get }
}

/// An object with elementwise arithmetic, indexing and slicing, as a numpy array has (the
/// engine's `--sigmas expr:` arrays): the operators and subscripts of expressions defer to it.
public protocol ArrayValueObject: TemplateObject {
    /// The elements, as iteration and `len` see them.
    var elements: [Value] { get }
    /// `self op other` (or `other op self` when `reflected`); nil when the operation is not one
    /// of the object's.
    func arithmetic(_ op: TemplateOperator, _ other: Value, reflected: Bool) throws(TemplateError) -> Value?
    /// `-self`.
    func negated() throws(TemplateError) -> Value
    /// `self[index]`.
    func element(_ index: Value) throws(TemplateError) -> Value
    /// `self[slice]`, given the slice's indices.
    func picking(_ indices: [Int]) -> Value
}

extension Value {
    package var isString: Bool {
        switch self {
        case .string, .markup: return true
        default: return false
        }
    }

    var isList: Bool {
        if case .list = self { return true }
        return false
    }

    /// Markup as a plain string, other values unchanged.
    var asPlainString: Value {
        if case .markup(let text) = self { return .string(text) }
        return self
    }
}
