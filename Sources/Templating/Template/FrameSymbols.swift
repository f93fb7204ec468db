/// Jinja2's symbol analysis for the frames inside a template (loop bodies, macros, call,
/// filter, `with`, `set` and scope blocks, blocks): a name that a frame stores before it loads
/// it, and that no enclosing frame mentions, is the frame's own from its start, undefined until
/// the store runs, even where an inner frame reads it earlier (`{% with %}{{ c }}{% endwith %}
/// {% set c = 1 %}` inside a loop prints nothing, whatever the context holds for `c`). A name an
/// enclosing frame mentions is that frame's variable instead.
///
/// Jinja2 analyses the tree as parsed (constant folding happens later, as code is written), so
/// the names come from the parsed tree; the folded tree, which has the same statements, is the
/// one rewritten. The template level is `TemplateLevelNames`. Here each such frame's body gets
/// a leading assignment of an undefined value to those names, which the runtime runs in the
/// frame's own scope on every entry (every pass of a loop, as Jinja2 resets them).
enum FrameSymbols {
    package static func apply(_ folded: [Node], parsed: [Node]) -> [Node] {
        rewrite(folded, parsed, enclosing: Set(TemplateLevelNames.events(parsed).keys))
    }

    /// A frame's statements, the frames inside them rewritten; `enclosing` holds the names
    /// this frame and those around it mention.
    private static func rewrite(_ nodes: [Node], _ parsed: [Node], enclosing: Set<String>) -> [Node] {
        // folding keeps every statement; should the two ever differ, the folded one is read
        let originals = parsed.count == nodes.count ? parsed : nodes
        return zip(nodes, originals).map { rewrite($0, $1, enclosing) }
    }

    private static func rewrite(_ node: Node, _ parsed: Node, _ enclosing: Set<String>) -> Node {
        switch (node, parsed) {
        case (.forLoop(let target, let iterable, let body, let otherwise, let filter, let recursive, let line),
              .forLoop(_, _, let parsedBody, let parsedOtherwise, _, _, _)):
            let parameters = names(in: target) + ["loop"]
            return .forLoop(target: target, iterable: iterable,
                            body: frame(body, parsedBody, parameters: parameters, enclosing),
                            otherwise: frame(otherwise, parsedOtherwise, parameters: [], enclosing),
                            filter: filter, recursive: recursive, line: line)
        case (.macro(let name, let signature, let body, let line), .macro(_, _, let parsedBody, _)):
            let parameters = signature.names + ["varargs", "kwargs", "caller"]
            return .macro(name, signature, body: frame(body, parsedBody, parameters: parameters, enclosing), line: line)
        case (.callBlock(let call, let signature, let body, let line), .callBlock(_, _, let parsedBody, _)):
            let parameters = signature.names + ["varargs", "kwargs", "caller"]
            return .callBlock(call, signature, body: frame(body, parsedBody, parameters: parameters, enclosing), line: line)
        case (.filterBlock(let filter, let body, let line), .filterBlock(_, let parsedBody, _)):
            return .filterBlock(filter, body: frame(body, parsedBody, parameters: [], enclosing), line: line)
        case (.with(let pairs, let body, let line), .with(_, let parsedBody, _)):
            return .with(pairs, body: frame(body, parsedBody, parameters: pairs.flatMap { names(in: $0.0) }, enclosing), line: line)
        case (.assignBlock(let target, let filter, let body, let line), .assignBlock(_, _, let parsedBody, _)):
            return .assignBlock(target, filter: filter, body: frame(body, parsedBody, parameters: [], enclosing), line: line)
        case (.scope(let body, let setting, let line), .scope(let parsedBody, _, _)):
            return .scope(frame(body, parsedBody, parameters: [], enclosing), autoescape: setting, line: line)
        case (.block(let name, let scoped, let body, let line), .block(_, _, let parsedBody, _)):
            // a block is a function of its own: no frame encloses it
            return .block(name, scoped: scoped, body: frame(body, parsedBody, parameters: [], []), line: line)
        case (.ifBlock(let branches, let otherwise, let line), .ifBlock(let parsedBranches, let parsedOtherwise, _)):
            // the branches are the same frame
            let originals = parsedBranches.count == branches.count ? parsedBranches : branches
            return .ifBlock(zip(branches, originals).map { ($0.0, rewrite($0.1, $1.1, enclosing: enclosing)) },
                            otherwise: rewrite(otherwise, parsedOtherwise, enclosing: enclosing), line: line)
        default:
            return node
        }
    }

    /// A frame's body with its own undefined names set first.
    private static func frame(_ body: [Node], _ parsed: [Node], parameters: [String], _ enclosing: Set<String>) -> [Node] {
        guard !body.isEmpty else { return body }
        let events = TemplateLevelNames.events(parsed)
        let own = events.filter { $0.value && !enclosing.contains($0.key) && !parameters.contains($0.key) }.keys.sorted()
        let inner = enclosing.union(events.keys).union(parameters)
        let rewritten = rewrite(body, parsed, enclosing: inner)
        guard !own.isEmpty else { return rewritten }
        // (the assignment cannot fail, so its line is never shown)
        let line = 1
        return own.map { name in
            Node.assign(.name(Name(name), line: line), .constant(.undefined(Undefined(name: name)), line: line), line: line)
        } + rewritten
    }

    package static func names(in target: Expr) -> [String] {
        switch target {
        case .name(let name, _): return [name.text]
        case .tuple(let items, _), .list(let items, _): return items.flatMap(names(in:))
        default: return []
        }
    }
}
