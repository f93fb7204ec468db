/// The hot part of a template, lowered once per compile into a tree of objects that evaluate
/// themselves. Walking `Expr`/`Node` enums copies (and retains) every payload it matches; these
/// nodes read their children in place and find filters and tests by number. Anything without a
/// lowered form (macros, blocks, calls, loops with filters...) stays an `Expr`/`Node` and runs
/// through the runtime's enum evaluator, so both paths share one set of semantics.
class LoweredExpression: @unchecked Sendable {
    func evaluate(_ runtime: TemplateRuntime) throws(TemplateError) -> Value {
        fatalError("subclass responsibility")
    }

    /// The lowered form of `expr`.
    static func lower(_ expr: Expr) -> LoweredExpression {
        switch expr {
        case .constant(let value, _):
            return LoweredConstant(value)
        case .name(let name, _):
            return LoweredName(name)
        case .binary(let op, let lhs, let rhs, _):
            return LoweredBinary(op, lower(lhs), lower(rhs))
        case .compare(let first, let operations, _) where operations.count == 1:
            return LoweredComparison(operations[0].0, lower(first), lower(operations[0].1))
        case .condition(let test, let then, let otherwise?, _):
            return LoweredCondition(lower(test), lower(then), lower(otherwise))
        case .getattr(let object, let name, _):
            return LoweredAttribute(lower(object), name)
        case .concat(let items, _):
            return LoweredConcatenation(items.map(lower))
        case .filter(let input?, let name, let call, _) where call.isPositionalOnly:
            return LoweredFilter(lower(input), name, call.arguments.map(lower))
        case .test(let input, let name, let call, _) where call.isPositionalOnly:
            return LoweredTest(lower(input), name, call.arguments.map(lower))
        default:
            return LoweredFallback(expr)
        }
    }
}

extension CallSyntax {
    /// Only plain positional arguments (no keywords, `*args` or `**kwargs`).
    var isPositionalOnly: Bool { keywords.isEmpty && star == nil && doubleStar == nil }
}

private final class LoweredFallback: LoweredExpression, @unchecked Sendable {
    let expr: Expr
    init(_ expr: Expr) { self.expr = expr }
    override func evaluate(_ runtime: TemplateRuntime) throws(TemplateError) -> Value { try runtime.evaluate(expr) }
}

private final class LoweredConstant: LoweredExpression, @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
    override func evaluate(_ runtime: TemplateRuntime) throws(TemplateError) -> Value { value }
}

private final class LoweredName: LoweredExpression, @unchecked Sendable {
    let name: Name
    init(_ name: Name) { self.name = name }
    override func evaluate(_ runtime: TemplateRuntime) throws(TemplateError) -> Value { runtime.lookup(name) }
}

private final class LoweredBinary: LoweredExpression, @unchecked Sendable {
    let op: TemplateOperator
    let lhs: LoweredExpression, rhs: LoweredExpression
    init(_ op: TemplateOperator, _ lhs: LoweredExpression, _ rhs: LoweredExpression) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
    }

    override func evaluate(_ runtime: TemplateRuntime) throws(TemplateError) -> Value {
        let left = try lhs.evaluate(runtime)
        switch op {
        case .and: return left.isTruthy ? try rhs.evaluate(runtime) : left
        case .or: return left.isTruthy ? left : try rhs.evaluate(runtime)
        default:
            let right = try rhs.evaluate(runtime)
            // small-integer arithmetic needs neither overflow promotion nor type dispatch
            if case .int(let a) = left, case .int(let b) = right {
                switch op {
                case .add: let (sum, overflow) = a.addingReportingOverflow(b); if !overflow { return .int(sum) }
                case .sub: let (difference, overflow) = a.subtractingReportingOverflow(b); if !overflow { return .int(difference) }
                case .mul: let (product, overflow) = a.multipliedReportingOverflow(by: b); if !overflow { return .int(product) }
                case .mod where b > 0 && a >= 0: return .int(a % b)
                case .floordiv where b > 0 && a >= 0: return .int(a / b)
                default: break
                }
            }
            return try TemplateOperators.binary(op, left, right)
        }
    }
}

private final class LoweredComparison: LoweredExpression, @unchecked Sendable {
    let op: TemplateOperator
    let lhs: LoweredExpression, rhs: LoweredExpression
    init(_ op: TemplateOperator, _ lhs: LoweredExpression, _ rhs: LoweredExpression) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
    }

    override func evaluate(_ runtime: TemplateRuntime) throws(TemplateError) -> Value {
        let left = try lhs.evaluate(runtime)
        return .bool(try TemplateOperators.compare(op, left, try rhs.evaluate(runtime)))
    }
}

private final class LoweredCondition: LoweredExpression, @unchecked Sendable {
    let test: LoweredExpression, then: LoweredExpression, otherwise: LoweredExpression
    init(_ test: LoweredExpression, _ then: LoweredExpression, _ otherwise: LoweredExpression) {
        self.test = test
        self.then = then
        self.otherwise = otherwise
    }

    override func evaluate(_ runtime: TemplateRuntime) throws(TemplateError) -> Value {
        try test.evaluate(runtime).isTruthy ? try then.evaluate(runtime) : try otherwise.evaluate(runtime)
    }
}

private final class LoweredAttribute: LoweredExpression, @unchecked Sendable {
    let object: LoweredExpression
    let name: String
    /// The loop counter of that name, for `loop.index` and friends.
    let counter: LoopObject.Counter?
    init(_ object: LoweredExpression, _ name: String) {
        self.object = object
        self.name = name
        counter = LoopObject.Counter(name)
    }

    override func evaluate(_ runtime: TemplateRuntime) throws(TemplateError) -> Value {
        let value = try object.evaluate(runtime)
        if let counter, case .object(let object) = value, let loop = object as? LoopObject { return loop.counter(counter) }
        return try runtime.getattr(value, name)
    }
}

private final class LoweredConcatenation: LoweredExpression, @unchecked Sendable {
    let items: [LoweredExpression]
    init(_ items: [LoweredExpression]) { self.items = items }

    override func evaluate(_ runtime: TemplateRuntime) throws(TemplateError) -> Value {
        var text = ""
        for item in items {
            let value = try item.evaluate(runtime)
            try value.checkPrintable()
            if runtime.autoescape { text += Escaping.escape(value) } else { value.appendPrinted(to: &text) }
        }
        return runtime.autoescape ? .markup(text) : .string(text)
    }
}

private final class LoweredFilter: LoweredExpression, @unchecked Sendable {
    let input: LoweredExpression
    let name: Name
    let arguments: [LoweredExpression]
    init(_ input: LoweredExpression, _ name: Name, _ arguments: [LoweredExpression]) {
        self.input = input
        self.name = name
        self.arguments = arguments
    }

    override func evaluate(_ runtime: TemplateRuntime) throws(TemplateError) -> Value {
        let value = try input.evaluate(runtime)
        var call = CallArguments()
        if !arguments.isEmpty {
            call.positional.reserveCapacity(arguments.count)
            for argument in arguments { call.positional.append(try argument.evaluate(runtime)) }
        }
        guard let filter = runtime.filter(named: name) else {
            throw TemplateError("TemplateRuntimeError", "No filter named \(PythonString.repr(name.text)) found.")
        }
        return try filter(value, &call, runtime)
    }
}

private final class LoweredTest: LoweredExpression, @unchecked Sendable {
    let input: LoweredExpression
    let name: Name
    let arguments: [LoweredExpression]
    init(_ input: LoweredExpression, _ name: Name, _ arguments: [LoweredExpression]) {
        self.input = input
        self.name = name
        self.arguments = arguments
    }

    override func evaluate(_ runtime: TemplateRuntime) throws(TemplateError) -> Value {
        let value = try input.evaluate(runtime)
        var call = CallArguments()
        for argument in arguments { call.positional.append(try argument.evaluate(runtime)) }
        guard let test = runtime.test(named: name) else {
            throw TemplateError("TemplateRuntimeError", "No test named \(PythonString.repr(name.text)) found.")
        }
        return .bool(try test(value, &call, runtime))
    }
}

/// A statement in lowered form; see `LoweredExpression`.
class LoweredNode: @unchecked Sendable {
    func render(_ runtime: TemplateRuntime, into out: inout String) throws(TemplateError) {
        fatalError("subclass responsibility")
    }

    static func lower(_ nodes: [Node]) -> [LoweredNode] { nodes.map(lower) }

    /// `node` as it is, run by the runtime's interpreter.
    static func interpreted(_ node: Node) -> LoweredNode { LoweredStatement(node) }

    static func lower(_ node: Node) -> LoweredNode {
        switch node {
        case .output(let pieces, _):
            return LoweredOutput(pieces.map { piece in
                switch piece {
                case .data(let text): return .data(text)
                case .expression(let expr): return .expression(LoweredExpression.lower(expr))
                }
            })
        case .ifBlock(let branches, let otherwise, _):
            return LoweredIf(branches.map { (LoweredExpression.lower($0.0), lower($0.1)) }, lower(otherwise))
        case .forLoop(let target, let iterable, let body, let otherwise, nil, false, _):
            return LoweredFor(target, LoweredExpression.lower(iterable), lower(body), lower(otherwise))
        default:
            return LoweredStatement(node)
        }
    }
}

private final class LoweredStatement: LoweredNode, @unchecked Sendable {
    let node: Node
    init(_ node: Node) { self.node = node }
    override func render(_ runtime: TemplateRuntime, into out: inout String) throws(TemplateError) {
        try runtime.render(node, into: &out)
    }
}

private final class LoweredOutput: LoweredNode, @unchecked Sendable {
    enum Piece {
        case data(String)
        case expression(LoweredExpression)
    }
    let pieces: [Piece]
    init(_ pieces: [Piece]) { self.pieces = pieces }

    override func render(_ runtime: TemplateRuntime, into out: inout String) throws(TemplateError) {
        if runtime.discardOutput { return }
        for piece in pieces {
            switch piece {
            case .data(let text): out += text
            case .expression(let expr):
                let value = try expr.evaluate(runtime)
                try value.checkPrintable()
                if runtime.autoescape { out += Escaping.escape(value) } else { value.appendPrinted(to: &out) }
            }
        }
    }
}

private final class LoweredIf: LoweredNode, @unchecked Sendable {
    let branches: [(LoweredExpression, [LoweredNode])]
    let otherwise: [LoweredNode]
    init(_ branches: [(LoweredExpression, [LoweredNode])], _ otherwise: [LoweredNode]) {
        self.branches = branches
        self.otherwise = otherwise
    }

    override func render(_ runtime: TemplateRuntime, into out: inout String) throws(TemplateError) {
        for (test, body) in branches where try test.evaluate(runtime).isTruthy {
            for node in body { try node.render(runtime, into: &out) }
            return
        }
        for node in otherwise { try node.render(runtime, into: &out) }
    }
}

/// A `for` loop without a filter and not `recursive` (those run through the runtime).
private final class LoweredFor: LoweredNode, @unchecked Sendable {
    let target: Expr
    /// The loop variable's symbol, when the target is a single name.
    let targetSymbol: Int?
    let iterable: LoweredExpression
    let body: [LoweredNode], otherwise: [LoweredNode]
    init(_ target: Expr, _ iterable: LoweredExpression, _ body: [LoweredNode], _ otherwise: [LoweredNode]) {
        self.target = target
        if case .name(let name, _) = target { targetSymbol = name.symbol } else { targetSymbol = nil }
        self.iterable = iterable
        self.body = body
        self.otherwise = otherwise
    }

    override func render(_ runtime: TemplateRuntime, into out: inout String) throws(TemplateError) {
        let items = try TemplateOperators.iterate(try iterable.evaluate(runtime))
        if items.isEmpty {
            for node in otherwise { try node.render(runtime, into: &out) }
            return
        }
        let loop = LoopObject(items: items, depth: 1)
        runtime.variables.pushScope()
        defer { runtime.variables.popScope() }
        runtime.variables.assign(TemplateRuntime.loopSymbol, .object(loop))
        for (index, item) in items.enumerated() {
            loop.index0 = index
            // each pass starts afresh: what the body set in the last one is gone (Jinja2
            // resolves the body's names again on every iteration)
            runtime.variables.pushScope()
            defer { runtime.variables.popScope() }
            if let targetSymbol { runtime.variables.assign(targetSymbol, item) } else { try runtime.assign(target, item) }
            for node in body { try node.render(runtime, into: &out) }
        }
    }
}
