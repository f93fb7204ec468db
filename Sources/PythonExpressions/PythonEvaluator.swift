import BigInt
import Templating

/// Evaluates `\setp` programs with Python's semantics on template values: the value of the
/// last statement is the result (`a = 5; a * 2` gives 10).
package struct PythonEvaluator {
    /// Python's exception: its class name and message.
    package struct Failure: Error {
        package var kind: String
        package var message: String
        /// The column of the innermost located node it came from.
        package var column: Int? = nil
        /// A missing key: the reference's evaluator points at the node around the subscript,
        /// so the subscript's own location is passed over.
        package var passOverLocation = false
        /// Its own node's location was passed over: the enclosing node (or statement) gives it.
        package var passedOver = false
        /// Raised by a called function (the message is the reference's `Error running
        /// function ...` text).
        package var wrappedCall = false
    }

    /// The program's own names (assignments, comprehension variables).
    var names: [String: Value] = [:]
    /// Everything else it sees: template variables, template functions, builtins.
    let outer: (String) -> Value?
    let runtime: TemplateRuntime

    package init(outer: @escaping (String) -> Value?, runtime: TemplateRuntime) {
        self.outer = outer
        self.runtime = runtime
    }

    package mutating func run(_ statements: [PyStatement]) throws(Failure) -> Value {
        var result = Value.none
        for statement in statements {
            switch statement {
            case .expression(let expr):
                result = try atStatement(Self.column(of: expr)) { (evaluator) throws(Failure) in try evaluator.evaluate(expr) }
            case .assign(let targets, let expr):
                let value = try atStatement(targets.first.flatMap(Self.column(of:))) { (evaluator) throws(Failure) in try evaluator.evaluate(expr) }
                for target in targets { try assign(target, value) }
                result = .none
            case .augmentedAssign(let column):
                throw Failure(kind: "NotImplementedError", message: "AugAssign not supported", column: column)
            case .pass:
                result = .none
            case .failing(let column, let kind, let message):
                throw Failure(kind: kind, message: message, column: column)
            case .interrupt(let name):
                result = .object(InterruptStatement(name))
            }
        }
        return result
    }

    /// Runs `body`; a failure that passed over its own location (a missing key) takes the
    /// statement's, which starts at `column`.
    private mutating func atStatement(_ column: Int?, _ body: (inout PythonEvaluator) throws(Failure) -> Value) throws(Failure) -> Value {
        do {
            return try body(&self)
        } catch {
            var located = error
            if located.column == nil && (located.passOverLocation || located.passedOver) {
                located.passOverLocation = false
                located.column = column
            }
            throw located
        }
    }

    static func column(of expr: PyExpr) -> Int? {
        if case .located(let column, _) = expr { return column }
        return nil
    }

    /// Names the reference's evaluator refuses to rebind.
    static let readOnlyNames: Set<String> = ["glob", "os"]

    private mutating func assign(_ target: PyExpr, _ value: Value) throws(Failure) {
        switch target {
        case .located(_, let inner): try assign(inner, value)
        case .name(let name):
            if Self.readOnlyNames.contains(name) {
                throw Failure(kind: "NameError", message: "invalid symbol name (reserved word?) \(name)")
            }
            names[name] = value
        case .index(let base, let key):
            // values are copied, so the changed container is written back to where it came from;
            // a container that is no variable's (`[1][0] = 2`) is changed and dropped
            let container = try evaluate(base)
            let keyValue = try evaluate(key)
            let changed = try Self.settingItem(container, keyValue, value)
            if Self.isAssignable(base) { try assign(base, changed) }
        case .attribute(let base, let name):
            let object = try evaluate(base)
            if name.hasPrefix("__") && name.hasSuffix("__") {
                throw Failure(kind: "AttributeError", message: "cannot assign to unsafe attribute \(name)")
            }
            throw Failure(kind: "AttributeError", message: "'\(object.typeName)' object has no attribute '\(name)'")
        case .starred:
            // the reference's evaluator has no rule for a starred target: it assigns nothing
            break
        case .tuple(let targets), .list(let targets):
            let items = try wrap { () throws(TemplateError) -> [Value] in try TemplateOperators.iterate(value) }
            // the reference's evaluator says "too many" for any count that differs
            guard items.count == targets.count else { throw Failure(kind: "ValueError", message: "too many values to unpack") }
            for (item, target) in zip(items, targets) { try assign(target, item) }
        default:
            throw Failure(kind: "SyntaxError", message: "cannot assign to expression")
        }
    }

    private func wrap<T>(_ body: () throws(TemplateError) -> T) throws(Failure) -> T {
        do {
            return try body()
        } catch {
            throw Failure(kind: error.kind, message: error.message)
        }
    }

    private static let binaryOperators: [String: TemplateOperator] = [
        "+": .add, "-": .sub, "*": .mul, "/": .div, "//": .floordiv, "%": .mod, "**": .pow,
    ]
    private static let comparisons: [String: TemplateOperator] = [
        "==": .eq, "!=": .ne, "<": .lt, "<=": .lteq, ">": .gt, ">=": .gteq, "in": .in, "not in": .notin,
    ]

    mutating func evaluate(_ expr: PyExpr) throws(Failure) -> Value {
        switch expr {
        case .located(let column, let inner):
            do {
                return try evaluate(inner)
            } catch {
                var located = error
                if located.column == nil {
                    if located.passOverLocation {
                        located.passOverLocation = false
                        located.passedOver = true
                    } else {
                        located.column = column
                    }
                }
                throw located
            }
        case .starred:
            throw Failure(kind: "NotImplementedError", message: "'starred'", column: 0)
        case .unsupported(let message):
            throw Failure(kind: "NotImplementedError", message: message)
        case .generator:
            throw Failure(kind: "NotImplementedError", message: "'generatorexp'", column: 0)
        case .constant(let value): return value
        case .name(let name):
            guard let value = names[name] ?? outer(name) else { throw Failure(kind: "NameError", message: "name '\(name)' is not defined") }
            return value
        case .tuple(let items): return .tuple(try items.map { (e) throws(Failure) -> Value in try evaluate(e) })
        case .list(let items): return .list(try items.map { (e) throws(Failure) -> Value in try evaluate(e) })
        case .set(let items):
            // the reference evaluates every item, then builds the set
            let values = try items.map { (item) throws(Failure) -> Value in try evaluate(item) }
            return .object(try wrap { () throws(TemplateError) -> SetValue in try SetValue.from(.list(values)) })
        case .dict(let pairs):
            var dict = ValueDict()
            for (key, value) in pairs {
                let keyValue = try evaluate(key), itemValue = try evaluate(value)
                try wrap { () throws(TemplateError) in try PythonHash.check(keyValue) }
                dict[keyValue] = itemValue
            }
            return .dict(dict)
        case .unary(let op, let operand):
            let value = try evaluate(operand)
            switch op {
            case "not": return .bool(!value.isTruthy)
            case "-": return try wrap { () throws(TemplateError) -> Value in try TemplateOperators.negate(value) }
            case "+": return try wrap { () throws(TemplateError) -> Value in try TemplateOperators.positive(value) }
            default:
                guard let number = value.bigIntegerValue else {
                    throw Failure(kind: "TypeError", message: "bad operand type for unary ~: '\(value.typeName)'")
                }
                return .integer(-(number + 1))
            }
        case .binary(let op, let lhs, let rhs):
            let left = try evaluate(lhs), right = try evaluate(rhs)
            if case .object(let a as SetValue) = left, case .object(let b as SetValue) = right, ["|", "&", "-", "^"].contains(op) {
                return .object(a.combine(op, b))
            }
            try Self.checkLimits(op, left, right)
            if op == "*" {
                if case .tuple(let items) = left, let times = try wrap({ () throws(TemplateError) -> Int? in try TemplateOperators.repeatCount(right) }) {
                    return .tuple(try wrap { () throws(TemplateError) -> [Value] in try TemplateOperators.repeated(items, times) })
                }
                if case .tuple(let items) = right, let times = try wrap({ () throws(TemplateError) -> Int? in try TemplateOperators.repeatCount(left) }) {
                    return .tuple(try wrap { () throws(TemplateError) -> [Value] in try TemplateOperators.repeated(items, times) })
                }
            }
            if let op = Self.binaryOperators[op] {
                return try wrap { () throws(TemplateError) -> Value in try TemplateOperators.binary(op, left, right) }
            }
            // dict | dict: a copy of the left updated with the right (PEP 584)
            if op == "|", case .dict(var merged) = left, case .dict(let other) = right {
                for (key, value) in other.pairs { merged[key] = value }
                return .dict(merged)
            }
            guard let a = left.bigIntegerValue, let b = right.bigIntegerValue else {
                throw Failure(kind: "TypeError", message: "unsupported operand type(s) for \(op): '\(left.typeName)' and '\(right.typeName)'")
            }
            if case .bool(let x) = left, case .bool(let y) = right, ["&", "|", "^"].contains(op) {
                return .bool(op == "&" ? x && y : op == "|" ? x || y : x != y)
            }
            switch op {
            case "&": return .integer(PythonBitwise.and(a, b))
            case "|": return .integer(PythonBitwise.or(a, b))
            case "^": return .integer(PythonBitwise.xor(a, b))
            case "<<":
                guard b >= 0 else { throw Failure(kind: "ValueError", message: "negative shift count") }
                guard let shift = Int(exactly: b) else { throw Failure(kind: "OverflowError", message: "too many digits in integer") }
                let (bits, overflow) = a.magnitude.bitWidth.addingReportingOverflow(shift)
                if !a.isZero { try wrap { () throws(TemplateError) in try TemplateOperators.checkIntegerSize(overflow ? Int.max : bits) } }
                return .integer(a << shift)
            case ">>":
                guard b >= 0 else { throw Failure(kind: "ValueError", message: "negative shift count") }
                guard let shift = Int(exactly: b), shift < a.bitWidth + 1 else { return .int(a < 0 ? -1 : 0) }
                // Python shifts round towards negative infinity; BigInt's shift truncates the magnitude
                return .integer(a < 0 ? -((-a - 1) >> shift) - 1 : a >> shift)
            default: throw Failure(kind: "TypeError", message: "unsupported operand type(s) for \(op): '\(left.typeName)' and '\(right.typeName)'")
            }
        case .boolean(let isAnd, let items):
            var value = Value.none
            for item in items {
                value = try evaluate(item)
                if isAnd != value.isTruthy { return value }
            }
            return value
        case .compare(let first, let operations):
            var left = try evaluate(first)
            var leftExpr = first
            for (op, expr) in operations {
                let right = try evaluate(expr)
                // values here are copies; one name on both sides is one object (`x is x`)
                let same = Self.identical(left, right) || Self.sameName(leftExpr, expr)
                leftExpr = expr
                let holds: Bool
                switch op {
                case "is": holds = same
                case "is not": holds = !same
                default:
                    let comparison = Self.comparisons[op]!
                    holds = try wrap { () throws(TemplateError) -> Bool in try TemplateOperators.compare(comparison, left, right) }
                }
                if !holds { return .bool(false) }
                left = right
            }
            return .bool(true)
        case .condition(let test, let then, let otherwise):
            return try evaluate(test).isTruthy ? try evaluate(then) : try evaluate(otherwise)
        case .attribute(let object, let name):
            let value = try evaluate(object)
            let isSealed: Bool = if case .object(let object) = value { object is SealedFromSetp } else { false }
            if Self.isUnsafeAttribute(name, of: value) || isSealed {
                throw Failure(kind: "AttributeError", message: "no safe attribute '\(name)' for \(value.repr)")
            }
            let result = try wrap { () throws(TemplateError) -> Value in try runtime.getattr(value, name) }
            // Python's getattr has no item fallback (which makes `dict.x` a GenericAlias in Jinja2)
            if result.isUndefined || { if case .object(is GenericAliasObject) = result { return true } else { return false } }() {
                // a GenericAlias looks its attributes up on its class
                if case .object(let alias as GenericAliasObject) = value {
                    throw Failure(kind: "AttributeError", message: "type object '\(alias.origin)' has no attribute '\(name)'")
                }
                if let typeName = PythonBuiltins.className(ofTypeObject: value) {
                    throw Failure(kind: "AttributeError", message: "type object '\(typeName)' has no attribute '\(name)'")
                }
                throw Failure(kind: "AttributeError", message: "'\(value.typeName)' object has no attribute '\(name)'")
            }
            return result
        case .index(let object, let index):
            let container = try evaluate(object)
            if case .slice(let start, let stop, let step) = index {
                let a = try start.map { (e) throws(Failure) -> Value in try evaluate(e) }
                let b = try stop.map { (e) throws(Failure) -> Value in try evaluate(e) }
                let c = try step.map { (e) throws(Failure) -> Value in try evaluate(e) }
                return try wrap { () throws(TemplateError) -> Value in try TemplateSlicing.slice(container, a, b, c) }
            }
            let key = try evaluate(index)
            if case .object(let array as ArrayValueObject) = container {
                return try wrap { () throws(TemplateError) -> Value in try array.element(key) }
            }
            if case .dict = container, let unhashable = PythonHash.unhashableType(key) {
                throw Failure(kind: "TypeError", message: "unhashable type: '\(unhashable)'")
            }
            if let item = runtime.item(container, key), !(item.isUndefined && !container.isUndefined) {
                // objects answer string keys with attributes, which subscripts do not reach;
                // bytes are indexed like sequences
                if case .object(let object) = container, !(object is BytesValue) {} else { return item }
            }
            switch container {
            // the reference's evaluator reports the node around the subscript, unless the
            // missing key prints as '' (an empty string), whose message it cannot tell from its
            // own re-raised one
            case .dict: throw Failure(kind: "KeyError", message: key.repr, passOverLocation: key.repr != "''")
            case .list, .tuple, .string, .range:
                if case .bigInt = key, case .range = container {
                    throw Failure(kind: "IndexError", message: "range object index out of range")
                }
                if case .bigInt = key {
                    throw Failure(kind: "IndexError", message: "cannot fit 'int' into an index-sized integer")
                }
                switch key {
                case .int, .bool:
                    let what = container.isString ? "string" : (container.typeName == "range" ? "range object" : container.typeName)
                    throw Failure(kind: "IndexError", message: "\(what) index out of range")
                default: break
                }
                if container.isString {
                    throw Failure(kind: "TypeError", message: "string indices must be integers, not '\(key.typeName)'")
                }
                throw Failure(kind: "TypeError", message: "\(container.typeName) indices must be integers or slices, not \(key.typeName)")
            case .object(let bytes as BytesValue):
                switch key {
                case .bigInt: throw Failure(kind: "IndexError", message: "cannot fit 'int' into an index-sized integer")
                case .int, .bool: throw Failure(kind: "IndexError", message: bytes.mutable ? "bytearray index out of range" : "index out of range")
                default:
                    throw Failure(kind: "TypeError", message: "\(bytes.mutable ? "bytearray" : "byte") indices must be integers or slices, not \(key.typeName)")
                }
            default:
                if let alias = GenericAliasObject.subscripted(container, key) { return alias }
                if let message = GenericAliasObject.notGenericMessage(container) { throw Failure(kind: "TypeError", message: message) }
                if let typeName = PythonBuiltins.className(ofTypeObject: container) {
                    throw Failure(kind: "TypeError", message: "type '\(typeName)' is not subscriptable")
                }
                throw Failure(kind: "TypeError", message: "'\(container.typeName)' object is not subscriptable")
            }
        case .slice:
            throw Failure(kind: "SyntaxError", message: "invalid syntax")
        case .call(let callee, let positional, let keywords, let star):
            if case .located(_, .attribute(let object, let method)) = callee, Self.mutatingMethods.contains(method),
               Self.isAssignable(object) {
                let container = try evaluate(object)
                if Self.mutates(container, method) {
                    var arguments = CallArguments()
                    for item in positional { arguments.positional.append(try evaluate(item)) }
                    for case (let name?, let expr) in keywords { arguments.keywords.append((name, try evaluate(expr))) }
                    return try mutate(container, method, &arguments, writeBackTo: object)
                }
            }
            let function = try evaluate(callee)
            if !Self.isCallable(function) {
                throw Failure(kind: "TypeError", message: "'\(function.printed)' is not callable!!")
            }
            var arguments = CallArguments()
            for item in positional { arguments.positional.append(try evaluate(item)) }
            if let star {
                let value = try evaluate(star)
                arguments.positional += try wrap { () throws(TemplateError) -> [Value] in try TemplateOperators.iterate(value) }
            }
            for (name, expr) in keywords {
                let value = try evaluate(expr)
                if let name {
                    arguments.keywords.append((name, value))
                } else if case .dict(let dict) = value {
                    for (key, item) in dict.pairs { arguments.keywords.append((key.printed, item)) }
                }
            }
            let passed = arguments
            do throws(TemplateError) {
                return try runtime.call(function, &arguments)
            } catch {
                // the message shows the arguments: one Python cannot print fails the message
                for argument in passed.positional + passed.keywords.map(\.1) {
                    do throws(TemplateError) { try argument.checkPrintable() } catch { throw Failure(kind: error.kind, message: error.message) }
                }
                throw Self.callFailure(error, function, passed)
            }
        case .comprehension(let kind, let element, let value, let clauses):
            var results: [Value] = []
            var dict = ValueDict()
            var scope = self
            try Self.comprehend(&scope, clauses[...]) { (inner: inout PythonEvaluator) throws(Failure) in
                if kind == "dict" {
                    // the reference runs `out[key] = value`, which evaluates the value first
                    let itemValue = try inner.evaluate(value!)
                    let item = try inner.evaluate(element)
                    try wrap { () throws(TemplateError) in try PythonHash.check(item) }
                    dict[item] = itemValue
                } else {
                    let item = try inner.evaluate(element)
                    results.append(item)
                }
            }
            switch kind {
            case "dict": return .dict(dict)
            case "set": return .object(try wrap { () throws(TemplateError) -> SetValue in try SetValue.from(.list(results)) })
            default: return .list(results)
            }
        }
    }

    private static func comprehend(
        _ scope: inout PythonEvaluator, _ clauses: ArraySlice<(target: PyExpr, iterable: PyExpr, conditions: [PyExpr])>,
        _ body: (inout PythonEvaluator) throws(Failure) -> Void
    ) throws(Failure) {
        guard let clause = clauses.first else { return try body(&scope) }
        let iterable = try scope.evaluate(clause.iterable)
        let items = try scope.wrap { () throws(TemplateError) -> [Value] in
            try TemplateOperators.iterate(iterable)
        }
        for item in items {
            try scope.assign(clause.target, item)
            var keep = true
            for condition in clause.conditions where !(try scope.evaluate(condition).isTruthy) {
                keep = false
                break
            }
            if keep { try comprehend(&scope, clauses.dropFirst(), body) }
        }
    }

    /// The reference's evaluator refuses huge results before computing them.
    /// Whether `value` is a number above `limit` (asteval's limits apply to any number).
    static func exceeds(_ value: Value, _ limit: Int) -> Bool {
        switch TemplateOperators.number(value) {
        case .integer(let number)?: return number > BigInt(limit)
        case .float(let number)?: return number > Double(limit)
        case nil: return false
        }
    }

    static func checkLimits(_ op: String, _ left: Value, _ right: Value) throws(Failure) {
        if op == "**", Self.exceeds(right, 10000) {
            throw Failure(kind: "RuntimeError", message: "Invalid exponent, max exponent is 10000")
        }
        if op == "<<", Self.exceeds(right, 1000) {
            throw Failure(kind: "RuntimeError", message: "Invalid left shift, max left shift is 1000")
        }
        // (only `str * int` and `str + str` are checked, as the reference checks them)
        if op == "*", case .string(let string) = left, let times = right.bigIntegerValue,
           BigInt(string.unicodeScalars.count) * times > 262144 {
            throw Failure(kind: "RuntimeError", message: "String length exceeded, max string length is 262144")
        }
        if op == "+", case .string(let a) = left, case .string(let b) = right,
           a.utf8.count + b.utf8.count > 262144, a.unicodeScalars.count + b.unicodeScalars.count > 262144 {
            throw Failure(kind: "RuntimeError", message: "String length exceeded, max string length is 262144")
        }
        if op == "*" {
            let count: Value? = isSequence(left) ? right : (isSequence(right) ? left : nil)
            switch count {
            case nil, .int?, .bool?, .bigInt?: break
            case let other?: throw Failure(kind: "TypeError", message: "can't multiply sequence by non-int of type '\(other.typeName)'")
            }
        }
    }

    /// The reference's wording for an exception raised inside a called function.
    /// A call that raised, as the reference's evaluator words it.
    static func callFailure(_ error: TemplateError, _ function: Value, _ arguments: CallArguments) -> Failure {
        Failure(kind: error.kind, message: callFailure(function, arguments, error.message), wrappedCall: true)
    }

    static func callFailure(_ function: Value, _ arguments: CallArguments, _ message: String) -> String {
        var name = "function"
        if case .object(let object) = function {
            if let named = object as? FunctionObject { name = named.function.name } else { name = object.typeName }
        }
        var keywords = ValueDict()
        for (key, value) in arguments.keywords { keywords[.string(key)] = value }
        return "Error running function '\(name)' with args '\(Value.list(arguments.positional).repr)' and kwargs \(Value.dict(keywords).repr): \(message)"
    }

    static func isSequence(_ value: Value) -> Bool {
        switch value {
        case .list, .tuple, .string, .markup, .object(is BytesValue): return true
        default: return false
        }
    }

    /// Whether calling the value can work at all (the reference's evaluator checks first).
    static func isCallable(_ value: Value) -> Bool {
        switch value {
        case .object(let object): return object.callable != nil
        case .undefined: return true  // the call reports the undefined name
        default: return false
        }
    }

    /// Whether `method` changes `container` in place (so the changed copy is stored back).
    static func mutates(_ container: Value, _ method: String) -> Bool {
        switch container {
        case .list: return listMutators.contains(method)
        case .dict: return dictMutators.contains(method)
        case .object(let set as SetValue): return !set.frozen && SetMutation.methods.contains(method)
        default: return false
        }
    }

    static let listMutators: Set<String> = ["append", "extend", "insert", "pop", "remove", "clear", "reverse", "sort"]
    static let dictMutators: Set<String> = ["pop", "clear", "update", "setdefault", "popitem"]
    static let mutatingMethods = listMutators.union(dictMutators).union(SetMutation.methods)

    static func isAssignable(_ expr: PyExpr) -> Bool {
        switch expr {
        case .located(_, let inner): return isAssignable(inner)
        case .name: return true
        case .index(let base, _): return isAssignable(base)
        default: return false
        }
    }

    /// Runs a mutating list or dict method on a copy and stores the copy back.
    private mutating func mutate(_ container: Value, _ method: String, _ arguments: inout CallArguments,
                                 writeBackTo target: PyExpr) throws(Failure) -> Value {
        let passed = arguments
        let outcome: (result: Value, changed: Value)
        do throws(TemplateError) {
            outcome = try Self.mutated(container, method, &arguments)
        } catch {
            let function = Value.object(FunctionObject(method) { (_: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in .none })
            throw Self.callFailure(error, function, passed)
        }
        try assign(target, outcome.changed)
        return outcome.result
    }

    /// The method's result and the changed container.
    private static func mutated(_ container: Value, _ method: String, _ arguments: inout CallArguments) throws(TemplateError) -> (Value, Value) {
        switch container {
        case .list(var items):
            if method == "sort" {
                let reverse = arguments.keywords.first { $0.0 == "reverse" }?.1.isTruthy ?? false
                var failure: TemplateError? = nil
                items.sort { a, b in
                    do throws(TemplateError) { return try TemplateOperators.ordering(a, b) < 0 } catch { failure = error; return false }
                }
                if let failure { throw failure }
                if reverse { items.reverse() }
                return (.none, .list(items))
            }
            let result = try TemplateRuntime.mutate(list: &items, method, &arguments)
            return (result, .list(items))
        case .dict(var dict):
            guard let result = try TemplateRuntime.mutate(dict: &dict, method, &arguments) else {
                throw TemplateError("AttributeError", "'dict' object has no attribute '\(method)'")
            }
            return (result, .dict(dict))
        case .object(let set as SetValue):
            guard let (result, changed) = try SetMutation.apply(set, method, arguments) else {
                throw TemplateError("AttributeError", "'\(container.typeName)' object has no attribute '\(method)'")
            }
            return (result, .object(changed))
        default:
            throw TemplateError("AttributeError", "'\(container.typeName)' object has no attribute '\(method)'")
        }
    }

    /// `container[key] = value` on a copy.
    static func settingItem(_ container: Value, _ key: Value, _ value: Value) throws(Failure) -> Value {
        switch container {
        case .list(var items):
            guard let index = TemplateSlicing.index(key, count: items.count) else {
                throw Failure(kind: "IndexError", message: "list assignment index out of range")
            }
            items[index] = value
            return .list(items)
        case .dict(var dict):
            guard key.key != nil else { throw Failure(kind: "TypeError", message: "unhashable type: '\(key.typeName)'") }
            dict[key] = value
            return .dict(dict)
        default:
            throw Failure(kind: "TypeError", message: "'\(container.typeName)' object does not support item assignment")
        }
    }

    /// Whether both expressions are the same plain name.
    static func sameName(_ a: PyExpr, _ b: PyExpr) -> Bool {
        func name(_ expr: PyExpr) -> String? {
            switch expr {
            case .name(let text): return text
            case .located(_, let inner): return name(inner)
            default: return nil
            }
        }
        guard let x = name(a), let y = name(b) else { return false }
        return x == y
    }

    static func identical(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.none, .none): return true
        case (.bool(let x), .bool(let y)): return x == y
        // CPython keeps one empty bytes and one of each single byte (and one empty tuple, below)
        case (.object(let x as BytesValue), .object(let y as BytesValue)):
            return x === y || (!x.mutable && !y.mutable && x.bytes == y.bytes && x.bytes.count <= 1)
        case (.object(let x), .object(let y)): return x === y
        case (.int(let x), .int(let y)): return x == y && (-5...256).contains(x)
        // CPython keeps one empty string and one string of each Latin-1 character
        case (.string(let x), .string(let y)):
            return x == y && x.unicodeScalars.count <= 1 && (x.unicodeScalars.first?.value ?? 0) < 256
        // and one empty tuple
        case (.tuple(let x), .tuple(let y)): return x.isEmpty && y.isEmpty
        default: return false
        }
    }
}

extension PythonEvaluator {
    /// asteval's `safe_getattr` refusals: its list of unsafe names, every dunder name, and
    /// `format`/`format_map` of text (or of `str` itself).
    static func isUnsafeAttribute(_ name: String, of value: Value) -> Bool {
        if unsafeAttributes.contains(name) || (name.hasPrefix("__") && name.hasSuffix("__")) { return true }
        guard name == "format" || name == "format_map" else { return false }
        return value.isString || PythonBuiltins.className(ofTypeObject: value) == "str"
    }

    private static let unsafeAttributes: Set<String> = [
        "__subclasses__", "__bases__", "__globals__", "__code__", "__reduce__", "__reduce_ex__", "__mro__",
        "__closure__", "__func__", "__self__", "__module__", "__dict__", "__class__", "__call__", "__get__",
        "__getattribute__", "__subclasshook__", "__new__", "__init__", "func_globals", "func_code", "func_closure",
        "im_class", "im_func", "im_self", "gi_code", "gi_frame", "f_locals", "__asteval__", "mro",
    ]
}

/// An object none of whose attributes `\setp` may read (asteval answers `no safe attribute`),
/// such as the `os` module the runtime gives templates.
public protocol SealedFromSetp: TemplateObject {}
