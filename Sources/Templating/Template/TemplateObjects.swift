/// The objects templates create: macros, loop contexts, namespaces, cyclers and joiners.

/// A `{% macro %}` (or the `caller` of a call block).
final class MacroObject: TemplateObject, @unchecked Sendable {
    let name: String
    let signature: Signature
    let body: [Node]
    /// The template runtime that defined the macro; weak, as that runtime holds the macro.
    weak var runtime: TemplateRuntime?
    /// The scopes the macro was defined in.
    let closure: Variables

    init(name: String, signature: Signature, body: [Node], runtime: TemplateRuntime, closure: Variables) {
        self.name = name
        self.signature = signature
        self.body = body
        self.runtime = runtime
        self.closure = closure
    }

    var typeName: String { "Macro" }
    var moduleName: String? { "jinja2.runtime" }
    var printed: String { "<Macro \(PythonString.repr(name))>" }
    func attribute(_ attribute: String) -> Value? {
        switch attribute {
        case "name": return .string(name)
        case "arguments": return .tuple(signature.names.map { .string($0) })
        case "catch_varargs": return .bool(usesVarargs)
        case "catch_kwargs": return .bool(usesKwargs)
        case "caller": return .bool(usesCaller)
        default: return nil
        }
    }

    var callable: TemplateCallable? {
        TemplateCallable(name: name) { [self] (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            // a macro runs in the template that defined it (an imported one in its module)
            guard let runtime else { throw TemplateError("TemplateRuntimeError", "macro \(PythonString.repr(name)) called after its template finished rendering") }
            return try invoke(arguments, runtime)
        }
    }

    private func invoke(_ arguments: CallArguments, _ runtime: TemplateRuntime) throws(TemplateError) -> Value {
        guard runtime.depth < TemplateRuntime.maximumDepth else {
            throw TemplateError("RecursionError", "maximum recursion depth exceeded")
        }
        var locals: [String: Value] = [:]
        let names = signature.names
        let firstDefault = names.count - signature.defaults.count
        var varargs: [Value] = []
        for (index, value) in arguments.positional.enumerated() {
            if index < names.count { locals[names[index]] = value } else { varargs.append(value) }
        }
        var kwargs = ValueDict()
        var caller: Value? = nil
        for (key, value) in arguments.keywords {
            if key == "caller" {
                caller = value
            } else if let position = names.firstIndex(of: key), position >= arguments.positional.count {
                locals[key] = value
            } else {
                kwargs[.string(key)] = value
            }
        }
        if let caller {
            guard usesCaller else {
                throw .type("macro \(PythonString.repr(name)) was invoked with two values for the special caller argument. This is most likely a bug.")
            }
            locals["caller"] = caller
        } else if usesCaller {
            // a macro that mentions `caller`, called without a call block, has it undefined
            locals["caller"] = .undefined(Undefined(name: .string("caller"), ownerType: nil))
        }
        let savedVariables = runtime.variables
        // template-level variables as they are now, the scopes the macro was defined in, its own
        // name (for recursion) and then its arguments
        runtime.variables = closure.rebased(on: runtime.variables.base)
        runtime.variables.pushScope()
        runtime.assign(name, .object(self))
        runtime.depth += 1
        defer {
            runtime.variables = savedVariables
            runtime.depth -= 1
        }
        for (index, parameter) in names.enumerated() where locals[parameter] == nil {
            if index >= firstDefault {
                let value = try runtime.withScope { () throws(TemplateError) -> Value in
                    for (name, value) in locals { runtime.assign(name, value) }
                    return try runtime.evaluate(signature.defaults[index - firstDefault])
                }
                locals[parameter] = value
            } else {
                locals[parameter] = .undefined(Undefined(name: nil, ownerType: nil, hint: "parameter \(PythonString.repr(parameter)) was not provided"))
            }
        }
        // keyword arguments are checked first, as Jinja2 checks them
        if usesKwargs {
            locals["kwargs"] = .dict(kwargs)
        } else if let first = kwargs.keys.first {
            throw .type("macro \(PythonString.repr(name)) takes no keyword argument \(PythonString.repr(first.printed))")
        }
        if usesVarargs {
            locals["varargs"] = .tuple(varargs)
        } else if !varargs.isEmpty {
            throw .type("macro \(PythonString.repr(name)) takes not more than \(names.count) argument(s)")
        }
        runtime.variables.pushScope()
        for (name, value) in locals { runtime.assign(name, value) }
        let text = try runtime.render(body)
        return runtime.autoescape ? .markup(text) : .string(text)
    }

    lazy var usesVarargs: Bool = BodyScan.mentions("varargs", in: body)
    lazy var usesKwargs: Bool = BodyScan.mentions("kwargs", in: body)
    lazy var usesCaller: Bool = BodyScan.mentions("caller", in: body)
}

/// Finds names a macro body reads (Jinja2 decides from the body whether a macro takes
/// `varargs`/`kwargs`/`caller`). Nested macro definitions and loaded templates do not count.
enum BodyScan {
    static func mentions(_ name: String, in nodes: [Node]) -> Bool {
        // nested macros count: Jinja2 finds the name anywhere in the body
        nodes.contains { node in
            node.expressions.contains { mentions(name, $0) } || node.bodies.contains { mentions(name, in: $0) }
        }
    }

    static func mentions(_ name: String, _ expr: Expr) -> Bool {
        if case .name(let other, _) = expr { return other.text == name }
        return expr.children.contains { mentions(name, $0) }
    }
}

/// `loop` inside a for loop.
final class LoopObject: TemplateObject, @unchecked Sendable {
    let items: [Value]
    let depth: Int
    var index0 = 0
    var lastChanged: [Value]? = nil
    var recurse: (@Sendable (Value) throws(TemplateError) -> String)? = nil

    init(items: [Value], depth: Int) {
        self.items = items
        self.depth = depth
    }

    var typeName: String { "LoopContext" }
    var moduleName: String? { "jinja2.runtime" }
    var printed: String { "<LoopContext \(index0 + 1)/\(items.count)>" }

    /// The counters, which templates read on every iteration: lowered attribute accesses find
    /// them by this number instead of comparing names.
    enum Counter: Int {
        case index, index0, revindex, revindex0, first, last, length, depth, depth0

        init?(_ name: String) {
            switch name {
            case "index": self = .index
            case "index0": self = .index0
            case "revindex": self = .revindex
            case "revindex0": self = .revindex0
            case "first": self = .first
            case "last": self = .last
            case "length": self = .length
            case "depth": self = .depth
            case "depth0": self = .depth0
            default: return nil
            }
        }
    }

    func counter(_ counter: Counter) -> Value {
        let count = items.count
        switch counter {
        case .index: return .int(index0 + 1)
        case .index0: return .int(index0)
        case .revindex: return .int(count - index0)
        case .revindex0: return .int(count - index0 - 1)
        case .first: return .bool(index0 == 0)
        case .last: return .bool(index0 == count - 1)
        case .length: return .int(count)
        case .depth: return .int(depth)
        case .depth0: return .int(depth - 1)
        }
    }

    func attribute(_ name: String) -> Value? {
        if let counter = Counter(name) { return self.counter(counter) }
        let count = items.count
        switch name {
        case "previtem":
            return index0 > 0 ? items[index0 - 1] : .undefined(Undefined(name: nil, ownerType: nil, hint: "there is no previous item"))
        case "nextitem":
            return index0 + 1 < count ? items[index0 + 1] : .undefined(Undefined(name: nil, ownerType: nil, hint: "there is no next item"))
        case "cycle":
            return .object(FunctionObject("cycle") { [self] (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
                guard !arguments.positional.isEmpty else { throw .type("no items for cycling given") }
                return arguments.positional[index0 % arguments.positional.count]
            })
        case "changed":
            return .object(FunctionObject("changed") { [self] (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
                let values = arguments.positional
                if let last = lastChanged, last.count == values.count, zip(last, values).allSatisfy({ $0 == $1 }) {
                    return .bool(false)
                }
                lastChanged = values
                return .bool(true)
            })
        default: return nil
        }
    }

    var callable: TemplateCallable? {
        guard let recurse else { return nil }
        return TemplateCallable(name: "loop") { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            guard let iterable = arguments.positional.first else { throw .type("loop() missing 1 required positional argument: 'iterable'") }
            return .markup(try recurse(iterable))
        }
    }
}

/// `namespace(...)`: attributes that `{% set ns.x = ... %}` can change from inner scopes.
final class NamespaceObject: TemplateObject, @unchecked Sendable {
    var values: [String: Value]
    var order: [String]
    init(_ pairs: [(String, Value)]) {
        values = [:]
        order = []
        for (key, value) in pairs {
            if values[key] == nil { order.append(key) }
            values[key] = value
        }
    }
    var typeName: String { "Namespace" }
    var moduleName: String? { "jinja2.utils" }
    /// Sets an attribute; a new one prints after the others, as a dict keeps insertion order.
    func set(_ name: String, _ value: Value) {
        if values.updateValue(value, forKey: name) == nil { order.append(name) }
    }
    var printed: String {
        "<Namespace " + Value.dict(ValueDict(order.compactMap { key in values[key].map { (.string(key), $0) } })).repr + ">"
    }
    func attribute(_ name: String) -> Value? { values[name] }
}

/// `cycler(...)`.
final class CyclerObject: TemplateObject, @unchecked Sendable {
    let items: [Value]
    package var position = 0
    init(_ items: [Value]) { self.items = items }
    var typeName: String { "Cycler" }
    var moduleName: String? { "jinja2.utils" }
    func attribute(_ name: String) -> Value? {
        switch name {
        case "current": return items.isEmpty ? .none : items[position]
        case "items": return .tuple(items)
        case "next":
            return .object(FunctionObject("next") { [self] (_: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
                let value = items[position]
                position = (position + 1) % items.count
                return value
            })
        case "reset":
            return .object(FunctionObject("reset") { [self] (_: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
                position = 0
                return .none
            })
        default: return nil
        }
    }
}

/// `joiner(sep)`: empty the first time it is called, `sep` after that.
final class JoinerObject: TemplateObject, @unchecked Sendable {
    let separator: String
    var used = false
    init(_ separator: String) { self.separator = separator }
    var typeName: String { "Joiner" }
    var moduleName: String? { "jinja2.utils" }
    var callable: TemplateCallable? {
        TemplateCallable(name: "joiner") { [self] (_: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            if !used {
                used = true
                return .string("")
            }
            return .string(separator)
        }
    }
}

/// A Python class, as `x.__class__` and `type(x)` give it: prints `<class 'str'>`.
public final class TypeObject: TemplateObject, @unchecked Sendable {
    public let name: String
    /// The module Python names the class with (`jinja2.utils`), nil for builtins.
    public let module: String?
    public init(name: String, module: String? = nil) {
        self.name = name
        self.module = name == "Undefined" ? "jinja2.runtime" : module
    }
    /// The class of `value`.
    public convenience init(of value: Value) {
        switch value {
        case .object(let object): self.init(name: value.typeName, module: object.moduleName)
        case .markup: self.init(name: value.typeName, module: "markupsafe")
        default: self.init(name: value.typeName)
        }
    }
    public var typeName: String { "type" }
    /// A builtin class is callable: it calls the global of its name (`dict` is Jinja2's).
    public var callable: TemplateCallable? {
        guard module == nil else { return nil }
        let className = name
        return TemplateCallable(name: className) { (arguments: inout CallArguments, runtime: TemplateRuntime) throws(TemplateError) -> Value in
            guard let global = runtime.environment.globals[className] else { throw .type("cannot create '\(className)' instances") }
            return try runtime.call(global, &arguments)
        }
    }
    public var printed: String { "<class '\(module.map { $0 + "." } ?? "")\(name)'>" }
    public func attribute(_ attribute: String) -> Value? {
        switch attribute {
        case "__name__", "__qualname__": return .string(name)
        // a builtin class's methods, called with the object first (`type(d).__len__(d)`)
        default: return module == nil ? PythonBuiltins.unboundMethods(of: name)?(attribute) : nil
        }
    }
}

/// Python's `slice(start, stop, step)`: subscripting with it slices.
public final class SliceObject: TemplateObject, @unchecked Sendable {
    public let start: Value, stop: Value, step: Value
    public init(start: Value, stop: Value, step: Value) {
        self.start = start
        self.stop = stop
        self.step = step
    }
    public var typeName: String { "slice" }
    public var printed: String { "slice(\(start.repr), \(stop.repr), \(step.repr))" }
    public func attribute(_ attribute: String) -> Value? {
        switch attribute {
        case "start": return start
        case "stop": return stop
        case "step": return step
        default: return nil
        }
    }
}

/// A member of a Python `enum.Enum` (dgenerate's `ModelType.SD`, `DataType.AUTO`).
public final class EnumMember: TemplateObject, @unchecked Sendable {
    public let enumName: String, name: String, value: Int
    public init(_ enumName: String, _ name: String, _ value: Int) {
        self.enumName = enumName
        self.name = name
        self.value = value
    }
    public var typeName: String { enumName }
    public var printed: String { "\(enumName).\(name)" }
    public var representation: String { "<\(enumName).\(name): \(value)>" }
    public func attribute(_ attribute: String) -> Value? {
        switch attribute {
        case "name": return .string(name)
        case "value": return .int(value)
        default: return nil
        }
    }
}

/// `list[int]`: a builtin class subscripted, which Python answers with a `GenericAlias` that
/// prints its arguments (`dict[slice(1, None, None)]`).
package final class GenericAliasObject: TemplateObject, IterableObject, @unchecked Sendable {
    package let origin: String
    let arguments: Value
    /// The class subscripted, as the template had it (a builtin class object or a `type()`).
    let originClass: Value
    /// `*list[int]`: what iterating an alias yields (Python 3.11's unpacked form).
    let unpacked: Bool
    init(origin: String, arguments: Value, originClass: Value, unpacked: Bool = false) {
        self.origin = origin
        self.arguments = arguments
        self.originClass = originClass
        self.unpacked = unpacked
    }
    /// Python 3.11 iterates an alias as one item, the alias unpacked.
    var items: [Value] {
        [.object(GenericAliasObject(origin: origin, arguments: arguments, originClass: originClass, unpacked: true))]
    }
    /// Its C type name, as Python's messages write it.
    package var typeName: String { "types.GenericAlias" }
    /// Calling the alias calls its class (`list[int]('ab')` is `['a', 'b']`).
    package var callable: TemplateCallable? {
        if case .object(let origin) = originClass { return origin.callable }
        return nil
    }
    package var printed: String {
        let items: [Value]
        if case .tuple(let parts) = arguments { items = parts } else { items = [arguments] }
        return (unpacked ? "*" : "") + origin + "[" + items.map(Self.shown).joined(separator: ", ") + "]"
    }
    /// Its own `__origin__` and `__args__`; every other attribute is its class's.
    package func attribute(_ name: String) -> Value? {
        switch name {
        case "__origin__": return PythonBuiltins.classObject(origin)
        case "__unpacked__": return .bool(unpacked)
        case "__args__":
            if case .tuple = arguments { return arguments }
            return .tuple([arguments])
        default:
            guard case .object(let originClass) = originClass else { return nil }
            return originClass.attribute(name)
        }
    }

    /// An argument as `typing` shows it: a class by its name, anything else by its repr.
    private static func shown(_ value: Value) -> String {
        if let name = PythonBuiltins.className(ofTypeObject: value) { return name }
        if case .object(is EllipsisValue) = value { return "..." }
        return value.repr
    }

    /// The classes Python 3.11 subscripts this way.
    static let origins: Set<String> = ["list", "dict", "tuple", "set", "frozenset", "type"]

    /// `container[key]` when the container is one of those classes, else nil.
    /// Python 3.11's TypeError for subscripting an alias of a builtin class, which has no type
    /// parameters to fill (`list[int][0]`); nil for any other container.
    package static func notGenericMessage(_ container: Value) -> String? {
        guard case .object(let alias as GenericAliasObject) = container else { return nil }
        return "\(alias.printed) is not a generic class"
    }

    package static func subscripted(_ container: Value, _ key: Value) -> Value? {
        guard let name = PythonBuiltins.className(ofTypeObject: container), origins.contains(name) else { return nil }
        return .object(GenericAliasObject(origin: name, arguments: key, originClass: container))
    }
}
