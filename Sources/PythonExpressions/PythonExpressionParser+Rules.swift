/// Python 3.11's rules that the recursive descent would otherwise let through: assignment
/// targets (with the messages of its `invalid_assignment` and `invalid_named_expression`),
/// lambda parameter lists, and argument order in calls.
extension PythonExpressionParser {
    /// Python's name for a node that cannot be assigned to (`_PyPegen_get_expr_name`); nil for a
    /// valid target. Tuples and lists are valid when every element is.
    static func invalidTargetName(_ expr: PyExpr) -> String? {
        switch expr {
        case .located(_, let inner): return invalidTargetName(inner)
        case .name, .attribute, .index: return nil
        case .starred(let inner): return invalidTargetName(inner)
        case .tuple(let items), .list(let items): return items.lazy.compactMap(invalidTargetName).first
        case .constant(let value):
            switch value {
            case .none: return "None"
            case .bool(let flag): return flag ? "True" : "False"
            default: return value.typeName == "ellipsis" ? "ellipsis" : "literal"
            }
        case .unary, .binary, .boolean: return "expression"
        case .compare: return "comparison"
        case .condition: return "conditional expression"
        case .call: return "function call"
        case .comprehension(let kind, _, _, _): return "\(kind) comprehension"
        case .dict: return "dict literal"
        case .set: return "set display"
        case .generator: return "generator expression"
        case .unsupported(let message): return message.hasPrefix("Lambda") ? "lambda" : "f-string expression"
        case .slice: return "expression"
        }
    }

    /// What `del` cannot delete (`cannot delete X`): as for assignment, and no starred items.
    static func invalidDeleteTargetName(_ expr: PyExpr) -> String? {
        switch bare(expr) {
        case .starred: return "starred"
        case .tuple(let items), .list(let items): return items.lazy.compactMap(invalidDeleteTargetName).first
        default: return invalidTargetName(expr)
        }
    }

    /// What augmented assignment cannot assign to (`'X' is an illegal expression for augmented
    /// assignment`): only a name, attribute or subscript can.
    static func invalidAugmentedTargetName(_ expr: PyExpr) -> String? {
        switch bare(expr) {
        case .tuple: return "tuple"
        case .list: return "list"
        case .starred: return "starred"
        default: return invalidTargetName(expr)
        }
    }

    /// The expression without its location.
    static func bare(_ expr: PyExpr) -> PyExpr {
        if case .located(_, let inner) = expr { return bare(inner) }
        return expr
    }

    /// Whether a node is at most a `bitwise_or` (not a comparison, `not`, `and`/`or`, a
    /// conditional or a lambda).
    static func isBitwiseOrLevel(_ expr: PyExpr) -> Bool {
        switch bare(expr) {
        case .compare, .boolean, .condition, .unsupported("Lambda not supported"), .generator: return false
        case .unary(let op, _): return op != "not"
        default: return true
        }
    }

    /// The error for the targets of `targets = value` (Python's second-pass messages), or nil
    /// when every target is valid. `parenthesizedTuple` tells whether the first target is a
    /// tuple written in parentheses.
    func assignmentTargetError(_ targets: [PyExpr], parenthesizedTuple: Bool) -> PythonSyntaxError? {
        guard let invalid = targets.lazy.compactMap(Self.invalidTargetName).first else { return nil }
        // a single `x = y` whose target (or an unparenthesized tuple's last item) is a plain
        // expression that does not start with a list display, tuple, generator, True, None or
        // False: Python's `invalid_named_expression`, "Maybe you meant '=='"
        if targets.count == 1, let target = targets.first {
            var piece = target
            if case .tuple(let items) = Self.bare(target), !parenthesizedTuple, let last = items.last { piece = last }
            if let name = Self.invalidTargetName(piece), Self.isBitwiseOrLevel(piece), !Self.startsWithExcludedAtom(piece) {
                return PythonSyntaxError(message: "cannot assign to \(name) here. Maybe you meant '==' instead of '='?")
            }
        }
        return PythonSyntaxError(message: "cannot assign to \(invalid)")
    }

    /// A lambda's parameters, up to and including its `:` (Python's `lambda_params`), with its
    /// messages for the ways they go wrong.
    mutating func lambdaParameters() throws(PythonSyntaxError) {
        var sawDefault = false, sawStar = false, starHasName = false, sawDoubleStar = false, namedAfterStar = false
        var sawSlash = false, sawParameter = false
        func invalid() -> PythonSyntaxError { PythonSyntaxError(message: "invalid syntax") }
        while !isOp(":") {
            if sawDoubleStar { throw PythonSyntaxError(message: "arguments cannot follow var-keyword argument") }
            if isOp("(") { throw PythonSyntaxError(message: "Lambda expression parameters cannot be parenthesized") }
            if isOp("**") {
                position += 1
                guard isParameterName else { throw invalid() }
                position += 1
                sawDoubleStar = true
            } else if isOp("*") {
                guard !sawStar else { throw PythonSyntaxError(message: "* argument may appear only once") }
                position += 1
                sawStar = true
                if isParameterName { position += 1; starHasName = true }
            } else if isOp("/") {
                guard !sawStar, !sawDoubleStar else { throw PythonSyntaxError(message: "/ must be ahead of *") }
                guard !sawSlash else { throw PythonSyntaxError(message: "/ may appear only once") }
                guard sawParameter else { throw invalid() }
                position += 1
                sawSlash = true
            } else if isParameterName {
                position += 1
                sawParameter = true
                if sawStar { namedAfterStar = true }
                if isOp("=") {
                    position += 1
                    _ = try expression()
                    sawDefault = true
                } else if sawDefault && !sawStar {
                    throw PythonSyntaxError(message: "non-default argument follows default argument")
                }
            } else {
                throw invalid()
            }
            if isOp(",") { position += 1 } else { guard isOp(":") else { throw invalid() } }
        }
        if sawStar && !starHasName && !namedAfterStar { throw PythonSyntaxError(message: "named arguments must follow bare *") }
        position += 1
    }

    /// Whether the expression's leftmost atom is one that Python's lookahead
    /// `!(list|tuple|genexp|'True'|'None'|'False')` excludes.
    static func startsWithExcludedAtom(_ expr: PyExpr) -> Bool {
        switch bare(expr) {
        case .binary(_, let left, _), .compare(let left, _), .attribute(let left, _), .index(let left, _), .call(let left, _, _, _):
            return startsWithExcludedAtom(left)
        case .list, .tuple, .generator: return true
        case .constant(let value):
            switch value {
            case .none, .bool: return true
            default: return false
            }
        default: return false
        }
    }

    /// Whether the current token is a NAME a parameter can have (not a keyword).
    var isParameterName: Bool { current.kind == .name && !Self.keywords.contains(current.text) }
}
