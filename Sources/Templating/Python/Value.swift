import BigInt

/// A template value, modelled on the Python objects Jinja2 templates see. Values print exactly
/// as Python's `str()` prints them (see `Value+Printing.swift`).
///
/// The larger payloads are `indirect` so that a value stays 17 bytes: values are copied on every
/// lookup and operation, and a smaller value is much cheaper to copy and destroy.
public enum Value: Sendable {
    case none
    case bool(Bool)
    /// A Python int that fits in 64 bits; arithmetic promotes to `.bigInt` instead of overflowing.
    case int(Int)
    /// A Python int outside 64 bits. Always normalised: never holds a value that fits `.int`.
    indirect case bigInt(BigInt)
    case float(Double)
    case string(String)
    /// Text marked safe (`markupsafe.Markup`): printed as is, escapes what is added to it.
    case markup(String)
    case list([Value])
    case tuple([Value])
    indirect case dict(ValueDict)
    /// `range(start, stop, step)`, kept lazy as Python does.
    indirect case range(start: Int, stop: Int, step: Int)
    indirect case undefined(Undefined)
    /// Functions, macros, and objects with attributes (loop, cycler, joiner, namespace, ...).
    case object(TemplateObject)

    /// A Python int from a big integer, normalised.
    public static func integer(_ value: BigInt) -> Value {
        if let small = Int(exactly: value) { return .int(small) }
        return .bigInt(value)
    }

    /// An undefined value named `name`.
    public static func undefined(_ name: String) -> Value {
        .undefined(Undefined(name: name))
    }

    /// The value as a Python integer (`bool` included); nil for any other type.
    public var bigIntegerValue: BigInt? {
        switch self {
        case .int(let number): return BigInt(number)
        case .bigInt(let number): return number
        case .bool(let flag): return flag ? 1 : 0
        default: return nil
        }
    }

    public var isUndefined: Bool {
        if case .undefined = self { return true }
        return false
    }

    public var isNone: Bool {
        if case .none = self { return true }
        return false
    }
}

/// What an undefined value remembers about how it came to be, for the error its misuse raises.
public struct Undefined: Sendable {
    /// The name looked up (a variable, attribute or item).
    public var name: Value.Key?
    /// A description of the object the lookup was made on (`'dict object'`), nil for a variable.
    public var ownerType: String?
    /// An explicit message that replaces the generated one.
    public var hint: String?
    /// The looked-up key as Python's repr shows it (`1.0`, `[1]`, `Markup('s')`), when the
    /// key itself (not its hashable form) is known.
    public var shownName: String? = nil

    public init(name: String) {
        self.name = .string(name)
    }

    public init(name: Value.Key?, ownerType: String?, hint: String? = nil) {
        self.name = name
        self.ownerType = ownerType
        self.hint = hint
    }

    /// Jinja2's message: `'x' is undefined`, `'dict object' has no attribute 'y'`, ...
    public var message: String {
        if let hint { return hint }
        let shown = shownName ?? name?.repr ?? "None"
        guard let ownerType else { return "\(shown) is undefined" }
        if case .string = name {
            return "\(PythonString.repr(ownerType)) has no attribute \(shown)"
        }
        return "\(ownerType) has no element \(shown)"
    }
}

/// An object with behaviour: callables, and the helper objects templates use.
public protocol TemplateObject: AnyObject, Sendable {
    /// The Python type name, for messages (`'macro object'`) and `str()`.
    var typeName: String { get }
    /// `str(self)`.
    var printed: String { get }
    /// `repr(self)`; `str` unless the object says otherwise.
    var representation: String { get }
    /// An attribute, or nil when it has none.
    func attribute(_ name: String) -> Value?
    /// Calls the object; nil when it is not callable.
    var callable: TemplateCallable? { get }
    /// The Python module of the object's class (`jinja2.utils`), nil for builtins: Python names
    /// such classes `module.Class` in messages and in their default `repr`.
    var moduleName: String? { get }
    /// `bool(self)`: true unless the object is an empty collection or a zero number.
    var isTruthy: Bool { get }
}

extension TemplateObject {
    /// `<Class object>`, or as Python prints an object of a module's class: `<module.Class
    /// object at 0x...>` (the address is this object's own).
    public var printed: String {
        guard let moduleName else { return "<\(typeName) object>" }
        return "<\(moduleName).\(typeName) object at 0x\(String(UInt(bitPattern: ObjectIdentifier(self)), radix: 16))>"
    }
    public var moduleName: String? { nil }
    public var isTruthy: Bool { true }
    public var representation: String { printed }
    public func attribute(_ name: String) -> Value? { nil }
    public var callable: TemplateCallable? { nil }
}

/// A function callable from templates.
public struct TemplateCallable: Sendable {
    public typealias Body = @Sendable (inout CallArguments, TemplateRuntime) throws(TemplateError) -> Value
    public let name: String
    public let body: Body
    public init(name: String, body: @escaping Body) {
        self.name = name
        self.body = body
    }
}

/// A plain function as a template object.
public final class FunctionObject: TemplateObject {
    public let function: TemplateCallable
    public let extraAttributes: [String: Value]
    /// How it prints, when not as a plain function (`<class 'str'>`, `<built-in function len>`).
    let printedAs: String?
    /// Attributes computed on demand (the methods a builtin class offers unbound).
    let attributeLookup: (@Sendable (String) -> Value?)?
    /// How it prints, made only when printed (a bound method's text names an address).
    let describe: (@Sendable () -> String)?
    public init(_ name: String, attributes: [String: Value] = [:], _ body: @escaping TemplateCallable.Body) {
        function = TemplateCallable(name: name, body: body)
        extraAttributes = attributes
        printedAs = nil
        attributeLookup = nil
        describe = nil
        boundTypeName = "builtin_function_or_method"
    }
    package init(_ name: String, printedAs: String, attributeLookup: (@Sendable (String) -> Value?)?,
         _ body: @escaping TemplateCallable.Body) {
        function = TemplateCallable(name: name, body: body)
        extraAttributes = [:]
        self.printedAs = printedAs
        self.attributeLookup = attributeLookup
        describe = nil
        boundTypeName = "builtin_function_or_method"
    }
    /// A method bound to a value, printed by `describe` when it is printed; `typeName` is its
    /// Python type (`method` for one written in Python, such as Markup's).
    init(boundMethod name: String, typeName: String = "builtin_function_or_method", describe: @escaping @Sendable () -> String,
         attributeLookup: (@Sendable (String) -> Value?)?, _ body: @escaping TemplateCallable.Body) {
        function = TemplateCallable(name: name, body: body)
        extraAttributes = [:]
        printedAs = nil
        self.attributeLookup = attributeLookup
        self.describe = describe
        boundTypeName = typeName
    }
    private let boundTypeName: String
    public var typeName: String {
        if describe != nil { return boundTypeName }
        return printedAs?.hasPrefix("<class") == true ? "type" : (printedAs == nil ? "function" : "builtin_function_or_method")
    }
    public var printed: String { printedAs ?? describe?() ?? "<function \(function.name)>" }
    public var callable: TemplateCallable? { function }
    public func attribute(_ name: String) -> Value? {
        if name == "__name__" { return .string(function.name) }
        return extraAttributes[name] ?? attributeLookup?(name)
    }
}
