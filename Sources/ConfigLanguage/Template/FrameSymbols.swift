/// Jinja2's symbol analysis for the frames inside a template (loop bodies, macros, call,
/// filter, `with`, `set` and scope blocks, blocks): a name that a frame stores before it loads
/// it, and that no enclosing frame mentions, is the frame's own from its start, undefined until
/// the store runs, even where an inner frame reads it earlier (`{% with %}{{ c }}{% endwith %}
/// {% set c = 1 %}` inside a loop prints nothing, whatever the context holds for `c`). A name an
/// enclosing frame mentions is that frame's variable instead.
///
/// The template level is `TemplateLevelNames`. Here each such frame's body gets a leading
/// assignment of an undefined value to those names, which the runtime runs in the frame's own
/// scope on every entry (every pass of a loop, as Jinja2 resets them).
enum FrameSymbols {
    static func apply(_ nodes: [Node]) -> [Node] {
        rewrite(nodes, enclosing: Set(TemplateLevelNames.events(nodes).keys))
    }

    /// A frame's statements, the frames inside them rewritten; `enclosing` holds the names
    /// this frame and those around it mention.
    private static func rewrite(_ nodes: [Node], enclosing: Set<String>) -> [Node] {
        nodes.map { rewrite($0, enclosing) }
    }

    private static func rewrite(_ node: Node, _ enclosing: Set<String>) -> Node {
        switch node {
        case .forLoop(let target, let iterable, let body, let otherwise, let filter, let recursive, let line):
            let parameters = names(in: target) + ["loop"]
            return .forLoop(target: target, iterable: iterable,
                            body: frame(body, parameters: parameters, enclosing),
                            otherwise: frame(otherwise, parameters: [], enclosing),
                            filter: filter, recursive: recursive, line: line)
        case .macro(let name, let signature, let body, let line):
            return .macro(name, signature, body: frame(body, parameters: signature.names + ["varargs", "kwargs", "caller"], enclosing), line: line)
        case .callBlock(let call, let signature, let body, let line):
            return .callBlock(call, signature, body: frame(body, parameters: signature.names + ["varargs", "kwargs", "caller"], enclosing), line: line)
        case .filterBlock(let filter, let body, let line):
            return .filterBlock(filter, body: frame(body, parameters: [], enclosing), line: line)
        case .with(let pairs, let body, let line):
            return .with(pairs, body: frame(body, parameters: pairs.flatMap { names(in: $0.0) }, enclosing), line: line)
        case .assignBlock(let target, let filter, let body, let line):
            return .assignBlock(target, filter: filter, body: frame(body, parameters: [], enclosing), line: line)
        case .scope(let body, let setting, let line):
            return .scope(frame(body, parameters: [], enclosing), autoescape: setting, line: line)
        case .block(let name, let scoped, let body, let line):
            // a block is a function of its own: no frame encloses it
            return .block(name, scoped: scoped, body: frame(body, parameters: [], []), line: line)
        case .ifBlock(let branches, let otherwise, let line):
            // the branches are the same frame
            return .ifBlock(branches.map { ($0.0, rewrite($0.1, enclosing: enclosing)) },
                            otherwise: rewrite(otherwise, enclosing: enclosing), line: line)
        case .output, .assign, .load:
            return node
        }
    }

    /// A frame's body with its own undefined names set first.
    private static func frame(_ body: [Node], parameters: [String], _ enclosing: Set<String>) -> [Node] {
        guard !body.isEmpty else { return body }
        let events = TemplateLevelNames.events(body)
        let own = events.filter { $0.value && !enclosing.contains($0.key) && !parameters.contains($0.key) }.keys.sorted()
        let inner = enclosing.union(events.keys).union(parameters)
        let rewritten = rewrite(body, enclosing: inner)
        guard !own.isEmpty else { return rewritten }
        // (the assignment cannot fail, so its line is never shown)
        let line = 1
        return own.map { name in
            Node.assign(.name(Name(name), line: line), .constant(.undefined(Undefined(name: name)), line: line), line: line)
        } + rewritten
    }

    private static func names(in target: Expr) -> [String] {
        switch target {
        case .name(let name, _): return [name.text]
        case .tuple(let items, _), .list(let items, _): return items.flatMap(names(in:))
        default: return []
        }
    }
}
