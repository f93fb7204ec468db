/// Jinja2's built-in tests (`x is defined`, `n is divisibleby 3`, ...).
enum BuiltinTests {
    typealias Test = TemplateEnvironment.Test

    /// A test of the value alone (Jinja2's `test_NAME(value)`).
    static func simple(_ name: String, _ body: @escaping @Sendable (Value) throws(TemplateError) -> Bool) -> Test {
        { (value: Value, arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Bool in
            _ = try arguments.bind("test_" + name, [], [], leading: 1)
            return try body(value)
        }
    }

    /// A test with one argument (Jinja2's `test_NAME(value, other)`).
    static func binary(_ name: String, parameter: String = "other", _ body: @escaping @Sendable (Value, Value) throws(TemplateError) -> Bool) -> Test {
        { (value: Value, arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Bool in
            let other = try arguments.bind("test_" + name, [parameter], [nil], leading: 1)[0]
            return try body(value, other)
        }
    }

    /// A comparison test, which Jinja2 maps to Python's `operator` functions (`operator.eq`).
    static func comparison(_ function: String, _ op: TemplateOperator) -> Test {
        { (value: Value, arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Bool in
            guard arguments.keywords.isEmpty else { throw .type("\(function)() takes no keyword arguments") }
            guard arguments.positional.count == 1 else { throw .type("\(function) expected 2 arguments, got \(arguments.positional.count + 1)") }
            return try TemplateOperators.compare(op, value, arguments.positional[0])
        }
    }

    /// `x is filter` / `x is test`: whether the environment has one by that name (a dict
    /// lookup, so unhashable values are refused).
    static func named(_ name: String, _ table: @escaping @Sendable (TemplateRuntime, String) -> Bool) -> Test {
        { (value: Value, arguments: inout CallArguments, runtime: TemplateRuntime) throws(TemplateError) -> Bool in
            _ = try arguments.bind("test_" + name, [], [], leading: 2)
            try PythonHash.check(value)
            if case .string(let key) = value.asPlainString { return table(runtime, key) }
            return false
        }
    }

    /// Python's `str.islower()` (`upper`: `isupper()`): a cased character, and none of the other case.
    /// `str.islower()` / `str.isupper()`, by code point (a title-case letter is neither).
    static func isCased(_ text: String, lower: Bool) -> Bool {
        TemplateMethods.hasOnlyCase(text, upper: !lower)
    }

    static func isInteger(_ value: Value) -> Bool {
        switch value {
        case .int, .bigInt: return true
        default: return false
        }
    }

    static let all: [String: Test] = {
        var tests: [String: Test] = [
            "defined": simple("defined") { !$0.isUndefined },
            "undefined": simple("undefined") { $0.isUndefined },
            "none": simple("none") { $0.isNone },
            "boolean": simple("boolean") { if case .bool = $0 { return true } else { return false } },
            "false": simple("false") { if case .bool(false) = $0 { return true } else { return false } },
            "true": simple("true") { if case .bool(true) = $0 { return true } else { return false } },
            "integer": simple("integer") { isInteger($0) },
            "float": simple("float") { if case .float = $0 { return true } else { return false } },
            "number": simple("number") {
                if case .object(let object) = $0 { return object is ComplexNumber }
                return TemplateOperators.number($0) != nil
            },
            "string": simple("string") { $0.isString },
            "mapping": simple("mapping") { if case .dict = $0 { return true } else { return false } },
            "sequence": simple("sequence") {
                switch $0 {
                // Jinja2's Undefined has a length and items (empty), so it passes
                case .string, .markup, .list, .tuple, .dict, .range, .undefined: return true
                case .object(let object): return object is BytesValue
                default: return false
                }
            },
            "callable": { (value: Value, arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Bool in
                guard arguments.positional.isEmpty && arguments.keywords.isEmpty else {
                    throw .type("callable() takes exactly one argument (\(arguments.positional.count + 1) given)")
                }
                switch value {
                case .undefined: return true  // Jinja2's Undefined can be called (and fails)
                case .object(let object): return object.callable != nil
                default: return false
                }
            },
            "lower": simple("lower") { isCased($0.printed, lower: true) },
            "upper": simple("upper") { isCased($0.printed, lower: false) },
            "escaped": simple("escaped") { if case .markup = $0 { return true } else { return false } },
            "odd": simple("odd") { (value) throws(TemplateError) -> Bool in try TemplateOperators.binary(.mod, value, .int(2)) == .int(1) },
            "even": simple("even") { (value) throws(TemplateError) -> Bool in try TemplateOperators.binary(.mod, value, .int(2)) == .int(0) },
            "divisibleby": binary("divisibleby", parameter: "num") { (value, number) throws(TemplateError) -> Bool in
                try TemplateOperators.binary(.mod, value, number) == .int(0)
            },
            "sameas": binary("sameas") { (a, b) throws(TemplateError) -> Bool in
                switch (a, b) {
                case (.none, .none): return true
                case (.bool(let x), .bool(let y)): return x == y
                case (.object(let x), .object(let y)): return x === y
                case (.int(let x), .int(let y)): return x == y && x >= -5 && x <= 256
                case (.list(let x), .list(let y)), (.tuple(let x), .tuple(let y)):
                    // values are copied on write, so two names for one list share its storage
                    // until either changes: that is Python's identity for the cases templates see
                    return !x.isEmpty && x.withUnsafeBufferPointer { a in y.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
                case (.dict(let x), .dict(let y)):
                    return x.count > 0 && x.keys.withUnsafeBufferPointer { a in y.keys.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
                case (.string(let x), .string(let y)): return x == y && x.utf8.count <= 1
                default: return false
                }
            },
            "in": binary("in", parameter: "seq") { (a, b) throws(TemplateError) -> Bool in try TemplateOperators.contains(b, a) },
            "filter": named("filter") { $0.environment.filters[$1] != nil },
            "test": named("test") { $0.environment.tests[$1] != nil },
        ]
        let comparisons: [(String, TemplateOperator)] = [
            ("eq", "eq"), ("==", "eq"), ("equalto", "eq"), ("ne", "ne"), ("!=", "ne"), ("lt", "lt"), ("<", "lt"),
            ("lessthan", "lt"), ("le", "lteq"), ("<=", "lteq"), ("gt", "gt"), (">", "gt"), ("greaterthan", "gt"),
            ("ge", "gteq"), (">=", "gteq"),
        ]
        for (name, op) in comparisons {
            let function = ["eq": "eq", "ne": "ne", "lt": "lt", "lteq": "le", "gt": "gt", "gteq": "ge"][op.rawValue] ?? name
            tests[name] = comparison(function, op)
        }
        tests["iterable"] = simple("iterable") {
            switch $0 {
            case .string, .markup, .list, .tuple, .dict, .range, .undefined: return true
            case .object(let object): return object is IterableObject || object is BytesValue
            default: return false
            }
        }
        return tests
    }()
}
