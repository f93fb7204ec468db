/// Renders parsed templates: variable scopes, statements, and expression evaluation.
///
/// One runtime renders one template at a time; macros and loops it creates call back into it.
public final class TemplateRuntime: @unchecked Sendable {
    /// Variables, innermost scope last. The first scope holds the render context.
    var scopes: [[String: Value]]
    let environment: TemplateEnvironment
    /// How deep macro calls and recursive loops are nested, to fail cleanly instead of crashing.
    var depth = 0
    static let maximumDepth = 500
    /// Whether `{{ }}` output is HTML-escaped (`{% autoescape true %}`); off by default, as in
    /// Jinja2's default environment.
    var autoescape = false
    /// The template's blocks, for `self.name()`.
    var blocks: [String: [Node]] = [:]

    init(environment: TemplateEnvironment, context: [String: Value]) {
        self.environment = environment
        scopes = [context]
    }

    func lookup(_ name: String) -> Value {
        for scope in scopes.reversed() {
            if let value = scope[name] { return value }
        }
        if name == "self" { return .object(TemplateReference(runtime: self)) }
        if let value = environment.globals[name] { return value }
        return .undefined(name)
    }

    func assign(_ name: String, _ value: Value) {
        scopes[scopes.count - 1][name] = value
    }

    func withScope<T>(_ variables: [String: Value] = [:], _ body: () throws(TemplateError) -> T) throws(TemplateError) -> T {
        scopes.append(variables)
        defer { scopes.removeLast() }
        return try body()
    }

    // MARK: - Statements

    func render(_ nodes: [Node], into out: inout String) throws(TemplateError) {
        for node in nodes { try render(node, into: &out) }
    }

    func render(_ nodes: [Node]) throws(TemplateError) -> String {
        var out = ""
        try render(nodes, into: &out)
        return out
    }

    func render(_ node: Node, into out: inout String) throws(TemplateError) {
        switch node {
        case .output(let pieces, _):
            for piece in pieces {
                switch piece {
                case .data(let text): out += text
                case .expression(let expr):
                    let value = try evaluate(expr)
                    out += autoescape ? Escaping.escape(value) : value.printed
                }
            }
        case .ifBlock(let branches, let otherwise, _):
            for (test, body) in branches where try evaluate(test).isTruthy {
                try render(body, into: &out)
                return
            }
            try render(otherwise, into: &out)
        case .forLoop(let target, let iterable, let body, let otherwise, let filter, let recursive, let line):
            let items = try TemplateOperators.iterate(try evaluate(iterable))
            try runLoop(target: target, items: items, body: body, otherwise: otherwise, filter: filter,
                        recursive: recursive, depth: 1, line: line, into: &out)
        case .assign(let target, let expr, _):
            try assign(target, try evaluate(expr))
        case .assignBlock(let target, let filter, let body, _):
            var value = Value.string(try withScope { () throws(TemplateError) -> String in try render(body) })
            if let filter { value = try applyFilterChain(filter, to: value) }
            try assign(target, value)
        case .macro(let name, let signature, let body, _):
            assign(name, .object(MacroObject(name: name, signature: signature, body: body, runtime: self, closure: scopes)))
        case .callBlock(let call, let signature, let body, _):
            let caller = MacroObject(name: "caller", signature: signature, body: body, runtime: self, closure: scopes)
            guard case .call(let callee, let syntax, _) = call else { return }
            let function = try evaluate(callee)
            var arguments = try evaluateArguments(syntax)
            arguments.keywords.append(("caller", .object(caller)))
            let value = try self.call(function, &arguments)
            out += autoescape ? Escaping.escape(value) : value.printed
        case .filterBlock(let filter, let body, _):
            let text = try withScope { () throws(TemplateError) -> String in try render(body) }
            out += try applyFilterChain(filter, to: .string(text)).printed
        case .with(let pairs, let body, _):
            var values: [(Expr, Value)] = []
            for (target, expr) in pairs { values.append((target, try evaluate(expr))) }
            try withScope { () throws(TemplateError) in
                for (target, value) in values { try assign(target, value) }
                try render(body, into: &out)
            }
        case .scope(let body, let setting, _):
            let saved = autoescape
            if let setting { autoescape = try evaluate(setting).isTruthy }
            defer { autoescape = saved }
            try withScope { () throws(TemplateError) in try render(body, into: &out) }
        case .block(_, let scoped, let body, _):
            if scoped {
                try withScope { () throws(TemplateError) in try render(body, into: &out) }
            } else {
                try renderBlock(body, into: &out)
            }
        case .load(_, _, let line):
            throw TemplateError("TypeError", "no loader for this environment specified", line: line)
        }
    }

    /// Applies a filter expression whose innermost node has no input (block filters).
    func applyFilterChain(_ filter: Expr, to value: Value) throws(TemplateError) -> Value {
        guard case .filter(let inner, let name, let call, _) = filter else { return value }
        let input = try inner.map { (expr) throws(TemplateError) -> Value in try applyFilterChain(expr, to: value) } ?? value
        return try callFilter(name, input, call)
    }

    func assign(_ target: Expr, _ value: Value) throws(TemplateError) {
        switch target {
        case .name(let name, _): assign(name, value)
        case .namespaceRef(let name, let attribute, _):
            guard case .object(let object) = lookup(name), let namespace = object as? NamespaceObject else {
                throw TemplateError("TemplateRuntimeError", "cannot assign attribute on non-namespace object")
            }
            namespace.values[attribute] = value
        case .tuple(let targets, _):
            let items = try TemplateOperators.iterate(value)
            guard items.count == targets.count else {
                if items.count > targets.count {
                    throw .value("too many values to unpack (expected \(targets.count))")
                }
                throw .value("not enough values to unpack (expected \(targets.count), got \(items.count))")
            }
            for (item, target) in zip(items, targets) { try assign(target, item) }
        default: break
        }
    }

    func runLoop(
        target: Expr, items allItems: [Value], body: [Node], otherwise: [Node], filter: Expr?, recursive: Bool,
        depth: Int, line: Int, into out: inout String
    ) throws(TemplateError) {
        var items = allItems
        if let filter {
            var kept: [Value] = []
            for item in allItems {
                let keep = try withScope { () throws(TemplateError) -> Bool in
                    try assign(target, item)
                    return try evaluate(filter).isTruthy
                }
                if keep { kept.append(item) }
            }
            items = kept
        }
        if items.isEmpty {
            try render(otherwise, into: &out)
            return
        }
        let loop = LoopObject(items: items, depth: depth)
        if recursive {
            loop.recurse = { [unowned self] (inner: Value) throws(TemplateError) -> String in
                guard self.depth < Self.maximumDepth else {
                    throw TemplateError("RecursionError", "maximum recursion depth exceeded")
                }
                self.depth += 1
                defer { self.depth -= 1 }
                var text = ""
                try self.runLoop(target: target, items: try TemplateOperators.iterate(inner), body: body, otherwise: [],
                                 filter: filter, recursive: true, depth: depth + 1, line: line, into: &text)
                return text
            }
        }
        scopes.append(["loop": .object(loop)])
        defer { scopes.removeLast() }
        for (index, item) in items.enumerated() {
            loop.index0 = index
            try assign(target, item)
            try render(body, into: &out)
        }
    }
}

extension TemplateRuntime {
    /// A block sees the template's context, not the variables of the loop it sits in (Jinja2's
    /// blocks are functions of the context).
    func renderBlock(_ body: [Node], into out: inout String) throws(TemplateError) {
        let saved = scopes
        scopes = [scopes[0], [:]]
        defer { scopes = saved }
        try render(body, into: &out)
    }
}

/// `self`: the template's blocks as callables.
final class TemplateReference: TemplateObject, @unchecked Sendable {
    unowned let runtime: TemplateRuntime
    init(runtime: TemplateRuntime) { self.runtime = runtime }
    var typeName: String { "jinja2.runtime.TemplateReference" }
    var printed: String { "<TemplateReference None>" }
    func attribute(_ name: String) -> Value? {
        guard let body = runtime.blocks[name] else { return nil }
        return .object(FunctionObject(name) { [runtime] (_: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            var text = ""
            try runtime.renderBlock(body, into: &text)
            return runtime.autoescape ? .markup(text) : .string(text)
        })
    }
}
