import Templating

/// Random `\setp` expressions: Python literals of every form, displays, comprehensions,
/// conditional expressions, operators, subscripts and slices, methods and the builtins dgenerate
/// gives `\setp`. Like the template generator, it aims at well-typed expressions and lets about
/// one in ten go wrong on purpose.
struct SetpGenerator {
    var random: SeededRandom
    private var bound: [(String, Kind)] = []

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    mutating func next() -> Fragment {
        bound = []
        return expression(random.pick(Kind.allCases), depth: 0)
    }

    func literalPool(_ kind: Kind) -> [String] {
        switch kind {
        case .int: return ["0", "1", "-1", "2", "3", "7", "-12", "42", "255", "0x1F", "0o17", "0b1011", "1_000_000", "2**64", "-2**62 * 2",
                           "10**20", "9223372036854775807", "9223372036854775808", "True", "(1).bit_length()", "int('12')", "-0",
                           "0xff_ff", "12345678901234567890123"]
        case .float: return ["0.0", "-0.0", "0.5", "1.5", "-2.25", "3.14159", "1e16", "1e-7", "1e300", "float('inf')", "float('-inf')",
                             "float('nan')", "0.1", "2.0", "1e22", ".5", "5.", "1_0.2_5", "1E5", "123456.789", "2.5", "-1.5", "0.125",
                             "1e-320", "7e-1"]
        case .string: return ["''", "'abc'", "\"Hello World\"", "'é'", "'a b c'", "'<b>'", "'%s!'", "'{}'", "'x\\ny'", "'it\\'s'",
                              "'   sp '", "'42'", "'3.5'", "'a,b,,c'", "'ß'", "'日本'", "'{0}-{1}'", "'%d%%'", "r'raw\\n'", "'\\x41'",
                              "'\\u00e9'", "'\\t'", "\"'\"", "'''tri'''", "'a' 'b'", "'İ'", "'ǅ'", "'😀'", "'inf'", "' 12 '", "'0x1f'",
                              "'1_000'", "'-7'", "'Ab Cd'", "'\\N{BULLET}'", "str(1.5)", "'\\\\'", "'\\0'"]
        case .list: return ["[]", "[1, 2, 3]", "[3, 1, 2]", "['b', 'a', 'C']", "[1, 'a', None]", "[[1, 2], [3]]", "(1, 2)", "(1,)",
                            "()", "[0.5, -1, 2]", "[True, False]", "['a', 'b', 'a']", "{1, 2, 3}", "{'x', 'y'}", "frozenset([2, 1])",
                            "set()", "b'ab'", "bytearray(b'x')", "[*range(3)]", "list('abc')", "range(5)", "(1, [2, 3])"]
        case .dict: return ["{}", "{'a': 1, 'b': 2}", "{'x': [1, 2]}", "{1: 'one', 'b': None}", "{'b': 1, 'a': 2}", "dict(a=1, b='x')",
                            "{**{'a': 1}, 'b': 2}", "{(1, 2): 'pair'}", "{1.5: 2, True: 3}", "dict([(1, 2)])"]
        case .bool: return ["True", "False", "not 0", "1 < 2", "'a' in 'abc'"]
        case .none: return ["None", "...", "print"]
        }
    }

    private mutating func leaf(_ kind: Kind) -> Fragment {
        let candidates = bound.filter { $0.1 == kind }
        if !candidates.isEmpty && random.chance(50) { return .text(random.pick(candidates).0, .expression, fallbacks: ["1"]) }
        if random.chance(2) { return .text(random.pick(["undefined_name", "__import__", "open", "eval"]), .expression, fallbacks: ["1"]) }
        let text = random.pick(literalPool(kind))
        return .text(text, .expression, fallbacks: text == "1" ? [] : ["1"])
    }

    private func node(_ pieces: [Fragment.Piece], _ fallback: String = "1") -> Fragment {
        Fragment(.expression, pieces, fallbacks: [fallback])
    }

    private mutating func any(_ depth: Int) -> Fragment { expression(random.pick(Kind.allCases), depth: depth) }

    mutating func expression(_ kind: Kind, depth: Int) -> Fragment {
        if depth >= 3 || random.chance(depth == 0 ? 10 : 35) { return leaf(kind) }
        let want = random.chance(8) ? random.pick(Kind.allCases) : kind
        let next = depth + 1
        switch want {
        case .int, .float: return number(want, next)
        case .string: return text(next)
        case .list: return sequence(next)
        case .dict: return mapping(next)
        case .bool: return boolean(next)
        case .none: return other(next)
        }
    }

    private mutating func number(_ kind: Kind, _ depth: Int) -> Fragment {
        let a = expression(random.chance(70) ? kind : random.pick([Kind.int, .float]), depth: depth)
        switch random.below(12) {
        case 0, 1, 2, 3:
            let op = random.pick([" + ", " - ", " * ", " / ", " // ", " % ", " ** ", " & ", " | ", " ^ ", " << ", " >> "])
            let b = op == " ** " || op == " << " || op == " >> "
                ? Fragment.text(random.pick(["2", "3", "0", "-1", "0.5", "64", "65", "100"]), .expression, fallbacks: ["1"])
                : expression(random.pick([Kind.int, .float]), depth: depth)
            return node([.text("("), .child(a), .text(op), .child(b), .text(")")])
        case 4: return node([.text(random.pick(["-", "+", "~", "not "])), .child(a)])
        case 5:
            let function = random.pick(["abs(", "int(", "float(", "round(", "hash(", "bool(", "len(str(", "complex("])
            // CPython hashes a NaN by its object's address, which no run repeats: hash ints only
            let argument = function == "hash(" ? expression(.int, depth: depth) : a
            return node([.text(function), .child(argument), .text(random.pick([")", ")", ", 2)"]))]).balanced()
        case 6: return node([.text(random.pick(["sum(", "max(", "min(", "len(", "sum(", "len(set("])), .child(sequence(depth)), .text(")")]).balanced()
        case 7: return node([.text(random.pick(["int(", "float(", "len(", "ord(", "int("])), .child(text(depth)), .text(random.pick([")", ", 16)", ", 0)"]))])
        case 8: return node([.text(random.pick(["min(", "max(", "pow(", "divmod(", "round("])), .child(a), .text(", "),
                             .child(expression(.int, depth: depth)), .text(")")])
        case 9: return node([.child(a), .text(random.pick([".real", ".imag", ".bit_length()", ".conjugate()", ".is_integer()",
                                                           ".as_integer_ratio()", ".hex()", ".numerator", ".denominator"]))])
        case 10: return node([.text("("), .child(a), .text(random.pick([" if ", " if not "])), .child(boolean(depth)), .text(" else "),
                              .child(expression(kind, depth: depth)), .text(")")])
        default: return node([.text("sum("), .child(comprehension(depth, open: "", close: "")), .text(")")])
        }
    }

    private mutating func text(_ depth: Int) -> Fragment {
        let a = expression(.string, depth: depth)
        switch random.below(12) {
        case 0, 1: return node([.child(a), .text(" + "), .child(expression(.string, depth: depth))], "'s'")
        case 2: return node([.child(a), .text(" * "), .child(expression(.int, depth: depth + 1))], "'s'")
        case 3, 4: return node([.child(a), .text("." + random.pick(["upper()", "lower()", "strip()", "lstrip('a')", "rstrip()", "title()",
                                                                    "capitalize()", "swapcase()", "casefold()", "center(7, '.')", "ljust(6, '_')",
                                                                    "rjust(6)", "zfill(5)", "replace('a', 'X')", "replace('', '-')",
                                                                    "expandtabs(4)", "removeprefix('a')", "removesuffix('c')", "join(['x', 'y'])",
                                                                    "format(1, 2)", "format(x=1)", "encode().decode()", "strip('ab ')",
                                                                    "translate({97: 'A'})", "partition(',')[0]", "split(',')[0]"]))], "'s'")
        case 5: return node([.text(random.pick(["'%s|%s' % (", "'%r' % (", "'%5.2f' % (", "'%-4s|' % (", "'%x' % (", "'%05d' % (",
                                                "'%c' % (", "'%e' % (", "'%g' % (", "'%+d' % ("])), .child(any(depth)),
                             .text(random.pick([", 'z')", ",)", ")"]))], "'s'")
        case 6: return node([.text(random.pick(["'{}-{}'.format(", "'{0!r}'.format(", "'{:>8}'.format(", "'{:,}'.format(", "'{:.3}'.format(",
                                                "'{:08.3f}'.format(", "'{:x}'.format(", "'{:^9}'.format(", "'{:e}'.format(", "'{:%}'.format(",
                                                "'{:g}'.format(", "'{:_}'.format(", "'{!s:5}'.format(", "format("])),
                             .child(any(depth)), .text(random.pick([", 1)", ")", ", '>6')"]))], "'s'")
        case 7: return node([.text(random.pick(["str(", "repr(", "ascii(", "hex(", "oct(", "bin(", "chr(", "type("])), .child(any(depth)),
                             .text(")")], "'s'")
        case 8: return node([.child(a), .text("["), .child(expression(.int, depth: depth + 1)),
                             .text(random.pick(["]", ":]", "::-1]", ":-1]", "::2]", ":2:]", "::0]"]))], "'s'")
        case 9: return node([.text(random.pick(["', '.join(", "''.join(", "'-'.join(sorted(", "' '.join(map(str, "])), .child(sequence(depth)), .text(")")], "'s'").balanced()
        case 10: return node([.text("f'{"), .child(any(depth)), .text(random.pick(["}'", "!r}'", ":>5}'", "}-{1}'"]))], "'s'")
        default: return node([.child(a), .text(" if "), .child(boolean(depth)), .text(" else "), .child(expression(.string, depth: depth))], "'s'")
        }
    }

    private mutating func comprehension(_ depth: Int, open: String, close: String) -> Fragment {
        let variable = "i\(bound.count)"
        let source = sequence(depth)
        bound.append((variable, random.pick([Kind.int, .string])))
        let element = expression(random.pick([Kind.int, .string, .bool]), depth: depth + 1)
        var pieces: [Fragment.Piece] = [.text(open), .child(element), .text(" for \(variable) in "), .child(source)]
        if random.chance(35) { pieces += [.text(" if "), .child(boolean(depth + 1))] }
        if random.chance(10) { pieces.append(.text(" for _ in (1, 2)")) }
        pieces.append(.text(close))
        bound.removeLast()
        return node(pieces, "[1]")
    }

    private mutating func sequence(_ depth: Int) -> Fragment {
        let a = expression(.list, depth: depth)
        switch random.below(12) {
        case 0: return node([.text(random.pick(["[", "(", "{"])), .child(any(depth)), .text(", "), .child(any(depth)),
                             .text(random.pick(["]", ")", ",)", "}"]))], "[1]").closedLike()
        case 1: return node([.child(a), .text(random.pick([" + ", " * ", " - ", " & ", " | ", " ^ "])), .child(expression(random.chance(70) ? .list : .int, depth: depth))], "[1]")
        case 2: return comprehension(depth, open: random.pick(["[", "{", "("]), close: "").closedLike()
        case 3: return node([.text(random.pick(["sorted(", "list(", "tuple(", "set(", "list(reversed(", "list(enumerate(", "list(zip(",
                                                "frozenset(", "list(map(str, ", "list(filter(None, ", "sorted(set(", "bytes(", "list(iter("])),
                             .child(a), .text(random.pick([")", ", reverse=True)", ", key=len)"]))], "[1]").balanced()
        case 4: return node([.child(text(depth)), .text(random.pick([".split()", ".split(',')", ".splitlines()", ".split(' ', 1)",
                                                                     ".rsplit('a')", ".partition(',')", ".encode()", ".rpartition(' ')"]))], "[1]")
        // range bounds stay small: Python cannot stop a loop over range(2**64) once it started
        case 5: return node([.text("range(" + random.pick(["0", "3", "-2", "7", "1"])), .text(random.pick([")", ", 10, 3)", ", -5, -2)"]))], "[1]")
        case 6: return node([.child(a), .text("["), .child(expression(.int, depth: depth + 1)),
                             .text(random.pick([":]", "::-1]", ":-1]", "::2]", ":1:1]", "]"]))], "[1]")
        case 7: return node([.child(mapping(depth)), .text(random.pick([".keys()", ".values()", ".items()", ""])), .text("")], "[1]").wrapped(in: random.pick(["list(", "sorted(", "tuple("]))
        case 8: return node([.text("["), .child(any(depth)), .text("] * "), .child(expression(.int, depth: depth + 1))], "[1]")
        case 9: return node([.text("("), .child(any(depth)), .text(",)")], "[1]")
        case 10: return node([.text("list(divmod("), .child(expression(.int, depth: depth)), .text(", "), .child(expression(.int, depth: depth)), .text("))")], "[1]")
        default: return node([.child(a), .text(random.pick([".copy()", ".count(1)", ".index(1)", "[::]"]))], "[1]")
        }
    }

    private mutating func mapping(_ depth: Int) -> Fragment {
        switch random.below(5) {
        case 0: return node([.text("{"), .child(expression(random.pick([.string, .int, .float]), depth: depth)), .text(": "), .child(any(depth)), .text("}")], "{}")
        case 1: return node([.text("dict("), .child(expression(.dict, depth: depth)), .text(random.pick([")", ", z=1)"]))], "{}")
        case 2:
            let variable = "k\(bound.count)"
            let source = sequence(depth)
            bound.append((variable, .int))
            let value = any(depth + 1)
            bound.removeLast()
            return node([.text("{\(variable): "), .child(value), .text(" for \(variable) in "), .child(source), .text("}")], "{}")
        case 3: return node([.text("dict(zip("), .child(sequence(depth)), .text(", "), .child(sequence(depth)), .text("))")], "{}")
        default: return node([.text("{**"), .child(expression(.dict, depth: depth)), .text(", 'k': "), .child(any(depth)), .text("}")], "{}")
        }
    }

    private mutating func boolean(_ depth: Int) -> Fragment {
        let kind = random.pick(Kind.allCases)
        let a = expression(kind, depth: depth)
        switch random.below(8) {
        case 0, 1:
            var pieces: [Fragment.Piece] = [.child(a)]
            for _ in 0..<(1 + (random.chance(20) ? 1 : 0)) {
                pieces += [.text(random.pick([" == ", " != ", " < ", " <= ", " > ", " >= ", " is ", " is not "])),
                           .child(expression(random.chance(70) ? kind : random.pick(Kind.allCases), depth: depth))]
            }
            return node(pieces, "True")
        case 2: return node([.child(any(depth)), .text(random.pick([" in ", " not in "])), .child(expression(random.pick([.list, .string, .dict]), depth: depth))], "True")
        case 3: return node([.text("not "), .child(a)], "True")
        case 4: return node([.child(a), .text(random.pick([" and ", " or "])), .child(any(depth))], "True")
        case 5: return node([.text(random.pick(["bool(", "callable(", "all(", "any(", "isinstance("])), .child(a), .text(random.pick([")", ", int)"]))], "True")
        case 6: return node([.child(text(depth)), .text("." + random.pick(["isdigit()", "isalpha()", "isupper()", "islower()", "isspace()",
                                                                          "startswith('a')", "endswith(('c', 'd'))", "isidentifier()",
                                                                          "isnumeric()", "isdecimal()", "isalnum()", "istitle()", "isascii()"]))], "True")
        default: return node([.text("hasattr("), .child(a), .text(random.pick([", 'real')", ", 'upper')", ", 'x')"]))], "True")
        }
    }

    private mutating func other(_ depth: Int) -> Fragment {
        let a = any(depth)
        switch random.below(7) {
        case 0: return node([.child(a), .text("["), .child(expression(random.pick([.int, .string]), depth: depth)), .text("]")], "None")
        case 1: return node([.child(expression(.dict, depth: depth)), .text("." + random.pick(["get('a')", "get('a', 5)", "get(1)", "setdefault('q', 1)",
                                                                                          "pop('a', 0)", "copy()", "fromkeys([1])"]))], "None")
        case 2: return node([.text(random.pick(["next(iter(", "getattr(", "type(", "slice(", "iter(", "map(str, ", "zip(", "enumerate("])), .child(a),
                             .text(")")], "None").balanced()
        case 3: return node([.text("lambda: "), .child(a)], "None")
        case 4: return node([.child(a), .text(" if "), .child(boolean(depth)), .text(" else None")], "None")
        case 5: return node([.text("("), .child(a), .text(" for _ in range(2))")], "None")
        default: return node([.text("object() is "), .child(a)], "None")
        }
    }
}

private extension Fragment {
    /// Adds the closing parentheses an opening text like `list(reversed(` needs.
    func balanced() -> Fragment {
        let text = rendered
        var depth = 0
        var quote: Character? = nil
        for character in text {
            if let open = quote { if character == open { quote = nil }; continue }
            if character == "'" || character == "\"" { quote = character } else if character == "(" { depth += 1 } else if character == ")" { depth -= 1 }
        }
        if depth > 0 { pieces.append(.text(String(repeating: ")", count: depth))) }
        return self
    }

    /// Closes a display opened with `[`, `(` or `{` with its matching bracket.
    func closedLike() -> Fragment {
        guard case .text(let first)? = pieces.first, let open = first.first else { return self }
        let close: String = open == "[" ? "]" : open == "{" ? "}" : ")"
        if case .text(let last)? = pieces.last, last.hasSuffix("]") || last.hasSuffix(")") || last.hasSuffix("}") {
            pieces.removeLast()
            pieces.append(.text(open == "(" && last == ",)" ? ",)" : close))
        } else {
            pieces.append(.text(close))
        }
        return self
    }

    func wrapped(in call: String) -> Fragment {
        Fragment(.expression, [.text(call), .child(self), .text(")")], fallbacks: ["[1]"])
    }
}
