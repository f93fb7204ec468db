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
        let (nodes, requiredBlocks) = try TemplateParser.parse(source)
        try checkNames(nodes)
        var blocks: [String: [Node]] = [:]
        try Self.collectBlocks(nodes, into: &blocks)
        return CompiledTemplate(nodes: nodes, blocks: blocks, requiredBlocks: requiredBlocks)
    }

    /// The template's `{% block %}`s by name; a name used twice is an error, as in Jinja2.
    /// Blocks inside macros and call blocks belong to those, not to the template.
    static func collectBlocks(_ nodes: [Node], into blocks: inout [String: [Node]]) throws(TemplateError) {
        for node in nodes {
            switch node {
            case .macro, .callBlock: continue
            case .block(let name, _, let body, let line):
                if blocks[name] != nil {
                    throw TemplateError("TemplateAssertionError", "block \(PythonString.repr(name)) defined twice", line: line)
                }
                blocks[name] = body
            default: break
            }
            for body in node.bodies { try collectBlocks(body, into: &blocks) }
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

    /// Unknown filters and tests are compile-time errors in Jinja2, except inside `if` bodies,
    /// which it checks only when they run.
    private func checkNames(_ nodes: [Node]) throws(TemplateError) {
        func visit(_ expr: Expr) throws(TemplateError) {
            for child in expr.children { try visit(child) }
            switch expr {
            case .filter(_, let name, _, let line) where filters[name] == nil:
                throw TemplateError("TemplateAssertionError", "No filter named \(PythonString.repr(name)).", line: line)
            case .test(_, let name, _, let line) where tests[name] == nil:
                throw TemplateError("TemplateAssertionError", "No test named \(PythonString.repr(name)).", line: line)
            default: break
            }
        }
        for node in nodes {
            for expr in node.expressions { try visit(expr) }
            if case .ifBlock = node { continue }
            for body in node.bodies { try checkNames(body) }
        }
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
