import Foundation
import Templating
import ConfigLanguage

/// The modules `\import` and `import_module()` provide. The reference imports any Python
/// module; this implementation has no Python, so it offers the standard-library modules that
/// scripts use for arithmetic and text (`math`, `json`, `string`) besides `os` and `glob`,
/// implemented natively. Any other name fails as a missing module (docs/spec/divergences.md).
enum NativeModules {
    /// The module named `path` (`os.path` included), or nil.
    static func module(_ path: String, runtime: ScriptRuntime) -> TemplateObject? {
        switch path {
        case "math": return MathModule()
        case "json": return JSONModule()
        case "string": return StringModule()
        case "os": return OSModule(runtime: runtime)
        case "os.path": return PathModule(runtime: runtime)
        case "glob": return GlobModule(runtime: runtime)
        default: return nil
        }
    }
}

/// A module of named values and functions.
class NativeModule: TemplateObject, @unchecked Sendable {
    let name: String
    var members: [String: Value] = [:]
    init(_ name: String) { self.name = name }
    var typeName: String { "module" }
    var printed: String { "<module '\(name)' (built-in)>" }
    func attribute(_ attribute: String) -> Value? {
        if attribute == "__name__" { return .string(name) }
        return members[attribute]
    }

    func function(_ name: String, _ parameters: [String], _ defaults: [Value?] = [],
                  _ body: @escaping @Sendable ([Value]) throws(TemplateError) -> Value) {
        let defaults = defaults.isEmpty ? parameters.map { _ in Value?.none } : defaults
        members[name] = .object(FunctionObject(name) { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            try body(try arguments.bind(name, parameters, defaults))
        })
    }

    static func number(_ value: Value) throws(TemplateError) -> Double {
        switch value {
        case .int(let n): return Double(n)
        case .bigInt(let n): return n.nearestDouble
        case .float(let x): return x
        case .bool(let b): return b ? 1 : 0
        default: throw .type("must be real number, not \(value.typeName)")
        }
    }
}

final class MathModule: NativeModule, @unchecked Sendable {
    init() {
        super.init("math")
        members["pi"] = .float(Double.pi)
        members["e"] = .float(M_E)
        members["tau"] = .float(2 * Double.pi)
        members["inf"] = .float(.infinity)
        members["nan"] = .float(.nan)
        let unary: [(String, @Sendable (Double) -> Double)] = [
            ("sqrt", { $0.squareRoot() }), ("exp", { Foundation.exp($0) }), ("sin", { Foundation.sin($0) }),
            ("cos", { Foundation.cos($0) }), ("tan", { Foundation.tan($0) }), ("fabs", { Swift.abs($0) }),
            ("log2", { Foundation.log2($0) }), ("log10", { Foundation.log10($0) }),
        ]
        for (name, operation) in unary {
            function(name, ["x"]) { arguments throws(TemplateError) in
                let x = try Self.number(arguments[0])
                if (name == "sqrt" || name.hasPrefix("log")) && x < 0 { throw .value("math domain error") }
                return .float(operation(x))
            }
        }
        function("log", ["x", "base"], [nil, Value.none]) { arguments throws(TemplateError) in
            let x = try Self.number(arguments[0])
            guard x > 0 else { throw .value("math domain error") }
            if arguments[1].isNone { return .float(Foundation.log(x)) }
            return .float(Foundation.log(x) / Foundation.log(try Self.number(arguments[1])))
        }
        function("pow", ["x", "y"]) { arguments throws(TemplateError) in
            .float(Foundation.pow(try Self.number(arguments[0]), try Self.number(arguments[1])))
        }
        for (name, rule) in [("floor", FloatingPointRoundingRule.down), ("ceil", .up), ("trunc", .towardZero)] {
            function(name, ["x"]) { arguments throws(TemplateError) in
                if case .int = arguments[0] { return arguments[0] }
                return .integer(try PythonNumbers.truncated(try Self.number(arguments[0]).rounded(rule)))
            }
        }
        function("isclose", ["a", "b"]) { arguments throws(TemplateError) in
            let a = try Self.number(arguments[0]), b = try Self.number(arguments[1])
            return .bool(a == b || Swift.abs(a - b) <= 1e-9 * Swift.max(Swift.abs(a), Swift.abs(b)))
        }
        function("gcd", ["a", "b"]) { arguments throws(TemplateError) in
            guard case .int(var a) = arguments[0], case .int(var b) = arguments[1] else { throw .type("'float' object cannot be interpreted as an integer") }
            a = Swift.abs(a); b = Swift.abs(b)
            while b != 0 { (a, b) = (b, a % b) }
            return .int(a)
        }
    }
}

final class JSONModule: NativeModule, @unchecked Sendable {
    init() {
        super.init("json")
        function("dumps", ["obj", "indent"], [nil, Value.none]) { arguments throws(TemplateError) in
            let indent: Int? = if case .int(let n) = arguments[1] { n } else { nil }
            return .string(try JSONText.encode(arguments[0], indent: indent, htmlSafe: false))
        }
        function("loads", ["s"]) { arguments throws(TemplateError) in
            guard let data = arguments[0].printed.data(using: .utf8),
                  let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
                throw TemplateError("JSONDecodeError", "Expecting value: line 1 column 1 (char 0)")
            }
            return Self.value(object)
        }
    }

    static func value(_ object: Any) -> Value {
        switch object {
        case let flag as Bool where type(of: object) == Bool.self:
            return .bool(flag)
        case let number as NSNumber:
            if number.doubleValue == Double(number.int64Value) && !"\(number)".contains(".") { return .int(number.intValue) }
            return .float(number.doubleValue)
        case let text as String: return .string(text)
        case let array as [Any]: return .list(array.map(value))
        case let dictionary as [String: Any]:
            var dict = ValueDict()
            for (key, item) in dictionary { dict[.string(key)] = value(item) }
            return .dict(dict)
        default: return .none
        }
    }
}

final class StringModule: NativeModule, @unchecked Sendable {
    init() {
        super.init("string")
        let lower = "abcdefghijklmnopqrstuvwxyz", upper = lower.uppercased()
        members["ascii_lowercase"] = .string(lower)
        members["ascii_uppercase"] = .string(upper)
        members["ascii_letters"] = .string(lower + upper)
        members["digits"] = .string("0123456789")
        members["hexdigits"] = .string("0123456789abcdefABCDEF")
        members["octdigits"] = .string("01234567")
        members["punctuation"] = .string("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
        members["whitespace"] = .string(" \t\n\r\u{0B}\u{0C}")
        members["printable"] = .string("0123456789" + lower + upper + "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~" + " \t\n\r\u{0B}\u{0C}")
    }
}
