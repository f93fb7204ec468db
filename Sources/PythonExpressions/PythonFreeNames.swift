/// A name a `\setp` program reads that the program itself has not assigned by then: it must
/// come from the script's variables, the template functions or the builtins.
package struct PythonFreeName: Sendable, Equatable {
    package let name: String
    /// The UTF-8 column of its use, where the parser recorded one.
    package let column: Int?
    /// Whether the use is only evaluated on some paths (a branch of `if`/`else`, the right of
    /// `and`/`or`, a comprehension's body): a missing name there may never be looked up.
    package let conditional: Bool
}

extension PythonExpressionParser {
    /// The names `statements` read before assigning them, in evaluation order, each once.
    package static func freeNames(of statements: [PyStatement]) -> [PythonFreeName] {
        var walk = PythonNameWalk()
        for statement in statements {
            switch statement {
            case .expression(let expression): walk.load(expression)
            case .assign(let targets, let value):
                walk.load(value)
                for target in targets { walk.bind(target) }
            case .augmentedAssign, .failing, .interrupt, .pass: break
            }
        }
        return walk.found
    }
}

/// Walks expressions in evaluation order, keeping the names bound so far.
private struct PythonNameWalk {
    var bound: Set<String> = []
    var found: [PythonFreeName] = []
    private var reported: Set<String> = []
    private var conditionalDepth = 0

    mutating func bind(_ target: PyExpr) {
        switch target {
        case .name(let name): bound.insert(name)
        case .located(_, let inner), .starred(let inner): bind(inner)
        case .tuple(let items), .list(let items): for item in items { bind(item) }
        default: load(target)
        }
    }

    mutating func load(_ expression: PyExpr, column: Int? = nil) {
        switch expression {
        case .name(let name):
            guard !bound.contains(name), reported.insert(name).inserted else { return }
            found.append(PythonFreeName(name: name, column: column, conditional: conditionalDepth > 0))
        case .located(let at, let inner): load(inner, column: at)
        case .constant, .unsupported, .generator: break
        case .tuple(let items), .list(let items), .set(let items): for item in items { load(item) }
        case .dict(let pairs):
            for (key, value) in pairs { load(key); load(value) }
        case .unary(_, let operand), .attribute(let operand, _), .starred(let operand): load(operand)
        case .binary(_, let left, let right), .index(let left, let right):
            load(left)
            load(right)
        case .boolean(_, let items):
            guard let first = items.first else { return }
            load(first)
            conditionally { walk in for item in items.dropFirst() { walk.load(item) } }
        case .compare(let first, let operations):
            load(first)
            for (_, operand) in operations { load(operand) }
        case .condition(let test, let then, let otherwise):
            load(test)
            conditionally { walk in walk.load(then); walk.load(otherwise) }
        case .slice(let lower, let upper, let step):
            for part in [lower, upper, step].compactMap({ $0 }) { load(part) }
        case .call(let function, let positional, let keywords, let star):
            load(function)
            for argument in positional { load(argument) }
            for (_, argument) in keywords { load(argument) }
            if let star { load(star) }
        case .comprehension(_, let element, let value, let clauses):
            comprehension(element, value, clauses)
        }
    }

    /// A comprehension's first iterable is read where it stands; its targets are bound only
    /// inside it, and everything else runs once per item (possibly never).
    private mutating func comprehension(_ element: PyExpr, _ value: PyExpr?, _ clauses: [(target: PyExpr, iterable: PyExpr, conditions: [PyExpr])]) {
        let outside = bound
        if let first = clauses.first { load(first.iterable) }
        conditionally { walk in
            for (index, clause) in clauses.enumerated() {
                if index > 0 { walk.load(clause.iterable) }
                walk.bind(clause.target)
                for condition in clause.conditions { walk.load(condition) }
            }
            walk.load(element)
            if let value { walk.load(value) }
        }
        bound = outside
    }

    private mutating func conditionally(_ body: (inout PythonNameWalk) -> Void) {
        conditionalDepth += 1
        body(&self)
        conditionalDepth -= 1
    }
}
