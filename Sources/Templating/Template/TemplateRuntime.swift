/// Renders parsed templates: variable scopes, statements, and expression evaluation.
///
/// One runtime renders one template at a time; macros and loops it creates call back into it.
public final class TemplateRuntime: @unchecked Sendable {
    /// The variables in scope; the template level holds the render context.
    var variables: Variables
    let environment: TemplateEnvironment
    /// How deep macro calls and recursive loops are nested, to fail cleanly instead of crashing.
    var depth = 0
    static let maximumDepth = 500
    static let loopSymbol = SymbolTable.intern("loop")
    /// Whether `{{ }}` output is HTML-escaped (`{% autoescape true %}`); off by default, as in
    /// Jinja2's default environment.
    var autoescape = false
    /// Each block's definitions, most derived first (a child template's, then its parents'), for
    /// template inheritance, `super()` and `self.name()`.
    var blockChains: [String: [[Node]]] = [:]
    /// Blocks that a parent template declares `required`.
    var requiredBlocks: Set<String> = []
    /// The block being rendered and which of its definitions, for `super()`.
    var currentBlock: (name: String, level: Int)? = nil
    /// Set by `{% extends %}`: the parent to render once this template's top level has run.
    var parentTemplate: CompiledTemplate? = nil
    /// After `{% extends %}`, a template's own output is dropped.
    var discardOutput = false
    /// Runtimes of imported templates, kept alive for their macros.
    var modules: [TemplateRuntime] = []
    /// Receives the document's output piece by piece as it is produced, when a caller streams
    /// the render (see `TemplateEnvironment.render(_:symbols:stream:)`).
    var stream: ((String) throws(TemplateError) -> Void)? = nil
    /// How many renders into a private buffer are running (macro bodies, `{% set %}` and filter
    /// blocks, `super()`, `self.name()`, recursive `loop()`): only document-level output streams,
    /// as only that is yielded piece by piece in Jinja2's generated code.
    var captureDepth = 0
    /// The template's stand-in numbers for unknown filters and tests (see `CompiledTemplate`).
    var dependencyNumbers: [String: Int] = [:]

    /// The environment's tables, copied once: they do not change during a render, and reading
    /// them here avoids the class-property access checks on every lookup.
    let filters: [ResolvedFilter?]
    let tests: [ResolvedTest?]
    let globals: [Int: Value]

    package init(environment: TemplateEnvironment, context: [String: Value]) {
        self.environment = environment
        (filters, tests, globals) = environment.resolvedTables
        variables = Variables(context)
    }

    /// The filter named `name`, from the environment's table (by text for a name interned
    /// since the render began: only an unknown filter can have one).
    func filter(named name: Name) -> TemplateEnvironment.Filter? {
        name.symbol < filters.count ? filters[name.symbol]?.call : environment.filters[name.text]
    }

    /// The test named `name`, found as `filter(named:)` finds filters.
    func test(named name: Name) -> TemplateEnvironment.Test? {
        name.symbol < tests.count ? tests[name.symbol]?.call : environment.tests[name.text]
    }

    /// The variable `name`, else the global, else undefined.
    func lookup(_ name: Name) -> Value {
        if let value = variables[name.symbol] { return value }
        return lookupSpecial(name.text, symbol: name.symbol)
    }

    func lookup(_ name: String) -> Value {
        lookup(Name(name))
    }

    /// `self`, `super` and the globals: what is not a variable.
    private func lookupSpecial(_ name: String, symbol: Int) -> Value {
        if name == "self" { return .object(TemplateReference(runtime: self)) }
        if name == "super", let (block, level) = currentBlock {
            return .object(FunctionObject("super") { [self] (_: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
                guard (blockChains[block]?.count ?? 0) > level + 1 else {
                    throw TemplateError("TemplateRuntimeError", "there is no parent block called \(PythonString.repr(block)).")
                }
                let text = try capture { (text: inout String) throws(TemplateError) in
                    try renderBlock(named: block, level: level + 1, scoped: false, into: &text)
                }
                return autoescape ? .markup(text) : .string(text)
            })
        }
        if let value = globals[symbol] { return value }
        return .undefined(name)
    }

    func assign(_ name: Name, _ value: Value) {
        variables.assign(name.symbol, value)
    }

    func assign(_ name: String, _ value: Value) {
        variables.assign(SymbolTable.intern(name), value)
    }

    func withScope<T>(_ body: () throws(TemplateError) -> T) throws(TemplateError) -> T {
        variables.pushScope()
        defer { variables.popScope() }
        return try body()
    }

    // MARK: - Statements

    func render(_ nodes: [Node], into out: inout String) throws(TemplateError) {
        for node in nodes {
            try render(node, into: &out)
            if stream != nil { try flushStream(&out) }
        }
    }

    func render(_ nodes: [Node]) throws(TemplateError) -> String {
        try capture { (out: inout String) throws(TemplateError) in try render(nodes, into: &out) }
    }

    /// Renders into a private buffer: nothing of it streams.
    func capture(_ body: (inout String) throws(TemplateError) -> Void) throws(TemplateError) -> String {
        captureDepth += 1
        defer { captureDepth -= 1 }
        var out = ""
        try body(&out)
        return out
    }

    /// Hands what the document level has produced so far to the stream, if any.
    func flushStream(_ out: inout String) throws(TemplateError) {
        guard let stream, captureDepth == 0, !out.isEmpty else { return }
        let piece = out
        out = ""
        try stream(piece)
    }

    /// Renders one statement; an error that does not say where it happened is given the line
    /// of the innermost statement it came from.
    func render(_ node: Node, into out: inout String) throws(TemplateError) {
        do {
            try renderStatement(node, into: &out)
        } catch {
            guard error.line == nil else { throw error }
            var located = error
            located.line = node.line
            throw located
        }
    }

    private func renderStatement(_ node: Node, into out: inout String) throws(TemplateError) {
        switch node {
        case .output(let pieces, _):
            if discardOutput { return }
            for piece in pieces {
                switch piece {
                case .data(let text): out += text
                case .expression(let expr):
                    do {
                        let value = try evaluate(expr)
                        try value.checkPrintable()
                        out += autoescape ? Escaping.escape(value) : value.printed
                    } catch {
                        // one output statement spans the text between tags: the expression says which line
                        guard error.line == nil else { throw error }
                        var located = error
                        located.line = expr.line
                        throw located
                    }
                }
                // Jinja2 yields each piece of an output statement apart
                if stream != nil { try flushStream(&out) }
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
            assign(name, .object(MacroObject(name: name, signature: signature, body: body, runtime: self, closure: variables)))
        case .callBlock(let call, let signature, let body, _):
            let caller = MacroObject(name: "caller", signature: signature, body: body, runtime: self, closure: variables)
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
        case .block(let name, let scoped, _, _):
            if discardOutput { return }
            try renderBlock(named: name, level: 0, scoped: scoped, into: &out)
        case .load(let statement, let line):
            try load(statement, line: line, into: &out)
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
            namespace.set(attribute, value)
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
        if let filter, !recursive, !BodyScan.mentions("loop", in: body) {
            try runLazilyFiltered(target: target, items: allItems, body: body, otherwise: otherwise, filter: filter, into: &out)
            return
        }
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
                let items = try TemplateOperators.iterate(inner)
                return try self.capture { (text: inout String) throws(TemplateError) in
                    try self.runLoop(target: target, items: items, body: body, otherwise: [],
                                     filter: filter, recursive: true, depth: depth + 1, line: line, into: &text)
                }
            }
        }
        variables.pushScope()
        defer { variables.popScope() }
        variables.assign(Self.loopSymbol, .object(loop))
        for (index, item) in items.enumerated() {
            loop.index0 = index
            // each pass starts afresh (see LoweredFor)
            variables.pushScope()
            defer { variables.popScope() }
            try assign(target, item)
            try render(body, into: &out)
        }
    }
}

extension TemplateRuntime {
    /// An unknown filter or test with keyword arguments: Jinja2's stand-in for it takes
    /// positional arguments only, so Python refuses the call before the stand-in can say the
    /// name is unknown.
    func standInRefusal(_ kind: String, _ name: Name, _ arguments: CallArguments) -> TemplateError? {
        guard let keyword = arguments.keywords.first, let number = dependencyNumbers[kind + ":" + name.text] else { return nil }
        return .type("root.<locals>.t_\(number)() got an unexpected keyword argument '\(keyword.0)'")
    }

    /// A filtered loop whose body does not read `loop`: each item is tested when the loop
    /// reaches it, as Jinja2's generator does, so the body has run for earlier items when a
    /// later item's test fails. (A body that reads `loop` may ask for its length or the next
    /// item, which needs every test done first.)
    func runLazilyFiltered(
        target: Expr, items: [Value], body: [Node], otherwise: [Node], filter: Expr, into out: inout String
    ) throws(TemplateError) {
        var ranBody = false
        for item in items {
            let keep = try withScope { () throws(TemplateError) -> Bool in
                try assign(target, item)
                return try evaluate(filter).isTruthy
            }
            guard keep else { continue }
            ranBody = true
            // each pass starts afresh (see LoweredFor)
            variables.pushScope()
            defer { variables.popScope() }
            try assign(target, item)
            try render(body, into: &out)
        }
        if !ranBody { try render(otherwise, into: &out) }
    }

    /// Renders a template with inheritance: its top level, then (if it extends another) the
    /// parent's with the child's blocks in place, up the chain.
    func renderDocument(_ template: CompiledTemplate) throws(TemplateError) -> String {
        blockChains = template.blocks.mapValues { [$0] }
        for name in template.assignedFirst { variables.base[name.symbol] = .undefined(Undefined(name: name.text)) }
        var current = template
        while true {
            parentTemplate = nil
            discardOutput = false
            dependencyNumbers = current.dependencyNumbers
            var out = ""
            // the lowered tree renders whole statements: a streamed render runs the parsed one
            if stream == nil, let lowered = current.loweredIfBuilt {
                for node in lowered { try node.render(self, into: &out) }
            } else {
                try render(current.nodes, into: &out)
            }
            guard let parent = parentTemplate else { return out }
            for (name, body) in parent.blocks { blockChains[name, default: []].append(body) }
            requiredBlocks.formUnion(parent.requiredBlocks)
            current = parent
        }
    }

    /// Renders definition `level` of a block. A block sees the template's context, not the
    /// variables of the loop it sits in, unless it is `scoped`.
    func renderBlock(named name: String, level: Int, scoped: Bool, into out: inout String) throws(TemplateError) {
        guard let chain = blockChains[name], level < chain.count else { return }
        if level == 0 && chain.count == 1 && requiredBlocks.contains(name) {
            throw TemplateError("TemplateRuntimeError", "Required block \(PythonString.repr(name)) not found")
        }
        let savedVariables = variables
        let savedBlock = currentBlock
        if !scoped { variables = Variables(base: variables.base) }
        variables.pushScope()
        currentBlock = (name, level)
        defer {
            variables = savedVariables
            currentBlock = savedBlock
        }
        try render(chain[level], into: &out)
    }

    /// All variables visible here, innermost winning, for `include` and `import ... with context`.
    var flattenedContext: [String: Value] { variables.flattened }

    func load(_ statement: LoadStatement, line: Int, into out: inout String) throws(TemplateError) {
        let name = try evaluate(statement.template)
        switch statement.kind {
        case .extends:
            if parentTemplate != nil { throw TemplateError("TemplateRuntimeError", "extended multiple times", line: line) }
            parentTemplate = try environment.loadTemplate(name).template
            discardOutput = true
        case .include:
            let loaded: CompiledTemplate
            do {
                loaded = try environment.loadTemplate(name).template
            } catch {
                if statement.ignoreMissing && (error.kind == "TemplateNotFound" || error.kind == "TemplatesNotFound") { return }
                throw error
            }
            let included = TemplateRuntime(environment: environment, context: statement.withContext ? flattenedContext : [:])
            included.autoescape = autoescape
            out += try included.renderDocument(loaded)
        case .importAs(let target):
            assign(target, .object(try importModule(name, statement.withContext)))
        case .fromImport(let names):
            let module = try importModule(name, statement.withContext)
            for (exported, alias) in names {
                assign(alias, module.exports[exported] ?? .undefined(Undefined(
                    name: nil, ownerType: nil,
                    hint: "the template \(PythonString.repr(module.name)) (imported on line \(line)) does not export the requested name \(PythonString.repr(exported))")))
            }
        }
    }

    /// Runs a template for its top-level names (its output is dropped), as Jinja2's `import`.
    func importModule(_ name: Value, _ withContext: Bool) throws(TemplateError) -> ModuleObject {
        let (loadedName, template) = try environment.loadTemplate(name)
        let module = TemplateRuntime(environment: environment, context: withContext ? flattenedContext : [:])
        let initial = Set(module.variables.base.keys)
        _ = try module.renderDocument(template)
        modules.append(module)
        var exports: [String: Value] = [:]
        for (symbol, value) in module.variables.base where !initial.contains(symbol) {
            let key = SymbolTable.name(symbol)
            if !key.hasPrefix("_") { exports[key] = value }
        }
        return ModuleObject(name: loadedName, exports: exports)
    }
}

/// An imported template: its macros and top-level variables as attributes.
final class ModuleObject: TemplateObject, @unchecked Sendable {
    let name: String
    let exports: [String: Value]
    init(name: String, exports: [String: Value]) {
        self.name = name
        self.exports = exports
    }
    var typeName: String { "TemplateModule" }
    var printed: String { "<TemplateModule \(PythonString.repr(name))>" }
    func attribute(_ attribute: String) -> Value? { exports[attribute] }
}

/// `self`: the template's blocks as callables.
final class TemplateReference: TemplateObject, @unchecked Sendable {
    unowned let runtime: TemplateRuntime
    init(runtime: TemplateRuntime) { self.runtime = runtime }
    var typeName: String { "jinja2.runtime.TemplateReference" }
    var printed: String { "<TemplateReference None>" }
    func attribute(_ name: String) -> Value? {
        guard runtime.blockChains[name] != nil else { return nil }
        return .object(FunctionObject(name) { [runtime] (_: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            let text = try runtime.capture { (text: inout String) throws(TemplateError) in
                try runtime.renderBlock(named: name, level: 0, scoped: false, into: &text)
            }
            return runtime.autoescape ? .markup(text) : .string(text)
        })
    }
}
