/// Evaluates `\setp` programs with Python's semantics on template values: the value of the
/// last statement is the result (`a = 5; a * 2` gives 10).
struct PythonEvaluator {
    /// Python's exception: its class name and message.
    struct Failure: Error {
        var kind: String
        var message: String
    }

    /// Names the program sees (template variables, functions, builtins), and its own.
    var names: [String: Value]
    let runtime: TemplateRuntime

    mutating func run(_ statements: [PyStatement]) throws(Failure) -> Value {
        var result = Value.none
        for statement in statements {
            switch statement {
            case .expression(let expr):
                result = try evaluate(expr)
            case .assign(let targets, let expr):
                let value = try evaluate(expr)
                for target in targets { try assign(target, value) }
                result = .none
            }
        }
        return result
    }

    private mutating func assign(_ target: PyExpr, _ value: Value) throws(Failure) {
        switch target {
        case .name(let name): names[name] = value
        case .tuple(let targets), .list(let targets):
            let items = try wrap { () throws(TemplateError) -> [Value] in try TemplateOperators.iterate(value) }
            guard items.count == targets.count else {
                throw Failure(kind: "ValueError", message: items.count > targets.count
                    ? "too many values to unpack (expected \(targets.count))"
                    : "not enough values to unpack (expected \(targets.count), got \(items.count))")
            }
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
        case .constant(let value): return value
        case .name(let name):
            guard let value = names[name] else { throw Failure(kind: "NameError", message: "name '\(name)' is not defined") }
            return value
        case .tuple(let items): return .tuple(try items.map { (e) throws(Failure) -> Value in try evaluate(e) })
        case .list(let items): return .list(try items.map { (e) throws(Failure) -> Value in try evaluate(e) })
        case .set(let items):
            var seen: [Value] = []
            for item in items {
                let value = try evaluate(item)
                if !seen.contains(value) { seen.append(value) }
            }
            return .object(SetValue(seen))
        case .dict(let pairs):
            var dict = ValueDict()
            for (key, value) in pairs {
                let keyValue = try evaluate(key)
                guard keyValue.key != nil else { throw Failure(kind: "TypeError", message: "unhashable type: '\(keyValue.typeName)'") }
                dict[keyValue] = try evaluate(value)
            }
            return .dict(dict)
        case .unary(let op, let operand):
            let value = try evaluate(operand)
            switch op {
            case "not": return .bool(!value.isTruthy)
            case "-": return try wrap { () throws(TemplateError) -> Value in try TemplateOperators.negate(value) }
            case "+": return try wrap { () throws(TemplateError) -> Value in try TemplateOperators.positive(value) }
            default:
                guard case .int(let number) = value else {
                    throw Failure(kind: "TypeError", message: "bad operand type for unary ~: '\(value.typeName)'")
                }
                return .int(~number)
            }
        case .binary(let op, let lhs, let rhs):
            let left = try evaluate(lhs), right = try evaluate(rhs)
            if let op = Self.binaryOperators[op] {
                return try wrap { () throws(TemplateError) -> Value in try TemplateOperators.binary(op, left, right) }
            }
            guard case .int(let a) = left, case .int(let b) = right else {
                throw Failure(kind: "TypeError", message: "unsupported operand type(s) for \(op): '\(left.typeName)' and '\(right.typeName)'")
            }
            switch op {
            case "&": return .int(a & b)
            case "|": return .int(a | b)
            case "^": return .int(a ^ b)
            case "<<": return .int(a << b)
            case ">>": return .int(a >> b)
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
            for (op, expr) in operations {
                let right = try evaluate(expr)
                let holds: Bool
                switch op {
                case "is": holds = Self.identical(left, right)
                case "is not": holds = !Self.identical(left, right)
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
            if name.hasPrefix("__") {
                throw Failure(kind: "AttributeError", message: "no safe attribute '\(name)'")
            }
            let value = try evaluate(object)
            let result = try wrap { () throws(TemplateError) -> Value in try runtime.getattr(value, name) }
            if result.isUndefined {
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
            if let item = runtime.item(container, key), !(item.isUndefined && !container.isUndefined) {
                if case .object = container {} else { return item }
            }
            switch container {
            case .dict: throw Failure(kind: "KeyError", message: key.repr)
            case .list, .tuple, .string, .range:
                if case .int = key { throw Failure(kind: "IndexError", message: "\(container.typeName) index out of range") }
                throw Failure(kind: "TypeError", message: "\(container.typeName) indices must be integers or slices, not \(key.typeName)")
            default:
                throw Failure(kind: "TypeError", message: "'\(container.typeName)' object is not subscriptable")
            }
        case .slice:
            throw Failure(kind: "SyntaxError", message: "invalid syntax")
        case .call(let callee, let positional, let keywords, let star):
            let function = try evaluate(callee)
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
            return try wrap { () throws(TemplateError) -> Value in try runtime.call(function, &arguments) }
        case .comprehension(let kind, let element, let value, let clauses):
            var results: [Value] = []
            var dict = ValueDict()
            var scope = self
            try Self.comprehend(&scope, clauses[...]) { (inner: inout PythonEvaluator) throws(Failure) in
                let item = try inner.evaluate(element)
                if kind == "dict" {
                    guard item.key != nil else { throw Failure(kind: "TypeError", message: "unhashable type: '\(item.typeName)'") }
                    dict[item] = try inner.evaluate(value!)
                } else if kind == "set" {
                    if !results.contains(item) { results.append(item) }
                } else {
                    results.append(item)
                }
            }
            switch kind {
            case "dict": return .dict(dict)
            case "set": return .object(SetValue(results))
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
            if case .object(let set as SetValue) = iterable { return set.items }
            return try TemplateOperators.iterate(iterable)
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

    static func identical(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.none, .none): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.object(let x), .object(let y)): return x === y
        case (.int(let x), .int(let y)): return x == y && (-5...256).contains(x)
        default: return false
        }
    }
}

/// A Python `set` (insertion-ordered here; Python orders small ints by value).
final class SetValue: TemplateObject, @unchecked Sendable {
    let items: [Value]
    init(_ items: [Value]) {
        // CPython's small-int sets iterate in hash order, which is value order for small
        // non-negative ints; keep that common case faithful
        if items.allSatisfy({ if case .int(let n) = $0 { return n >= 0 && n < 1 << 30 } else { return false } }) {
            self.items = items.sorted { a, b in
                if case .int(let x) = a, case .int(let y) = b { return x < y }
                return false
            }
        } else {
            self.items = items
        }
    }
    var typeName: String { "set" }
    var printed: String { items.isEmpty ? "set()" : "{" + items.map(\.repr).joined(separator: ", ") + "}" }
}
