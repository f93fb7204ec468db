import Templating

/// Random valid Jinja2 templates over a random context: statements, loops, macros, call
/// blocks, namespaces, cyclers and joiners, and expressions with Jinja2's filters, tests,
/// globals and Python methods in their argument forms.
///
/// Expressions are generated for a wanted kind so that most of them are well typed; about one
/// in ten is not, on purpose, so that errors are compared too. Names used by dgenerate's own
/// template functions (`first`, `last`, ...) are left out: they replace Jinja2's filters of the
/// same name, and the conformance scripts cover them.
struct TemplateGenerator {
    var random: SeededRandom
    /// The names in scope and their kinds.
    private var names: [(String, Kind)] = []
    /// Inside a filter block: an object's `repr` (`<... at 0x55...>`) would be transformed
    /// with its address, which no comparison can undo, so none is printed there.
    private var insideFilterBlock = false
    private var loopDepth = 0
    private var macros: [String] = []
    private var statementBudget = 0

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    /// One case: the template and its context.
    mutating func next() -> (Fragment, [(String, ContextValue)]) {
        var context: [(String, ContextValue)] = []
        for name in ["a", "b", "c", "s", "n", "l", "d", "u"] where random.chance(70) {
            var value = ContextValue.random(&random)
            switch name {
            case "s": value = .string(random.pick(ContextValue.strings))
            case "n": value = random.chance(70) ? .int(random.pick(ContextValue.intTexts)) : .float(random.pick(ContextValue.floatTexts))
            case "l": value = ContextValue.sequence(&random, depth: 0, tuple: random.chance(20))
            case "d": value = ContextValue.dict(&random, depth: 0)
            case "u": value = ContextValue.sequence(&random, depth: 0, tuple: false)
                value = usersList()
            default: break
            }
            context.append((name, value))
        }
        names = context.map { ($0.0, $0.1.kind) }
        loopDepth = 0
        macros = []
        statementBudget = 12
        return (body(count: 1 + random.below(4)), context)
    }

    private mutating func usersList() -> ContextValue {
        var items: [ContextValue] = []
        for _ in 0..<random.below(5) { items.append(ContextValue.dictOfScalars(&random)) }
        return ContextValue(value: .list(items.map(\.value)), tagged: ["list": items.map(\.tagged)], kind: .list)
    }

    // MARK: statements

    private mutating func body(count: Int) -> Fragment {
        var pieces: [Fragment.Piece] = []
        for _ in 0..<count { pieces.append(.child(statement())) }
        return Fragment(.fixed, pieces)
    }

    private mutating func open(_ text: String) -> String {
        let left = random.chance(12) ? "{%-" : (random.chance(5) ? "{%+" : "{%")
        let right = random.chance(12) ? "-%}" : "%}"
        return "\(left) \(text) \(right)"
    }

    private mutating func statement() -> Fragment {
        statementBudget -= 1
        if statementBudget <= 0 { return random.chance(50) ? output() : plainText() }
        switch random.below(22) {
        case 0, 1, 2: return plainText()
        case 3, 4, 5, 6, 7: return output()
        case 8, 9: return ifStatement()
        case 10, 11, 12: return forLoop()
        case 13: return setStatement()
        case 14: return namespaceUse()
        case 15: return macroUse()
        case 16: return filterBlock()
        case 17: return withBlock()
        case 18: return cyclerOrJoiner()
        case 19: return setBlock()
        case 20: return random.chance(50) ? Fragment.text("{% raw %}{{ x }}{% endraw %}", .statement) : Fragment.text("{# note #}", .statement)
        default: return callBlock()
        }
    }

    private mutating func plainText() -> Fragment {
        .text(random.pick(["x", " ", "\n", "- ", "a b", "é", "  \n  ", ",", "\t", "<p>", "\n\n"]), .statement)
    }

    private mutating func output() -> Fragment {
        let left = random.chance(10) ? "{{-" : "{{"
        let right = random.chance(10) ? "-}}" : "}}"
        let kind = random.pick(Kind.allCases)
        return Fragment(.statement, [.text(left + " "), .child(expression(kind, depth: 0)), .text(" " + right)])
    }

    private mutating func ifStatement() -> Fragment {
        var pieces: [Fragment.Piece] = [.text(random.chance(10) ? "{%- if " : "{% if "), .child(expression(.bool, depth: 1)), .text(" %}"),
                                        .child(body(count: 1 + random.below(2)))]
        if random.chance(30) {
            pieces += [.text("{% elif "), .child(expression(.bool, depth: 1)), .text(" %}"), .child(body(count: 1))]
        }
        if random.chance(40) { pieces += [.text(open("else")), .child(body(count: 1))] }
        pieces.append(.text(open("endif")))
        return Fragment(.statement, pieces)
    }

    private mutating func loopTarget() -> (Fragment, Kind, Bool) {
        switch random.below(8) {
        case 0: return (Fragment(.fixed, [.text("range("), .child(smallInt()), .text(")")]), .int, false)
        case 1:
            if let name = name(of: .dict) { return (.text("\(name).items()"), .list, true) }
            return (.text("{'k': 1, 'j': [2]}.items()"), .list, true)
        case 2: return (Fragment(.fixed, [.child(expression(.string, depth: 2)), .text(random.chance(50) ? "" : ".split()")]), .string, false)
        default: return (expression(.list, depth: 1), random.chance(50) ? .int : .string, false)
        }
    }

    private mutating func forLoop() -> Fragment {
        let (target, itemKind, pairs) = loopTarget()
        let variable = "x\(loopDepth)"
        let saved = names
        var header: [Fragment.Piece] = [.text("{% for ")]
        if pairs {
            header.append(.text("k\(loopDepth), \(variable) in "))
            names.append(("k\(loopDepth)", .string))
        } else {
            header.append(.text("\(variable) in "))
        }
        names.append((variable, itemKind))
        header.append(.child(target))
        if random.chance(15) { header += [.text(" if "), .child(expression(.bool, depth: 2))] }
        if random.chance(10) { header.append(.text(" recursive")) }
        header.append(.text(random.chance(10) ? " -%}" : " %}"))
        loopDepth += 1
        var inner: [Fragment.Piece] = []
        for _ in 0..<(1 + random.below(3)) {
            if random.chance(40) {
                inner.append(.child(Fragment(.statement, [.text("{{ "), .child(loopExpression(variable)), .text(" }}")])))
            } else {
                inner.append(.child(statement()))
            }
        }
        loopDepth -= 1
        var pieces = header + [.child(Fragment(.fixed, inner))]
        if random.chance(20) { pieces += [.text("{% else %}"), .child(body(count: 1))] }
        pieces.append(.text(open("endfor")))
        names = saved
        return Fragment(.statement, pieces)
    }

    private mutating func loopExpression(_ variable: String) -> Fragment {
        let text = random.pick(["loop.index", "loop.index0", "loop.revindex", "loop.revindex0", "loop.first", "loop.last",
                                "loop.length", "loop.depth", "loop.cycle('odd', 'even')", "loop.previtem", "loop.nextitem",
                                "loop.changed(\(variable))", variable, "\(variable) ~ '|'", "loop.cycle(1)", "loop"])
        return .text(text, .expression, fallbacks: ["1"])
    }

    private mutating func setStatement() -> Fragment {
        let kind = random.pick(Kind.allCases)
        let name = "v\(names.count)"
        let value = expression(kind, depth: 1)
        names.append((name, kind))
        if random.chance(20) {
            let other = "w\(names.count)"
            names.append((other, .int))
            return Fragment(.statement, [.text("{% set \(name), \(other) = "), .child(value), .text(", 3 %}")])
        }
        return Fragment(.statement, [.text("{% set \(name) = "), .child(value), .text(" %}")])
    }

    private mutating func setBlock() -> Fragment {
        let name = "t\(names.count)"
        let inner = body(count: 1 + random.below(2))
        names.append((name, .string))
        let filter = random.chance(30) ? " | " + random.pick(["upper", "trim", "length", "wordcount", "title"]) : ""
        return Fragment(.statement, [.text("{% set \(name)\(filter) %}"), .child(inner), .text("{% endset %}{{ \(name) }}")])
    }

    private mutating func namespaceUse() -> Fragment {
        let start = random.pick(["namespace()", "namespace(n=0)", "namespace(n=0, s='')", "namespace({'n': 1}, s='a')"])
        let (target, _, _) = loopTarget()
        let update = random.pick(["{% set ns.n = ns.n + 1 %}", "{% set ns.s = 'x' %}", "{% set ns.n = loop.index %}",
                                  "{% set ns.items = [x0] %}"])
        let show = random.pick(["{{ ns }}", "{{ ns.n }}", "{{ ns.s }}", "{{ ns.items }}", "{{ ns.n is defined }}"])
        let saved = names
        names.append(("x0", .int))
        let fragment = Fragment(.statement, [.text("{% set ns = \(start) %}{% for x0 in "), .child(target),
                                             .text(" %}\(update){% endfor %}\(show)")])
        names = saved
        return fragment
    }

    private mutating func macroUse() -> Fragment {
        let name = "m\(macros.count)"
        macros.append(name)
        let parameters = random.pick(["", "p", "p, q=2", "p, q='d', r=none"])
        let saved = names
        for parameter in ["p", "q", "r"] where parameters.contains(parameter) { names.append((parameter, .string)) }
        var inside: [Fragment.Piece] = [.child(statement())]
        if random.chance(40) { inside.append(.text(random.pick(["{{ varargs }}", "{{ kwargs }}", "{{ p }}", "[{{ caller is defined }}]"]))) }
        names = saved
        let definition = Fragment(.statement, [.text("{% macro \(name)(\(parameters)) %}"), .child(Fragment(.fixed, inside)), .text("{% endmacro %}")])
        var arguments: [String] = []
        let count = parameters.isEmpty ? random.below(2) : 1 + random.below(3)
        for index in 0..<count { arguments.append(index == 2 ? "r=" + literal(.string) : literal(random.pick([.int, .string, .list]))) }
        if random.chance(15) { arguments.append("extra=1") }
        let call = Fragment(.statement, [.text("{{ \(name)(\(arguments.joined(separator: ", "))) }}")])
        return Fragment(.statement, [.child(definition), .child(call), .text(random.chance(30) ? "{{ \(name).name }}{{ \(name).arguments }}" : "")])
    }

    private mutating func callBlock() -> Fragment {
        let definition = "{% macro k(a=1) %}<{{ caller(a) }}|{{ caller(a + 1) }}>{% endmacro %}"
        let saved = names
        names.append(("y", .int))
        let inner = body(count: 1)
        names = saved
        return Fragment(.statement, [.text(definition + "{% call(y) k(" + (random.chance(50) ? "3" : "") + ") %}"), .child(inner),
                                     .text("{{ y }}{% endcall %}")])
    }

    private mutating func filterBlock() -> Fragment {
        let filter = random.pick(["upper", "lower", "title", "trim", "capitalize", "center(20)", "indent(2, true)",
                                  "replace('a', 'o')", "striptags", "wordwrap(5)", "truncate(10)", "e", "reverse", "urlencode"])
        let saved = insideFilterBlock
        insideFilterBlock = true
        defer { insideFilterBlock = saved }
        return Fragment(.statement, [.text("{% filter \(filter) %}"), .child(body(count: 1 + random.below(2))), .text("{% endfilter %}")])
    }

    private mutating func withBlock() -> Fragment {
        let saved = names
        let value = expression(.int, depth: 1)
        names.append(("w", .int))
        let inner = body(count: 1)
        names = saved
        return Fragment(.statement, [.text("{% with w = "), .child(value), .text(" %}"), .child(inner), .text("{{ w }}{% endwith %}")])
    }

    private mutating func cyclerOrJoiner() -> Fragment {
        if random.chance(50) {
            let uses = random.pick(["{{ c.next() }}{{ c.next() }}{{ c.current }}", "{{ c.next() }}{% set _ = c.reset() %}{{ c.current }}",
                                    "{% for i in range(4) %}{{ c.next() }}{% endfor %}", insideFilterBlock ? "{{ c.current }}" : "{{ c }}"])
            return .text("{% set c = cycler(" + random.pick(["'a', 'b'", "1, 2, 3", "'x'", ""]) + ") %}" + uses, .statement)
        }
        let separator = random.pick(["", "', '", "'|'", "1"])
        let (target, _, _) = loopTarget()
        return Fragment(.statement, [.text("{% set j = joiner(\(separator)) %}{% for i in "), .child(target), .text(" %}{{ j() }}{{ i }}{% endfor %}")])
    }

    // MARK: expressions

    private mutating func name(of kind: Kind) -> String? {
        let candidates = names.filter { $0.1 == kind }
        return candidates.isEmpty ? nil : random.pick(candidates).0
    }

    private mutating func smallInt() -> Fragment {
        .text(random.pick(["0", "1", "2", "3", "5", "-1", "10"]), .expression, fallbacks: ["1"])
    }

    /// A literal of the kind, as Jinja2 source.
    mutating func literal(_ kind: Kind) -> String {
        switch kind {
        case .int: return random.pick(["0", "1", "-1", "2", "3", "7", "42", "1_000", "0x1F", "0o17", "0b101", "9223372036854775807",
                                       "9223372036854775808", "10000000000000000000000", "-3"])
        case .float: return random.pick(["0.0", "0.5", "1.5", "-2.25", "3.14159", "1e3", "1E-7", "2.0", "1_0.5", "100.0", "1e300", "0.1", "12.5e2"])
        case .string: return random.pick(["''", "'abc'", "\"Hello World\"", "'é'", "'a b c'", "'<b>'", "'%s!'", "'{}'", "'x\\ny'",
                                          "'it\\'s'", "'   sp '", "'42'", "'3.5'", "'a,b'", "'ß'", "'日本'", "'{0}-{1}'", "'%d%%'",
                                          "'%(a)s'", "'\\u00e9'", "'\\t'", "\"'\""])
        case .list: return random.pick(["[]", "[1, 2, 3]", "[3, 1, 2]", "['b', 'a', 'C']", "[1, 'a', none]", "[[1, 2], [3]]",
                                        "(1, 2)", "(1,)", "()", "[0.5, -1, 2]", "[true, false]", "['a', 'b', 'a']"])
        case .dict: return random.pick(["{}", "{'a': 1, 'b': 2}", "{'x': [1, 2]}", "{1: 'one', 'b': none}", "{'b': 1, 'a': 2}",
                                        "dict(a=1, b='x')"])
        case .bool: return random.pick(["true", "false", "True", "False"])
        case .none: return random.pick(["none", "None"])
        }
    }

    mutating func expression(_ kind: Kind, depth: Int) -> Fragment {
        if depth >= 3 || random.chance(depth == 0 ? 15 : 35) { return leaf(kind) }
        // about one in ten expressions asks for another kind than the one wanted
        let want = random.chance(8) ? random.pick(Kind.allCases) : kind
        switch want {
        case .int, .float: return number(want, depth: depth + 1)
        case .string: return text(depth: depth + 1)
        case .list: return list(depth: depth + 1)
        case .dict: return dictionary(depth: depth + 1)
        case .bool: return boolean(depth: depth + 1)
        case .none: return other(depth: depth + 1)
        }
    }

    private mutating func leaf(_ kind: Kind) -> Fragment {
        if random.chance(45), let name = name(of: kind) { return .text(name, .expression, fallbacks: [literal(kind)]) }
        if random.chance(3) { return .text(random.pick(["nope", "nope.attr", "a.b.c"]), .expression, fallbacks: ["1"]) }
        let text = literal(kind)
        return .text(text, .expression, fallbacks: text == "1" ? [] : ["1"])
    }

    private func node(_ pieces: [Fragment.Piece], _ fallback: String) -> Fragment {
        Fragment(.expression, pieces, fallbacks: [fallback])
    }

    private mutating func number(_ kind: Kind, depth: Int) -> Fragment {
        let a = expression(random.chance(70) ? kind : random.pick([Kind.int, .float]), depth: depth)
        switch random.below(12) {
        case 0, 1, 2, 3:
            let op = random.pick([" + ", " - ", " * ", " / ", " // ", " % ", " ** "])
            let b = op == " ** " ? Fragment.text(random.pick(["2", "3", "0", "-1", "0.5", "64", "65"]), .expression, fallbacks: ["1"])
                : expression(random.pick([Kind.int, .float]), depth: depth)
            return node([.text("("), .child(a), .text(op), .child(b), .text(")")], "1")
        case 4: return node([.text("-"), .child(a)], "1")
        case 5: return node([.child(a), .text("|" + random.pick(["abs", "int", "float", "round", "round(2)", "round(1, 'floor')",
                                                                     "round(0, 'ceil')", "string|length", "filesizeformat",
                                                                     "filesizeformat(true)", "int(7)", "float(1.5)"]))], "1")
        case 6:
            let function = random.pick(["abs(", "int(", "float(", "round(", "hash(", "bool(", "len(str("])
            // CPython hashes None, NaN and objects by address, which no run repeats: hash what
            // hashes by value
            let argument = function == "hash(" ? Fragment.text(random.pick(["0", "1", "-1", "42", "2**61", "-12", "9223372036854775807",
                                                                             "1.5", "-0.0", "'a'", "(1, 2)", "true"]), .expression) : a
            return node([.text(function), .child(argument), .text(random.pick([")", ")", ", 2)"]))], "1").closingParentheses()
        case 7: return node([.child(list(depth: depth)), .text("|" + random.pick(["length", "count", "sum", "max", "min", "sum(start=10)"]))], "1")
        case 8: return node([.child(text(depth: depth)), .text("|" + random.pick(["length", "int", "float", "wordcount", "int(base=16)",
                                                                                   "int(base=36)", "int(base=2)", "int(-1)"]))], "1")
        case 9: return node([.text(random.pick(["min(", "max(", "pow(", "divmod("])), .child(a), .text(", "), .child(expression(.int, depth: depth)), .text(")")], "1")
        case 10: return node([.child(a), .text(random.pick([".real", ".imag", ".bit_length()", ".conjugate()", ".is_integer()",
                                                            ".__class__.__name__", "|string|list|length"]))], "1")
        default: return node([.text("range("), .child(smallInt()), .text(", "), .child(smallInt()), .text(")|sum")], "1")
        }
    }

    private mutating func text(depth: Int) -> Fragment {
        let a = expression(.string, depth: depth)
        switch random.below(16) {
        case 0, 1: return node([.child(a), .text(" ~ "), .child(expression(random.pick(Kind.allCases), depth: depth))], "'s'")
        case 2: return node([.child(a), .text(" + "), .child(expression(.string, depth: depth))], "'s'")
        case 3: return node([.child(a), .text(" * "), .child(smallInt())], "'s'")
        case 4, 5:
            let filter = random.pick(["upper", "lower", "title", "capitalize", "trim", "trim('a')", "striptags", "e", "escape",
                                      "forceescape", "safe", "string", "center(9)", "center(9, '*')", "indent", "indent(2, first=true)",
                                      "indent('> ', blank=true)", "replace('a', 'X')", "replace('', '-')", "replace('a', 'b', 1)",
                                      "truncate(5)", "truncate(9, true, '..', 0)", "wordwrap(4)", "wordwrap(6, false, '|')",
                                      "urlencode", "urlize", "urlize(10, true)", "tojson", "tojson(2)", "reverse", "pprint",
                                      "format(1, 2)", "join('-')", "xmlattr", "list|join(',')", "default('dflt')", "d('x', true)",
                                      "attr('upper')", "sort|join", "unique|join('|')", "batch(2)|list|string", "slice(2)|list|string",
                                      "map('upper')|join", "select('upper')|join", "dictsort|string", "items|list|string",
                                      "groupby('x')|string", "title|swapcase"])
            return node([.child(a), .text("|" + filter)], "'s'")
        case 6: return node([.child(a), .text("." + random.pick(["upper()", "lower()", "strip()", "lstrip('a')", "rstrip()", "split(',')|join('+')",
                                                                  "replace('l', 'L')", "startswith('a')|string", "endswith('c')|string",
                                                                  "center(7, '.')", "ljust(6, '_')", "rjust(6)", "zfill(5)", "count('a')|string",
                                                                  "find('b')|string", "title()", "swapcase()", "casefold()", "isdigit()|string",
                                                                  "isalpha()|string", "isupper()|string", "partition(' ')|string",
                                                                  "rsplit(None, 1)|string", "splitlines()|string", "encode()|string",
                                                                  "format(1, x=2)", "join(['a', 'b'])", "expandtabs(4)", "isspace()|string",
                                                                  "removeprefix('a')", "removesuffix('c')", "index('z')|string",
                                                                  "capitalize()", "isidentifier()|string", "istitle()|string"]))], "'s'")
        case 7: return node([.text(random.pick(["'%s|%s' % (", "'%r' % (", "'%5.2f' % (", "'%-4s|' % (", "'%x' % (", "'%05d' % (",
                                                "'%c' % ("])), .child(expression(random.pick([.int, .float, .string]), depth: depth)),
                             .text(random.pick([", 'z')", ",)", ")"]))], "'s'")
        case 8: return node([.text(random.pick(["'{}-{}'.format(", "'{0!r}'.format(", "'{:>8}'.format(", "'{:,}'.format(",
                                                "'{:.3}'.format(", "'{:08.3f}'.format(", "'{:x}'.format(", "'{:^9}'.format("])),
                             .child(expression(random.pick([.int, .float, .string]), depth: depth)), .text(random.pick([", 1)", ")"]))], "'s'")
        case 9: return node([.text(random.pick(["str(", "repr(", "ascii(", "hex(", "oct(", "bin(", "chr(", "format("])),
                             .child(expression(random.pick([.int, .float, .string, .list]), depth: depth)), .text(")")], "'s'")
        case 10: return node([.child(a), .text("["), .child(smallInt()), .text(random.pick(["]", ":]", "::-1]", ":-1]", "::2]"]))], "'s'")
        case 11: return node([.child(expression(random.pick([.list, .dict, .float, .int, .none, .bool]), depth: depth)), .text("|string")], "'s'")
        case 12: return node([.child(expression(.list, depth: depth)), .text("|join" + random.pick(["", "(', ')", "(attribute='name')", "(1)"]))], "'s'")
        case 13: return node([.text("("), .child(boolean(depth: depth)), .text(" and "), .child(a), .text(" or "),
                              .child(expression(.string, depth: depth)), .text(")")], "'s'")
        case 14: return node([.child(a), .text(" if "), .child(boolean(depth: depth)), .text(random.chance(80) ? " else " : ""),
                              .child(expression(.string, depth: depth))], "'s'")
        default: return node([.text("'%s'|format("), .child(expression(random.pick(Kind.allCases), depth: depth)), .text(")")], "'s'")
        }
    }

    private mutating func list(depth: Int) -> Fragment {
        let a = expression(.list, depth: depth)
        switch random.below(13) {
        case 0: return node([.text("["), .child(expression(random.pick(Kind.allCases), depth: depth)), .text(", "),
                             .child(expression(random.pick(Kind.allCases), depth: depth)), .text("]")], "[1]")
        case 1: return node([.child(a), .text(" + "), .child(expression(.list, depth: depth))], "[1]")
        case 2, 3:
            let filter = random.pick(["list", "sort", "sort(reverse=true)", "sort(case_sensitive=true)", "sort(attribute='name')",
                                      "sort(attribute='age,name')", "unique", "unique(case_sensitive=true)", "reverse", "batch(2)",
                                      "batch(3, 'f')", "slice(2)", "slice(3, 0)", "map('string')", "map('upper')", "map(attribute='name')",
                                      "map(attribute='age', default=0)", "select('odd')", "select('string')", "reject('none')",
                                      "select", "reject", "selectattr('age')", "selectattr('age', 'gt', 26)", "rejectattr('city', 'eq', 'Paris')",
                                      "groupby('city')", "groupby('age', default=0)", "groupby('city', case_sensitive=false)",
                                      "map('int')", "map('abs')", "map('round', 1)", "dictsort", "items", "min(attribute='age')",
                                      "max(case_sensitive=true)", "sum(attribute='age')", "select('divisibleby', 2)", "select('in', [1, 2])",
                                      "map('default', 0)"])
            return node([.child(a), .text("|" + filter + (filter.hasPrefix("batch") || filter.hasPrefix("slice") || filter.hasPrefix("map")
                                                           || filter.hasPrefix("select") || filter.hasPrefix("reject") || filter == "unique"
                                                           || filter == "reverse" ? "|list" : ""))], "[1]")
        case 4: return node([.text(random.pick(["sorted(", "list(", "tuple(", "set(", "list(reversed(", "list(enumerate(", "list(zip("])),
                             .child(a), .text(")")], "[1]").closingParentheses()
        case 5: return node([.child(expression(.string, depth: depth)), .text(random.pick([".split()", ".split(',')", "|list",
                                                                                           ".splitlines()", ".split(' ', 1)", ".rsplit('a')",
                                                                                           ".partition(',')"]))], "[1]")
        case 6: return node([.text("range("), .child(smallInt()), .text(random.pick([")|list", ", 10, 3)|list", ", -5, -2)|list"]))], "[1]")
        case 7: return node([.child(a), .text("["), .child(smallInt()), .text(random.pick([":]", "::-1]", ":-1]", "::2]", ":1:1]"]))], "[1]")
        case 8: return node([.child(expression(.dict, depth: depth)), .text(random.pick([".keys()|list", ".values()|list", ".items()|list", "|list",
                                                                                         "|dictsort", "|dictsort(by='value')", "|dictsort(reverse=true)"]))], "[1]")
        case 9: return node([.child(a), .text(" * "), .child(smallInt())], "[1]")
        case 10: return node([.text("("), .child(expression(random.pick(Kind.allCases), depth: depth)), .text(",)")], "[1]")
        case 11: return node([.child(a), .text(random.pick(["|map('string')|map('length')|list", "|selectattr('name', 'string')|list",
                                                            "|map(attribute='0')|list", "|map('lower')|list", "|select('defined')|list"]))], "[1]")
        default: return node([.text("["), .child(expression(random.pick(Kind.allCases), depth: depth)), .text("]")], "[1]")
        }
    }

    private mutating func dictionary(depth: Int) -> Fragment {
        switch random.below(4) {
        case 0: return node([.text("{"), .child(expression(random.pick([.string, .int]), depth: depth)), .text(": "),
                             .child(expression(random.pick(Kind.allCases), depth: depth)), .text("}")], "{}")
        case 1: return node([.text("dict("), .child(expression(.dict, depth: depth)), .text(random.pick([")", ", z=1)"]))], "{}")
        case 2: return node([.text("dict(k="), .child(expression(random.pick(Kind.allCases), depth: depth)), .text(")")], "{}")
        default: return node([.text("namespace(a="), .child(expression(.int, depth: depth)), .text(")")], "{}")
        }
    }

    private mutating func boolean(depth: Int) -> Fragment {
        let kind = random.pick(Kind.allCases)
        let a = expression(kind, depth: depth)
        switch random.below(9) {
        case 0, 1:
            let op = random.pick([" == ", " != ", " < ", " <= ", " > ", " >= "])
            return node([.child(a), .text(op), .child(expression(random.chance(70) ? kind : random.pick(Kind.allCases), depth: depth))], "true")
        case 2: return node([.child(expression(random.pick([.int, .string]), depth: depth)), .text(random.pick([" in ", " not in "])),
                             .child(expression(random.pick([.list, .string, .dict]), depth: depth))], "true")
        case 3, 4:
            let test = random.pick(["defined", "undefined", "none", "number", "integer", "float", "string", "sequence", "mapping",
                                    "iterable", "callable", "boolean", "true", "false", "odd", "even", "divisibleby(3)", "divisibleby 2",
                                    "eq(1)", "ne 'a'", "lt(3)", "le 3", "gt(0)", "ge(0)", "in([1, 2])", "sameas(none)", "sameas true",
                                    "lower", "upper", "escaped", "filter", "test", "==(1)", "equalto(2)", "greaterthan 1", "lessthan(2)"])
            return node([.child(a), .text(" is " + (random.chance(20) ? "not " : "") + test)], "true")
        case 5: return node([.text("not "), .child(a)], "true")
        case 6: return node([.child(a), .text(random.pick([" and ", " or "])), .child(expression(random.pick(Kind.allCases), depth: depth))], "true")
        case 7: return node([.text(random.pick(["bool(", "callable(", "all(", "any(", "hasattr("])), .child(a),
                             .text(random.pick([")", ", 'x')"]))], "true")
        default: return node([.child(a), .text("|" + random.pick(["bool", "string|length", "length"]) + " > 0")], "true")
        }
    }

    private mutating func other(depth: Int) -> Fragment {
        let a = expression(random.pick(Kind.allCases), depth: depth)
        switch random.below(8) {
        case 0: return node([.child(a), .text("["), .child(expression(random.pick([.int, .string]), depth: depth)), .text("]")], "none")
        case 1: return node([.child(a), .text("." + random.pick(["name", "x", "get('a')", "get('a', 5)", "items()|list", "keys()|list",
                                                                 "count(1)", "index(1)", "__len__()", "real", "0", "append(1)"]))], "none")
        case 2: return node([.child(expression(.bool, depth: depth)), .text(" and "), .child(a)], "none")
        case 3: return node([.child(a), .text(" if "), .child(expression(.bool, depth: depth))], "none")
        case 4: return node([.child(a), .text("|" + random.pick(["list|length", "default(none)", "attr('x')", "tojson",
                                                                 "list|reverse|list", "dictsort|length"]))], "none")
        case 5: return node([.text(random.pick(["getattr(", "type(", "next(iter(", "min(", "max(", "sum(", "len("])), .child(a), .text(")")], "none")
            .closingParentheses()
        case 6: return node([.text("range(3)["), .child(expression(.int, depth: depth)), .text("]")], "none")
        default: return node([.text("("), .child(a), .text(", "), .child(expression(random.pick(Kind.allCases), depth: depth)), .text(")")], "none")
        }
    }
}

private extension Fragment {
    /// Balances a call whose opening text holds two parentheses (`list(reversed(`).
    func closingParentheses() -> Fragment {
        guard case .text(let first)? = pieces.first else { return self }
        let missing = first.filter { $0 == "(" }.count - 1
        if missing > 0 { pieces.append(.text(String(repeating: ")", count: missing))) }
        return self
    }
}
