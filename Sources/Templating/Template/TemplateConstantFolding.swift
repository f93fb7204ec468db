/// Jinja2's constant folding, which its compiler applies to every expression before it writes
/// code: a sub-expression built only from literals (`1[1:]|length`, `'a' ~ 2`) is evaluated
/// while compiling, with the node's `as_const` rules, and replaced by its value. The rules are
/// not quite the runtime's, and templates see the difference:
/// - a slice that fails is an undefined value while folding (`{{ 1[1:] }}` prints nothing) and
///   an error at run time (`{% set x = 1[1:] %}` fails);
/// - a whole `{{ }}` that folds is printed at compile time, whatever its value;
/// - a folded value is written into the generated code as its `repr`: a number outside the
///   4,300-digit limit fails the compile, and an infinity or NaN becomes the name `inf`/`nan`,
///   which fails with NameError when that code runs.
struct TemplateConstantFolding {
    let environment: TemplateEnvironment
    private let runtime: TemplateRuntime

    /// Filters that need the render context: Jinja2 never folds them.
    private static let contextFilters: Set<String> = ["map", "select", "reject", "selectattr", "rejectattr", "random"]

    init(environment: TemplateEnvironment) {
        self.environment = environment
        self.runtime = TemplateRuntime(environment: environment, context: [:])
    }

    /// The statements with every foldable expression folded.
    func fold(_ nodes: [Node]) throws(TemplateError) -> [Node] {
        var folded: [Node] = []
        folded.reserveCapacity(nodes.count)
        for node in nodes { folded.append(try fold(node)) }
        return folded
    }

    private func fold(_ node: Node) throws(TemplateError) -> Node {
        switch node {
        case .output(let pieces, let line):
            var folded: [OutputPiece] = []
            for piece in pieces {
                guard case .expression(let expr) = piece else { folded.append(piece); continue }
                if let text = printedConstant(expr) {
                    folded.append(.data(text))
                } else {
                    folded.append(.expression(try fold(expr)))
                }
            }
            return .output(folded, line: line)
        case .forLoop(let target, let iterable, let body, let otherwise, let filter, let recursive, let line):
            return .forLoop(target: target, iterable: try fold(iterable), body: try fold(body), otherwise: try fold(otherwise),
                            filter: try filter.map { (e) throws(TemplateError) -> Expr in try fold(e) }, recursive: recursive, line: line)
        case .ifBlock(let branches, let otherwise, let line):
            var folded: [(Expr, [Node])] = []
            for (test, body) in branches { folded.append((try fold(test), try fold(body))) }
            return .ifBlock(folded, otherwise: try fold(otherwise), line: line)
        case .assign(let target, let expr, let line):
            return .assign(target, try fold(expr), line: line)
        case .assignBlock(let target, let filter, let body, let line):
            return .assignBlock(target, filter: try filter.map { (e) throws(TemplateError) -> Expr in try fold(e) }, body: try fold(body), line: line)
        case .macro(let name, let signature, let body, let line):
            return .macro(name, try fold(signature), body: try fold(body), line: line)
        case .callBlock(let call, let signature, let body, let line):
            return .callBlock(try fold(call), try fold(signature), body: try fold(body), line: line)
        case .filterBlock(let filter, let body, let line):
            return .filterBlock(try fold(filter), body: try fold(body), line: line)
        case .with(let pairs, let body, let line):
            var folded: [(Expr, Expr)] = []
            for (target, value) in pairs { folded.append((target, try fold(value))) }
            return .with(folded, body: try fold(body), line: line)
        case .scope:
            // an autoescape scope changes how folded output would print: left to the runtime
            return node
        case .block(let name, let scoped, let body, let line):
            return .block(name, scoped: scoped, body: try fold(body), line: line)
        case .load(var statement, let line):
            statement.template = try fold(statement.template)
            return .load(statement, line: line)
        }
    }

    private func fold(_ signature: Signature) throws(TemplateError) -> Signature {
        var folded = signature
        folded.defaults = try signature.defaults.map { (e) throws(TemplateError) -> Expr in try fold(e) }
        return folded
    }

    /// What a `{{ }}` whose expression folds prints, or nil when it is left to run time.
    private func printedConstant(_ expr: Expr) -> String? {
        guard let value = constant(expr) else { return nil }
        guard (try? value.checkPrintable()) != nil else { return nil }
        return value.printed
    }

    /// `expr` with its sub-expressions folded bottom-up, as Jinja2's optimizer does. The
    /// optimizer starts at the operators, lookups, calls, filters and tests (`optimizing`
    /// below them); a list, tuple or dict is only folded inside one of those.
    func fold(_ expr: Expr, optimizing: Bool = false) throws(TemplateError) -> Expr {
        switch expr {
        case .constant(let value, let line):
            return written(value, line: line)
        case .name, .namespaceRef, .failing:
            return expr
        case .dict(_, let line) where optimizing:
            let folded = try mapChildren(expr, optimizing: true)
            // the optimizer's `as_const` of a dict display builds the dict, and its TypeError
            // for an unhashable key is not one the optimizer expects: the compile fails
            if case .dict(let pairs, _) = folded, let keys = constants(pairs.map(\.0)), constants(pairs.map(\.1)) != nil,
               let unhashable = keys.lazy.compactMap(PythonHash.unhashableType).first {
                return .failing(.type("unhashable type: \(PythonString.repr(unhashable))"), atCompile: true, line: line)
            }
            return folded
        case .list, .tuple, .dict, .slice:
            return try mapChildren(expr, optimizing: optimizing)
        case .call:
            // Jinja2 folds inside a call but never the call itself
            return try mapChildren(expr, optimizing: true)
        default:
            let folded = try mapChildren(expr, optimizing: true)
            guard let value = constant(folded), Self.hasSafeRepr(value) else { return folded }
            return written(value, line: expr.line)
        }
    }

    /// A folded value as the code Jinja2 writes for it: its `repr`.
    private func written(_ value: Value, line: Int) -> Expr {
        do throws(TemplateError) {
            try value.checkPrintable()
        } catch {
            return .failing(error, atCompile: true, line: line)
        }
        if let name = Self.firstNonFiniteName(value) {
            return .failing(TemplateError("NameError", "name \(PythonString.repr(name)) is not defined", line: line),
                            atCompile: false, line: line, folded: value)
        }
        return .constant(value, line: line)
    }

    // MARK: - as_const

    /// The value of `expr` by Jinja2's `as_const`, or nil where it raises `Impossible`.
    func constant(_ expr: Expr) -> Value? {
        switch expr {
        case .constant(let value, _):
            return value
        case .failing(_, _, _, let folded):
            return folded
        case .name, .namespaceRef, .call, .slice:
            return nil
        case .list(let items, _):
            return constants(items).map(Value.list)
        case .tuple(let items, _):
            return constants(items).map(Value.tuple)
        case .dict(let pairs, let line):
            var folded: [(Expr, Expr)] = []
            for (key, value) in pairs {
                guard let k = constant(key), let v = constant(value) else { return nil }
                folded.append((.constant(k, line: line), .constant(v, line: line)))
            }
            return evaluated(.dict(folded, line: line))
        case .binary(let op, let left, let right, let line):
            guard let l = constant(left) else { return nil }
            if op == .and || op == .or {
                // Python's own `and`/`or`: the right side is not needed when the left decides
                if l.isTruthy == (op == .or) { return l }
                return constant(right)
            }
            guard let r = constant(right) else { return nil }
            return evaluated(.binary(op, .constant(l, line: line), .constant(r, line: line), line: line))
        case .unary(let op, let operand, let line):
            guard let v = constant(operand) else { return nil }
            return evaluated(.unary(op, .constant(v, line: line), line: line))
        case .concat(let items, let line):
            guard let values = constants(items) else { return nil }
            return evaluated(.concat(values.map { .constant($0, line: line) }, line: line))
        case .compare(let first, let operations, _):
            guard var left = constant(first) else { return nil }
            for (op, operand) in operations {
                guard let right = constant(operand),
                      let holds = try? TemplateOperators.compare(op, left, right) else { return nil }
                if !holds { return .bool(false) }
                left = right
            }
            return .bool(true)
        case .condition(let test, let then, let otherwise, _):
            guard let truth = constant(test) else { return nil }
            if truth.isTruthy { return constant(then) }
            return otherwise.flatMap(constant)
        case .getattr(let object, let name, _):
            guard let value = constant(object) else { return nil }
            return try? runtime.getattr(value, name)
        case .getitem(let object, .slice(let start, let stop, let step, _), _):
            guard let value = constant(object) else { return nil }
            var bounds: [Value?] = []
            for part in [start, stop, step] {
                if let part {
                    guard let bound = constant(part) else { return nil }
                    bounds.append(bound)
                } else {
                    bounds.append(nil)
                }
            }
            return slicedConstant(value, bounds[0], bounds[1], bounds[2])
        case .getitem(let object, let index, _):
            guard let value = constant(object), let key = constant(index) else { return nil }
            return try? runtime.getitem(value, key)
        case .filter(nil, _, _, _):
            return nil
        case .filter(let input?, let name, let call, let line):
            guard environment.filters[name.text] != nil, !Self.contextFilters.contains(name.text),
                  let value = constant(input), let arguments = constant(call, line: line) else { return nil }
            return evaluated(.filter(.constant(value, line: line), name, arguments, line: line))
        case .test(let input, let name, let call, let line):
            guard environment.tests[name.text] != nil, let value = constant(input),
                  let arguments = constant(call, line: line) else { return nil }
            return evaluated(.test(.constant(value, line: line), name, arguments, line: line))
        }
    }

    private func constants(_ items: [Expr]) -> [Value]? {
        var values: [Value] = []
        values.reserveCapacity(items.count)
        for item in items {
            guard let value = constant(item) else { return nil }
            values.append(value)
        }
        return values
    }

    /// A call's arguments with every expression constant, or nil.
    private func constant(_ call: CallSyntax, line: Int) -> CallSyntax? {
        var folded = CallSyntax()
        guard let arguments = constants(call.arguments) else { return nil }
        folded.arguments = arguments.map { .constant($0, line: line) }
        for (name, expr) in call.keywords {
            guard let value = constant(expr) else { return nil }
            folded.keywords.append((name, .constant(value, line: line)))
        }
        if let star = call.star {
            guard let value = constant(star) else { return nil }
            folded.star = .constant(value, line: line)
        }
        if let doubleStar = call.doubleStar {
            guard let value = constant(doubleStar) else { return nil }
            folded.doubleStar = .constant(value, line: line)
        }
        return folded
    }

    /// Jinja2's `environment.getitem` with a slice: a lookup error is an undefined value.
    private func slicedConstant(_ value: Value, _ start: Value?, _ stop: Value?, _ step: Value?) -> Value? {
        do {
            return try TemplateSlicing.slice(value, start, stop, step)
        } catch where ["TypeError", "IndexError", "KeyError", "AttributeError"].contains(error.kind) {
            let shown = "slice(\((start ?? .none).repr), \((stop ?? .none).repr), \((step ?? .none).repr))"
            var undefined = Undefined(name: nil, ownerType: value.objectTypeDescription)
            undefined.shownName = shown
            undefined.hint = "\(value.objectTypeDescription) has no element \(shown)"
            return .undefined(undefined)
        } catch {
            return nil
        }
    }

    private func evaluated(_ expr: Expr) -> Value? {
        try? runtime.evaluate(expr)
    }

    // MARK: - What can be written as code

    /// Jinja2's `has_safe_repr`: values its compiler writes into code as their `repr`.
    static func hasSafeRepr(_ value: Value) -> Bool {
        switch value {
        case .none, .bool, .int, .bigInt, .float, .string, .markup, .range: return true
        case .list(let items), .tuple(let items): return items.allSatisfy(hasSafeRepr)
        case .dict(let dict): return dict.pairs.allSatisfy { hasSafeRepr($0.0) && hasSafeRepr($0.1) }
        case .undefined: return false
        case .object(let object):
            switch object {
            case is ComplexNumber, is EllipsisValue: return true
            case let set as SetValue: return set.items.allSatisfy(hasSafeRepr)
            default: return false
            }
        }
    }

    /// The first name an infinity or NaN in `value` becomes in its `repr` (`inf`, `nan`,
    /// `infj`), or nil when the value has none.
    static func firstNonFiniteName(_ value: Value) -> String? {
        switch value {
        case .float(let number):
            return number.isFinite ? nil : (number.isNaN ? "nan" : "inf")
        case .list(let items), .tuple(let items):
            for item in items { if let name = firstNonFiniteName(item) { return name } }
            return nil
        case .dict(let dict):
            for (key, item) in dict.pairs {
                if let name = firstNonFiniteName(key) ?? firstNonFiniteName(item) { return name }
            }
            return nil
        case .object(let complex as ComplexNumber):
            let realShown = !(complex.real == 0 && complex.real.sign == .plus)
            if realShown, !complex.real.isFinite { return complex.real.isNaN ? "nan" : "inf" }
            if !complex.imaginary.isFinite { return complex.imaginary.isNaN ? "nanj" : "infj" }
            return nil
        case .object(let set as SetValue):
            for item in set.items { if let name = firstNonFiniteName(item) { return name } }
            return nil
        default:
            return nil
        }
    }
}

extension TemplateConstantFolding {
    /// `expr` with each direct sub-expression folded.
    private func mapChildren(_ expr: Expr, optimizing: Bool) throws(TemplateError) -> Expr {
        func f(_ e: Expr) throws(TemplateError) -> Expr { try fold(e, optimizing: optimizing) }
        func f(_ e: Expr?) throws(TemplateError) -> Expr? { try e.map { (x) throws(TemplateError) -> Expr in try fold(x, optimizing: optimizing) } }
        func f(_ call: CallSyntax) throws(TemplateError) -> CallSyntax {
            var folded = call
            folded.arguments = try call.arguments.map { (x) throws(TemplateError) -> Expr in try f(x) }
            folded.keywords = try call.keywords.map { (pair) throws(TemplateError) -> (String, Expr) in (pair.0, try f(pair.1)) }
            folded.star = try f(call.star)
            folded.doubleStar = try f(call.doubleStar)
            return folded
        }
        switch expr {
        case .constant, .name, .namespaceRef, .failing: return expr
        case .list(let items, let line): return .list(try items.map { (x) throws(TemplateError) -> Expr in try f(x) }, line: line)
        case .tuple(let items, let line): return .tuple(try items.map { (x) throws(TemplateError) -> Expr in try f(x) }, line: line)
        case .dict(let pairs, let line):
            return .dict(try pairs.map { (pair) throws(TemplateError) -> (Expr, Expr) in (try f(pair.0), try f(pair.1)) }, line: line)
        case .unary(let op, let a, let line): return .unary(op, try f(a), line: line)
        case .binary(let op, let a, let b, let line): return .binary(op, try f(a), try f(b), line: line)
        case .concat(let items, let line): return .concat(try items.map { (x) throws(TemplateError) -> Expr in try f(x) }, line: line)
        case .compare(let first, let operations, let line):
            return .compare(try f(first), try operations.map { (pair) throws(TemplateError) -> (TemplateOperator, Expr) in (pair.0, try f(pair.1)) }, line: line)
        case .condition(let test, let then, let otherwise, let line):
            return .condition(test: try f(test), then: try f(then), otherwise: try f(otherwise), line: line)
        case .getattr(let object, let name, let line): return .getattr(try f(object), name, line: line)
        case .getitem(let object, let index, let line): return .getitem(try f(object), try f(index), line: line)
        case .slice(let a, let b, let c, let line): return .slice(try f(a), try f(b), try f(c), line: line)
        case .call(let callee, let call, let line): return .call(try f(callee), try f(call), line: line)
        case .filter(let input, let name, let call, let line): return .filter(try f(input), name, try f(call), line: line)
        case .test(let input, let name, let call, let line): return .test(try f(input), name, try f(call), line: line)
        }
    }
}
