/// The template engine's entry point: Jinja2's default `Environment()`, with its filters, tests
/// and globals, plus whatever the host registers.
public final class TemplateEnvironment: @unchecked Sendable {
    public typealias Filter = @Sendable (Value, inout CallArguments, TemplateRuntime) throws(TemplateError) -> Value
    public typealias Test = @Sendable (Value, inout CallArguments, TemplateRuntime) throws(TemplateError) -> Bool

    public var filters: [String: Filter] = BuiltinFilters.all { didSet { cachedTables = nil } }
    public var tests: [String: Test] = BuiltinTests.all { didSet { cachedTables = nil } }
    public var globals: [String: Value] = TemplateGlobals.all { didSet { cachedTables = nil } }

    /// The filters and tests indexed by interned name, and the globals keyed by it: what a
    /// render reads, so that it neither hashes nor compares text to find them. Built on first
    /// use after a change; like the tables themselves, not to be changed while another thread
    /// renders.
    typealias ResolvedTables = (filters: [ResolvedFilter?], tests: [ResolvedTest?], globals: [Int: Value])
    private var cachedTables: ResolvedTables? = nil
    /// Script lines compiled for `render(_:symbols:)`, by text.
    private var lineCache: [String: CompiledTemplate] = [:]

    var resolvedTables: ResolvedTables {
        // Names interned after the tables were built are beyond their end; the runtime looks
        // those up by text (they can only be unknown filters and tests).
        if let cachedTables { return cachedTables }
        // intern first, so that every name has its number before the tables are sized
        let filterSymbols = filters.map { (SymbolTable.intern($0.key), $0.value) }
        let testSymbols = tests.map { (SymbolTable.intern($0.key), $0.value) }
        let globalSymbols = globals.map { (SymbolTable.intern($0.key), $0.value) }
        let count = SymbolTable.count
        var resolvedFilters = [ResolvedFilter?](repeating: nil, count: count)
        for (symbol, filter) in filterSymbols { resolvedFilters[symbol] = ResolvedFilter(call: filter) }
        var resolvedTests = [ResolvedTest?](repeating: nil, count: count)
        for (symbol, test) in testSymbols { resolvedTests[symbol] = ResolvedTest(call: test) }
        let tables = (resolvedFilters, resolvedTests, Dictionary(uniqueKeysWithValues: globalSymbols))
        cachedTables = tables
        return tables
    }
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

    /// Makes the Python builtins (`len`, `int`, `sorted`, ...) globals, as dgenerate's
    /// templates see them; Jinja2's own `range` and `dict` win.
    public func installPythonBuiltins() {
        for (name, function) in PythonBuiltins.functions where globals[name] == nil {
            globals[name] = PythonBuiltins.classObject(name)
                ?? .object(FunctionObject(name, printedAs: "<built-in function \(name)>", attributeLookup: nil, function))
        }
    }

    /// A filter that passes its input as the first argument of `body`.
    static func filter(calling body: @escaping TemplateCallable.Body) -> Filter {
        { (value: Value, arguments: inout CallArguments, runtime: TemplateRuntime) throws(TemplateError) -> Value in
            var withInput = CallArguments([value] + arguments.positional, keywords: arguments.keywords)
            return try body(&withInput, runtime)
        }
    }

    /// Parses a template, checking that its filters exist (as Jinja2 does when it compiles).
    public func compile(_ source: String) throws(TemplateError) -> CompiledTemplate {
        try compile(source, lowering: true)
    }

    /// Parses a template; `lowering` also builds the lowered tree that repeated renders run
    /// faster (a template rendered once is cheaper to interpret as parsed).
    func compile(_ source: String, lowering: Bool) throws(TemplateError) -> CompiledTemplate {
        let (parsed, requiredBlocks) = try TemplateParser.parse(source)
        // Jinja2 folds each expression before it compiles it: what folding removes is never
        // checked, and what folding cannot write fails in the same walk as unknown names
        let nodes = FrameSymbols.apply(try TemplateConstantFolding(environment: self).fold(parsed), parsed: parsed)
        try checkNames(nodes)
        var blocks: [String: [Node]] = [:]
        try Self.collectBlocks(nodes, into: &blocks)
        return CompiledTemplate(nodes: nodes, parsed: parsed, lowered: lowering ? LoweredNode.lower(nodes) : nil,
                                blocks: blocks, requiredBlocks: requiredBlocks)
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

    /// Renders `source` with a context already keyed by interned names.
    package func render(_ source: String, symbols: [Int: Value]) throws(TemplateError) -> String {
        let runtime = TemplateRuntime(environment: self, context: [:])
        runtime.variables = Variables(base: symbols)
        return try runtime.renderDocument(try cachedLineTemplate(source))
    }

    /// Renders `template` with `context`, handing the output to `stream` piece by piece as
    /// Jinja2's `Template.generate()` yields it, so that a caller can act on each complete line
    /// before the rest is rendered. An error `stream` throws ends the render.
    public func render(
        _ template: CompiledTemplate, context: [String: Value] = [:], stream: (String) throws(TemplateError) -> Void
    ) throws(TemplateError) {
        try render(template, in: TemplateRuntime(environment: self, context: context), stream: stream)
    }

    private func render(
        _ template: CompiledTemplate, in runtime: TemplateRuntime, stream: (String) throws(TemplateError) -> Void
    ) throws(TemplateError) {
        try withoutActuallyEscaping(stream) { (stream) throws(TemplateError) in
            runtime.stream = stream
            defer { runtime.stream = nil }
            let rest = try runtime.renderDocument(template)
            if !rest.isEmpty { try stream(rest) }
        }
    }

    /// Renders `source` as `render(_:symbols:)` does, handing the output to `stream` piece by
    /// piece as Jinja2's `Template.stream()` yields it (each piece of a document-level output
    /// statement apart), so that the caller can act on each complete line before the rest is
    /// rendered. An error `stream` throws ends the render.
    package func render(
        _ source: String, symbols: [Int: Value], stream: (String) throws(TemplateError) -> Void
    ) throws(TemplateError) {
        let template = try cachedLineTemplate(source)
        let runtime = TemplateRuntime(environment: self, context: [:])
        runtime.variables = Variables(base: symbols)
        try render(template, in: runtime, stream: stream)
    }

    /// A script line's template, compiled once: scripts render the same lines again in loops
    /// and template blocks.
    private func cachedLineTemplate(_ source: String) throws(TemplateError) -> CompiledTemplate {
        if let cached = lineCache[source] { return cached }
        let template = try compile(source, lowering: false)
        if lineCache.count >= 1024 { lineCache.removeAll(keepingCapacity: true) }
        lineCache[source] = template
        return template
    }

    /// Renders `source` with `context`.
    public func render(_ source: String, context: [String: Value] = [:]) throws(TemplateError) -> String {
        try render(compile(source), context: context)
    }

    public func render(_ template: CompiledTemplate, context: [String: Value] = [:]) throws(TemplateError) -> String {
        let runtime = TemplateRuntime(environment: self, context: context)
        return try runtime.renderDocument(template)
    }

    /// Jinja2's compile-time check that filters and tests exist, on the folded tree (what
    /// folding removed, such as `x|nosuch` in `false and x|nosuch`, is never checked). Inside an
    /// `{% if %}` (test, branches) and an inline `if` expression the check is soft, as in Jinja2:
    /// the name is only looked up when it is used, and fails then (`No filter named 'x' found.`).
    /// Statements with a scope of their own (loops, macros, blocks, `with`, ...) check strictly again.
    private func checkNames(_ nodes: [Node], soft: Bool = false) throws(TemplateError) {
        func visit(_ expr: Expr, soft: Bool) throws(TemplateError) {
            if case .failing(let error, true, _, _) = expr { throw error }
            let childrenSoft: Bool
            if case .condition = expr { childrenSoft = true } else { childrenSoft = soft }
            // Jinja2 checks a filter's or test's name before what it applies to
            if !soft {
                switch expr {
                case .filter(_, let name, _, let line) where filters[name.text] == nil:
                    throw TemplateError("TemplateAssertionError", "No filter named \(PythonString.repr(name.text)).", line: line)
                case .test(_, let name, _, let line) where tests[name.text] == nil:
                    throw TemplateError("TemplateAssertionError", "No test named \(PythonString.repr(name.text)).", line: line)
                default: break
                }
            }
            for child in expr.children { try visit(child, soft: childrenSoft) }
        }
        for node in nodes {
            if case .ifBlock = node {
                for expr in node.expressions { try visit(expr, soft: true) }
                for body in node.bodies { try checkNames(body, soft: true) }
                continue
            }
            if case .forLoop(_, let iterable, _, _, let filter, let recursive, _) = node {
                // Jinja2 compiles the loop's condition first (strict: it belongs to the loop's
                // scope), then the iterable, the body; a recursive loop's iterable comes last
                if let filter { try visit(filter, soft: false) }
                if !recursive { try visit(iterable, soft: soft) }
                for body in node.bodies { try checkNames(body, soft: false) }
                if recursive { try visit(iterable, soft: soft) }
                continue
            }
            for expr in node.expressions { try visit(expr, soft: soft) }
            for body in node.bodies { try checkNames(body, soft: false) }
        }
    }
}

/// A filter in a struct: an array of structs stores the closure as it is, where an array of
/// closures would store it generically and call it through conversion thunks.
struct ResolvedFilter {
    package let call: TemplateEnvironment.Filter
}

/// A test, stored like `ResolvedFilter`.
struct ResolvedTest {
    package let call: TemplateEnvironment.Test
}

/// A parsed template, ready to render any number of times.
public struct CompiledTemplate: Sendable {
    let nodes: [Node]
    /// `nodes` lowered for repeated rendering; nil when the template was parsed to render once.
    private let loweredNodes: [LoweredNode]?
    let blocks: [String: [Node]]
    /// Blocks declared `required`: a child template must define them.
    let requiredBlocks: Set<String>

    /// Names the template level assigns before reading them: undefined until assigned,
    /// whatever the context holds (`TemplateLevelNames`).
    let assignedFirst: [Name]

    /// The number of the stand-in Jinja2's generated code defines for each filter (`f:NAME`)
    /// and test (`t:NAME`) the template level uses: `t_N` in `root.<locals>.t_N()`.
    let dependencyNumbers: [String: Int]

    /// - Parameter parsed: the tree before folding, whose names Jinja2 analyses and whose
    ///   filters and tests it numbers (what folding removes still counts).
    init(nodes: [Node], parsed: [Node]? = nil, lowered: [LoweredNode]?, blocks: [String: [Node]], requiredBlocks: Set<String>) {
        self.assignedFirst = TemplateLevelNames.assignedFirst(parsed ?? nodes).map { Name($0) }
        self.dependencyNumbers = Self.numberDependencies(parsed ?? nodes)
        self.nodes = nodes
        self.loweredNodes = lowered
        self.blocks = blocks
        self.requiredBlocks = requiredBlocks
    }

    /// Jinja2's `pull_dependencies` for the root function: the filters used outside blocks in
    /// name order, then the tests, numbered from 1.
    static func numberDependencies(_ nodes: [Node]) -> [String: Int] {
        var filters: Set<String> = [], tests: Set<String> = []
        func visit(_ expr: Expr) {
            if case .filter(_, let name, _, _) = expr { filters.insert(name.text) }
            if case .test(_, let name, _, _) = expr { tests.insert(name.text) }
            expr.children.forEach(visit)
        }
        func visit(_ nodes: [Node]) {
            for node in nodes {
                if case .block = node { continue }
                node.expressions.forEach(visit)
                node.bodies.forEach(visit)
            }
        }
        visit(nodes)
        var numbers: [String: Int] = [:]
        for (index, key) in (filters.sorted().map { "f:" + $0 } + tests.sorted().map { "t:" + $0 }).enumerated() {
            numbers[key] = index + 1
        }
        return numbers
    }

    /// The top-level statements in the form that renders them: lowered when built so, else
    /// each statement run by the runtime's interpreter.
    var lowered: [LoweredNode] { loweredNodes ?? nodes.map(LoweredNode.interpreted) }

    var loweredIfBuilt: [LoweredNode]? { loweredNodes }
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
