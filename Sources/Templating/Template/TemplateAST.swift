/// The template syntax tree, after Jinja2's `nodes` module. Every node keeps its 1-based line.
indirect enum Expr: Sendable {
    case constant(Value, line: Int)
    case name(Name, line: Int)
    /// `ns.attr` as an assignment target.
    case namespaceRef(String, String, line: Int)
    case list([Expr], line: Int)
    case tuple([Expr], line: Int)
    case dict([(Expr, Expr)], line: Int)
    case unary(TemplateOperator, Expr, line: Int)
    case binary(TemplateOperator, Expr, Expr, line: Int)
    case concat([Expr], line: Int)
    case compare(Expr, [(TemplateOperator, Expr)], line: Int)
    case condition(test: Expr, then: Expr, otherwise: Expr?, line: Int)
    case getattr(Expr, String, line: Int)
    case getitem(Expr, Expr, line: Int)
    case slice(Expr?, Expr?, Expr?, line: Int)
    case call(Expr, CallSyntax, line: Int)
    case filter(Expr?, Name, CallSyntax, line: Int)
    case test(Expr, Name, CallSyntax, line: Int)
    /// A folded constant whose code fails (`TemplateConstantFolding`): when it runs, or, with
    /// `atCompile`, when the template is compiled. `folded` is the value itself where folding
    /// an enclosing expression still uses it (an infinity fails only where it is written).
    case failing(TemplateError, atCompile: Bool, line: Int, folded: Value? = nil)

    var line: Int {
        switch self {
        case .constant(_, let line), .name(_, let line), .namespaceRef(_, _, let line), .list(_, let line),
            .tuple(_, let line), .dict(_, let line), .unary(_, _, let line), .binary(_, _, _, let line),
            .concat(_, let line), .compare(_, _, let line), .condition(_, _, _, let line), .getattr(_, _, let line),
            .getitem(_, _, let line), .slice(_, _, _, let line), .call(_, _, let line), .filter(_, _, _, let line),
            .test(_, _, _, let line), .failing(_, _, let line, _):
            return line
        }
    }

    /// Whether the expression can be assigned to (names, tuples of names, namespace refs).
    var canAssign: Bool {
        switch self {
        case .name(let name, _): return !["true", "false", "none", "True", "False", "None"].contains(name.text)
        case .namespaceRef: return true
        case .tuple(let items, _): return items.allSatisfy(\.canAssign)
        default: return false
        }
    }

    /// Jinja2's node class name, lowercased, for "can't assign to 'const'".
    var nodeName: String {
        switch self {
        case .constant, .failing: return "const"
        case .name: return "name"
        case .namespaceRef: return "nsref"
        case .list: return "list"
        case .tuple: return "tuple"
        case .dict: return "dict"
        case .unary(let op, _, _): return op.rawValue
        case .binary(let op, _, _, _): return op.rawValue
        case .concat: return "concat"
        case .compare: return "compare"
        case .condition: return "condexpr"
        case .getattr: return "getattr"
        case .getitem: return "getitem"
        case .slice: return "slice"
        case .call: return "call"
        case .filter: return "filter"
        case .test: return "test"
        }
    }
}

/// Arguments at a call site: positional, keyword, `*args`, `**kwargs`.
struct CallSyntax: Sendable {
    var arguments: [Expr] = []
    var keywords: [(String, Expr)] = []
    var star: Expr? = nil
    var doubleStar: Expr? = nil
}

/// A macro's or call block's parameters.
struct Signature: Sendable {
    package var names: [String] = []
    var defaults: [Expr] = []
}

indirect enum Node: Sendable {
    case output([OutputPiece], line: Int)
    case forLoop(target: Expr, iterable: Expr, body: [Node], otherwise: [Node], filter: Expr?, recursive: Bool, line: Int)
    case ifBlock([(Expr, [Node])], otherwise: [Node], line: Int)
    case assign(Expr, Expr, line: Int)
    case assignBlock(Expr, filter: Expr?, body: [Node], line: Int)
    case macro(String, Signature, body: [Node], line: Int)
    case callBlock(Expr, Signature, body: [Node], line: Int)
    case filterBlock(Expr, body: [Node], line: Int)
    case with([(Expr, Expr)], body: [Node], line: Int)
    /// `{% autoescape expr %}`: the body with autoescaping switched as `expr` says.
    case scope([Node], autoescape: Expr?, line: Int)
    case block(String, scoped: Bool, body: [Node], line: Int)
    /// extends / include / import / from import: all need a loader.
    /// extends / include / import / from-import: templates from the environment's loader.
    case load(LoadStatement, line: Int)
}

enum OutputPiece: Sendable {
    case data(String)
    case expression(Expr)
}

/// The operators of expressions, named as Jinja2's node types name them.
public enum TemplateOperator: String, Sendable {
    case add, sub, mul, div, floordiv, mod, pow, and, or, neg, pos, not
    case eq, ne, lt, lteq, gt, gteq, `in`, notin
}

extension TemplateOperator {
    /// The ordering Python tries on the right operand when it is a subclass of the left's type
    /// (`a < b` as `b > a`); nil for the operators that are not orderings.
    var reflected: TemplateOperator? {
        switch self {
        case .lt: return .gt
        case .gt: return .lt
        case .lteq: return .gteq
        case .gteq: return .lteq
        default: return nil
        }
    }
}

extension TemplateOperator: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        self = TemplateOperator(rawValue: value) ?? .eq
    }
}

/// What an `extends`, `include`, `import` or `from ... import` statement asks for.
struct LoadStatement: Sendable {
    enum Kind: Sendable { case extends, include, importAs(String), fromImport([(String, String)]) }
    var kind: Kind
    var template: Expr
    var ignoreMissing = false
    var withContext: Bool
}

// MARK: - Walking the tree

extension Expr {
    /// The direct sub-expressions, call arguments included.
    var children: [Expr] {
        switch self {
        case .constant, .name, .namespaceRef, .failing: return []
        case .list(let items, _), .tuple(let items, _), .concat(let items, _): return items
        case .dict(let pairs, _): return pairs.flatMap { [$0.0, $0.1] }
        case .unary(_, let a, _), .getattr(let a, _, _): return [a]
        case .binary(_, let a, let b, _), .getitem(let a, let b, _): return [a, b]
        case .compare(let a, let operations, _): return [a] + operations.map(\.1)
        case .condition(let a, let b, let c, _): return [a, b] + (c.map { [$0] } ?? [])
        case .slice(let a, let b, let c, _): return [a, b, c].compactMap { $0 }
        case .call(let a, let call, _), .test(let a, _, let call, _): return [a] + call.expressions
        case .filter(let a, _, let call, _): return (a.map { [$0] } ?? []) + call.expressions
        }
    }
}

extension CallSyntax {
    /// Every argument expression.
    var expressions: [Expr] {
        arguments + keywords.map(\.1) + [star, doubleStar].compactMap { $0 }
    }
}

extension Node {
    /// The 1-based template line the statement starts on.
    var line: Int {
        switch self {
        case .output(_, let line), .forLoop(_, _, _, _, _, _, let line), .ifBlock(_, _, let line), .assign(_, _, let line),
             .assignBlock(_, _, _, let line), .macro(_, _, _, let line), .callBlock(_, _, _, let line),
             .filterBlock(_, _, let line), .with(_, _, let line), .scope(_, _, let line), .block(_, _, _, let line),
             .load(_, let line):
            return line
        }
    }

    /// The expressions the statement itself evaluates (not those of its bodies).
    var expressions: [Expr] {
        switch self {
        case .output(let pieces, _): return pieces.compactMap { if case .expression(let e) = $0 { return e } else { return nil } }
        case .forLoop(let target, let iterable, _, _, let filter, _, _): return [target, iterable] + (filter.map { [$0] } ?? [])
        case .ifBlock(let branches, _, _): return branches.map(\.0)
        case .assign(_, let expr, _): return [expr]
        case .assignBlock(_, let filter, _, _): return filter.map { [$0] } ?? []
        case .macro(_, let signature, _, _): return signature.defaults
        case .callBlock(let call, let signature, _, _): return [call] + signature.defaults
        case .filterBlock(let filter, _, _): return [filter]
        case .with(let pairs, _, _): return pairs.map(\.1)
        case .scope(_, let setting, _): return setting.map { [$0] } ?? []
        case .block: return []
        case .load(let statement, _): return [statement.template]
        }
    }

    /// The statement's bodies (branches, loop body and else, macro body, ...).
    var bodies: [[Node]] {
        switch self {
        case .output, .assign, .load: return []
        case .forLoop(_, _, let body, let otherwise, _, _, _): return [body, otherwise]
        case .ifBlock(let branches, let otherwise, _): return branches.map(\.1) + [otherwise]
        case .assignBlock(_, _, let body, _), .macro(_, _, let body, _), .callBlock(_, _, let body, _),
            .filterBlock(_, let body, _), .with(_, let body, _), .scope(let body, _, _), .block(_, _, let body, _):
            return [body]
        }
    }
}
