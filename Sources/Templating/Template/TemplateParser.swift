/// Jinja2's parser: statements (this file) and expressions (`TemplateParser+Expressions.swift`),
/// one method per rule as in `jinja2/parser.py`, with the same error messages.
struct TemplateParser {
    var tokens: [TemplateToken]
    package var position = 0
    var tagStack: [String] = []
    var endTokenStack: [[String]] = []
    /// How deep the tree being built is (nested tags, brackets, operands and operator chains);
    /// bounded so that deeply nested input gives an error instead of exhausting the stack.
    var depth = 0
    /// Jinja2 itself stops far earlier (Python's recursion limit), so this rejects nothing it
    /// accepts.
    static let maximumDepth = 200

    /// Counts `levels` more levels of nesting; fails past the limit.
    mutating func enter(_ levels: Int = 1) throws(TemplateError) {
        depth += levels
        if depth > Self.maximumDepth {
            throw fail("template nested too deeply (more than \(Self.maximumDepth) levels of tags, brackets or operators)")
        }
    }

    init(tokens: [TemplateToken]) { self.tokens = tokens }

    /// Names of the blocks declared `{% block NAME required %}`.
    var requiredBlocks: Set<String> = []

    static func parse(_ source: String) throws(TemplateError) -> (nodes: [Node], requiredBlocks: Set<String>) {
        var parser = TemplateParser(tokens: try TemplateLexer.tokenize(TemplateLexer.normalize(source)))
        let nodes = try parser.subparse(nil)
        return (nodes, parser.requiredBlocks)
    }

    var current: TemplateToken { tokens[position] }
    func look() -> TemplateToken { tokens[min(position + 1, tokens.count - 1)] }

    @discardableResult
    mutating func next() -> TemplateToken {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    /// `test("name:x")` or a token type.
    func test(_ token: TemplateToken, _ expr: String) -> Bool {
        if expr.hasPrefix("name:") { return token.kind == .name && token.text == expr.dropFirst(5) }
        return token.kind.rawValue == expr
    }

    mutating func skipIf(_ expr: String) -> Bool {
        if test(current, expr) {
            next()
            return true
        }
        return false
    }

    static func describe(_ expr: String) -> String {
        if expr.hasPrefix("name:") { return String(expr.dropFirst(5)) }
        return TemplateToken.Kind(rawValue: expr)?.description ?? expr
    }

    @discardableResult
    mutating func expect(_ expr: String) throws(TemplateError) -> TemplateToken {
        guard test(current, expr) else {
            let described = Self.describe(expr)
            if current.kind == .eof {
                throw .syntax("unexpected end of template, expected \(PythonString.repr(described)).", line: current.line, range: current.range)
            }
            throw .syntax("expected token \(PythonString.repr(described)), got \(PythonString.repr(current.description))", line: current.line, range: current.range)
        }
        return next()
    }

    /// A syntax error at the current token (or on `line`, when the error names another line).
    func fail(_ message: String, line: Int? = nil) -> TemplateError {
        guard let line, line != current.line else { return .syntax(message, line: current.line, range: current.range) }
        return .syntax(message, line: line)
    }

    /// "Encountered unknown tag" / "Unexpected end of template" with Jinja2's hints.
    func failUnknownTagOrEOF(_ name: String?, _ stack: [[String]], line: Int) -> TemplateError {
        var expected = Set<String>()
        for exprs in stack { for expr in exprs { expected.insert(Self.describe(expr)) } }
        let looking = stack.last.map { $0.map { PythonString.repr(Self.describe($0)) }.joined(separator: " or ") }
        var message = [name == nil ? "Unexpected end of template." : "Encountered unknown tag \(PythonString.repr(name!))."]
        if let looking {
            if let name, expected.contains(name) {
                message.append("You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for \(looking).")
            } else {
                message.append("Jinja was looking for the following tags: \(looking).")
            }
        }
        if let innermost = tagStack.last {
            message.append("The innermost block that needs to be closed is \(PythonString.repr(innermost)).")
        }
        return fail(message.joined(separator: " "), line: line)
    }

    mutating func subparse(_ endTokens: [String]?) throws(TemplateError) -> [Node] {
        var body: [Node] = []
        var data: [OutputPiece] = []
        var dataLine = 0
        if let endTokens { endTokenStack.append(endTokens) }
        defer { if endTokens != nil { endTokenStack.removeLast() } }
        func flush() {
            if !data.isEmpty {
                body.append(.output(data, line: dataLine))
                data = []
            }
        }
        while current.kind != .eof {
            let token = current
            switch token.kind {
            case .data:
                if data.isEmpty { dataLine = token.line }
                data.append(.data(token.text))
                next()
            case .variableBegin:
                next()
                if data.isEmpty { dataLine = token.line }
                data.append(.expression(try parseTuple(withCondition: true)))
                try expect("variable_end")
            case .blockBegin:
                flush()
                next()
                if let endTokens, endTokens.contains(where: { test(current, $0) }) { return body }
                body.append(contentsOf: try parseStatement())
                try expect("block_end")
            default:
                throw fail("internal parsing error")
            }
        }
        flush()
        return body
    }

    mutating func parseStatements(_ endTokens: [String], dropNeedle: Bool = false) throws(TemplateError) -> [Node] {
        _ = skipIf("colon")
        try expect("block_end")
        let result = try subparse(endTokens)
        if current.kind == .eof {
            throw failUnknownTagOrEOF(nil, endTokenStack + [endTokens], line: current.line)
        }
        if dropNeedle { next() }
        return result
    }

    static let statementKeywords: Set<String> = [
        "for", "if", "block", "extends", "print", "macro", "include", "from", "import", "set", "with", "autoescape",
    ]

    mutating func parseStatement() throws(TemplateError) -> [Node] {
        try enter()
        defer { depth -= 1 }
        let token = current
        guard token.kind == .name else { throw fail("tag name expected", line: token.line) }
        tagStack.append(token.text)
        var popTag = true
        defer { if popTag { tagStack.removeLast() } }
        switch token.text {
        case "for": return [try parseFor()]
        case "if": return [try parseIf()]
        case "set": return [try parseSet()]
        case "with": return [try parseWith()]
        case "autoescape":
            let line = next().line
            let setting = try parseExpression()
            return [.scope(try parseStatements(["name:endautoescape"], dropNeedle: true), autoescape: setting, line: line)]
        case "block": return [try parseBlock()]
        case "macro": return [try parseMacro()]
        case "call": return [try parseCallBlock()]
        case "filter": return [try parseFilterBlock()]
        case "print":
            let line = next().line
            var pieces: [OutputPiece] = []
            while current.kind != .blockEnd {
                if !pieces.isEmpty { try expect("comma") }
                pieces.append(.expression(try parseExpression()))
            }
            return [.output(pieces, line: line)]
        case "extends", "include", "import", "from":
            return [try parseLoad(token.text)]
        default:
            tagStack.removeLast()
            popTag = false
            throw failUnknownTagOrEOF(token.text, endTokenStack, line: token.line)
        }
    }

    mutating func parseFor() throws(TemplateError) -> Node {
        let line = try expect("name:for").line
        let target = try parseAssignTarget(extraEndRules: ["name:in"])
        try expect("name:in")
        let iterable = try parseTuple(withCondition: false, extraEndRules: ["name:recursive"])
        var filter: Expr? = nil
        if skipIf("name:if") { filter = try parseExpression() }
        let recursive = skipIf("name:recursive")
        let body = try parseStatements(["name:endfor", "name:else"])
        var otherwise: [Node] = []
        if next().text != "endfor" {
            otherwise = try parseStatements(["name:endfor"], dropNeedle: true)
        }
        return .forLoop(target: target, iterable: iterable, body: body, otherwise: otherwise, filter: filter, recursive: recursive, line: line)
    }

    mutating func parseIf() throws(TemplateError) -> Node {
        let line = try expect("name:if").line
        var branches: [(Expr, [Node])] = []
        var otherwise: [Node] = []
        while true {
            let test = try parseTuple(withCondition: false)
            let body = try parseStatements(["name:elif", "name:else", "name:endif"])
            branches.append((test, body))
            let token = next()
            if token.isName("elif") { continue }
            if token.isName("else") { otherwise = try parseStatements(["name:endif"], dropNeedle: true) }
            break
        }
        return .ifBlock(branches, otherwise: otherwise, line: line)
    }

    mutating func parseSet() throws(TemplateError) -> Node {
        let line = next().line
        let target = try parseAssignTarget(withNamespace: true)
        if skipIf("assign") {
            return .assign(target, try parseTuple(), line: line)
        }
        let filter = try parseFilter(nil)
        let body = try parseStatements(["name:endset"], dropNeedle: true)
        return .assignBlock(target, filter: filter, body: body, line: line)
    }

    mutating func parseWith() throws(TemplateError) -> Node {
        let line = next().line
        var pairs: [(Expr, Expr)] = []
        while current.kind != .blockEnd {
            if !pairs.isEmpty { try expect("comma") }
            let target = try parseAssignTarget()
            try expect("assign")
            pairs.append((target, try parseExpression()))
        }
        return .with(pairs, body: try parseStatements(["name:endwith"], dropNeedle: true), line: line)
    }

    mutating func parseBlock() throws(TemplateError) -> Node {
        let line = next().line
        let name = try expect("name").text
        let scoped = skipIf("name:scoped")
        if skipIf("name:required") { requiredBlocks.insert(name) }
        if current.kind == .sub {
            throw fail("Block names in Jinja have to be valid Python identifiers and may not contain hyphens, use an underscore instead.")
        }
        let body = try parseStatements(["name:endblock"], dropNeedle: true)
        _ = skipIf("name:" + name)
        return .block(name, scoped: scoped, body: body, line: line)
    }

    /// `with context` / `without context` after an include or import.
    mutating func parseImportContext(_ defaultValue: Bool) -> Bool {
        if (current.isName("with") || current.isName("without")) && look().isName("context") {
            let with = next().text == "with"
            next()
            return with
        }
        return defaultValue
    }

    mutating func parseLoad(_ kind: String) throws(TemplateError) -> Node {
        let line = next().line
        let template = try parseExpression()
        switch kind {
        case "extends":
            return .load(LoadStatement(kind: .extends, template: template, withContext: true), line: line)
        case "include":
            var ignoreMissing = false
            if current.isName("ignore") && look().isName("missing") {
                ignoreMissing = true
                next()
                next()
            }
            let withContext = parseImportContext(true)
            return .load(LoadStatement(kind: .include, template: template, ignoreMissing: ignoreMissing, withContext: withContext), line: line)
        case "import":
            try expect("name:as")
            let target = try expect("name").text
            let withContext = parseImportContext(false)
            return .load(LoadStatement(kind: .importAs(target), template: template, withContext: withContext), line: line)
        default:
            try expect("name:import")
            var names: [(String, String)] = []
            var withContext = false
            while true {
                if !names.isEmpty { try expect("comma") }
                if current.kind == .name {
                    if (current.isName("with") || current.isName("without")) && look().isName("context") {
                        withContext = parseImportContext(false)
                        break
                    }
                    let nameToken = try expect("name")
                    if nameToken.text.hasPrefix("_") {
                        throw TemplateError("TemplateAssertionError", "names starting with an underline can not be imported", line: nameToken.line)
                    }
                    var alias = nameToken.text
                    if skipIf("name:as") { alias = try expect("name").text }
                    names.append((nameToken.text, alias))
                    if (current.isName("with") || current.isName("without")) && look().isName("context") {
                        withContext = parseImportContext(false)
                        break
                    }
                    if current.kind != .comma { break }
                } else {
                    try expect("name")
                }
            }
            return .load(LoadStatement(kind: .fromImport(names), template: template, withContext: withContext), line: line)
        }
    }

    mutating func parseSignature() throws(TemplateError) -> Signature {
        var signature = Signature()
        try expect("lparen")
        while current.kind != .rparen {
            if !signature.names.isEmpty { try expect("comma") }
            let name = try expect("name").text
            if skipIf("assign") {
                signature.defaults.append(try parseExpression())
            } else if !signature.defaults.isEmpty {
                throw fail("non-default argument follows default argument")
            }
            signature.names.append(name)
        }
        try expect("rparen")
        return signature
    }

    mutating func parseCallBlock() throws(TemplateError) -> Node {
        let line = next().line
        let signature = current.kind == .lparen ? try parseSignature() : Signature()
        let call = try parseExpression()
        guard case .call = call else { throw fail("expected call", line: line) }
        return .callBlock(call, signature, body: try parseStatements(["name:endcall"], dropNeedle: true), line: line)
    }

    mutating func parseFilterBlock() throws(TemplateError) -> Node {
        let line = next().line
        let filter = try parseFilter(nil, startInline: true)!
        return .filterBlock(filter, body: try parseStatements(["name:endfilter"], dropNeedle: true), line: line)
    }

    mutating func parseMacro() throws(TemplateError) -> Node {
        let line = next().line
        let name = try expect("name").text
        let signature = try parseSignature()
        return .macro(name, signature, body: try parseStatements(["name:endmacro"], dropNeedle: true), line: line)
    }

    mutating func parseAssignTarget(
        withTuple: Bool = true, extraEndRules: [String]? = nil, withNamespace: Bool = false
    ) throws(TemplateError) -> Expr {
        let target = withTuple
            ? try parseTuple(simplified: true, extraEndRules: extraEndRules, withNamespace: withNamespace)
            : try parsePrimary(withNamespace: withNamespace)
        guard target.canAssign else {
            throw fail("can't assign to \(PythonString.repr(target.nodeName))", line: target.line)
        }
        return target
    }
}
