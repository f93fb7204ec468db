import Foundation
import PythonExpressions
import Templating

/// `--sigmas expr: ...`: a Python expression over the scheduler's own sigmas (`sigmas`, a
/// float32 array) with a numpy subset as `np`, evaluated by the `\setp` evaluator, as dgenerate
/// evaluates it with asteval and numpy. Arrays follow numpy's rules for what they cover:
/// elementwise arithmetic with numbers and arrays of one shape, float32 kept against Python
/// numbers, indexing and slicing.
public enum SigmasExpression {
    /// Why an expression gives no sigmas (the reference's wording around the evaluator's).
    public struct Failure: Error, Sendable {
        public let message: String
    }

    /// The sigmas `text` (after `expr:`) gives, with `sigmas` the scheduler's.
    public static func evaluate(_ text: String, sigmas: [Double]) throws(Failure) -> [Double] {
        let builtins = PythonBuiltins.nameSet, environment = TemplateEnvironment()
        environment.installPythonBuiltins()
        let globals = environment.globals
        let names: [String: Value] = ["sigmas": .object(NumpyArray(sigmas, .float32)), "np": .object(NumpyModule())]
        let value: Value
        do {
            let program = try PythonExpressionParser.parse(text)
            var evaluator = PythonEvaluator(outer: { names[$0] ?? (builtins.contains($0) ? globals[$0] : nil) },
                                            runtime: TemplateRuntime(environment: environment, context: [:]))
            value = try evaluator.run(program)
        } catch let error as PythonSyntaxError {
            throw Failure(message: "Error interpreting sigmas expression \"\(text)\":\nSyntaxError: \(error.message)")
        } catch let error as PythonEvaluator.Failure {
            throw Failure(message: "Error interpreting sigmas expression \"\(text)\":\n\(error.kind): \(error.message)")
        } catch {
            throw Failure(message: "Error interpreting sigmas expression \"\(text)\":\n\(error)")
        }
        let items: [Value]
        if case .object(let array as NumpyArray) = value {
            return array.values
        } else if case .list(let list) = value {
            items = list
        } else if case .tuple(let tuple) = value {
            items = tuple
        } else {
            throw Failure(message: "Sigmas expression for the primary model did not evaluate to an array, got: \(value.printed)")
        }
        var numbers: [Double] = []
        for item in items {
            guard let number = NumpyArray.number(item) else {
                throw Failure(message: "Sigmas expression for the primary model gave \(item.printed), not a number")
            }
            numbers.append(number)
        }
        return numbers
    }
}

/// A one-dimensional numpy array of float32, float64 or int64 numbers.
final class NumpyArray: ArrayValueObject, @unchecked Sendable {
    enum DType: String { case float32, float64, int64 }
    let values: [Double]
    let dtype: DType

    init(_ values: [Double], _ dtype: DType) {
        self.dtype = dtype
        self.values = dtype == .float32 ? values.map { Double(Float($0)) } : values
    }

    var typeName: String { "ndarray" }
    var moduleName: String? { "numpy" }
    var printed: String { "[" + values.map { Self.text($0, dtype) }.joined(separator: " ") + "]" }
    var isTruthy: Bool { !values.isEmpty }
    var elements: [Value] { values.map { Self.value($0, dtype) } }

    /// An element as an expression's number (an integer that does not fit stays a float).
    static func value(_ number: Double, _ dtype: DType) -> Value {
        guard dtype == .int64, let integer = Int(exactly: number) else { return .float(number) }
        return .int(integer)
    }

    static func text(_ value: Double, _ dtype: DType) -> String {
        if dtype == .int64, let integer = Int(exactly: value) { return String(integer) }
        return PythonFloat.repr(value)
    }

    /// A number of an expression (a bool counts as an integer), nil otherwise.
    static func number(_ value: Value) -> Double? {
        switch value {
        case .int(let x): return Double(x)
        case .float(let x): return x
        case .bool(let x): return x ? 1 : 0
        default: return nil
        }
    }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "size": return .int(values.count)
        case "shape": return .tuple([.int(values.count)])
        case "dtype": return .string(dtype.rawValue)
        case "tolist": return NumpyModule.function("tolist") { _ in .list(self.elements) }
        case "copy": return NumpyModule.function("copy") { _ in .object(self) }
        case "min", "max", "sum":
            return NumpyModule.function(name) { _ throws(TemplateError) in
                guard !self.values.isEmpty || name == "sum" else { throw .value("zero-size array to reduction operation \(name) which has no identity") }
                let result = name == "min" ? self.values.min() ?? 0 : name == "max" ? self.values.max() ?? 0 : self.values.reduce(0, +)
                return Self.value(self.dtype == .float32 ? Double(Float(result)) : result, self.dtype)
            }
        default: return nil
        }
    }

    /// The element type of two arrays' elements together: their own when they agree, else
    /// float64 (numpy's promotion among float32, float64 and int64).
    static func promoted(_ a: DType, _ b: DType) -> DType { a == b ? a : .float64 }

    /// The element type of `self op other` under numpy's rules (a Python number does not widen
    /// a float array; an int array meets a float by becoming float64; true division of
    /// integers is float).
    func resultType(_ op: TemplateOperator, other: DType?, otherIsFloatScalar: Bool) -> DType {
        let type = other.map { Self.promoted(dtype, $0) } ?? (dtype == .int64 && otherIsFloatScalar ? .float64 : dtype)
        return op == .div && type == .int64 ? .float64 : type
    }

    /// `body` over the two arrays' elements pair by pair, a one-element side repeated (numpy's
    /// broadcasting of one-dimensional arrays).
    static func broadcast(_ left: [Double], _ right: [Double], _ body: (Double, Double) throws(TemplateError) -> Double) throws(TemplateError) -> [Double] {
        guard left.count == right.count || left.count == 1 || right.count == 1 else {
            throw .value("operands could not be broadcast together with shapes (\(left.count),) (\(right.count),) ")
        }
        var result: [Double] = []
        result.reserveCapacity(max(left.count, right.count))
        for index in 0..<max(left.count, right.count) {
            result.append(try body(left[left.count == 1 ? 0 : index], right[right.count == 1 ? 0 : index]))
        }
        return result
    }

    func arithmetic(_ op: TemplateOperator, _ other: Value, reflected: Bool) throws(TemplateError) -> Value? {
        guard [.add, .sub, .mul, .div, .floordiv, .mod, .pow].contains(op) else { return nil }
        let right: [Double], otherType: DType?, floatScalar: Bool
        switch other {
        case .object(let array as NumpyArray):
            (right, otherType, floatScalar) = (array.values, array.dtype, false)
        case .int, .bool, .float:
            guard let number = Self.number(other) else { return nil }
            if case .float = other { floatScalar = true } else { floatScalar = false }
            (right, otherType) = ([number], nil)
        case .list, .tuple:
            // a list of numbers takes part as an array of them
            let array = try NumpyModule.array(other, "operand")
            (right, otherType, floatScalar) = (array.values, array.dtype, false)
        default:
            return nil
        }
        let type = resultType(op, other: otherType, otherIsFloatScalar: floatScalar)
        let result = try Self.broadcast(values, right) { a, b throws(TemplateError) in
            try Self.apply(op, reflected ? b : a, reflected ? a : b, type)
        }
        return .object(NumpyArray(result, type))
    }

    static func apply(_ op: TemplateOperator, _ x: Double, _ y: Double, _ type: DType) throws(TemplateError) -> Double {
        if type == .float32 {
            let (a, b) = (Float(x), Float(y))
            switch op {
            case .add: return Double(a + b)
            case .sub: return Double(a - b)
            case .mul: return Double(a * b)
            case .div: return Double(a / b)
            case .floordiv: return Double((a / b).rounded(.down))
            case .mod: return Double(b == 0 ? .nan : a - b * (a / b).rounded(.down))
            default: return Double(powf(a, b))
            }
        }
        switch op {
        case .add: return x + y
        case .sub: return x - y
        case .mul: return x * y
        case .div: return x / y
        case .floordiv:
            if type == .int64 && y == 0 { return 0 }
            return (x / y).rounded(.down)
        case .mod:
            if type == .int64 && y == 0 { return 0 }
            return y == 0 ? .nan : x - y * (x / y).rounded(.down)
        default:
            if type == .int64 && y < 0 { throw .value("Integers to negative integer powers are not allowed.") }
            return pow(x, y)
        }
    }

    func negated() throws(TemplateError) -> Value { .object(NumpyArray(values.map { -$0 }, dtype)) }

    func element(_ index: Value) throws(TemplateError) -> Value {
        guard case .int(let position) = index else {
            throw TemplateError("IndexError", "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices")
        }
        let actual = position < 0 ? position + values.count : position
        guard values.indices.contains(actual) else { throw TemplateError("IndexError", "index \(position) is out of bounds for axis 0 with size \(values.count)") }
        return Self.value(values[actual], dtype)
    }

    func picking(_ indices: [Int]) -> Value { .object(NumpyArray(indices.map { values[$0] }, dtype)) }
}

/// `np`: the numpy functions a sigma expression may call.
final class NumpyModule: TemplateObject, @unchecked Sendable {
    var typeName: String { "module" }
    var printed: String { "<module 'numpy'>" }

    static func function(_ name: String, _ body: @escaping @Sendable (CallArguments) throws(TemplateError) -> Value) -> Value {
        .object(NumpyFunction(name: name, body: body))
    }

    /// An argument as an array (a number, a list of numbers, an array).
    static func array(_ value: Value, _ what: String) throws(TemplateError) -> NumpyArray {
        if case .object(let array as NumpyArray) = value { return array }
        if let number = NumpyArray.number(value) {
            if case .float = value { return NumpyArray([number], .float64) }
            return NumpyArray([number], .int64)
        }
        let items: [Value]
        switch value {
        case .list(let list), .tuple(let list): items = list
        default: throw .type("\(what): expected a number, a list of numbers or an array, not \(value.typeName)")
        }
        var numbers: [Double] = [], float = false
        for item in items {
            if case .object(let inner as NumpyArray) = item, inner.values.count == 1 {
                numbers.append(inner.values[0])
                float = float || inner.dtype != .int64
                continue
            }
            guard let number = NumpyArray.number(item) else { throw .type("\(what): \(item.typeName) is not a number") }
            if case .float = item { float = true }
            numbers.append(number)
        }
        return NumpyArray(numbers, float ? .float64 : .int64)
    }

    static func unary(_ name: String, _ transform: @escaping @Sendable (Double) -> Double) -> Value {
        function(name) { arguments throws(TemplateError) in
            guard let first = arguments.positional.first else { throw .type("\(name)() takes one argument") }
            let array = try NumpyModule.array(first, name)
            let type: NumpyArray.DType = array.dtype == .int64 ? .float64 : array.dtype
            let result = NumpyArray(array.values.map { type == .float32 ? Double(Float(transform(Double(Float($0))))) : transform($0) }, type)
            return result.values.count == 1 && NumpyArray.number(first) != nil ? .float(result.values[0]) : .object(result)
        }
    }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "pi": return .float(Double.pi)
        case "e": return .float(M_E)
        case "float32", "float64", "int64": return .string(name)
        case "exp": return Self.unary(name) { Foundation.exp($0) }
        case "log": return Self.unary(name) { Foundation.log($0) }
        case "sqrt": return Self.unary(name) { $0.squareRoot() }
        case "abs", "absolute": return Self.unary(name) { Swift.abs($0) }
        case "array", "asarray":
            return Self.function(name) { arguments throws(TemplateError) in
                guard let first = arguments.positional.first else { throw .type("\(name)() needs an object") }
                let array = try Self.array(first, name)
                let dtype = arguments.keywords.first { $0.0 == "dtype" }.flatMap { if case .string(let text) = $0.1 { NumpyArray.DType(rawValue: text) } else { nil } }
                return .object(NumpyArray(array.values, dtype ?? array.dtype))
            }
        case "linspace":
            return Self.function(name) { arguments throws(TemplateError) in
                let bound = try arguments.bind(name, ["start", "stop", "num", "endpoint"], [nil, nil, .int(50), .bool(true)])
                guard let start = NumpyArray.number(bound[0]), let stop = NumpyArray.number(bound[1]), let countValue = NumpyArray.number(bound[2]),
                      countValue >= 0, countValue < 1_000_000 else {
                    throw .value("linspace: start and stop must be numbers, and num from 0 to a million")
                }
                let count = Int(countValue), endpoint = bound[3].isTruthy
                let divisions = Double(endpoint ? count - 1 : count)
                let step = divisions > 0 ? (stop - start) / divisions : 0
                var result = (0..<count).map { start + Double($0) * step }
                if endpoint && count > 1 { result[count - 1] = stop }
                return .object(NumpyArray(result, .float64))
            }
        case "arange":
            return Self.function(name) { arguments throws(TemplateError) in
                let numbers = try arguments.positional.map { value throws(TemplateError) -> Double in
                    guard let number = NumpyArray.number(value) else { throw .type("arange: \(value.typeName) is not a number") }
                    return number
                }
                guard (1...3).contains(numbers.count) else { throw .type("arange() takes 1 to 3 numbers") }
                let (start, stop, step) = numbers.count == 1 ? (0, numbers[0], 1.0) : (numbers[0], numbers[1], numbers.count == 3 ? numbers[2] : 1)
                guard step != 0 else { throw .value("Maximum allowed size exceeded") }
                let length = ((stop - start) / step).rounded(.up)
                guard length.isFinite, length <= 1_000_000 else { throw .value("Maximum allowed size exceeded") }
                let count = length < 0 ? 0 : Int(length)
                let float = arguments.positional.contains { if case .float = $0 { true } else { false } }
                return .object(NumpyArray((0..<count).map { start + Double($0) * step }, float ? .float64 : .int64))
            }
        case "flip":
            return Self.function(name) { arguments throws(TemplateError) in
                guard let first = arguments.positional.first else { throw .type("flip() needs an array") }
                let array = try Self.array(first, name)
                return .object(NumpyArray(array.values.reversed(), array.dtype))
            }
        case "clip":
            return Self.function(name) { arguments throws(TemplateError) in
                guard arguments.positional.count == 3 else { throw .type("clip() takes an array, a minimum and a maximum") }
                let array = try Self.array(arguments.positional[0], name)
                let low = NumpyArray.number(arguments.positional[1]) ?? -.infinity, high = NumpyArray.number(arguments.positional[2]) ?? .infinity
                return .object(NumpyArray(array.values.map { Swift.min(Swift.max($0, low), high) }, array.dtype))
            }
        case "concatenate", "append":
            return Self.function(name) { arguments throws(TemplateError) in
                let parts: [Value]
                if name == "append" {
                    guard arguments.positional.count == 2 else { throw .type("append() takes an array and values") }
                    parts = arguments.positional
                } else {
                    guard case .some(let first) = arguments.positional.first else { throw .type("concatenate() needs a sequence of arrays") }
                    switch first {
                    case .list(let list), .tuple(let list): parts = list
                    default: throw .type("concatenate() needs a sequence of arrays")
                    }
                }
                let arrays = try parts.map { part throws(TemplateError) in try Self.array(part, name) }
                let type = arrays.dropFirst().reduce(arrays.first?.dtype ?? .float64) { NumpyArray.promoted($0, $1.dtype) }
                return .object(NumpyArray(arrays.flatMap(\.values), type))
            }
        case "maximum", "minimum", "power":
            return Self.function(name) { arguments throws(TemplateError) in
                guard arguments.positional.count == 2 else { throw .type("\(name)() takes two arguments") }
                let left = try Self.array(arguments.positional[0], name)
                if name == "power" { return try left.arithmetic(.pow, arguments.positional[1], reflected: false) ?? .none }
                let right = try Self.array(arguments.positional[1], name)
                let values = try NumpyArray.broadcast(left.values, right.values) { a, b in name == "maximum" ? Swift.max(a, b) : Swift.min(a, b) }
                return .object(NumpyArray(values, NumpyArray.promoted(left.dtype, right.dtype)))
            }
        default: return nil
        }
    }
}

/// A numpy function (or an array's method) as a callable object.
final class NumpyFunction: TemplateObject, @unchecked Sendable {
    let name: String
    let body: @Sendable (CallArguments) throws(TemplateError) -> Value
    init(name: String, body: @escaping @Sendable (CallArguments) throws(TemplateError) -> Value) {
        self.name = name
        self.body = body
    }
    var typeName: String { "function" }
    var printed: String { "<function \(name)>" }
    var callable: TemplateCallable? {
        let body = self.body
        return TemplateCallable(name: name) { arguments, _ throws(TemplateError) in try body(arguments) }
    }
}
