import Templating

/// Evaluating a `\setp` program whose cost its own text bounds, for an editor that evaluates
/// what it can of a script before it runs: literals, names, operators but `**` and shifts,
/// attributes and indexes, comprehensions of one `for`, `range()` of a small literal and a few
/// builtins whose cost is linear in their input. Anything else is not evaluated.
extension PythonEvaluator {
    /// Builtins a bounded program may call.
    static let boundedCalls: Set<String> = [
        "abs", "bool", "float", "int", "len", "list", "max", "min", "round", "sorted", "str", "sum", "tuple",
    ]

    /// The value of `program` with `names` in scope (and the builtins of `environment`) when its
    /// cost is bounded and every name it reads is known; nil otherwise, or when it fails or its
    /// value is large.
    package static func evaluateBounded(_ program: [PyStatement], names: [String: Value], environment: TemplateEnvironment) -> Value? {
        guard names.values.allSatisfy({ $0.isSmall() }), program.allSatisfy(allows) else { return nil }
        let builtins = PythonBuiltins.nameSet
        guard PythonExpressionParser.freeNames(of: program).allSatisfy({ names[$0.name] != nil || builtins.contains($0.name) }) else { return nil }
        let globals = environment.globals
        var evaluator = PythonEvaluator(outer: { name in names[name] ?? (builtins.contains(name) ? globals[name] : nil) },
                                        runtime: TemplateRuntime(environment: environment, context: [:]))
        guard let value = try? evaluator.run(program), value.isSmall() else { return nil }
        return value
    }

    private static func allows(_ statement: PyStatement) -> Bool {
        switch statement {
        case .expression(let expression): return allows(expression)
        case .assign(let targets, let value): return targets.allSatisfy(allows) && allows(value)
        case .pass: return true
        case .augmentedAssign, .failing, .interrupt: return false
        }
    }

    private static func allows(_ expression: PyExpr) -> Bool {
        switch expression {
        case .constant, .name: return true
        case .located(_, let inner), .unary(_, let inner), .attribute(let inner, _): return allows(inner)
        case .tuple(let items), .list(let items), .set(let items), .boolean(_, let items): return items.allSatisfy(allows)
        case .dict(let pairs): return pairs.allSatisfy { allows($0.0) && allows($0.1) }
        case .binary(let op, let left, let right): return !["**", "<<", ">>"].contains(op) && allows(left) && allows(right)
        case .index(let left, let right): return allows(left) && allows(right)
        case .compare(let first, let operations): return allows(first) && operations.allSatisfy { allows($0.1) }
        case .condition(let test, let then, let otherwise): return allows(test) && allows(then) && allows(otherwise)
        case .slice(let a, let b, let c): return [a, b, c].compactMap { $0 }.allSatisfy(allows)
        case .comprehension(_, let element, let value, let clauses):
            guard clauses.count == 1, let clause = clauses.first else { return false }
            return allows(element) && (value.map(allows) ?? true) && allows(clause.target) && allows(clause.iterable)
                && clause.conditions.allSatisfy(allows)
        case .call(let function, let positional, let keywords, let star):
            guard star == nil, keywords.isEmpty, case .name(let name) = unlocated(function) else { return false }
            if name == "range" { return (1...3).contains(positional.count) && positional.allSatisfy(isSmallLiteral) }
            return boundedCalls.contains(name) && positional.allSatisfy(allows)
        case .starred, .unsupported, .generator: return false
        }
    }

    private static func unlocated(_ expression: PyExpr) -> PyExpr {
        if case .located(_, let inner) = expression { return unlocated(inner) }
        return expression
    }

    private static func isSmallLiteral(_ expression: PyExpr) -> Bool {
        switch unlocated(expression) {
        case .constant(.int(let count)): return abs(count) <= 1_000
        case .unary("-", let inner): return isSmallLiteral(inner)
        default: return false
        }
    }
}
