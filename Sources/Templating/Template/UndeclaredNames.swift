/// The names a template reads from its context: what Jinja2's `meta.find_undeclared_variables`
/// answers, for an editor to check against the variables it knows. A name the template binds
/// anywhere (`set`, a loop target, a macro or its parameters, `with`, an import) is not
/// counted, wherever it is read: an editor would rather miss an undefined name than report a
/// defined one.
extension TemplateEnvironment {
    /// The names `source` reads that nothing in it binds, in the order they first appear.
    /// Throws the compile error when `source` does not parse.
    public static func undeclaredNames(_ source: String) throws(TemplateError) -> [String] {
        let (nodes, _) = try TemplateParser.parse(source)
        var names = TemplateNameUse()
        names.visit(nodes)
        return names.loaded.filter { !names.bound.contains($0) && !TemplateNameUse.implicit.contains($0) }
    }
}

/// The names a template tree reads and binds.
struct TemplateNameUse {
    /// Names the runtime binds by itself inside loops, macros and call blocks.
    static let implicit: Set<String> = ["loop", "caller", "varargs", "kwargs", "self", "super"]
    private(set) var loaded: [String] = []
    private var seen: Set<String> = []
    private(set) var bound: Set<String> = []

    mutating func visit(_ nodes: [Node]) {
        for node in nodes {
            bind(node)
            switch node {
            case .forLoop(let target, let iterable, _, _, let filter, _, _):
                // the target is bound, not read
                bindTarget(target)
                load(iterable)
                if let filter { load(filter) }
            case .assign(let target, let value, _):
                bindTarget(target)
                load(value)
            case .with(let pairs, _, _):
                for (target, value) in pairs {
                    bindTarget(target)
                    load(value)
                }
            default:
                for expression in node.expressions { load(expression) }
            }
            for body in node.bodies { visit(body) }
        }
    }

    /// What `node` itself binds besides assignment and loop targets.
    private mutating func bind(_ node: Node) {
        switch node {
        case .assignBlock(let target, _, _, _): bindTarget(target)
        case .macro(let name, let signature, _, _):
            bound.insert(name)
            bound.formUnion(signature.names)
        case .callBlock(_, let signature, _, _): bound.formUnion(signature.names)
        case .load(let statement, _):
            switch statement.kind {
            case .importAs(let name): bound.insert(name)
            case .fromImport(let names): bound.formUnion(names.map(\.1))
            case .extends, .include: break
            }
        default: break
        }
    }

    private mutating func bindTarget(_ target: Expr) {
        switch target {
        case .name(let name, _): bound.insert(name.text)
        case .tuple(let items, _), .list(let items, _): for item in items { bindTarget(item) }
        default: load(target)
        }
    }

    private mutating func load(_ expression: Expr) {
        switch expression {
        case .name(let name, _): note(name.text)
        case .namespaceRef(let name, _, _): note(name)
        default: break
        }
        for child in expression.children { load(child) }
    }

    private mutating func note(_ name: String) {
        if seen.insert(name).inserted { loaded.append(name) }
    }
}
