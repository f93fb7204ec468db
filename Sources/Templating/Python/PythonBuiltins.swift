import BigInt
import Foundation

/// The Python builtins the reference exposes to templates and `\setp` (its "safe builtins").
package enum PythonBuiltins {
    /// Every builtin name the reference reserves.
    /// `names` as a set.
    package static let nameSet = Set(names)
    package static let names = [
        "abs", "all", "any", "ascii", "bin", "bool", "bytearray", "bytes", "callable", "chr", "complex", "dict",
        "divmod", "enumerate", "filter", "float", "format", "frozenset", "getattr", "hasattr", "hash", "hex", "int",
        "iter", "len", "list", "map", "max", "min", "next", "object", "oct", "ord", "pow", "range", "repr",
        "reversed", "round", "set", "slice", "sorted", "str", "sum", "tuple", "type", "zip",
    ]

    /// Python's `getattr(object, name)`: a template's attribute lookup, except that a dict's
    /// keys are not its attributes (templates fall back to items; Python does not).
    private static func attribute(of object: Value, _ name: String, _ runtime: TemplateRuntime) throws(TemplateError) -> Value {
        if case .dict(let dict) = object {
            return TemplateMethods.dictMethod(dict, name) ?? .undefined(name)
        }
        let found = try runtime.getattr(object, name)
        // (a class's item lookup, the template fallback, is a GenericAlias: no attribute)
        if case .object(is GenericAliasObject) = found { return .undefined(name) }
        return found
    }

    /// `NAME() takes no keyword arguments`, as Python's builtin classes say it.
    private static func noKeywords(_ name: String, _ arguments: CallArguments) throws(TemplateError) {
        if !arguments.keywords.isEmpty { throw .type("\(name)() takes no keyword arguments") }
    }

    /// `'k' is an invalid keyword argument for NAME()`.
    private static func onlyKeywords(_ name: String, _ allowed: Set<String>, _ arguments: CallArguments) throws(TemplateError) {
        if let unknown = arguments.keywords.first(where: { !allowed.contains($0.0) }) {
            throw .type("\(PythonString.repr(unknown.0)) is an invalid keyword argument for \(name)()")
        }
    }

    /// Python's check for builtins that take one optional argument.
    private static func atMostOne(_ name: String, _ arguments: CallArguments) throws(TemplateError) {
        if !arguments.keywords.isEmpty { throw .type("\(name)() takes no keyword arguments") }
        if arguments.positional.count > 1 { throw .type("\(name) expected at most 1 argument, got \(arguments.positional.count)") }
    }

    private static func one(_ name: String, _ arguments: CallArguments) throws(TemplateError) -> Value {
        guard arguments.positional.count == 1, arguments.keywords.isEmpty else {
            throw .type("\(name)() takes exactly one argument (\(arguments.positional.count) given)")
        }
        return arguments.positional[0]
    }

    private static func sortedValues(_ items: [Value], reverse: Bool) throws(TemplateError) -> [Value] {
        try PythonSort.sorted(items, reverse: reverse)
    }

    private static func extreme(_ name: String, _ arguments: CallArguments, wantMax: Bool,
                                runtime: TemplateRuntime) throws(TemplateError) -> Value {
        guard !arguments.positional.isEmpty else { throw .type("\(name) expected at least 1 argument, got 0") }
        let items = arguments.positional.count == 1 ? try TemplateOperators.iterate(arguments.positional[0]) : arguments.positional
        let key = arguments.keywords.first { $0.0 == "key" }?.1
        func keyed(_ item: Value) throws(TemplateError) -> Value {
            guard let key, !key.isNone else { return item }
            var call = CallArguments([item])
            return try runtime.call(key, &call)
        }
        guard var best = items.first else {
            if let fallback = arguments.keywords.first(where: { $0.0 == "default" }) { return fallback.1 }
            throw .value("\(name)() arg is an empty sequence")
        }
        var bestKey = try keyed(best)
        for item in items.dropFirst() {
            let itemKey = try keyed(item)
            // Python compares `item > best` for max and `item < best` for min
            if try TemplateOperators.compare(wantMax ? .gt : .lt, itemKey, bestKey) {
                best = item
                bestKey = itemKey
            }
        }
        return best
    }

    private static func radix(_ value: Value, _ prefix: String, _ base: Int) throws(TemplateError) -> Value {
        let number: BigInt
        switch value {
        case .int(let n): number = BigInt(n)
        case .bigInt(let n): number = n
        case .bool(let b): number = b ? 1 : 0
        default: throw .type("\(PythonString.repr(value.typeName)) object cannot be interpreted as an integer")
        }
        let digits = String(number.magnitude, radix: base)
        return .string((number.sign == .minus && !number.isZero ? "-" : "") + prefix + digits)
    }

    package static let functions: [(String, TemplateCallable.Body)] = [
        ("len", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            .int(try TemplateOperators.length(try one("len", arguments)))
        }),
        ("str", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            if arguments.positional.count > 3 { throw .type("str() takes at most 3 arguments (\(arguments.positional.count) given)") }
            // str(bytes, encoding) decodes
            if arguments.positional.count > 1, case .object(let bytes as BytesValue) = arguments.positional[0] {
                guard let text = String(validating: bytes.bytes, as: UTF8.self) else { throw .value("'utf-8' codec can't decode bytes") }
                return .string(text)
            }
            if arguments.positional.count > 1 {
                let encoding = arguments.positional[1]
                guard encoding.isString else { throw .type("str() argument 'encoding' must be str, not \(encoding.typeName)") }
                throw .type("decoding str is not supported")
            }
            return .string(arguments.positional.first?.printed ?? "")
        }),
        ("repr", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            .string(try one("repr", arguments).repr)
        }),
        ("bool", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            try atMostOne("bool", arguments)
            return .bool(arguments.positional.first?.isTruthy ?? false)
        }),
        ("list", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            try atMostOne("list", arguments)
            return .list(try arguments.positional.first.map { (v) throws(TemplateError) -> [Value] in try TemplateOperators.iterate(v) } ?? [])
        }),
        ("tuple", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            try atMostOne("tuple", arguments)
            return .tuple(try arguments.positional.first.map { (v) throws(TemplateError) -> [Value] in try TemplateOperators.iterate(v) } ?? [])
        }),
        ("sorted", { (arguments: inout CallArguments, runtime: TemplateRuntime) throws(TemplateError) -> Value in
            for (name, _) in arguments.keywords where name != "reverse" && name != "key" {
                throw .type("\(PythonString.repr(name)) is an invalid keyword argument for sort()")
            }
            let reverse = arguments.keywords.first { $0.0 == "reverse" }?.1.isTruthy ?? false
            guard arguments.positional.count == 1 else { throw .type("sorted expected 1 argument, got \(arguments.positional.count)") }
            let items = try TemplateOperators.iterate(arguments.positional[0])
            guard let key = arguments.keywords.first(where: { $0.0 == "key" })?.1, !key.isNone else {
                return .list(try sortedValues(items, reverse: reverse))
            }
            var keys: [Value] = []
            for item in items {
                var call = CallArguments([item])
                keys.append(try runtime.call(key, &call))
            }
            return .list(try PythonSort.sorted(items, keys: keys, reverse: reverse))
        }),
        ("reversed", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            try noKeywords("reversed", arguments)
            let value = try one("reversed", arguments)
            guard let iterator = try reversedIterator(value) else {
                throw .type("\(PythonString.repr(value.typeName)) object is not reversible")
            }
            return iterator
        }),
        ("max", { (arguments: inout CallArguments, runtime: TemplateRuntime) throws(TemplateError) -> Value in
            try extreme("max", arguments, wantMax: true, runtime: runtime)
        }),
        ("min", { (arguments: inout CallArguments, runtime: TemplateRuntime) throws(TemplateError) -> Value in
            try extreme("min", arguments, wantMax: false, runtime: runtime)
        }),
        ("sum", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            var total = arguments.positional.count > 1 ? arguments.positional[1] : (arguments.keywords.first { $0.0 == "start" }?.1 ?? .int(0))
            if total.isString { throw .type("sum() can't sum strings [use ''.join(seq) instead]") }
            for item in try TemplateOperators.iterate(arguments.positional.first ?? .list([])) {
                total = try TemplateOperators.binary(.add, total, item)
            }
            return total
        }),
        ("abs", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            let value = try one("abs", arguments)
            if case .object(let complex as ComplexNumber) = value { return .float(hypot(complex.real, complex.imaginary)) }
            // abs(-0.0) is 0.0: the sign goes, though -0.0 is not below zero
            if case .float(let number) = value { return .float(Swift.abs(number)) }
            guard TemplateOperators.number(value) != nil else { throw .type("bad operand type for abs(): \(PythonString.repr(value.typeName))") }
            if case .bool(let flag) = value { return .int(flag ? 1 : 0) }
            return try TemplateOperators.ordering(value, .int(0)) < 0 ? try TemplateOperators.negate(value) : value
        }),
        ("any", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            .bool(try TemplateOperators.iterate(try one("any", arguments)).contains { $0.isTruthy })
        }),
        ("all", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            .bool(try TemplateOperators.iterate(try one("all", arguments)).allSatisfy { $0.isTruthy })
        }),
        ("enumerate", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            try onlyKeywords("enumerate", ["iterable", "start"], arguments)
            let startValue = arguments.positional.count > 1 ? arguments.positional[1] : arguments.keywords.first { $0.0 == "start" }?.1
            let start = startValue.flatMap(PythonBuiltins.integer) ?? 0
            return .list(try TemplateOperators.iterate(arguments.positional.first ?? .list([])).enumerated().map { .tuple([.int($0.offset + start), $0.element]) })
        }),
        ("zip", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            try onlyKeywords("zip", ["strict"], arguments)
            var lists: [[Value]] = []
            for item in arguments.positional { lists.append(try TemplateOperators.iterate(item)) }
            let count = lists.map(\.count).min() ?? 0
            return .object(IteratorValue(kind: "zip", (0..<count).map { index in .tuple(lists.map { $0[index] }) }))
        }),
        ("chr", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            let argument = try one("chr", arguments)
            if case .bigInt = argument { throw TemplateError("OverflowError", "Python int too large to convert to C int") }
            if argument.bigIntegerValue == nil { throw .type("\(PythonString.repr(argument.typeName)) object cannot be interpreted as an integer") }
            if case .int(let code) = argument, code > Int(Int32.max) || code < Int(Int32.min) {
                throw TemplateError("OverflowError", "Python int too large to convert to C int")
            }
            guard let code = PythonBuiltins.integer(argument), code >= 0, let scalar = Unicode.Scalar(UInt32(clamping: code)) else {
                throw .value("chr() arg not in range(0x110000)")
            }
            return .string(String(scalar))
        }),
        ("ord", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            let value = try one("ord", arguments)
            guard case .string(let text) = value else {
                throw .type("ord() expected string of length 1, but \(value.typeName) found")
            }
            guard text.unicodeScalars.count == 1 else {
                throw .type("ord() expected a character, but string of length \(text.unicodeScalars.count) found")
            }
            return .int(Int(text.unicodeScalars.first!.value))
        }),
        ("hex", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in try radix(try one("hex", arguments), "0x", 16) }),
        ("oct", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in try radix(try one("oct", arguments), "0o", 8) }),
        ("bin", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in try radix(try one("bin", arguments), "0b", 2) }),
        ("divmod", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            guard arguments.positional.count == 2 else { throw .type("divmod expected 2 arguments, got \(arguments.positional.count)") }
            let (a, b) = (arguments.positional[0], arguments.positional[1])
            if a.isUndefined || b.isUndefined {
                throw .type("unsupported operand type(s) for divmod(): \(PythonString.repr(a.formatTypeName)) and \(PythonString.repr(b.formatTypeName))")
            }
            do throws(TemplateError) {
                return .tuple([try TemplateOperators.binary(.floordiv, a, b), try TemplateOperators.binary(.mod, a, b)])
            } catch {
                if error.message == "float floor division by zero" { throw TemplateError("ZeroDivisionError", "float divmod()") }
                guard error.message.hasPrefix("unsupported operand type(s) for //") else { throw error }
                throw .type("unsupported operand type(s) for divmod(): \(PythonString.repr(a.typeName)) and \(PythonString.repr(b.typeName))")
            }
        }),
        ("pow", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            guard arguments.positional.count >= 2 else { throw .type("pow() missing required argument 'exp' (pos 2)") }
            let modulus = arguments.positional.count > 2 ? arguments.positional[2] : arguments.keywords.first { $0.0 == "mod" }?.1
            if let modulus, !modulus.isNone {
                return try modularPower(arguments.positional[0], arguments.positional[1], modulus)
            }
            return try TemplateOperators.binary(.pow, arguments.positional[0], arguments.positional[1])
        }),
        ("int", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            guard let value = arguments.positional.first else { return .int(0) }
            let explicitBase = arguments.positional.count > 1 || arguments.keywords.contains { $0.0 == "base" }
            if explicitBase && !value.isString { throw .type("int() can't convert non-string with explicit base") }
            // Jinja2's Undefined refuses __int__
            if case .undefined(let undefined) = value { throw .undefined(undefined.message) }
            switch value {
            case .int, .bigInt: return value
            case .bool(let flag): return .int(flag ? 1 : 0)
            case .float(let number): return .integer(try PythonNumbers.truncated(number))
            case .string(let text):
                let baseValue = arguments.positional.count > 1 ? arguments.positional[1] : arguments.keywords.first { $0.0 == "base" }?.1
                let base = baseValue.flatMap(PythonBuiltins.integer) ?? 10
                guard base == 0 || (2...36).contains(base) else { throw .value("int() base must be >= 2 and <= 36, or 0") }
                guard let number = PythonNumbers.integer(text, base: base) else {
                    throw .value("invalid literal for int() with base \(base): \(String(PythonString.repr(text).unicodeScalars.prefix(200)))")
                }
                return .integer(number)
            default:
                throw .type("int() argument must be a string, a bytes-like object or a real number, not \(PythonString.repr(value.typeName))")
            }
        }),
        ("float", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            try atMostOne("float", arguments)
            guard let value = arguments.positional.first else { return .float(0) }
            if case .undefined(let undefined) = value { throw .undefined(undefined.message) }
            switch value {
            case .float: return value
            case .int(let n): return .float(Double(n))
            case .bigInt(let n):
                let converted = n.nearestDouble
                guard converted.isFinite else { throw TemplateError("OverflowError", "int too large to convert to float") }
                return .float(converted)
            case .bool(let flag): return .float(flag ? 1 : 0)
            case .string(let text):
                guard let number = PythonNumbers.float(text) else { throw .value("could not convert string to float: \(PythonString.repr(text))") }
                return .float(number)
            default:
                throw .type("float() argument must be a string or a real number, not \(PythonString.repr(value.typeName))")
            }
        }),
        ("complex", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            try complexValue(arguments)
        }),
        ("bytes", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            try onlyKeywords("bytes", ["source", "encoding", "errors"], arguments)
            return .object(BytesValue(try byteValues("bytes", arguments)))
        }),
        ("bytearray", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            try onlyKeywords("bytearray", ["source", "encoding", "errors"], arguments)
            return .object(BytesValue(try byteValues("bytearray", arguments), mutable: true))
        }),
        ("set", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            try atMostOne("set", arguments)
            return .object(try SetValue.from(arguments.positional.first ?? .list([])))
        }),
        ("frozenset", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            try atMostOne("frozenset", arguments)
            return .object(try SetValue.from(arguments.positional.first ?? .list([]), frozen: true))
        }),
        ("callable", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            switch try one("callable", arguments) {
            case .object(let object): return .bool(object.callable != nil)
            case .undefined: return .bool(true)  // Jinja2's Undefined has a __call__ (that fails)
            default: return .bool(false)
            }
        }),
        ("type", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            let value = try one("type", arguments)
            return classObject(value.typeName) ?? .object(TypeObject(of: value))
        }),
        ("object", { (_: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            .object(PlainObject())
        }),
        ("getattr", { (arguments: inout CallArguments, runtime: TemplateRuntime) throws(TemplateError) -> Value in
            let count = arguments.positional.count
            guard count >= 2 else { throw .type("getattr expected at least 2 arguments, got \(count)") }
            guard count <= 3 else { throw .type("getattr expected at most 3 arguments, got \(count)") }
            guard case .string(let name) = arguments.positional[1] else {
                throw .type("attribute name must be string, not \(PythonString.repr(arguments.positional[1].typeName))")
            }
            let object = arguments.positional[0]
            let value = try attribute(of: object, name, runtime)
            if value.isUndefined {
                if arguments.positional.count > 2 { return arguments.positional[2] }
                throw TemplateError("AttributeError", "\(PythonString.repr(object.typeName)) object has no attribute \(PythonString.repr(name))")
            }
            return value
        }),
        ("hasattr", { (arguments: inout CallArguments, runtime: TemplateRuntime) throws(TemplateError) -> Value in
            guard arguments.positional.count == 2 else { throw .type("hasattr expected 2 arguments, got \(arguments.positional.count)") }
            guard case .string(let name) = arguments.positional[1] else {
                throw .type("attribute name must be string, not \(PythonString.repr(arguments.positional[1].typeName))")
            }
            let object = arguments.positional[0]
            return .bool(!(try attribute(of: object, name, runtime)).isUndefined || pythonAttributes[object.typeName]?.contains(name) == true)
        }),
        ("hash", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            let value = try one("hash", arguments)
            try PythonHash.check(value)
            return .int(PythonHash.hash(value))
        }),
        ("format", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            guard let value = arguments.positional.first else { throw .type("format expected at least 1 argument, got 0") }
            if arguments.positional.count > 1, !arguments.positional[1].isString {
                throw .type("format() argument 2 must be str, not \(arguments.positional[1].typeName)")
            }
            let spec = arguments.positional.count > 1 ? arguments.positional[1].printed : ""
            return .string(spec.isEmpty ? value.printed : try BraceFormat.applySpec(value, spec))
        }),
        ("filter", { (arguments: inout CallArguments, runtime: TemplateRuntime) throws(TemplateError) -> Value in
            try noKeywords("filter", arguments)
            guard arguments.positional.count == 2 else { throw .type("filter expected 2 arguments, got \(arguments.positional.count)") }
            let function = arguments.positional[0]
            var kept: [Value] = []
            for item in try TemplateOperators.iterate(arguments.positional[1]) {
                var call = CallArguments([item])
                let keep = function.isNone ? item.isTruthy : try runtime.call(function, &call).isTruthy
                if keep { kept.append(item) }
            }
            return .object(IteratorValue(kind: "filter", kept))
        }),
        ("map", { (arguments: inout CallArguments, runtime: TemplateRuntime) throws(TemplateError) -> Value in
            try noKeywords("map", arguments)
            guard arguments.positional.count >= 2 else { throw .type("map() must have at least two arguments.") }
            let function = arguments.positional[0]
            var lists: [[Value]] = []
            for item in arguments.positional.dropFirst() { lists.append(try TemplateOperators.iterate(item)) }
            let count = lists.map(\.count).min() ?? 0
            var results: [Value] = []
            for index in 0..<count {
                var call = CallArguments(lists.map { $0[index] })
                results.append(try runtime.call(function, &call))
            }
            return .object(IteratorValue(kind: "map", results))
        }),
        ("iter", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            try noKeywords("iter", arguments)
            let value = try one("iter", arguments)
            // an iterator is its own iterator
            if case .object(let iterator as IteratorValue) = value { return .object(iterator) }
            return .object(IteratorValue(kind: iteratorTypeName(value), try TemplateOperators.iterate(value)))
        }),
        ("next", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            guard case .object(let object) = arguments.positional.first, let iterator = object as? IteratorValue else {
                throw .type("\(PythonString.repr(arguments.positional.first?.typeName ?? "NoneType")) object is not an iterator")
            }
            guard !iterator.items.isEmpty else {
                if arguments.positional.count > 1 { return arguments.positional[1] }
                throw TemplateError("StopIteration", "")
            }
            return iterator.items.removeFirst()
        }),
        ("ascii", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            .string(PythonString.ascii(try one("ascii", arguments).repr))
        }),
        ("round", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            guard let value = arguments.positional.first else { throw .type("round() missing required argument 'number' (pos 1)") }
            // Python finds the number's __round__ before it reads the digits
            switch value {
            case .bool, .int, .bigInt, .float: break
            default: throw .type("type \(value.typeName) doesn't define __round__ method")
            }
            var digits: Int? = nil
            if arguments.positional.count > 1 && !arguments.positional[1].isNone {
                // an index-like int, clamped as CPython clamps it to a machine word
                guard let whole = arguments.positional[1].bigIntegerValue else {
                    throw .type("\(PythonString.repr(arguments.positional[1].typeName)) object cannot be interpreted as an integer")
                }
                digits = Int(clamping: whole)
            }
            switch value {
            case .bool(let flag):
                guard let digits, digits < 0 else { return .int(flag ? 1 : 0) }
                return .integer(roundInteger(flag ? 1 : 0, digits: digits))
            case .int(let number):
                guard let digits, digits < 0 else { return value }
                return .integer(roundInteger(BigInt(number), digits: digits))
            case .bigInt(let number):
                guard let digits, digits < 0 else { return value }
                return .integer(roundInteger(number, digits: digits))
            case .float(let number):
                guard let digits else {
                    if number.isNaN { throw .value("cannot convert float NaN to integer") }
                    if number.isInfinite { throw TemplateError("OverflowError", "cannot convert float infinity to integer") }
                    return .integer(BigInt(number.rounded(.toNearestOrEven)))
                }
                return .float(number.isFinite ? roundFloat(number, digits: digits) : number)
            default:
                throw .type("type \(value.typeName) doesn't define __round__ method")
            }
        }),
        ("slice", { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            guard arguments.keywords.isEmpty else { throw .type("slice() takes no keyword arguments") }
            let items = arguments.positional
            switch items.count {
            case 1: return .object(SliceObject(start: .none, stop: items[0], step: .none))
            case 2: return .object(SliceObject(start: items[0], stop: items[1], step: .none))
            case 3: return .object(SliceObject(start: items[0], stop: items[1], step: items[2]))
            case 0: throw .type("slice expected at least 1 argument, got 0")
            default: throw .type("slice expected at most 3 arguments, got \(items.count)")
            }
        }),
    ]

    /// The builtins that are classes in Python (they print as `<class 'str'>`).
    static let classes: Set<String> = [
        "bool", "bytearray", "bytes", "complex", "dict", "enumerate", "filter", "float", "frozenset", "int", "list",
        "map", "object", "range", "reversed", "set", "slice", "str", "tuple", "type", "zip",
    ]

    /// `str.lower` and the like: a class's method taken from the class, called with the object
    /// first (`sorted(words, key=str.lower)`).
    static func unboundMethods(of className: String) -> (@Sendable (String) -> Value?)? {
        guard let methods = pythonAttributes[className] else { return nil }
        let sized = ["str", "list", "tuple", "dict"].contains(className)
        return { name in
            // `__len__` is a slot wrapper in CPython: its messages differ from a method's
            let slot = sized && name == "__len__"
            guard methods.contains(name) || slot else { return nil }
            let printed = slot ? "<slot wrapper '\(name)' of '\(className)' objects>" : "<method '\(name)' of '\(className)' objects>"
            return .object(FunctionObject(boundMethod: name, typeName: slot ? "wrapper_descriptor" : "method_descriptor",
                                          describe: { printed }, attributeLookup: nil) {
                (arguments: inout CallArguments, runtime: TemplateRuntime) throws(TemplateError) -> Value in
                guard let object = arguments.positional.first else {
                    throw .type(slot ? "descriptor '\(name)' of '\(className)' object needs an argument"
                                     : "unbound method \(className).\(name)() needs an argument")
                }
                guard object.typeName == className || (className == "int" && object.typeName == "bool") else {
                    throw .type(slot ? "descriptor '\(name)' requires a '\(className)' object but received a '\(object.typeName)'"
                                     : "descriptor '\(name)' for '\(className)' objects doesn't apply to a '\(object.typeName)' object")
                }
                let method = try runtime.getattr(object, name)
                var rest = arguments
                rest.positional.removeFirst()
                return try runtime.call(method, &rest)
            })
        }
    }

    /// The public attributes of Python's built-in types, for `hasattr` on methods that templates
    /// cannot call (`hasattr([], 'append')` is true in Python).
    static let pythonAttributes: [String: Set<String>] = [
        "str": ["capitalize", "casefold", "center", "count", "encode", "endswith", "expandtabs", "find", "format",
                "format_map", "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit", "isidentifier",
                "islower", "isnumeric", "isprintable", "isspace", "istitle", "isupper", "join", "ljust", "lower",
                "lstrip", "maketrans", "partition", "removeprefix", "removesuffix", "replace", "rfind", "rindex",
                "rjust", "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip", "swapcase",
                "title", "translate", "upper", "zfill"],
        "list": ["append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove", "reverse", "sort"],
        "tuple": ["count", "index"],
        "dict": ["clear", "copy", "fromkeys", "get", "items", "keys", "pop", "popitem", "setdefault", "update", "values"],
        "int": ["as_integer_ratio", "bit_count", "bit_length", "conjugate", "denominator", "from_bytes", "imag",
                "numerator", "real", "to_bytes"],
        "bool": ["as_integer_ratio", "bit_count", "bit_length", "conjugate", "denominator", "from_bytes", "imag",
                 "numerator", "real", "to_bytes"],
        "float": ["as_integer_ratio", "conjugate", "fromhex", "hex", "imag", "is_integer", "real"],
        "set": ["add", "clear", "copy", "difference", "difference_update", "discard", "intersection",
                "intersection_update", "isdisjoint", "issubset", "issuperset", "pop", "remove", "symmetric_difference",
                "symmetric_difference_update", "union", "update"],
        "bytes": bytesAttributes,
        "bytearray": bytesAttributes.union(["append", "clear", "copy", "extend", "insert", "pop", "remove", "reverse"]),
    ]

    private static let bytesAttributes: Set<String> = [
        "capitalize", "center", "count", "decode", "endswith", "expandtabs", "find", "fromhex", "hex", "index",
        "isalnum", "isalpha", "isascii", "isdigit", "islower", "isspace", "istitle", "isupper", "join", "ljust",
        "lower", "lstrip", "maketrans", "partition", "removeprefix", "removesuffix", "replace", "rfind", "rindex",
        "rjust", "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip", "swapcase", "title",
        "translate", "upper", "zfill",
    ]

    /// The object a builtin class's name stands for (`str`, `int`, ...): callable, printed as
    /// `<class 'str'>`, with its methods unbound; nil for a name that is not a builtin class.
    package static func classObject(_ name: String) -> Value? {
        guard classes.contains(name), let function = functions.first(where: { $0.0 == name })?.1 else { return nil }
        return .object(FunctionObject(name, printedAs: "<class '\(name)'>", attributeLookup: unboundMethods(of: name), function))
    }

    /// CPython's hash of a float: the value modulo 2^61 - 1 (equal to the hash of an equal
    /// int); nil for NaN, whose hash is its object's identity.
    static func floatHash(_ value: Double) -> Int? {
        if value.isNaN { return nil }
        if value.isInfinite { return value > 0 ? 314159 : -314159 }
        let modulus: UInt64 = (1 << 61) - 1
        // the sign from the value itself: Foundation's generic frexp gives a positive mantissa
        var mantissa = abs(frexp(value).0), exponent = Int(frexp(value).1)
        let sign: Int = value < 0 ? -1 : 1
        var x: UInt64 = 0
        while mantissa != 0 {
            x = ((x << 28) & modulus) | x >> (61 - 28)
            mantissa *= 268435456.0
            exponent -= 28
            let y = UInt64(mantissa)
            mantissa -= Double(y)
            x += y
            if x >= modulus { x -= modulus }
        }
        exponent = exponent >= 0 ? exponent % 61 : 61 - 1 - ((-1 - exponent) % 61)
        x = ((x << UInt64(exponent)) & modulus) | x >> UInt64(61 - exponent)
        let result = Int(x) * sign
        return result == -1 ? -2 : result
    }

    /// `complex(real=0, imag=0)`, or `complex("1+2j")`.
    static func complexValue(_ arguments: CallArguments) throws(TemplateError) -> Value {
        let bound = try arguments.bind("complex", ["real", "imag"], [.int(0), .int(0)])
        func number(_ value: Value, _ role: String) throws(TemplateError) -> (Double, Double) {
            switch value {
            case .int(let n): return (Double(n), 0)
            case .bigInt(let n):
                let converted = n.nearestDouble
                guard converted.isFinite else { throw TemplateError("OverflowError", "int too large to convert to float") }
                return (converted, 0)
            case .bool(let flag): return (flag ? 1 : 0, 0)
            case .float(let x): return (x, 0)
            case .object(let complex as ComplexNumber): return (complex.real, complex.imaginary)
            case .string where role == "second argument":
                throw .type("complex() second arg can't be a string")
            default:
                let what = role == "first argument" ? "a string or a number" : "a number"
                throw .type("complex() \(role) must be \(what), not \(PythonString.repr(value.typeName))")
            }
        }
        if case .string(let text) = bound[0] {
            guard arguments.positional.count < 2 else { throw .type("complex() can't take second arg if first is a string") }
            guard let parsed = parseComplex(text) else { throw .value("complex() arg is a malformed string") }
            return .object(ComplexNumber(real: parsed.0, imaginary: parsed.1))
        }
        let (a, b) = try number(bound[0], "first argument")
        let (c, d) = try number(bound[1], "second argument")
        // complex(a+bj, c+dj) is (a - d) + (b + c)j
        return .object(ComplexNumber(real: a - d, imaginary: b + c))
    }

    /// `"1+2j"`, `"2j"`, `"-1.5"`, `"(1-2j)"`: Python's complex literal forms.
    static func parseComplex(_ text: String) -> (Double, Double)? {
        var body = Substring(PythonSplitting.strip(text))
        if body.hasPrefix("(") && body.hasSuffix(")") { body = Substring(PythonSplitting.strip(String(body.dropFirst().dropLast()))) }
        func real(_ part: Substring) -> Double? {
            part.isEmpty ? nil : (part == "+" ? 1 : part == "-" ? -1 : PythonNumbers.float(String(part)))
        }
        guard !body.isEmpty else { return nil }
        if body.hasSuffix("j") || body.hasSuffix("J") {
            let withoutJ = body.dropLast()
            // the sign that starts the imaginary part (not one after an exponent's e)
            var split = withoutJ.endIndex
            var index = withoutJ.index(before: withoutJ.endIndex)
            while index > withoutJ.startIndex {
                let c = withoutJ[index], before = withoutJ[withoutJ.index(before: index)]
                if (c == "+" || c == "-") && before != "e" && before != "E" { split = index; break }
                index = withoutJ.index(before: index)
            }
            if split == withoutJ.endIndex {
                let imaginary = withoutJ.isEmpty ? 1 : (withoutJ == "+" ? 1 : withoutJ == "-" ? -1 : PythonNumbers.float(String(withoutJ)))
                return imaginary.map { (0, $0) }
            }
            guard let a = real(withoutJ[..<split]), let b = real(withoutJ[split...]) ?? nil else { return nil }
            return (a, b)
        }
        return PythonNumbers.float(String(body)).map { ($0, 0) }
    }

    /// The bytes `bytes(...)` and `bytearray(...)` make: from nothing, a count, text with an
    /// encoding, bytes, or integers below 256.
    static func byteValues(_ name: String, _ arguments: CallArguments) throws(TemplateError) -> [UInt8] {
        guard let source = arguments.positional.first else { return [] }
        switch source {
        case .string(let text):
            guard arguments.positional.count > 1 || arguments.keywords.contains(where: { $0.0 == "encoding" }) else {
                throw .type("string argument without an encoding")
            }
            return Array(text.utf8)
        case .int(let count):
            guard count >= 0 else { throw .value("negative count") }
            // a count past the size limit is refused, not allocated (R10)
            try TemplateOperators.checkRepeatSize(1, count, limit: TemplateOperators.maximumTextLength)
            return [UInt8](repeating: 0, count: count)
        case .bigInt:
            throw TemplateError("OverflowError", "cannot fit 'int' into an index-sized integer")
        case .bool(let flag):
            return [UInt8](repeating: 0, count: flag ? 1 : 0)
        case .object(let bytes as BytesValue):
            return bytes.bytes
        default:
            var out: [UInt8] = []
            guard let items = try? TemplateOperators.iterate(source) else {
                throw .type("cannot convert \(PythonString.repr(source.typeName)) object to \(name)")
            }
            for item in items {
                guard let number = item.bigIntegerValue else {
                    throw .type("\(PythonString.repr(item.typeName)) object cannot be interpreted as an integer")
                }
                guard number >= 0 && number < 256 else { throw .value("bytes must be in range(0, 256)") }
                out.append(UInt8(number))
            }
            return out
        }
    }

    /// `pow(base, exp, mod)` on integers, the result taking the modulus's sign as Python's does;
    /// a negative exponent needs the base's inverse.
    static func modularPower(_ base: Value, _ exponent: Value, _ modulus: Value) throws(TemplateError) -> Value {
        guard let b = base.bigIntegerValue, let e = exponent.bigIntegerValue, let m = modulus.bigIntegerValue else {
            throw .type("pow() 3rd argument not allowed unless all arguments are integers")
        }
        guard m != 0 else { throw .value("pow() 3rd argument cannot be 0") }
        let size = BigInt(m.magnitude)
        var root = b
        if e < 0 {
            guard let inverse = BigInt(((b % size) + size) % size).magnitude.inverse(m.magnitude) else {
                throw .value("base is not invertible for the given modulus")
            }
            root = BigInt(inverse)
        }
        var result = root.power(BigInt(e.magnitude), modulus: size)
        if result < 0 { result += size }
        if m < 0 && result != 0 { result -= size }
        return .integer(result)
    }

    /// `round(float, digits)`: the binary value rounded correctly to `digits` decimals, ties
    /// to even, as Python rounds (`round(2.675, 2)` is 2.67: 2.675 is stored just below).
    package static func roundFloat(_ number: Double, digits: Int) -> Double {
        guard number.isFinite, number != 0 else { return number }
        if digits > 323 { return number }
        if digits >= 0 {
            // printf rounds the exact binary value, ties to even
            return Double(String(format: "%.\(digits)f", number)) ?? number
        }
        if digits < -308 { return 0 * number }
        let scale = pow10(-digits)
        return ((number / scale).rounded(.toNearestOrEven) * scale)
    }

    /// `round(int, digits)` for negative `digits`: to a multiple of 10^-digits, ties to even.
    static func roundInteger(_ number: BigInt, digits: Int) -> BigInt {
        // 10^-digits above |number| * 2 rounds to zero; no need to compute a huge power
        let magnitudeDigits = number.magnitude.description.count
        guard digits > -(magnitudeDigits + 1) else { return 0 }
        let unit = BigInt(10).power(-digits)
        var (quotient, remainder) = number.quotientAndRemainder(dividingBy: unit)
        if remainder < 0 { quotient -= 1; remainder += unit }
        let twice = remainder * 2
        if twice > unit || (twice == unit && quotient % 2 != 0) { quotient += 1 }
        return quotient * unit
    }

    private static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }
}

/// `value` in lower-case hex, zero-padded to `width` digits.
func lowerHex(_ value: UInt32, width: Int) -> String {
    let hex = String(value, radix: 16)
    return String(repeating: "0", count: max(0, width - hex.count)) + hex
}

/// The type name of CPython's iterator over `value` (`iter({})` is a `dict_keyiterator`).
private func iteratorTypeName(_ value: Value) -> String {
    switch value {
    case .string(let text), .markup(let text):
        return text.unicodeScalars.allSatisfy(\.isASCII) ? "str_ascii_iterator" : "str_iterator"
    case .dict: return "dict_keyiterator"
    default: break
    }
    switch value.typeName {
    case "dict_keys": return "dict_keyiterator"
    case "dict_values": return "dict_valueiterator"
    case "dict_items": return "dict_itemiterator"
    case "frozenset": return "set_iterator"
    default: return value.typeName + "_iterator"
    }
}

/// `reversed(value)` as CPython makes it (a `list_reverseiterator` for a list, a plain
/// `reversed` over anything with a length and items, ...), or nil when it is not reversible.
func reversedIterator(_ value: Value) throws(TemplateError) -> Value? {
    let kind: String
    switch value {
    case .list: kind = "list_reverseiterator"
    case .range: kind = "range_iterator"
    case .dict: kind = "dict_reversekeyiterator"
    case .string, .markup, .tuple, .object(is BytesValue): kind = "reversed"
    // Undefined has a length (0) and items, so `reversed` takes it
    case .undefined: return .object(IteratorValue(kind: "reversed", []))
    case .object(let view as DictView):
        kind = ["dict_keys": "dict_reversekeyiterator", "dict_values": "dict_reversevalueiterator",
                "dict_items": "dict_reverseitemiterator"][view.typeName] ?? "reversed"
    default: return nil
    }
    return .object(IteratorValue(kind: kind, try TemplateOperators.iterate(value).reversed()))
}

extension PythonBuiltins {
    /// An int from a value the way the runtime's functions take loose numbers: ints, bools,
    /// integral floats and digit text; nil for anything else.
    package static func integer(_ value: Value) -> Int? {
        switch value {
        case .int(let number): return number
        case .bool(let flag): return flag ? 1 : 0
        case .float(let number): return Int(exactly: number.rounded(.towardZero))
        case .string(let text): return Int(PythonSplitting.strip(text))
        default: return nil
        }
    }

    /// The class a type object stands for (`int` for `type(1)`), nil for any other value.
    package static func className(ofTypeObject value: Value) -> String? {
        guard case .object(let object) = value, object.typeName == "type" else { return nil }
        let printed = object.printed
        guard printed.hasPrefix("<class '"), printed.hasSuffix("'>") else { return nil }
        let qualified = printed.dropFirst(8).dropLast(2)
        return String(qualified.split(separator: ".").last ?? qualified)
    }
}
