/// Jinja2's built-in tests (`x is defined`, `n is divisibleby 3`, ...).
enum BuiltinTests {
    typealias Test = TemplateEnvironment.Test

    static func simple(_ name: String, _ body: @escaping @Sendable (Value) -> Bool) -> Test {
        { (value: Value, arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Bool in
            _ = try arguments.bind(name, [], [])
            return body(value)
        }
    }

    static func binary(_ name: String, _ body: @escaping @Sendable (Value, Value) throws(TemplateError) -> Bool) -> Test {
        { (value: Value, arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Bool in
            let other = try arguments.bind(name, ["other"], [nil])[0]
            return try body(value, other)
        }
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
            "number": simple("number") { TemplateOperators.number($0) != nil },
            "string": simple("string") { $0.isString },
            "mapping": simple("mapping") { if case .dict = $0 { return true } else { return false } },
            "sequence": simple("sequence") {
                switch $0 {
                case .string, .markup, .list, .tuple, .dict, .range: return true
                default: return false
                }
            },
            "callable": simple("callable") { if case .object(let object) = $0 { return object.callable != nil } else { return false } },
            "lower": simple("lower") {
                if case .string(let text) = $0.asPlainString { return text == text.lowercased() && text != text.uppercased() } else { return false }
            },
            "upper": simple("upper") {
                if case .string(let text) = $0.asPlainString { return text == text.uppercased() && text != text.lowercased() } else { return false }
            },
            "escaped": simple("escaped") { if case .markup = $0 { return true } else { return false } },
            "odd": { (value: Value, arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Bool in
                try TemplateOperators.binary(.mod, value, .int(2)) == .int(1)
            },
            "even": { (value: Value, arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Bool in
                try TemplateOperators.binary(.mod, value, .int(2)) == .int(0)
            },
            "divisibleby": { (value: Value, arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Bool in
                let number = try arguments.bind("divisibleby", ["num"], [nil])[0]
                return try TemplateOperators.binary(.mod, value, number) == .int(0)
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
            "in": binary("in") { (a, b) throws(TemplateError) -> Bool in try TemplateOperators.contains(b, a) },
            "filter": { (value: Value, arguments: inout CallArguments, runtime: TemplateRuntime) throws(TemplateError) -> Bool in
                if case .string(let name) = value { return runtime.environment.filters[name] != nil }
                return false
            },
            "test": { (value: Value, arguments: inout CallArguments, runtime: TemplateRuntime) throws(TemplateError) -> Bool in
                if case .string(let name) = value { return runtime.environment.tests[name] != nil }
                return false
            },
        ]
        let comparisons: [(String, TemplateOperator)] = [
            ("eq", "eq"), ("==", "eq"), ("equalto", "eq"), ("ne", "ne"), ("!=", "ne"), ("lt", "lt"), ("<", "lt"),
            ("lessthan", "lt"), ("le", "lteq"), ("<=", "lteq"), ("gt", "gt"), (">", "gt"), ("greaterthan", "gt"),
            ("ge", "gteq"), (">=", "gteq"),
        ]
        for (name, op) in comparisons {
            tests[name] = binary(name) { (a, b) throws(TemplateError) -> Bool in try TemplateOperators.compare(op, a, b) }
        }
        tests["iterable"] = simple("iterable") {
            switch $0 {
            case .string, .markup, .list, .tuple, .dict, .range, .undefined: return true
            default: return false
            }
        }
        return tests
    }()
}
