/// Expression rules, lowest precedence first: condexpr, or, and, not, compare, math1 (+ -),
/// concat (~), math2 (* / // %), pow, unary, primary, postfix, filters and tests.
extension TemplateParser {
    mutating func parseExpression(withCondition: Bool = true) throws(TemplateError) -> Expr {
        withCondition ? try parseConditional() : try parseOr()
    }

    mutating func parseConditional() throws(TemplateError) -> Expr {
        let entryDepth = depth
        defer { depth = entryDepth }
        var line = current.line
        var expr = try parseOr()
        while skipIf("name:if") {
            try enter()
            let test = try parseOr()
            let otherwise: Expr? = skipIf("name:else") ? try parseConditional() : nil
            expr = .condition(test: test, then: expr, otherwise: otherwise, line: line)
            line = current.line
        }
        return expr
    }

    mutating func parseOr() throws(TemplateError) -> Expr {
        let entryDepth = depth
        defer { depth = entryDepth }
        let line = current.line
        var left = try parseAnd()
        while skipIf("name:or") {
            try enter()
            left = .binary("or", left, try parseAnd(), line: line)
        }
        return left
    }

    mutating func parseAnd() throws(TemplateError) -> Expr {
        let entryDepth = depth
        defer { depth = entryDepth }
        let line = current.line
        var left = try parseNot()
        while skipIf("name:and") {
            try enter()
            left = .binary("and", left, try parseNot(), line: line)
        }
        return left
    }

    mutating func parseNot() throws(TemplateError) -> Expr {
        if current.isName("not") {
            let line = next().line
            try enter()
            defer { depth -= 1 }
            return .unary("not", try parseNot(), line: line)
        }
        return try parseCompare()
    }

    static let compareOperators: [TemplateToken.Kind: TemplateOperator] = [.eq: .eq, .ne: .ne, .lt: .lt, .lteq: .lteq, .gt: .gt, .gteq: .gteq]

    mutating func parseCompare() throws(TemplateError) -> Expr {
        let entryDepth = depth
        defer { depth = entryDepth }
        let line = current.line
        let expr = try parseMath1()
        var operations: [(TemplateOperator, Expr)] = []
        while true {
            if let op = Self.compareOperators[current.kind] {
                next()
                operations.append((op, try parseMath1()))
            } else if skipIf("name:in") {
                operations.append(("in", try parseMath1()))
            } else if current.isName("not") && look().isName("in") {
                next()
                next()
                operations.append(("notin", try parseMath1()))
            } else {
                break
            }
        }
        return operations.isEmpty ? expr : .compare(expr, operations, line: line)
    }

    mutating func parseMath1() throws(TemplateError) -> Expr {
        let entryDepth = depth
        defer { depth = entryDepth }
        let line = current.line
        var left = try parseConcat()
        while current.kind == .add || current.kind == .sub {
            try enter()
            let op = TemplateOperator(rawValue: next().kind.rawValue)!
            left = .binary(op, left, try parseConcat(), line: line)
        }
        return left
    }

    mutating func parseConcat() throws(TemplateError) -> Expr {
        let entryDepth = depth
        defer { depth = entryDepth }
        let line = current.line
        var items = [try parseMath2()]
        while current.kind == .tilde {
            try enter()
            next()
            items.append(try parseMath2())
        }
        return items.count == 1 ? items[0] : .concat(items, line: line)
    }

    mutating func parseMath2() throws(TemplateError) -> Expr {
        let entryDepth = depth
        defer { depth = entryDepth }
        let line = current.line
        var left = try parsePow()
        while [.mul, .div, .floordiv, .mod].contains(current.kind) {
            try enter()
            let op = TemplateOperator(rawValue: next().kind.rawValue)!
            left = .binary(op, left, try parsePow(), line: line)
        }
        return left
    }

    mutating func parsePow() throws(TemplateError) -> Expr {
        let entryDepth = depth
        defer { depth = entryDepth }
        let line = current.line
        var left = try parseUnary()
        while current.kind == .pow {
            try enter()
            next()
            left = .binary("pow", left, try parseUnary(), line: line)
        }
        return left
    }

    mutating func parseUnary(withFilter: Bool = true) throws(TemplateError) -> Expr {
        try enter()
        let entryDepth = depth - 1
        defer { depth = entryDepth }
        let line = current.line
        var node: Expr
        if current.kind == .sub {
            next()
            node = .unary("neg", try parseUnary(withFilter: false), line: line)
        } else if current.kind == .add {
            next()
            node = .unary("pos", try parseUnary(withFilter: false), line: line)
        } else {
            node = try parsePrimary()
        }
        node = try parsePostfix(node)
        if withFilter { node = try parseFilterExpression(node) }
        return node
    }

    mutating func parsePrimary(withNamespace: Bool = false) throws(TemplateError) -> Expr {
        let token = current
        switch token.kind {
        case .name:
            next()
            switch token.text {
            case "true", "True": return .constant(.bool(true), line: token.line)
            case "false", "False": return .constant(.bool(false), line: token.line)
            case "none", "None": return .constant(.none, line: token.line)
            default:
                if withNamespace && current.kind == .dot {
                    next()
                    return .namespaceRef(token.text, try expect("name").text, line: token.line)
                }
                return .name(Name(token.text), line: token.line)
            }
        case .string:
            next()
            var text = token.text
            while current.kind == .string { text += next().text }
            return .constant(.string(text), line: token.line)
        case .integer, .float:
            next()
            return .constant(token.number, line: token.line)
        case .lparen:
            next()
            // a bracket level costs a dozen parser frames
            try enter(2)
            defer { depth -= 2 }
            let node = try parseTuple(explicitParentheses: true)
            try expect("rparen")
            return node
        case .lbracket:
            next()
            try enter(2)
            defer { depth -= 2 }
            var items: [Expr] = []
            while current.kind != .rbracket {
                if !items.isEmpty { try expect("comma") }
                if current.kind == .rbracket { break }
                items.append(try parseExpression())
            }
            try expect("rbracket")
            return .list(items, line: token.line)
        case .lbrace:
            next()
            try enter(2)
            defer { depth -= 2 }
            var items: [(Expr, Expr)] = []
            while current.kind != .rbrace {
                if !items.isEmpty { try expect("comma") }
                if current.kind == .rbrace { break }
                let key = try parseExpression()
                try expect("colon")
                items.append((key, try parseExpression()))
            }
            try expect("rbrace")
            return .dict(items, line: token.line)
        default:
            throw fail("unexpected \(PythonString.repr(token.description))", line: token.line)
        }
    }

    func isTupleEnd(_ extraEndRules: [String]?) -> Bool {
        if [.variableEnd, .blockEnd, .rparen].contains(current.kind) { return true }
        return extraEndRules?.contains { test(current, $0) } ?? false
    }

    mutating func parseTuple(
        simplified: Bool = false, withCondition: Bool = true, extraEndRules: [String]? = nil,
        explicitParentheses: Bool = false, withNamespace: Bool = false
    ) throws(TemplateError) -> Expr {
        var line = current.line
        var items: [Expr] = []
        var isTuple = false
        while true {
            if !items.isEmpty { try expect("comma") }
            if isTupleEnd(extraEndRules) { break }
            items.append(simplified ? try parsePrimary(withNamespace: withNamespace) : try parseExpression(withCondition: withCondition))
            if current.kind == .comma {
                isTuple = true
            } else {
                break
            }
            line = current.line
        }
        if !isTuple {
            if let first = items.first { return first }
            if !explicitParentheses {
                throw fail("Expected an expression, got \(PythonString.repr(current.description))")
            }
        }
        return .tuple(items, line: line)
    }

    mutating func parsePostfix(_ start: Expr) throws(TemplateError) -> Expr {
        let entryDepth = depth
        defer { depth = entryDepth }
        var node = start
        while true {
            try enter()
            if current.kind == .dot || current.kind == .lbracket {
                node = try parseSubscript(node)
            } else if current.kind == .lparen {
                node = try parseCall(node)
            } else {
                return node
            }
        }
    }

    mutating func parseFilterExpression(_ start: Expr) throws(TemplateError) -> Expr {
        let entryDepth = depth
        defer { depth = entryDepth }
        var node = start
        while true {
            try enter()
            if current.kind == .pipe {
                node = try parseFilter(node)!
            } else if current.isName("is") {
                node = try parseTest(node)
            } else if current.kind == .lparen {
                node = try parseCall(node)
            } else {
                return node
            }
        }
    }

    mutating func parseSubscript(_ node: Expr) throws(TemplateError) -> Expr {
        let token = next()
        if token.kind == .dot {
            let attribute = next()
            if attribute.kind == .name { return .getattr(node, attribute.text, line: token.line) }
            guard attribute.kind == .integer else { throw fail("expected name or number", line: attribute.line) }
            return .getitem(node, .constant(attribute.number, line: attribute.line), line: token.line)
        }
        var items: [Expr] = []
        while current.kind != .rbracket {
            if !items.isEmpty { try expect("comma") }
            items.append(try parseSubscribed())
        }
        try expect("rbracket")
        return .getitem(node, items.count == 1 ? items[0] : .tuple(items, line: token.line), line: token.line)
    }

    mutating func parseSubscribed() throws(TemplateError) -> Expr {
        let line = current.line
        var parts: [Expr?]
        if current.kind == .colon {
            next()
            parts = [nil]
        } else {
            let node = try parseExpression()
            if current.kind != .colon { return node }
            next()
            parts = [node]
        }
        if current.kind == .colon {
            parts.append(nil)
        } else if current.kind != .rbracket && current.kind != .comma {
            parts.append(try parseExpression())
        } else {
            parts.append(nil)
        }
        if current.kind == .colon {
            next()
            parts.append(current.kind != .rbracket && current.kind != .comma ? try parseExpression() : nil)
        } else {
            parts.append(nil)
        }
        return .slice(parts[0], parts[1], parts[2], line: line)
    }

    mutating func parseCallArguments() throws(TemplateError) -> CallSyntax {
        let token = try expect("lparen")
        var call = CallSyntax()
        var requireComma = false
        func ensure(_ condition: Bool) throws(TemplateError) {
            if !condition { throw TemplateError.syntax("invalid syntax for function call expression", line: token.line) }
        }
        while current.kind != .rparen {
            if requireComma {
                try expect("comma")
                if current.kind == .rparen { break }
            }
            if current.kind == .mul {
                try ensure(call.star == nil && call.doubleStar == nil)
                next()
                call.star = try parseExpression()
            } else if current.kind == .pow {
                try ensure(call.doubleStar == nil)
                next()
                call.doubleStar = try parseExpression()
            } else if current.kind == .name && look().kind == .assign {
                try ensure(call.doubleStar == nil)
                let key = next().text
                next()
                call.keywords.append((key, try parseExpression()))
            } else {
                try ensure(call.star == nil && call.doubleStar == nil && call.keywords.isEmpty)
                call.arguments.append(try parseExpression())
            }
            requireComma = true
        }
        try expect("rparen")
        return call
    }

    mutating func parseCall(_ node: Expr) throws(TemplateError) -> Expr {
        let line = current.line
        return .call(node, try parseCallArguments(), line: line)
    }

    mutating func parseFilter(_ start: Expr?, startInline: Bool = false) throws(TemplateError) -> Expr? {
        var node = start
        var inline = startInline
        let entryDepth = depth
        defer { depth = entryDepth }
        while current.kind == .pipe || inline {
            try enter()
            if !inline { next() }
            let token = try expect("name")
            var name = token.text
            while current.kind == .dot {
                next()
                name += "." + (try expect("name")).text
            }
            let arguments = current.kind == .lparen ? try parseCallArguments() : CallSyntax()
            node = .filter(node, Name(name), arguments, line: token.line)
            inline = false
        }
        return node
    }

    mutating func parseTest(_ node: Expr) throws(TemplateError) -> Expr {
        let token = next()
        let negated = current.isName("not")
        if negated { next() }
        var name = try expect("name").text
        while current.kind == .dot {
            next()
            name += "." + (try expect("name")).text
        }
        var arguments = CallSyntax()
        if current.kind == .lparen {
            arguments = try parseCallArguments()
        } else if [.name, .string, .integer, .float, .lparen, .lbracket, .lbrace].contains(current.kind)
            && !current.isName("else") && !current.isName("or") && !current.isName("and")
        {
            if current.isName("is") { throw fail("You cannot chain multiple tests with is") }
            arguments.arguments = [try parsePostfix(try parsePrimary())]
        }
        let test = Expr.test(node, Name(name), arguments, line: token.line)
        return negated ? .unary("not", test, line: token.line) : test
    }
}
