import BigInt
import Templating

/// The syntax tree of a `\setp` program: statements (`a = 5; a * 2`) and expressions.
package indirect enum PyExpr {
    case constant(Value)
    case name(String)
    case tuple([PyExpr])
    case list([PyExpr])
    case set([PyExpr])
    case dict([(PyExpr, PyExpr)])
    case unary(String, PyExpr)
    case binary(String, PyExpr, PyExpr)
    case boolean(isAnd: Bool, [PyExpr])
    case compare(PyExpr, [(String, PyExpr)])
    case condition(PyExpr, then: PyExpr, otherwise: PyExpr)
    case attribute(PyExpr, String)
    case index(PyExpr, PyExpr)
    case slice(PyExpr?, PyExpr?, PyExpr?)
    case call(PyExpr, [PyExpr], [(String?, PyExpr)], star: PyExpr?)
    /// A comprehension: kind is "list", "set" or "dict"; element (and value for dicts).
    case comprehension(kind: String, PyExpr, PyExpr?, [(target: PyExpr, iterable: PyExpr, conditions: [PyExpr])])
    /// A node with its column (UTF-8 bytes into its line, as Python's `col_offset`): errors
    /// raised inside it point there.
    case located(Int, PyExpr)
    /// `*x` in a list or call, which the reference's evaluator rejects.
    case starred(PyExpr)
    /// Valid Python the reference's evaluator refuses when it reaches it (`lambda`):
    /// evaluating it raises `NotImplementedError` with this message.
    case unsupported(String)
    /// A generator expression, which the reference's evaluator refuses when it reaches it,
    /// without pointing at it.
    case generator
}

package enum PyStatement {
    case expression(PyExpr)
    case assign([PyExpr], PyExpr)
    /// `x += 1`: parsed so that the reference's "not supported" error can point at it.
    case augmentedAssign(column: Int)
    /// Valid Python the reference's evaluator refuses when it reaches it (`del`, `return`):
    /// running it raises this error, located at the statement when there is a column.
    case failing(column: Int?, kind: String, message: String)
    /// `break` and `continue` outside a loop: the reference's evaluator hands back the
    /// statement object itself.
    case interrupt(String)
    /// `pass`: evaluates to None.
    case pass
}

package struct PythonExpressionParser {
    var tokens: [PythonToken]
    var position = 0
    /// UTF-8 column of each scalar offset, for `col_offset`.
    var columns: [Int] = []
    /// How deeply expressions nest here; Python's parser stops at 200 levels.
    var depth = 0
    static let maximumDepth = 200

    mutating func enter() throws(PythonSyntaxError) {
        depth += 1
        if depth > Self.maximumDepth { throw PythonSyntaxError(message: "too many nested parentheses") }
    }

    /// Python's second pass: after a plain "invalid syntax", the source is parsed again with
    /// the checks that name the mistake (a missing comma, an `if` without `else`).
    var secondPass = false
    /// Python's PEG parser backs off a part that does not parse in every pass; this parser
    /// does so in the second pass, and in the probes of that pass that read an expression
    /// without the naming checks (`expression_without_invalid`).
    var backtracking = false

    package static func parse(_ source: String) throws(PythonSyntaxError) -> [PyStatement] {
        let tokens = try PythonExpressionLexer.tokenize(source)
        let failure = tokens.firstIndex { $0.kind == .failure }
        var reached = 0
        do throws(PythonSyntaxError) {
            return try parse(source, tokens, secondPass: false, reached: &reached)
        } catch {
            // the tokenizer's refusal, when the parser got as far as asking for that token
            if let failure, reached >= failure { throw PythonSyntaxError(message: tokens[failure].text) }
            guard error.message == "invalid syntax" && error.kind == "SyntaxError" else { throw error }
            do throws(PythonSyntaxError) {
                _ = try parse(source, tokens, secondPass: true, reached: &reached)
            } catch where error.message != "invalid syntax" {
                throw error
            } catch {}
            throw error
        }
    }

    package static func parse(_ source: String, _ tokens: [PythonToken], secondPass: Bool, reached: inout Int) throws(PythonSyntaxError) -> [PyStatement] {
        var parser = PythonExpressionParser(tokens: tokens)
        parser.secondPass = secondPass
        defer { reached = parser.position }
        var column = 0
        for scalar in source.unicodeScalars {
            parser.columns.append(column)
            column = scalar == "\n" ? 0 : column + String(scalar).utf8.count
        }
        parser.columns.append(column)
        if let first = parser.tokens.first, first.kind != .end, first.offset > 0,
           source.unicodeScalars.first.map({ $0 == " " || $0 == "\t" }) == true {
            throw PythonSyntaxError(message: "unexpected indent")
        }
        var statements: [PyStatement] = []
        while parser.current.kind != .end {
            if parser.current.kind == .newline { parser.position += 1; continue }
            statements.append(try parser.statement())
            // a `;` ends a statement; one with no statement before it is not Python
            if parser.isOp(";") { parser.position += 1; continue }
            guard parser.current.kind == .end || parser.current.kind == .newline else {
                throw PythonSyntaxError(message: "invalid syntax")
            }
        }
        return statements
    }

    var current: PythonToken { tokens[position] }
    func isOp(_ text: String) -> Bool { current.kind == .op && current.text == text }
    func isName(_ text: String) -> Bool { current.kind == .name && current.text == text }

    mutating func expect(_ text: String) throws(PythonSyntaxError) {
        guard isOp(text) else { throw PythonSyntaxError(message: "invalid syntax") }
        position += 1
    }

    /// The closing bracket of one `opened` before: Python names the bracket when the input
    /// ends without it.
    mutating func close(_ bracket: String, opened: String) throws(PythonSyntaxError) {
        guard isOp(bracket) else {
            throw PythonSyntaxError(message: current.kind == .end ? "'\(opened)' was never closed" : "invalid syntax")
        }
        position += 1
    }

    /// The items after `first` of a display closed by `bracket` (a trailing comma allowed).
    mutating func items(after first: PyExpr, until bracket: String) throws(PythonSyntaxError) -> [PyExpr] {
        var items = [first]
        while isOp(",") {
            position += 1
            if isOp(bracket) { break }
            items.append(try starredOrExpression())
        }
        return items
    }

    /// The `key: value` and `**mapping` pairs after the first of a dict display (the
    /// reference's evaluator files `**mapping` under the key None).
    mutating func morePairs(_ pairs: inout [(PyExpr, PyExpr)]) throws(PythonSyntaxError) {
        while isOp(",") {
            position += 1
            if isOp("}") { break }
            if isOp("**") {
                position += 1
                pairs.append((.constant(.none), try bitOr()))
                continue
            }
            let key = try expression()
            try expect(":")
            pairs.append((key, try expression()))
        }
    }

    static let unsupportedStatements: [String: String] = [
        "import": "Import not supported", "from": "ImportFrom not supported", "def": "FunctionDef not supported",
        "class": "'classdef'", "if": "If not supported", "for": "For not supported", "while": "While not supported",
        "with": "With not supported", "try": "Try not supported", "raise": "Raise not supported",
        "assert": "Assert not supported", "del": "Delete not supported", "global": "'global'", "nonlocal": "'nonlocal'",
        "yield": "'yield'", "await": "'await'", "async": "'asyncfunctiondef'", "return": "", "match": "'match'",
    ]

    /// Statements with a block: without a `:` they are not Python at all.
    static let compoundStatements: Set<String> = ["def", "class", "if", "for", "while", "with", "try", "async"]

    func column(of token: PythonToken) -> Int { token.offset < columns.count ? columns[token.offset] : 0 }

    mutating func statement() throws(PythonSyntaxError) -> PyStatement {
        let start = current
        if isName("pass") {
            position += 1
            return .pass
        }
        if isName("break") || isName("continue") {
            position += 1
            return .interrupt(start.text == "break" ? "Break" : "Continue")
        }
        if isName("return") {
            position += 1
            if startsExpression() { _ = try tupleExpression() }
            return .failing(column: nil, kind: "SyntaxError", message: "cannot return at top level")
        }
        if isName("del") {
            position += 1
            guard startsExpression() else { throw PythonSyntaxError(message: "invalid syntax") }
            if let name = Self.invalidDeleteTargetName(try tupleExpression()) { throw PythonSyntaxError(message: "cannot delete \(name)") }
            return .failing(column: column(of: start), kind: "NotImplementedError", message: "Delete not supported")
        }
        // statements the reference's evaluator does not run, with its messages
        if current.kind == .name, let message = Self.unsupportedStatements[current.text],
           !(current.text == "match" && tokens[position + 1].kind != .name && tokens[position + 1].kind != .number) {
            // Python's parser rejects a bare keyword before the evaluator sees anything
            let next = tokens[position + 1]
            if next.kind == .end || next.kind == .newline || (next.kind == .op && next.text == ";") {
                if !["raise", "pass"].contains(current.text) { throw PythonSyntaxError(message: "invalid syntax") }
            }
            if Self.compoundStatements.contains(current.text),
               !tokens[position...].prefix(while: { $0.kind != .newline && $0.kind != .end }).contains(where: { $0.kind == .op && $0.text == ":" }) {
                throw PythonSyntaxError(message: "invalid syntax")
            }
            throw PythonSyntaxError.notImplemented(message)
        }
        let first = try tupleExpression()
        if isOp("=") {
            let parenthesizedTuple = start.kind == .op && start.text == "(" && position > 0
                && tokens[position - 1].kind == .op && tokens[position - 1].text == ")"
            var targets = [first]
            var value = first
            while isOp("=") {
                position += 1
                value = try tupleExpression()
                targets.append(value)
            }
            targets.removeLast()
            if let error = assignmentTargetError(targets, parenthesizedTuple: parenthesizedTuple) { throw error }
            return .assign(targets, value)
        }
        if current.kind == .op && ["+=", "-=", "*=", "/=", "//=", "%=", "**=", "&=", "|=", "^=", ">>=", "<<=", "@="].contains(current.text) {
            position += 1
            _ = try tupleExpression()
            if let name = Self.invalidAugmentedTargetName(first) {
                throw PythonSyntaxError(message: "'\(name)' is an illegal expression for augmented assignment")
            }
            return .augmentedAssign(column: column(of: start))
        }
        return .expression(first)
    }

    /// Expressions separated by commas: a tuple when there is a comma.
    mutating func tupleExpression() throws(PythonSyntaxError) -> PyExpr {
        let start = column(of: current)
        let first = try starredOrExpression()
        guard isOp(",") else { return first }
        var items = [first]
        while isOp(",") {
            position += 1
            if startsExpression() { items.append(try starredOrExpression()) } else { break }
        }
        return .located(start, .tuple(items))
    }

    func startsExpression() -> Bool {
        switch current.kind {
        case .name: return !["else", "for", "if", "in"].contains(current.text)
        case .number, .string, .bytes: return true
        case .op: return ["(", "[", "{", "-", "+", "~", "*", "..."].contains(current.text)
        default: return false
        }
    }

    mutating func expression() throws(PythonSyntaxError) -> PyExpr {
        try enter()
        defer { depth -= 1 }
        if isName("lambda") {
            // parsed (so that later syntax errors still win), refused when evaluated
            let start = current
            position += 1
            try lambdaParameters()
            _ = try expression()
            return .located(column(of: start), .unsupported("Lambda not supported"))
        }
        let first = current
        let start = position
        let value = try orExpression()
        if secondPass {
            try checkAfterDisjunction(startingWith: first)
            try checkLegacyCall(at: start)
        }
        if isName("if") {
            // where the parser backs off, a conditional that does not complete leaves the
            // disjunction standing alone
            let conditional = try backingOff { (p: inout PythonExpressionParser) throws(PythonSyntaxError) -> PyExpr in
                p.position += 1
                let test = try p.orExpression()
                guard p.isName("else") else { throw PythonSyntaxError(message: "invalid syntax") }
                p.position += 1
                return .located(p.column(of: first), .condition(test, then: value, otherwise: try p.expression()))
            }
            return conditional ?? value
        }
        if isOp(":=") { throw PythonSyntaxError.notImplemented("'namedexpr'") }
        return value
    }

    /// Python's `invalid_expression` checks, after the disjunction that began with `first`: another
    /// expression right after it inside brackets is a missing comma; `a if b` not followed by
    /// `else` (or `:`) is an `if` without `else`.
    /// Python's keywords, which its grammar never reads as a NAME.
    static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]

    private mutating func checkAfterDisjunction(startingWith first: PythonToken) throws(PythonSyntaxError) {
        let saved = position
        defer { position = saved }
        let firstIndex = tokens.firstIndex { $0.offset == first.offset && $0.kind == first.kind } ?? saved
        // (a keyword such as `not` is not a NAME to this lookahead)
        let startsWithNameAndString = first.kind == .name && !Self.keywords.contains(first.text)
            && tokens.indices.contains(firstIndex + 1) && tokens[firstIndex + 1].kind == .string
        let softKeyword = first.kind == .name && ["match", "case", "_"].contains(first.text)
        if !startsWithNameAndString, !softKeyword, startsExpression() || isName("lambda") || isName("not") {
            var probe = self
            probe.secondPass = false
            probe.backtracking = true
            let parsed = (try? probe.expression()) != nil
            // reading that expression asked the tokenizer for the token after it: its refusal wins
            if tokens.indices.contains(probe.position), tokens[probe.position].kind == .failure {
                throw PythonSyntaxError(message: tokens[probe.position].text)
            }
            if parsed, probe.position > 0, tokens[probe.position - 1].level > 0,
               !(first.kind == .name && ["print", "exec"].contains(first.text) && firstIndex + 1 == saved) {
                throw PythonSyntaxError(message: "invalid syntax. Perhaps you forgot a comma?")
            }
        }
        guard isName("if") else { return }
        position += 1
        do throws(PythonSyntaxError) {
            _ = try orExpression()
        } catch where error.message != "invalid syntax" {
            throw error
        } catch {
            // nothing after `if` reads as a condition: this check does not apply
            return
        }
        if !isName("else") && !isOp(":") { throw PythonSyntaxError(message: "expected 'else' after 'if' expression") }
    }

    /// Python's `invalid_legacy_expression`: `print` or `exec` followed, without a `(`, by
    /// something that reads as an expression is a Python 2 statement.
    private mutating func checkLegacyCall(at start: Int) throws(PythonSyntaxError) {
        let name = tokens[start]
        guard name.kind == .name, name.text == "print" || name.text == "exec" else { return }
        let saved = position
        defer { position = saved }
        position = start + 1
        guard !isOp("(") else { return }
        // the rest is read as Python reads it in this pass: a part that does not parse is left
        // over, and a mistake the pass names is raised
        var probe = self
        do throws(PythonSyntaxError) {
            // star_expression: `*` with a bitwise-or operand, or an expression
            if probe.isOp("*") {
                probe.position += 1
                _ = try probe.bitOr()
            } else {
                _ = try probe.expression()
            }
        } catch where error.message != "invalid syntax" {
            throw error
        } catch {
            return
        }
        throw PythonSyntaxError(message: "Missing parentheses in call to '\(name.text)'. Did you mean \(name.text)(...)?")
    }

    /// In the second pass, Python's parser backs off a part that does not parse (`1 - not 1`
    /// reads as `1` followed by the rest): `body` runs from here, and on a plain syntax error
    /// the position goes back and nil comes out. In the first pass errors pass through.
    mutating func backingOff<T>(_ body: (inout PythonExpressionParser) throws(PythonSyntaxError) -> T) throws(PythonSyntaxError) -> T? {
        let saved = position, savedDepth = depth
        do throws(PythonSyntaxError) {
            return try body(&self)
        } catch where (secondPass || backtracking) && error.message == "invalid syntax" && error.kind == "SyntaxError" {
            position = saved
            depth = savedDepth
            return nil
        }
    }

    mutating func orExpression() throws(PythonSyntaxError) -> PyExpr {
        try booleanChain(isAnd: false) { (p: inout PythonExpressionParser) throws(PythonSyntaxError) in try p.andExpression() }
    }

    mutating func andExpression() throws(PythonSyntaxError) -> PyExpr {
        try booleanChain(isAnd: true) { (p: inout PythonExpressionParser) throws(PythonSyntaxError) in try p.notExpression() }
    }

    /// `a or b or c` (`and` likewise): operands joined by the keyword, each one backed off from
    /// when it does not parse, as CPython's PEG parser does.
    private mutating func booleanChain(
        isAnd: Bool, _ operand: (inout PythonExpressionParser) throws(PythonSyntaxError) -> PyExpr
    ) throws(PythonSyntaxError) -> PyExpr {
        let start = column(of: current)
        var items = [try operand(&self)]
        while isName(isAnd ? "and" : "or") {
            guard let item = try backingOff({ (p: inout PythonExpressionParser) throws(PythonSyntaxError) -> PyExpr in
                p.position += 1
                return try operand(&p)
            }) else { break }
            items.append(item)
        }
        return items.count == 1 ? items[0] : .located(start, .boolean(isAnd: isAnd, items))
    }

    mutating func notExpression() throws(PythonSyntaxError) -> PyExpr {
        try enter()
        defer { depth -= 1 }
        let start = column(of: current)
        if isName("not") { position += 1; return .located(start, .unary("not", try notExpression())) }
        return try comparison()
    }

    mutating func comparison() throws(PythonSyntaxError) -> PyExpr {
        let start = column(of: current)
        let first = try bitOr()
        var operations: [(String, PyExpr)] = []
        while true {
            let operatorStart = position
            var op: String? = nil
            if current.kind == .op && ["<", ">", "==", ">=", "<=", "!="].contains(current.text) {
                op = current.text; position += 1
            } else if isName("in") {
                op = "in"; position += 1
            } else if isName("not") && tokens[position + 1].kind == .name && tokens[position + 1].text == "in" {
                op = "not in"; position += 2
            } else if isName("is") {
                position += 1
                if isName("not") { position += 1; op = "is not" } else { op = "is" }
            }
            guard let op else { break }
            guard let operand = try backingOff({ (p: inout PythonExpressionParser) throws(PythonSyntaxError) -> PyExpr in try p.bitOr() }) else {
                position = operatorStart
                break
            }
            operations.append((op, operand))
        }
        return operations.isEmpty ? first : .located(start, .compare(first, operations))
    }

    mutating func binaryLevel(_ ops: [String], _ next: (inout PythonExpressionParser) throws(PythonSyntaxError) -> PyExpr) throws(PythonSyntaxError) -> PyExpr {
        let start = column(of: current)
        var left = try next(&self)
        while current.kind == .op && ops.contains(current.text) {
            let op = current.text
            guard let right = try backingOff({ (p: inout PythonExpressionParser) throws(PythonSyntaxError) -> PyExpr in
                p.position += 1
                return try next(&p)
            }) else { break }
            left = .located(start, .binary(op, left, right))
        }
        return left
    }

    mutating func bitOr() throws(PythonSyntaxError) -> PyExpr { try binaryLevel(["|"]) { (p: inout PythonExpressionParser) throws(PythonSyntaxError) -> PyExpr in try p.bitXor() } }
    mutating func bitXor() throws(PythonSyntaxError) -> PyExpr { try binaryLevel(["^"]) { (p: inout PythonExpressionParser) throws(PythonSyntaxError) -> PyExpr in try p.bitAnd() } }
    mutating func bitAnd() throws(PythonSyntaxError) -> PyExpr { try binaryLevel(["&"]) { (p: inout PythonExpressionParser) throws(PythonSyntaxError) -> PyExpr in try p.shift() } }
    mutating func shift() throws(PythonSyntaxError) -> PyExpr { try binaryLevel(["<<", ">>"]) { (p: inout PythonExpressionParser) throws(PythonSyntaxError) -> PyExpr in try p.arithmetic() } }
    mutating func arithmetic() throws(PythonSyntaxError) -> PyExpr { try binaryLevel(["+", "-"]) { (p: inout PythonExpressionParser) throws(PythonSyntaxError) -> PyExpr in try p.term() } }
    mutating func term() throws(PythonSyntaxError) -> PyExpr { try binaryLevel(["*", "/", "//", "%", "@"]) { (p: inout PythonExpressionParser) throws(PythonSyntaxError) -> PyExpr in try p.factor() } }

    mutating func factor() throws(PythonSyntaxError) -> PyExpr {
        try enter()
        defer { depth -= 1 }
        if current.kind == .op && ["-", "+", "~"].contains(current.text) {
            let start = column(of: current)
            let op = current.text
            position += 1
            return .located(start, .unary(op, try factor()))
        }
        return try power()
    }

    mutating func power() throws(PythonSyntaxError) -> PyExpr {
        let start = column(of: current)
        let base = try postfix()
        if isOp("**"), let exponent = try backingOff({ (p: inout PythonExpressionParser) throws(PythonSyntaxError) -> PyExpr in
            p.position += 1
            return try p.factor()
        }) {
            return .located(start, .binary("**", base, exponent))
        }
        return base
    }

    mutating func postfix() throws(PythonSyntaxError) -> PyExpr {
        let start = column(of: current)
        var value = try atom()
        while true {
            guard let next = try backingOff({ (p: inout PythonExpressionParser) throws(PythonSyntaxError) -> PyExpr? in try p.trailer(value, start) }) else { return value }
            guard let next else { return value }
            value = next
        }
    }

    /// One `.name`, `(...)` or `[...]` after `value`; nil when none follows.
    mutating func trailer(_ value: PyExpr, _ start: Int) throws(PythonSyntaxError) -> PyExpr? {
        if isOp(".") {
            position += 1
            guard current.kind == .name, !Self.keywords.contains(current.text) else { throw PythonSyntaxError(message: "invalid syntax") }
            position += 1
            return .located(start, .attribute(value, tokens[position - 1].text))
        } else if isOp("(") {
            position += 1
            var positional: [PyExpr] = []
            var keywords: [(String?, PyExpr)] = []
            var star: PyExpr? = nil
            // Python's order: positional and `*x`, then keywords and `*x`, then keywords and `**x`
            var sawKeyword = false, sawDoubleStar = false
            while !isOp(")") {
                if isOp("*") {
                    if sawDoubleStar { throw PythonSyntaxError(message: "iterable argument unpacking follows keyword argument unpacking") }
                    position += 1
                    star = try expression()
                } else if isOp("**") {
                    position += 1
                    keywords.append((nil, try expression()))
                    sawDoubleStar = true
                } else if current.kind == .name && tokens[position + 1].kind == .op && tokens[position + 1].text == "=" {
                    let name = current.text
                    if ["True", "False", "None"].contains(name) { throw PythonSyntaxError(message: "cannot assign to \(name)") }
                    if Self.keywords.contains(name) { throw PythonSyntaxError(message: "invalid syntax") }
                    position += 2
                    keywords.append((name, try expression()))
                    sawKeyword = true
                } else {
                    if sawDoubleStar || sawKeyword {
                        // the argument must still read as an expression before Python names the order
                        var probe = self
                        _ = try probe.expression()
                        throw PythonSyntaxError(message: sawDoubleStar ? "positional argument follows keyword argument unpacking"
                                                                       : "positional argument follows keyword argument")
                    }
                    let argument = try expression()
                    if isName("for") {
                        // a generator expression: valid as the only argument; the reference's
                        // evaluator refuses it only when it gets there
                        _ = try comprehensionClauses()
                        // Python names the mistake only when other arguments come before or after
                        guard positional.isEmpty, keywords.isEmpty, star == nil else {
                            throw PythonSyntaxError(message: "Generator expression must be parenthesized")
                        }
                        guard isOp(")") else {
                            throw PythonSyntaxError(message: isOp(",") ? "Generator expression must be parenthesized" : "invalid syntax")
                        }
                        positional.append(.generator)
                        break
                    }
                    positional.append(argument)
                }
                if isOp(",") { position += 1 } else { break }
            }
            try close(")", opened: "(")
            return .located(start, .call(value, positional, keywords, star: star))
        } else if isOp("[") {
            position += 1
            let index = try subscriptList()
            try close("]", opened: "[")
            return .located(start, .index(value, index))
        }
        return nil
    }

    /// One slice, or several separated by commas (a tuple, also with a trailing comma); at
    /// least one, as in Python.
    mutating func subscriptList() throws(PythonSyntaxError) -> PyExpr {
        guard !isOp("]"), !isOp(",") else { throw PythonSyntaxError(message: "invalid syntax") }
        var items = [try sliceItem()]
        var tuple = false
        while isOp(",") {
            position += 1
            tuple = true
            if isOp("]") { break }
            items.append(try sliceItem())
        }
        // a starred item makes a tuple even alone (`x[*a]`)
        if case .starred = items[0] { tuple = true }
        return tuple ? .tuple(items) : items[0]
    }

    mutating func sliceItem() throws(PythonSyntaxError) -> PyExpr {
        if isOp("*") { return try starredOrExpression() }
        var start: PyExpr? = nil
        if !isOp(":") { start = try expression() }
        guard isOp(":") else { return start! }
        position += 1
        var stop: PyExpr? = nil, step: PyExpr? = nil
        if !isOp(":") && !isOp("]") && !isOp(",") { stop = try expression() }
        if isOp(":") {
            position += 1
            if !isOp("]") && !isOp(",") { step = try expression() }
        }
        return .slice(start, stop, step)
    }

    /// An expression, or `*x` (kept so that evaluating it gives the reference's error).
    mutating func starredOrExpression() throws(PythonSyntaxError) -> PyExpr {
        if isOp("*") {
            position += 1
            return .starred(try expression())
        }
        return try expression()
    }

    mutating func comprehensionClauses() throws(PythonSyntaxError) -> [(target: PyExpr, iterable: PyExpr, conditions: [PyExpr])] {
        var clauses: [(target: PyExpr, iterable: PyExpr, conditions: [PyExpr])] = []
        while isName("for") {
            position += 1
            var targets = [try bitOr()]
            while isOp(",") { position += 1; targets.append(try bitOr()) }
            guard isName("in") else { throw PythonSyntaxError(message: "invalid syntax") }
            if let name = targets.lazy.compactMap(Self.invalidTargetName).first { throw PythonSyntaxError(message: "cannot assign to \(name)") }
            position += 1
            let iterable = try orExpression()
            var conditions: [PyExpr] = []
            while isName("if") {
                position += 1
                conditions.append(try orExpression())
            }
            clauses.append((targets.count == 1 ? targets[0] : .tuple(targets), iterable, conditions))
        }
        return clauses
    }

    mutating func atom() throws(PythonSyntaxError) -> PyExpr {
        let token = current
        switch token.kind {
        case .number:
            position += 1
            switch token.value {
            case .int(let value): return .constant(.integer(value))
            case .float(let value): return .constant(.float(value))
            case .imaginary(let value): return .constant(.object(ComplexNumber(real: 0, imaginary: value)))
            default: throw PythonSyntaxError(message: "invalid syntax")
            }
        case .string:
            position += 1
            if let error = token.fieldError { throw error }
            if token.formatted { return .located(column(of: token), .unsupported("FormattedValue not supported")) }
            if case .string(let text) = token.value { return .constant(.string(text)) }
            throw PythonSyntaxError(message: "invalid syntax")
        case .bytes:
            position += 1
            if case .string(let text) = token.value { return .constant(.object(BytesValue(text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }))) }
            throw PythonSyntaxError(message: "invalid syntax")
        case .name:
            switch token.text {
            case "True": position += 1; return .constant(.bool(true))
            case "False": position += 1; return .constant(.bool(false))
            case "None": position += 1; return .constant(.none)
            case "as", "lambda", "if", "else", "for", "in", "and", "or", "not", "is", "import", "from", "def", "class", "return", "yield", "del", "pass", "while", "with", "try", "raise", "global", "nonlocal", "assert", "break", "continue", "async", "await", "except", "finally", "elif":
                if token.text != "not" { throw PythonSyntaxError(message: "invalid syntax") }
                throw PythonSyntaxError(message: "invalid syntax")
            default:
                position += 1
                return .located(column(of: token), .name(token.text))
            }
        case .op:
            switch token.text {
            case "...":
                position += 1
                return .constant(.object(EllipsisValue.shared))
            case "(":
                // a parenthesised tuple starts at its parenthesis, as Python places it
                let open = column(of: token)
                position += 1
                if isOp(")") { position += 1; return .tuple([]) }
                let first = try starredOrExpression()
                var value = first
                if case .starred = first, !isOp(",") { throw PythonSyntaxError(message: "cannot use starred expression here") }
                if isName("for") {
                    _ = try comprehensionClauses()
                    value = .generator
                    // a generator expression is alone in its parentheses
                    guard isOp(")") else { throw PythonSyntaxError(message: current.kind == .end ? "'(' was never closed" : "invalid syntax") }
                }
                if isOp(",") { value = .located(open, .tuple(try items(after: first, until: ")"))) }
                try close(")", opened: "(")
                return value
            case "[":
                let open = column(of: token)
                position += 1
                if isOp("]") { position += 1; return .list([]) }
                let first = try starredOrExpression()
                if isName("for") {
                    if case .starred = first { throw PythonSyntaxError(message: "iterable unpacking cannot be used in comprehension") }
                    let clauses = try comprehensionClauses()
                    try expect("]")
                    return .located(open, .comprehension(kind: "list", first, nil, clauses))
                }
                let items = try items(after: first, until: "]")
                try close("]", opened: "[")
                return .located(open, .list(items))
            case "{":
                let open = column(of: token)
                position += 1
                if isOp("}") { position += 1; return .dict([]) }
                if isOp("**") {
                    position += 1
                    var pairs: [(PyExpr, PyExpr)] = [(.constant(.none), try bitOr())]
                    if isName("for") { throw PythonSyntaxError(message: "dict unpacking cannot be used in dict comprehension") }
                    try morePairs(&pairs)
                    try expect("}")
                    return .located(open, .dict(pairs))
                }
                let first = try starredOrExpression()
                if case .starred = first, isOp(":") || isName("for") {
                    throw PythonSyntaxError(message: isName("for") ? "iterable unpacking cannot be used in comprehension" : "invalid syntax")
                }
                if isOp(":") {
                    position += 1
                    guard startsExpression() || isName("lambda") else {
                        throw PythonSyntaxError(message: "expression expected after dictionary key and ':'")
                    }
                    let value = try expression()
                    if isName("for") {
                        let clauses = try comprehensionClauses()
                        try expect("}")
                        return .located(open, .comprehension(kind: "dict", first, value, clauses))
                    }
                    var pairs = [(first, value)]
                    try morePairs(&pairs)
                    try close("}", opened: "{")
                    return .located(open, .dict(pairs))
                }
                if isName("for") {
                    let clauses = try comprehensionClauses()
                    try expect("}")
                    return .located(open, .comprehension(kind: "set", first, nil, clauses))
                }
                let items = try items(after: first, until: "}")
                try close("}", opened: "{")
                return .located(open, .set(items))
            default:
                throw PythonSyntaxError(message: "invalid syntax")
            }
        case .newline, .end, .failure:
            throw PythonSyntaxError(message: "invalid syntax")
        }
    }
}
