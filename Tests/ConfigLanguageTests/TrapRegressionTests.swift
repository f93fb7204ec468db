import ConfigLanguage
import Foundation
import Testing
import Templating
import ConfigRuntime

/// Inputs that once trapped (found by `dgenerate-difftest`), each with what Jinja2 or asteval
/// gives for it (from `Tools/Differential/oracle.py`, e.g.
/// `echo '{"template": "{{ \"zz\"|int(base=36) }}"}' | .build/difftest-venv/bin/python Tools/Differential/oracle.py`).
@Suite struct TrapRegressionTests {
    final class Discard: ScriptOutput, @unchecked Sendable {
        func standardOutput(_ text: String) {}
        func standardError(_ text: String) {}
    }

    static let runtime = ScriptRuntime(host: RuntimeHost(output: Discard(), environment: MemoryEnvironment([("HOME", "/tmp")]),
                                                         workingDirectory: VirtualWorkingDirectory("/tmp")))

    /// Template, expected output (or `error:TYPE: MESSAGE`).
    static let templates: [(String, String)] = [
        ("{{ 'zz'|int(base=36) }}", "1295"),
        // wordwrap cut a long word in time quadratic in its length (the template fuzzer's
        // timeout; 700,000 characters took 100 s); Jinja2 3.1 answers these
        ("{{ ('x' * 700000)|wordwrap|length }} {{ ('ab-' * 1000)|wordwrap(7)|wordcount }}", "708860 1000"),
        ("{{ '0x1f'|float }}", "0.0"),
        ("{{ 'inf'|int }}", "0"),
        ("{{ -9223372036854775808 / 9223372036854775807 }}", "-1.0"),
        ("{{ 10**400 / 10**399 }}", "10.0"),
        ("{{ [1] * 10**30 }}", "error:OverflowError: cannot fit 'int' into an index-sized integer"),
        ("{{ '%d' % 1e300 }}", "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160"),
        // found by the fuzzer: far too long to print (Python refuses ints over 4,300 digits)
        ("{{ 4 ** 10142 ** 101 }}", "error:ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"),
        // found by the fuzzer: a gigabyte of padding (Python builds it; this engine refuses, divergence R10)
        ("{{ '+  %999999999E   999999999999999990d&' % 50 }}", "error:MemoryError: "),
        ("{{ '{0!r:>6}|{1!s}|{2!a}'.format('é', 2, 'é') }}", "   'é'|2|'\\xe9'"),
        ("{{ (1, 2) * 2 }}", "(1, 2, 1, 2)"),
        // the template fuzzer's timeouts were big-integer powers: now by CPython's left-to-right
        // method (values from python3)
        ("{{ (-7) ** 1405 % 1000003 }} {{ 3 ** 0 }} {{ (-3) ** 3 }} {{ 2 ** 64 }} {{ 12345678901234567890 ** 37 % 998244353 }} {{ (2 ** 10000)|string|length }}",
         "712194 1 -27 18446744073709551616 754958258 3011"),
        // found by the tester (seed 249340201): white-space splits with a limit keep the white
        // space beyond the last split (values from python3)
        ("{{ 'a  b  c  '.split(None, 1) }} {{ ' b c'.rsplit(None, 1) }} {{ '  a  b  '.rsplit(None, 1) }} {{ '  a  b  '.split(None, 1) }} {{ ' x '.rsplit(None, 0) }} {{ ' x '.split(None, 0) }} {{ ' a b '.split(None, 5) }}",
         "['a', 'b  c  '] [' b', 'c'] ['  a', 'b'] ['a', 'b  '] [' x'] ['x '] ['a', 'b']"),
        ("{{ type([])[1][1:-1] }}", "error:TypeError: list[1] is not a generic class"),
        ("{{ type([])[1][0] }}", ""),
        // found by the tester (seed 147574275): a builtin class's __len__ is a slot wrapper, taken
        // from the class and called with the object first
        ("{{ type([1]).__len__([1, 2]) }} {{ type({}).__len__({'a': 1}) }} {{ type('ab').__len__('xyz') }}", "2 1 3"),
        ("{{ type([[1, 2], [3]]).__len__() }}", "error:TypeError: descriptor '__len__' of 'list' object needs an argument"),
        ("{{ type([1]).__len__('ab') }}", "error:TypeError: descriptor '__len__' requires a 'list' object but received a 'str'"),
        // found by the fuzzer: 5 * 10^16 paragraphs (Jinja2 would write them until memory runs out)
        ("{{ lipsum(51000000000000000) is string }}", "error:MemoryError: "),
        ("{{ lipsum(1, false, 20, 20) }}", "error:ValueError: empty range for randrange() (20, 20, 0)"),
        ("{{ lipsum(1, false, -5, -3) }}", "."),
        // found by the fuzzer: a negative field number indexed the arguments (it is a keyword)
        ("{{ '{-171}'.format(1) }}", "error:KeyError: '-171'"),
        // found by the fuzzer: Jinja2 folds 144402079922**922 while compiling and cannot write
        // its 10,290 digits as code, so it fails at once, before the power that would take minutes
        ("{{ 144402079922**922**1404 }}", "error:ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"),
        // a slice that fails is undefined while folding (prints nothing), an error at run time
        ("{{ 1[1:] }}", ""),
        ("{% set x = 1[1:] %}", "error:TypeError: 'int' object is not subscriptable"),
        // folded infinities are written as the name `inf`, which the generated code lacks
        ("{% set x = 1e308 * 10 %}{{ x }}", "error:NameError: name 'inf' is not defined"),
        ("{{ 1e308 * 10 }}", "inf"),
        // an unknown filter that folding removes is never checked
        ("{{ \"'\" in 'ab' <= 1|nosuch > 0 }}", "False"),
        ("{% if false %}{{ {[1]: 1}|string }}{% endif %}", "error:TypeError: unhashable type: 'list'"),
        // found by the tester: a list of plain items given to urlencode
        ("{{ ['b', 'a']|urlencode }}", "error:ValueError: not enough values to unpack (expected 2, got 1)"),
        // found by the tester: a million repeated NaNs were a million keys, inserted in
        // quadratic time; in Python they are one object, so one member
        ("{{ (['nan'|float] * 1000000)|unique|list|length }}", "1"),
        // sets iterate in CPython's table order (Jinja2 run with PYTHONHASHSEED=0, as the tester runs it)
        ("{{ set(['b', 'a', 1, none]) }}", "{1, 'a', None, 'b'}"),
        ("{{ [1] + nope }}", "error:UndefinedError: 'nope' is undefined"),
        ("{{ 6 is divisibleby(num=3) }}", "True"),
        ("{{ (-1e300)|filesizeformat }}", "-1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160 Bytes"),
    ]

    /// `\setp` expression, expected repr (or `error:` and the message's last line).
    static let expressions: [(String, String)] = [
        ("(1,) * 2**70", "error:OverflowError: cannot fit 'int' into an index-sized integer"),
        ("2**64 & 2**65 | 1", "1"),
        ("int(' ١٢ ')", "12"),
        ("float('1_0.5')", "10.5"),
        ("[0] * 9223372036854775807", "error:MemoryError"),
        // the reference computes 10**(2**63) here and does not finish; zero is the answer
        ("round(1_000_000, -2**63)", "0"),
        ("hasattr({'x': 1}, 'x')", "False"),
        // found by the tester (seed 225914073): an alias of a builtin class has no parameters to fill
        ("type([])[1][1:-1]", "error:TypeError: list[1] is not a generic class"),
        ("list[int][0]", "error:TypeError: list[int] is not a generic class"),
        // the examples
        ("abs(-0.0) ** 3", "0.0"),
        ("bool(set())", "False"),
        ("bool(0j), bool(b''), bool({}.keys()), bool(frozenset([1]))", "(False, False, False, True)"),
        ("int(float(10 ** 20 * 7))", "700000000000000000000"),
        ("1 if True else (x for x in 1)", "1"),
        // f-string syntax errors as Python 3.11 words them
        ("f'{'s'}-{1}'", "error:SyntaxError: f-string: expecting '}' (<unknown>, line 1)"),
        ("f'{float('inf'):>5}'", "error:SyntaxError: f-string: unmatched '(' (<unknown>, line 1)"),
        ("f'{ }'", "error:SyntaxError: f-string: empty expression not allowed (<unknown>, line 1)"),
        ("f'{x!z}'", "error:SyntaxError: f-string: invalid conversion character: expected 's', 'r', or 'a' (<unknown>, line 1)"),
        // found by the fuzzer: an empty text repeated 10^16 times took forever
        ("2j/222/990+9999989036999999*'x'.strip('{x: x   ')-799.4", "error:TypeError: unsupported operand type(s) for +: 'complex' and 'str'"),
        ("{'b', 'a', 1, None}", "{1, 'a', None, 'b'}"),
        ("{[1], 2}", "error:TypeError: unhashable type: 'list'"),
        // Python's second-pass syntax messages and its tokenizer's
        ("[1 2]", "error:SyntaxError: invalid syntax. Perhaps you forgot a comma? (<unknown>, line 1)"),
        ("(1 if 2)", "error:SyntaxError: expected 'else' after 'if' expression (<unknown>, line 1)"),
        ("len([1]))", "error:SyntaxError: unmatched ')' (<unknown>, line 1)"),
        ("f'{1.real}'", "error:SyntaxError: invalid decimal literal (<unknown>, line 1)"),
        ("format(1234, '010,')", "'00,001,234'"),
        ("chr(1e22)", "error:TypeError: Error running function 'chr' with args '[1e+22]' and kwargs {}: 'float' object cannot be interpreted as an integer"),
    ]

    @Test(arguments: templates)
    func templateGivesJinjasAnswer(_ source: String, _ expected: String) {
        let outcome: String
        do {
            outcome = try Self.runtime.templates.render(source)
        } catch {
            outcome = "error:\(error.kind): \(error.message)"
        }
        #expect(outcome == expected)
    }

    @Test(arguments: expressions)
    func expressionGivesAstevalsAnswer(_ expression: String, _ expected: String) {
        do {
            let value = try Self.runtime.evaluateSetp(expression)
            #expect(value.repr == expected)
        } catch {
            let last = error.message.split(separator: "\n").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            #expect(expected.hasPrefix("error:") && last.hasPrefix(expected.dropFirst(6)), "\(error.message)")
        }
    }
}

/// Shell words and file directives with NUL bytes (found by the fuzzer: C cut such paths short,
/// and globbing then scanned whole directory trees that the pattern never named).
@Suite struct NulByteTests {
    @Test(arguments: ["~/\0\0~/\0\0/\0/\0\0\0\0/*/\0/\0\0\0\0/*", "/*/\0x", "a\0*"])
    func globsWithNulBytesFailAtOnce(_ text: String) {
        var words = ShellWords(environment: { _ in nil }, workingDirectory: "/nonexistent-dgenerate-test-directory", files: SystemDirectories(), accounts: SystemAccounts.lookup)
        words.home = "/tmp"
        #expect(throws: ShellWords.SyntaxError.self) { try words.parse(text) }
    }

    @Test func fileDirectivesRefuseNulBytes() throws {
        let runtime = TrapRegressionTests.runtime
        for directive in ["rm", "mv", "cp", "ls", "rmdir", "mkdir", "cd", "exec"] {
            let handler = try #require(runtime.directives[directive])
            #expect(throws: ScriptError.self) { try handler(runtime, ["\\\(directive)", "a\0b", "c"]) }
        }
    }
}
