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

    /// The element type of `self op other` under numpy's rules (a Python number does not widen
    /// a float array; an int array meets a float by becoming float64; true division and
    /// powers of floats are float).
    func resultType(_ op: TemplateOperator, other: DType?, otherIsFloatScalar: Bool) -> DType {
        var type: DType
        if let other {
            type = dtype == other ? dtype : .float64
        } else {
            type = dtype == .int64 && otherIsFloatScalar ? .float64 : dtype
        }
        if op == .div && type == .int64 { type = .float64 }
        return type
    }

    func arithmetic(_ op: TemplateOperator, _ other: Value, reflected: Bool) throws(TemplateError) -> Value? {
        let right: [Double], otherType: DType?, floatScalar: Bool
        if case .object(let array as NumpyArray) = other {
            guard array.values.count == values.count || array.values.count == 1 || values.count == 1 else {
                throw .value("operands could not be broadcast together with shapes (\(values.count),) (\(array.values.count),) ")
            }
            right = array.values
            otherType = array.dtype
            floatScalar = false
        } else if let number = Self.number(other) {
            right = [number]
            otherType = nil
            if case .float = other { floatScalar = true } else { floatScalar = false }
        } else if case .list(let list) = other, let numbers = Optional(list.compactMap(Self.number)), numbers.count == list.count {
            return try arithmetic(op, .object(NumpyArray(numbers, list.contains { if case .float = $0 { true } else { false } } ? .float64 : .int64)), reflected: reflected)
        } else {
            return nil
        }
        guard [.add, .sub, .mul, .div, .floordiv, .mod, .pow].contains(op) else { return nil }
        let type = resultType(op, other: otherType, otherIsFloatScalar: floatScalar)
        let count = max(values.count, right.count)
        var result: [Double] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            let a = values[values.count == 1 ? 0 : index], b = right[right.count == 1 ? 0 : index]
            let (x, y) = reflected ? (b, a) : (a, b)
            result.append(try Self.apply(op, x, y, type))
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
        return elements[actual]
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
                let values = try CallArguments.numbers(arguments, ["start", "stop", "num", "endpoint"], defaults: [nil, nil, 50, 1], name)
                guard let start = values[0], let stop = values[1], let countValue = values[2], countValue >= 0, countValue < 1_000_000 else {
                    throw .value("linspace: start and stop are required, and num must be from 0 to a million")
                }
                let count = Int(countValue), endpoint = (values[3] ?? 1) != 0
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
                let type: NumpyArray.DType = arrays.contains { $0.dtype == .float64 } || (arrays.contains { $0.dtype == .float32 } && arrays.contains { $0.dtype == .int64 })
                    ? .float64 : arrays.first?.dtype ?? .float64
                return .object(NumpyArray(arrays.flatMap(\.values), type))
            }
        case "maximum", "minimum", "power":
            return Self.function(name) { arguments throws(TemplateError) in
                guard arguments.positional.count == 2 else { throw .type("\(name)() takes two arguments") }
                let left = try Self.array(arguments.positional[0], name)
                if name == "power" { return try left.arithmetic(.pow, arguments.positional[1], reflected: false) ?? .none }
                let right = try Self.array(arguments.positional[1], name)
                guard left.values.count == right.values.count || right.values.count == 1 || left.values.count == 1 else {
                    throw .value("operands could not be broadcast together with shapes (\(left.values.count),) (\(right.values.count),) ")
                }
                let count = Swift.max(left.values.count, right.values.count)
                let values = (0..<count).map { index -> Double in
                    let a = left.values[left.values.count == 1 ? 0 : index], b = right.values[right.values.count == 1 ? 0 : index]
                    return name == "maximum" ? Swift.max(a, b) : Swift.min(a, b)
                }
                return .object(NumpyArray(values, left.resultType(.add, other: right.dtype, otherIsFloatScalar: false)))
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

extension CallArguments {
    /// Numbers bound to `names` by position or keyword, `defaults` where not given.
    static func numbers(_ arguments: CallArguments, _ names: [String], defaults: [Double?], _ function: String) throws(TemplateError) -> [Double?] {
        var result = defaults
        for (index, value) in arguments.positional.enumerated() {
            guard index < names.count else { throw .type("\(function)() takes at most \(names.count) arguments") }
            guard let number = NumpyArray.number(value) else { throw .type("\(function)(): \(value.typeName) is not a number") }
            result[index] = number
        }
        for (key, value) in arguments.keywords {
            guard let index = names.firstIndex(of: key) else { throw .type("\(function)() got an unexpected keyword argument '\(key)'") }
            guard let number = NumpyArray.number(value) else { throw .type("\(function)(): \(value.typeName) is not a number") }
            result[index] = number
        }
        return result
    }
}
