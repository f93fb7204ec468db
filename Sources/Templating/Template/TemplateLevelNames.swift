/// Jinja2's symbol analysis of the template level, as far as one question goes: which names
/// does the template assign before (at the template level) it reads them? Jinja2 gives such a
/// name no value from the render context: until the assignment runs it is undefined, also in
/// loops, `with` blocks and macros that read it earlier.
enum TemplateLevelNames {
    /// The names the template level stores before it loads them, in Jinja2's visiting order:
    /// statements in order, an assignment's value before its target, only the iterable of a
    /// loop, the values of `with`, the arguments of call and filter blocks, and the branches of
    /// an `if` (a name stored in only some branches is looked up in the context instead).
    static func assignedFirst(_ nodes: [Node]) -> [String] {
        events(nodes).filter(\.value).map(\.key).sorted()
    }

    /// Every name one frame's own statements mention (not those of the frames inside it),
    /// each with whether its first mention stores it (true) or loads it (false).
    static func events(_ nodes: [Node]) -> [String: Bool] {
        var firstIsStore: [String: Bool] = [:]
        visit(nodes, &firstIsStore)
        return firstIsStore
    }

    private static func load(_ expr: Expr, _ first: inout [String: Bool]) {
        switch expr {
        case .name(let name, _): if first[name.text] == nil { first[name.text] = false }
        case .namespaceRef(let name, _, _): if first[name] == nil { first[name] = false }
        default: break
        }
        for child in expr.children { load(child, &first) }
    }

    private static func store(_ target: Expr, _ first: inout [String: Bool]) {
        switch target {
        case .name(let name, _): if first[name.text] == nil { first[name.text] = true }
        case .namespaceRef(let name, _, _): if first[name] == nil { first[name] = false }
        case .tuple(let items, _), .list(let items, _): for item in items { store(item, &first) }
        default: load(target, &first)
        }
    }

    private static func visit(_ nodes: [Node], _ first: inout [String: Bool]) {
        for node in nodes {
            switch node {
            case .output, .forLoop, .callBlock, .filterBlock, .with:
                // loops visit only their iterable here (the target and body are a scope of their own)
                if case .forLoop(_, let iterable, _, _, _, _, _) = node { load(iterable, &first); continue }
                for expr in node.expressions { load(expr, &first) }
            case .assign(let target, let value, _):
                load(value, &first)
                store(target, &first)
            case .assignBlock(let target, _, _, _):
                store(target, &first)
            case .macro(let name, _, _, _):
                if first[name] == nil { first[name] = true }
            case .ifBlock(let branches, let otherwise, _):
                visitBranches(branches, otherwise, &first)
            case .load(let statement, _):
                load(statement.template, &first)
                switch statement.kind {
                case .importAs(let name): if first[name] == nil { first[name] = true }
                case .fromImport(let names): for (_, alias) in names where first[alias] == nil { first[alias] = true }
                default: break
                }
            case .scope, .block:
                continue
            }
        }
    }

    /// An `if` at the template level: Jinja2 takes its body, its `elif`s and its `else` as
    /// three branches, and a name stored in fewer than all three is looked up in the context;
    /// the `elif`s (ifs with no else of their own) never all store, so a name an `if` stores
    /// counts as read.
    private static func visitBranches(_ branches: [(Expr, [Node])], _ otherwise: [Node], _ first: inout [String: Bool]) {
        let before = first
        var inside = first
        for (test, body) in branches {
            load(test, &inside)
            visit(body, &inside)
        }
        visit(otherwise, &inside)
        for name in inside.keys where before[name] == nil { first[name] = false }
    }
}
