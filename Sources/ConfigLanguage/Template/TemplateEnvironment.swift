/// The template engine's entry point: Jinja2's default `Environment()`, with its filters, tests
/// and globals, plus whatever the host registers.
public final class TemplateEnvironment: @unchecked Sendable {
    public typealias Filter = @Sendable (Value, inout CallArguments, TemplateRuntime) throws(TemplateError) -> Value
    public typealias Test = @Sendable (Value, inout CallArguments, TemplateRuntime) throws(TemplateError) -> Bool

    public var filters: [String: Filter] = BuiltinFilters.all
    public var tests: [String: Test] = BuiltinTests.all
    public var globals: [String: Value] = TemplateGlobals.all
    /// Template sources by name, for `extends`, `include` and `import`; nil (the default, as in
    /// dgenerate) makes those statements fail as Jinja2 fails without a loader.
    public var loader: [String: String]? = nil

    public init() {}

    /// Registers a host function: callable as a global, and, when it takes arguments, usable as a
    /// filter whose input becomes its first argument (as the dgenerate runtime exposes its
    /// template functions).
    /// - Parameters:
    ///   - name: the name templates use.
    ///   - takesArguments: whether the function has at least one parameter.
    ///   - body: the function.
    public func registerFunction(_ name: String, takesArguments: Bool, _ body: @escaping TemplateCallable.Body) {
        globals[name] = .object(FunctionObject(name, body))
        if takesArguments {
            filters[name] = Self.filter(calling: body)
        }
    }

    /// A filter that passes its input as the first argument of `body`.
    static func filter(calling body: @escaping TemplateCallable.Body) -> Filter {
        { (value: Value, arguments: inout CallArguments, runtime: TemplateRuntime) throws(TemplateError) -> Value in
            var withInput = CallArguments([value] + arguments.positional, keywords: arguments.keywords)
            return try body(&withInput, runtime)
        }
    }

    /// Renders `template`, handing the output to `emit` piece by piece as it is produced (each
    /// top-level statement's output is one piece), so that a caller can act on complete lines
    /// before the whole template has rendered.
    public func render(
        _ template: CompiledTemplate, context: [String: Value] = [:], emit: (String) throws(TemplateError) -> Void
    ) throws(TemplateError) {
        let runtime = TemplateRuntime(environment: self, context: context)
        runtime.blockChains = template.blocks.mapValues { [$0] }
        for node in template.nodes {
            var piece = ""
            try runtime.render(node, into: &piece)
            if !piece.isEmpty { try emit(piece) }
        }
    }

    /// Parses a template, checking that its filters exist (as Jinja2 does when it compiles).
    public func compile(_ source: String) throws(TemplateError) -> CompiledTemplate {
        let nodes = try TemplateParser.parse(source)
        try checkNames(nodes)
        var blocks: [String: [Node]] = [:]
        try Self.collectBlocks(nodes, into: &blocks)
        return CompiledTemplate(nodes: nodes, blocks: blocks, requiredBlocks: Self.requiredBlocks(source))
    }

    /// The template's `{% block %}`s by name; a name used twice is an error, as in Jinja2.
    static func collectBlocks(_ nodes: [Node], into blocks: inout [String: [Node]]) throws(TemplateError) {
        for node in nodes {
            switch node {
            case .block(let name, _, let body, let line):
                if blocks[name] != nil {
                    throw TemplateError("TemplateAssertionError", "block \(PythonString.repr(name)) defined twice", line: line)
                }
                blocks[name] = body
                try collectBlocks(body, into: &blocks)
            case .forLoop(_, _, let body, let otherwise, _, _, _):
                try collectBlocks(body, into: &blocks)
                try collectBlocks(otherwise, into: &blocks)
            case .ifBlock(let branches, let otherwise, _):
                for (_, body) in branches { try collectBlocks(body, into: &blocks) }
                try collectBlocks(otherwise, into: &blocks)
            case .with(_, let body, _), .scope(let body, _, _), .filterBlock(_, let body, _), .assignBlock(_, _, let body, _):
                try collectBlocks(body, into: &blocks)
            default:
                break
            }
        }
    }

    /// Renders `source` with `context`.
    public func render(_ source: String, context: [String: Value] = [:]) throws(TemplateError) -> String {
        try render(compile(source), context: context)
    }

    public func render(_ template: CompiledTemplate, context: [String: Value] = [:]) throws(TemplateError) -> String {
        let runtime = TemplateRuntime(environment: self, context: context)
        return try runtime.renderDocument(template)
    }

    private func checkNames(_ nodes: [Node]) throws(TemplateError) {
        var failure: TemplateError? = nil
        func visit(_ expr: Expr) {
            guard failure == nil else { return }
            switch expr {
            case .filter(let input, let name, let call, let line):
                if let input { visit(input) }
                visitCall(call)
                if failure == nil, filters[name] == nil {
                    failure = TemplateError("TemplateAssertionError", "No filter named \(PythonString.repr(name)).", line: line)
                }
            case .test(let input, let name, let call, let line):
                visit(input)
                visitCall(call)
                if failure == nil, tests[name] == nil {
                    failure = TemplateError("TemplateAssertionError", "No test named \(PythonString.repr(name)).", line: line)
                }
            case .list(let items, _), .tuple(let items, _), .concat(let items, _): items.forEach(visit)
            case .dict(let pairs, _): pairs.forEach { visit($0.0); visit($0.1) }
            case .unary(_, let a, _), .getattr(let a, _, _): visit(a)
            case .binary(_, let a, let b, _), .getitem(let a, let b, _): visit(a); visit(b)
            case .compare(let a, let ops, _): visit(a); ops.forEach { visit($0.1) }
            case .condition(let a, let b, let c, _): visit(a); visit(b); c.map(visit)
            case .slice(let a, let b, let c, _): a.map(visit); b.map(visit); c.map(visit)
            case .call(let a, let call, _): visit(a); visitCall(call)
            case .constant, .name, .namespaceRef: break
            }
        }
        func visitCall(_ call: CallSyntax) {
            call.arguments.forEach(visit)
            call.keywords.forEach { visit($0.1) }
            call.star.map(visit)
            call.doubleStar.map(visit)
        }
        func visitNodes(_ nodes: [Node]) {
            for node in nodes {
                switch node {
                case .output(let pieces, _): for case .expression(let e) in pieces { visit(e) }
                case .forLoop(let target, let iterable, let body, let otherwise, let filter, _, _):
                    visit(target); visit(iterable); visitNodes(body); visitNodes(otherwise); filter.map(visit)
                case .ifBlock(let branches, _, _):
                    // Jinja2 checks filters inside if bodies only when they run
                    for (test, _) in branches { visit(test) }
                case .assign(_, let expr, _): visit(expr)
                case .assignBlock(_, let filter, let body, _): filter.map(visit); visitNodes(body)
                case .macro(_, let signature, let body, _): signature.defaults.forEach(visit); visitNodes(body)
                case .callBlock(let call, let signature, let body, _): visit(call); signature.defaults.forEach(visit); visitNodes(body)
                case .filterBlock(let filter, let body, _): visit(filter); visitNodes(body)
                case .with(let pairs, let body, _): pairs.forEach { visit($0.1) }; visitNodes(body)
                case .scope(let body, let setting, _): setting.map(visit); visitNodes(body)
                case .block(_, _, let body, _): visitNodes(body)
                case .load(let statement, _): visit(statement.template)
                }
            }
        }
        visitNodes(nodes)
        if let failure { throw failure }
    }
}

/// A parsed template, ready to render any number of times.
public struct CompiledTemplate: Sendable {
    let nodes: [Node]
    let blocks: [String: [Node]]
    /// Blocks declared `required`: a child template must define them.
    let requiredBlocks: Set<String>
}

extension TemplateEnvironment {
    /// Names of the `{% block NAME ... required %}` blocks of a source.
    static func requiredBlocks(_ source: String) -> Set<String> {
        guard source.contains("required") else { return [] }
        var names = Set<String>()
        guard let tokens = try? TemplateLexer.tokenize(TemplateLexer.normalize(source)) else { return [] }
        var index = 0
        while index + 2 < tokens.count {
            if tokens[index].kind == .blockBegin, tokens[index + 1].isName("block"), tokens[index + 2].kind == .name {
                var cursor = index + 3
                while cursor < tokens.count, tokens[cursor].kind == .name {
                    if tokens[cursor].text == "required" { names.insert(tokens[index + 2].text) }
                    cursor += 1
                }
            }
            index += 1
        }
        return names
    }

    /// The template `name` names (a string, or a list of names to try in order).
    func loadTemplate(_ name: Value) throws(TemplateError) -> (name: String, template: CompiledTemplate) {
        guard let loader else { throw TemplateError("TypeError", "no loader for this environment specified") }
        let candidates: [Value]
        switch name {
        case .list(let items), .tuple(let items): candidates = items
        default: candidates = [name]
        }
        for candidate in candidates {
            if let source = loader[candidate.printed] { return (candidate.printed, try compile(source)) }
        }
        if candidates.count == 1 { throw TemplateError("TemplateNotFound", candidates[0].printed) }
        throw TemplateError("TemplatesNotFound", "Tried to load: " + Value.list(candidates).repr)
    }
}
