#!/usr/bin/env python3
r"""Record dgenerate 5.0.0 ``\setp`` expression evaluation (asteval, minimal mode) as a table,
from the reference implementation.

How to rerun (from the repository root; any python3 can start it, it re-executes itself
under the reference interpreter with PYTHONHASHSEED=0):

    python3 Tests/ConfigLanguageTests/Fixtures/setp/record_setp.py

The reference interpreter is ``$DGENERATE_REFERENCE_PYTHON`` if set, else
``~/.cache/dgenerate-reference/bin/python`` (a virtualenv with dgenerate 5.0.0 installed).
It rewrites ``setp.json`` next to itself (UTF-8, ``ensure_ascii=False``, indent 1, stable
order); two runs give byte-identical output.  It exits with status 1 if there are fewer
than 250 cases or a case name repeats.

What it drives: a real ``dgenerate.batchprocess.configrunner.ConfigRunner()`` (built with
no arguments, as ``dgenerate --file`` builds it) and, per case, its
``BatchProcessor._intepret_setp_value(expr)`` -- the function the ``\setp`` directive calls
after Jinja rendering and environment-variable expansion of EXPR.  That function builds
``dgenerate.eval.standard_interpreter(symtable=runner.template_variables.copy())``
(asteval ``Interpreter(minimal=True, with_listcomp/dictcomp/setcomp/ifexp=True,
builtins_readonly=True)``), adds ``runner.builtins`` (``dgenerate.eval.safe_builtins()``)
then ``runner.template_functions``, and calls ``interpreter.eval(expr, show_errors=False,
raise_errors=True)``.  On any exception it raises ``BatchProcessError('\\setp eval error: '
+ folded)`` where ``folded = ('\n' + 8 spaces).join(str(e).strip().split('\n'))``.

Per case the JSON holds ``{"expr", "repr", "str", "type"}`` for a value, or
``{"expr", "error", "cause_type"}`` for an error (``error`` = the BatchProcessError text
after ``\setp eval error: ``; ``cause_type`` = the class of the exception asteval raised).
Values whose repr holds a memory address or a module are recorded with ``type`` only.
In error texts, `` at 0x...>`` addresses become `` at 0x?>`` and module file paths
``from '...'`` become ``from '<PATH>'`` (``"sanitized": true`` marks such a case).

The ``directive`` section runs whole ``\setp v EXPR`` lines through
``runner._handle_setp_directive`` (Jinja render + ``shell_expandvars`` first) with the
environment variables in ``directive_env`` set, and records ``template_variables['v']``.

The process runs in a fresh temporary directory holding ``files`` (for the ``glob``
module cases; the results are sorted() in the expressions themselves).
"""

import json
import os
import re
import sys

REF_PY = os.environ.get('DGENERATE_REFERENCE_PYTHON') or \
    os.path.expanduser('~/.cache/dgenerate-reference/bin/python')

if os.environ.get('_DGEN_FIXTURE_CHILD') != '1' or os.environ.get('PYTHONHASHSEED') != '0':
    os.environ['_DGEN_FIXTURE_CHILD'] = '1'
    os.environ['PYTHONHASHSEED'] = '0'
    os.execv(REF_PY, [REF_PY, os.path.abspath(__file__)] + sys.argv[1:])

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'setp.json')
HOW = 'python3 Tests/ConfigLanguageTests/Fixtures/setp/record_setp.py'

FILES = ['a.png', 'b.png', 'c.txt', '.hidden.png', 'img/', 'img/1.png', 'img/2.png']

CASES = [
    # ---- int literals and arithmetic
    '0',
    '42',
    '-42',
    '+5',
    '0x1F',
    '0o17',
    '0b1011',
    '1_000_000',
    '2**200',
    '-2**200',
    '10**20*3',
    '10**400',
    '2**10000',
    '2**10001',
    '1 << 1000',
    '1 << 1001',
    '-7//2',
    '7//-2',
    '-7%3',
    '7%-3',
    '-7 % -3',
    '7/2',
    '1/3',
    '2/3',
    '6/3',
    '2**-1',
    '2**-2',
    '(-8)**(1/3)',
    '(-2)**2',
    '-2**2',
    '~5',
    '5 & 3',
    '5 | 3',
    '5 ^ 3',
    '256 >> 4',
    '3 * 4 + 2',
    '3 * (4 + 2)',
    '17 // 5 * 5 + 17 % 5',
    '1 / 0',
    '1 // 0',
    '1 % 0',
    '1.0 / 0',
    '0 ** -1',
    '2 ** 0.5',
    # ---- floats
    '0.1 + 0.2',
    '1.5',
    '1.0',
    '-0.0',
    '1e16',
    '1e15',
    '1.5e16',
    '1e-5',
    '1e-4',
    '0.0001',
    '123456789.123456789',
    '1e308 * 10',
    '-1e308 * 10',
    "float('inf')",
    "float('-inf')",
    "float('nan')",
    "float('inf') - float('inf')",
    '1e400',
    '3.0 * 2',
    '7.5 // 2',
    '7.5 % 2',
    '-7.5 % 2',
    '2.0 ** 10000',
    '10 / 4',
    '1 / 7',
    '100.0',
    '1e22',
    '1e23',
    '0.1 * 3',
    # ---- complex
    '1j',
    '1j * 1j',
    '1j ** 2',
    '(1+2j) * (3-4j)',
    'complex(1, 2)',
    'complex("3+4j")',
    'abs(3+4j)',
    '(1+2j).real',
    '(1+2j).imag',
    '(1+2j).conjugate()',
    '0j',
    '-1j',
    # ---- bool / None
    'True',
    'False',
    'None',
    'True + True',
    'True * 3',
    'not None',
    '...',
    # ---- strings
    "'abc'",
    '"abc"',
    "'a' 'b'",
    "'it\\'s'",
    '"say \\"hi\\""',
    "'tab\\there'",
    "'nl\\nhere'",
    "'\\x41\\u00e9\\N{BULLET}'",
    "r'raw\\n'",
    "'''triple'''",
    "'é' + 'ü'",
    "'日本語'",
    "'😀'",
    "'ab' * 3",
    "3 * 'ab'",
    "'ab' * 0",
    "'ab' * -1",
    "'x' * 300000",
    "'a' + 'b'",
    "'a' + 1",
    "1 + 'a'",
    "'abc'[0]",
    "'abc'[-1]",
    "'abc'[5]",
    "'abcdef'[1:4]",
    "'abcdef'[::2]",
    "'abcdef'[::-1]",
    "'abcdef'[-3:]",
    "'abcdef'[4:1:-1]",
    "'Hello World'.upper()",
    "'Hello World'.lower()",
    "'hello world'.title()",
    "'hello'.capitalize()",
    "'  pad  '.strip()",
    "'xxhixx'.strip('x')",
    "'a,b,,c'.split(',')",
    "'a b  c'.split()",
    "'a b c'.split(' ', 1)",
    "'a-b-c'.rsplit('-', 1)",
    "'-'.join(['a', 'b', 'c'])",
    "'abc'.replace('b', 'X')",
    "'abcabc'.find('c')",
    "'abcabc'.rfind('c')",
    "'abc'.index('z')",
    "'abcabc'.count('b')",
    "'file.png'.endswith('.png')",
    "'file.png'.startswith(('a', 'f'))",
    "'42'.isdigit()",
    "'abc'.isalpha()",
    "'7'.zfill(3)",
    "'ab'.center(6, '*')",
    "'ab'.ljust(4) + '|'",
    "'ab'.rjust(4)",
    "'{}-{}'.format(1, 2)",
    "'%s=%d' % ('a', 5)",
    "'%05.2f' % 3.14159",
    "'%x' % 255",
    "'a' in 'abc'",
    "'z' not in 'abc'",
    "'abc' < 'abd'",
    "'B' < 'a'",
    "'a\\tb'.expandtabs(4)",
    "'x=1'.partition('=')",
    "'ABC'.casefold()",
    "'a b'.encode()",
    "'é'.encode('utf-8')",
    "b'\\xc3\\xa9'.decode()",
    "'%d%%' % 50",
    # ---- bytes
    "b'abc'",
    "b'a' + b'b'",
    "b'abc'[0]",
    "b'abc'[1:]",
    "bytes(3)",
    "bytes([65, 66])",
    "bytes('hi', 'utf-8')",
    "bytearray(b'xy')",
    "bytearray(2)",
    "b'\\x00\\xff'",
    "b'abc'.hex()",
    # ---- lists / tuples / dicts / sets
    '[]',
    '[1, 2, 3]',
    "[1, 'a', None, 2.5, True]",
    '[[1, 2], [3]]',
    '[1, 2] + [3]',
    '[0] * 3',
    '[1, 2, 3][1]',
    '[1, 2, 3][-1]',
    '[1, 2, 3][3]',
    '[0, 1, 2, 3, 4, 5][1:5:2]',
    '[0, 1, 2, 3, 4, 5][::-2]',
    '[0, 1, 2, 3, 4, 5][-2:]',
    '[0, 1, 2, 3, 4, 5][10:]',
    '()',
    '(1,)',
    '(1, 2)',
    '1, 2',
    "(1, 'a', (2, 3))",
    '(1, 2) + (3,)',
    '(1, 2) * 2',
    '(1, 2, 3)[1:]',
    '{}',
    "{'a': 1, 'b': 2}",
    "{'a': 1}['a']",
    "{'a': 1}['b']",
    "{'a': 1}.get('b', 0)",
    "{1: 'x', 2: 'y'}",
    "{'k': [1, {'n': None}]}",
    "{'a': 1, 'a': 2}",
    "{**{'a': 1}, 'b': 2}",
    "list({'a': 1, 'b': 2}.keys())",
    "list({'a': 1, 'b': 2}.values())",
    "list({'a': 1, 'b': 2}.items())",
    "{'a': 1, 'b': 2}.keys()",
    '{1, 2, 3}',
    '{3, 1, 2}',
    '{1, 1, 2}',
    '{1, 2} | {3}',
    '{1, 2} & {2, 3}',
    '{1, 2} - {2}',
    '{1, 2} ^ {2, 3}',
    'set()',
    'frozenset({2, 1})',
    '[1, 2] == [1, 2]',
    '[1, 2] < [1, 3]',
    '(1, 2) < (1, 2, 0)',
    '[*[1, 2], 3]',
    'x = [1, 2]; x[0] = 9; x',
    'd = {}; d["k"] = 1; d',
    'a, b = 1, 2; (b, a)',
    'x = [3, 1, 2]; x.sort(); x',
    'x = [1]; x.append(2); x.extend([3]); x',
    'x = [1, 2, 3]; x.pop()',
    "x = {'a': 1}; x.update(b=2); x",
    '[1, 2, 3].index(4)',
    # ---- comparisons, boolean logic, identity, membership
    '1 < 2',
    '1 < 2 < 3',
    '3 > 2 > 2',
    '1 == 1.0',
    '1 != 2',
    '1 <= 1 >= 0',
    '1 < "a"',
    '1 and 2',
    '0 and 2',
    '0 or 3',
    "'' or 'default'",
    'None or 0',
    'not 0',
    'not 1',
    'not []',
    '1 and 0 or 5',
    '1 in [1, 2]',
    '3 not in [1, 2]',
    "'k' in {'k': 1}",
    '1 in {1: 2}',
    'None is None',
    '1 is not None',
    '[] is []',
    '[] is not []',
    'True is True',
    # ---- conditional expressions
    "'yes' if 1 else 'no'",
    "'yes' if 0 else 'no'",
    "1 if True else 1 / 0",
    "'a' if 0 else 'b' if 0 else 'c'",
    '1 if True',
    # ---- comprehensions
    '[x * 2 for x in range(5)]',
    '[x for x in range(10) if x % 3 == 0]',
    '[(x, y) for x in range(3) for y in range(2)]',
    '[x + y for x in [1, 2] for y in [10, 20] if x != 1]',
    '[x for x in range(10) if x > 2 if x < 6]',
    '[[y for y in range(x)] for x in range(3)]',
    '{x: x * x for x in range(4)}',
    "{k: v for k, v in [('a', 1), ('b', 2)]}",
    '{x % 3 for x in range(10)}',
    '{x for x in [3, 1, 2] if x > 1}',
    '[c for c in "abc"]',
    '[x for x in range(3)]; x',
    'x = 5; [x for x in range(3)]; x',
    '(x for x in range(3))',
    'list(x for x in range(3))',
    'sum(x for x in range(3))',
    # ---- statement sequences and assignment
    'a = 5; a * 2',
    'a = 5\na * 2',
    'a = b = 3; a + b',
    'a, b = 1, 2; a + b',
    '(a, b), c = (1, 2), 3; a + b + c',
    'a = 1; a = a + 1; a',
    'x = 1',
    'x = 1;',
    '1;',
    '1; 2; 3',
    'x += 1',
    'x = 1; x += 1; x',
    '*a, b = [1, 2, 3]; a',
    'len = 3; len',
    'glob = 1; glob',
    'True = 1',
    'None = 1',
    '_ = 4; _',
    '__x = 1; __x',
    # ---- empty / whitespace / comments
    '',
    '   ',
    '# comment',
    '1 # comment',
    'pass',
    '  1 + 1',
    '1 +\\\n 2',
    '(1 +\n 2)',
    # ---- builtins
    'abs(-3)',
    'abs(-2.5)',
    'all([1, 1, 0])',
    'all([])',
    'any([0, 0, 1])',
    'any([])',
    "ascii('é')",
    "ascii('a')",
    'bin(10)',
    'bin(-5)',
    'bool(0)',
    "bool('x')",
    'bool([])',
    'bool()',
    "bytearray(b'ab')",
    "bytes(2)",
    'callable(len)',
    'callable(1)',
    'chr(65)',
    'chr(0x1F600)',
    'chr(-1)',
    'complex(1)',
    'complex(1, -1)',
    "dict(a=1, b=2)",
    "dict([('x', 1)])",
    'dict()',
    'divmod(7, 2)',
    'divmod(-7, 2)',
    'divmod(7, -2)',
    'divmod(7.5, 2)',
    "enumerate(['a', 'b'])",
    "list(enumerate(['a', 'b'], start=1))",
    "list(enumerate('ab', 1))",
    'list(filter(None, [0, 1, 2, None]))',
    'filter(None, [1])',
    "float('1.5')",
    "float('  2 ')",
    'float(3)',
    "float('x')",
    'float()',
    "format(3.14159, '.2f')",
    "format(255, 'x')",
    "format(1234567, ',')",
    "format('a', '>3')",
    'format(5)',
    'frozenset([1, 2, 2])',
    'frozenset()',
    "getattr('abc', 'upper')()",
    "getattr(1, 'real')",
    "getattr(1, 'nope')",
    "getattr(1, 'nope', 'dflt')",
    "getattr(1, '__class__')",
    "hasattr('abc', 'upper')",
    "hasattr(1, 'nope')",
    'hash(1)',
    'hash(-1)',
    'hash(True)',
    'hash((1, 2))',
    'hash([])',
    'hex(255)',
    'hex(-1)',
    "int('42')",
    "int('ff', 16)",
    "int('ff', base=16)",
    "int('0x1f', 0)",
    "int('z', 36)",
    'int(3.9)',
    'int(-3.9)',
    "int('3.5')",
    "int('x')",
    'int()',
    'iter([1, 2])',
    'next(iter([1, 2]))',
    'next(iter([]), "end")',
    'next(iter([]))',
    "len('abc')",
    'len([1, 2])',
    "len({'a': 1})",
    'len(5)',
    "list('abc')",
    'list(range(3))',
    'list()',
    "list(map(str, [1, 2]))",
    'list(map(abs, [-1, -2]))',
    'list(map(pow, [2, 3], [2, 2]))',
    'map(str, [1])',
    'max(1, 5, 3)',
    'max([1, 5, 3])',
    "max(['a', 'bbb', 'cc'], key=len)",
    'max([], default=0)',
    'max([])',
    'max()',
    'min(4, 2, 8)',
    "min('b', 'a')",
    'min([], default=None)',
    "min([3, -4, 2], key=abs)",
    'object()',
    'oct(8)',
    "ord('A')",
    "ord('é')",
    "ord('ab')",
    'pow(2, 10)',
    'pow(2, -1)',
    'pow(2, 10, 1000)',
    'pow(3, 2, mod=5)',
    'range(5)',
    'range(1, 10, 2)',
    'list(range(10, 0, -3))',
    'range(0)',
    'range(1.5)',
    "repr('a')",
    'repr([1, "b"])',
    'repr(1.0)',
    'list(reversed([1, 2, 3]))',
    "''.join(reversed('abc'))",
    'reversed([1])',
    'round(2.5)',
    'round(3.5)',
    'round(-2.5)',
    'round(2.675, 2)',
    'round(1.23456, 3)',
    'round(1234, -2)',
    'round(7)',
    'round(2.5, 0)',
    'round(float("inf"))',
    'set([3, 3, 1])',
    "set('aab') == {'a', 'b'}",
    'slice(1, 5, 2)',
    '[0, 1, 2, 3, 4, 5][slice(1, 5, 2)]',
    'sorted([3, 1, 2])',
    'sorted([3, 1, 2], reverse=True)',
    "sorted(['b', 'A', 'c'])",
    "sorted(['b', 'A', 'c'], key=str.lower)",
    "sorted(['bb', 'a', 'ccc'], key=len, reverse=True)",
    "sorted({'b': 1, 'a': 2})",
    'sorted([1, "a"])',
    'sorted([3, 1], key=lambda x: -x)',
    'str(1)',
    'str(1.0)',
    'str(None)',
    'str([1, "a"])',
    "str(b'x')",
    "str(b'x', 'utf-8')",
    'str()',
    'sum([1, 2, 3])',
    'sum([1, 2], 10)',
    'sum([0.1] * 10)',
    "sum(['a'], '')",
    'tuple([1, 2])',
    "tuple('ab')",
    'type(1)',
    "type('a')",
    'type(None)',
    'type(1) == int',
    "type('x', (), {})",
    'list(zip([1, 2], "ab"))',
    'list(zip([1, 2, 3], [4]))',
    'dict(zip("ab", [1, 2]))',
    'zip([1], [2])',
    # ---- names that are NOT visible
    'foo',
    'foo + 1',
    '1 + foo',
    'print(1)',
    'open("x")',
    'eval("1")',
    'exec("1")',
    'compile("1", "f", "eval")',
    'input()',
    'globals()',
    'locals()',
    'vars()',
    'dir()',
    'id(1)',
    'isinstance(1, int)',
    'issubclass(bool, int)',
    'setattr(1, "x", 2)',
    'delattr(1, "x")',
    'Exception',
    'ValueError("x")',
    'sqrt(4)',
    'pi',
    'math',
    'Ellipsis',
    'NotImplemented',
    '__builtins__',
    '__import__("os")',
    'path',
    'path.join("a", "b")',
    'help',
    'super',
    'property',
    'memoryview(b"a")',
    # ---- template functions
    "quote('a b')",
    "quote('ab')",
    "quote(\"it's\")",
    "quote('a b', double=True)",
    "quote('a b', quotes=False)",
    "quote(['a b', 'c'])",
    "unquote('a b \"c d\"')",
    "unquote('\"x\"')",
    "unquote(['a b', 'c'])",
    "unquote('\"a')",
    "unquote('$HOME')",
    "csv([1, 2, 3])",
    "csv(['a', 'b'])",
    "csv([])",
    "csv('abc')",
    "first([1, 2, 3])",
    "first('xyz')",
    "first([])",
    "last([1, 2, 3])",
    "last((1, 2))",
    "last([])",
    "last(range(4))",
    "format_size((512, 768))",
    "format_size([1])",
    "format_size([])",
    "align_size('700x700', 8)",
    "align_size('700', 64)",
    "align_size((700, 500), 16)",
    "align_size('700x700', 8, format_size=False)",
    "align_size('700x700', 0)",
    "align_size('bad', 8)",
    "align_size(5, 8)",
    "pow2_size('700x700')",
    "pow2_size('700x300')",
    "pow2_size((1000, 1000), format_size=False)",
    "size_is_aligned('512x512', 8)",
    "size_is_aligned('513x512', 8)",
    "size_is_aligned((64, 64), 64)",
    "size_is_pow2('512x256')",
    "size_is_pow2('512x300')",
    "size_is_pow2((8, 8))",
    "list(frange(3))",
    "list(frange(0, 1, 0.25))",
    "list(frange(1, 2))",
    "list(frange(0.5, 0.6, 0.05))",
    "frange(3)",
    "len(gen_seeds(3))",
    "type(gen_seeds(1)[0])",
    "gen_seeds('x')",
    "platform() in ('Linux', 'Darwin', 'Windows')",
    "have_feature('nope')",
    "callable(cwd)",
    "type(quote)",
    # ---- template variables and modules
    "sorted(glob.glob('*.png'))",
    "sorted(glob.glob('*'))",
    "sorted(glob.glob('*.png', include_hidden=True))",
    "sorted(glob.glob('img/*'))",
    "sorted(glob.glob('**/*.png', recursive=True))",
    "glob.glob('*.nomatch')",
    "glob.escape('a*b?')",
    "glob.has_magic('a*')",
    'glob',
    'glob.os',
    'glob.glob',
    'os',
    'os.path',
    'os.path.join("a", "b")',
    'os.sep',
    'os.getcwd()',
    'os.environ',
    'injected_args',
    'injected_device',
    'injected_verbose',
    'injected_plugin_modules',
    'saved_modules',
    'last_images',
    'last_animations',
    'last_prompts',
    'len(last_seeds)',
    'type(last_seeds[0])',
    'last_model_path',
    'last_output_size',
    'last_batch_size',
    'last_inference_steps',
    'last_guidance_scales',
    'last_image_seeds',
    'last_unknown_thing',
    # ---- attribute safety
    '().__class__',
    "''.__class__",
    '[].__class__.__base__',
    '(1).__add__(2)',
    "'a'.__len__()",
    'len.__name__',
    'len.__self__',
    "'{}'.format(1)",
    "'{x}'.format_map({'x': 1})",
    'str.format',
    '(1).mro',
    'int.mro()',
    'first.__globals__',
    "getattr(first, '__globals__')",
    "getattr((), '__class__').__name__",
    # ---- unsupported constructs
    'lambda x: x',
    'f"{1}"',
    "f'a{2}b'",
    'import os',
    'from os import path',
    '(y := 3)',
    'def f(): pass',
    'class A: pass',
    'if 1: 5',
    'for i in range(3): i',
    'while False: pass',
    'with x: pass',
    'try: 1\nexcept: 2',
    'raise ValueError("x")',
    'assert False, "m"',
    'del x',
    'x = 1; del x; x',
    'global x',
    'nonlocal x',
    'return 1',
    'yield 1',
    'await x',
    'async def f(): pass',
    'break',
    'continue',
    'x[0] = 1',
    'a.b = 1',
    '[1][0] = 2',
    'match 1:\n case 1: 2',
    # ---- syntax errors
    '1 +',
    '(1',
    '[1, 2',
    '{1: }',
    '1 2',
    ';',
    'a b',
    'x = ',
    '"unterminated',
    "'a\nb'",
    '1 = 2',
    'def',
    '@',
    '1 if',
    'not',
    '**',
    '3 +* 4',
    "'\\N{NOPE}'",
    'x = = 1',
    '\t1',
    # ---- runtime errors of various kinds
    "{}['k']",
    "{'a': 1}[0]",
    '{}[1]',
    '[1][1]',
    "'abc'[1.5]",
    '[1, 2] + (3,)',
    '{[1]: 2}',
    '{[1]}',
    "None + 1",
    "None()",
    "'abc'()",
    '5()',
    "(1).nope",
    "'x'.nope",
    "int('12', 1)",
    "chr(2**40)",
    "[1, 2, 3][::0]",
    'a, b = 1, 2, 3',
    'a, b, c = 1, 2',
    'len()',
    "len('a', 'b')",
    "sorted([1], nokw=1)",
    "max(1, key=1)",
    "round('x')",
    "x = 1; x()",
    "1 / 0 + foo",
    "foo + 1 / 0",
    "'a' * 'b'",
    "[] * 1.5",
    "2 ** 10001 + 1",
    "'x' * 400000",
    "('x' * 200000) + ('y' * 100000)",
    # ---- found by the random tester (scripts/difftest), kept as regression cases
    "b'ab'.rjust(6)",
    "bytearray(b'x').rjust(6)",
    "b'ab'.center(7, '.')",
    "b'ab'.center(7, b'.')",
    "b'a,b'.split(b',')",
    "b'a b  c '.rsplit(None, 1)",
    "b'hello world'.title()",
    "b'ab'.join(['x', 'y'])",
    "{i0.rjust(6) for i0 in (b'ab',)}",
    "1 if [1] and {(1, 2): 'pair'}[1] else 1",
    "x = [1] and {1: 2}[3]",
    "type({**{'a': 1}, 'b': 2})[1:2:].split(',')",
    "type('é').rpartition(' ')",
    "'a'.upper(1)",
    "'a'.center()",
    "(print[1] // not 1)",
    "print 1",
    "pow((1 % 1), complex(-12))",
    "0 or {}[r'raw\\n' * -12]",
    "() is (1, 1)[1:-1]",
    "b'' is b'x'[0:0]",
    "{1, 2, 3}.pop('a', 0)",
    "{1, 2, 3}.pop()",
    "s = {1, 2}; s.add(3); s.discard(1); s",
    "s = {1}; s.remove(2)",
    "'%g' % ((float('inf') // 1),)",
    "x = [1]; x.add(2)",
    "d = {}; x = d.pop(1)",
    "x = 1; {1:2}[3]",
    "y = 2; x = {}[1]",
    "{'a': 1} | {'b': 2, 'a': 3}",
    "{k0: (k0 | k0) for k0 in ({'x': [1, 2]},)}",
    "1 is {(1, 2): 'pair'}['']",
    "1__0",
    "1_.5",
    "1._5",
    "1_e5",
    "0b1_",
    "0b12",
    "0o8",
    "0x",
    "0x_1f",
    "1_0.0_1e1_0j",
    "int(type({'b': 1, 'a': 2})[1::-1])",
    "len(list[int])",
    "list('a', 5)",
    "frozenset('a', 5)",
    "sorted()",
    "str('a', 5, 6, 7)",
    "('s'.encode() % 1)",
    "b'ab' % ()",
    "(print * not 1)",
    "dict(type({'b': 1, 'a': 2}), z=1)",
    "(1.is_integer() * not 1)",
    "(1.is_integer() if not 1 < not 0 else 1)",
    "f(1 2 * not 3)",
    "type([1])[1]",
    "slice(pow(0o17, 0xff_ff))",
    # ---- forms Python's grammar refuses: assignment targets, argument order, lambda parameters, subscripts
    '-1 = 2',
    'x = 1 = 2',
    'f() = 1',
    'a + 1 = 2',
    '(a, 1) = 2',
    'x == 1 = 2',
    'not x = 1',
    '[1] + 1 = 2',
    '(1) = 2',
    'a = -1 = 2',
    'a if b else c = 1',
    '[a, f()] = 1',
    '{a: 1} = 2',
    '{a} = 2',
    '[x for x in y] = 1',
    'a, b + 1 = 2',
    'a and b = 1',
    'f() = 1 = 2',
    'x = f() = 2',
    '(x for x in y) = 1',
    '... = 1',
    "f'{a}' = 1",
    '1 = 2 = 3',
    'x.if',
    'f(if=1)',
    'f(None=1)',
    'f(**a, *b)',
    '(x for x in y, 1)',
    '{**a for a in b}',
    '[1][1,]',
    '[1][0,]',
    'lambda x=1, y: 0',
    'lambda *: 0',
    'lambda **k, x: 0',
    'lambda (x): 0',
    'lambda x, /, y: 0',
    'lambda *, x: 0',
    '[1][]',
    '[1][,0]',
    'len(**{}, 1)',
    'max(key=None, 1)',
    '[*a for a in [[1]]]',
    'lambda ;: 1',
    '1 = )',
    'a, 1 = 2',
    "b'x' = 1",
    'lambda x=1, *a, y: 1',
    'x.match',
    '[1][*[0]]',
    '{*[1]}',
    '(*[1], 2)',
    'as',
    'as = 1',
    'lambda /: 0',
    'lambda x, /, /: 0',
    'lambda x, /: 0',
    '(*[1])',
    '{*[1]: 2}',
    '{*a for a in b}',
    '(*a,)',
    '[1][*[0], 1]',
    'x.as',
    'del 1',
    'del f()',
    '1 += 1',
    'f() += 1',
    '(a, b) += 1',
    '[x for 1 in y]',
    '[x for f() in y]',
    'del *x',
    '[1] += 1',
    'del (x, 1)',
    '{x: 1 for 1 in y}',
    'x.y += 1',
    'del x, y[0]',
    # ---- bitwise operators across word boundaries (two's complement with infinite sign bits)
    '2**63 ^ -2**63',
    '-2**63 ^ 2**63',
    '(9223372036854775808 ^ -2**62 * 2)',
    '-2**64 & (2**64 - 1)',
    '-(2**63) | 2**63 - 1',
    '~2**63 & -2**127',
    '-2**63 | -2**64',
    '(2**64 + 5) & -2**32',
]

DIRECTIVE_ENV = {'X': 'hello', 'N': '7', 'EMPTY': ''}
DIRECTIVE_UNSET = ['NOPE', '3']

DIRECTIVE_CASES = [
    '1 + 1',
    '7%3',
    '7 % 3',
    '7%3%2',
    '"%X%"',
    "'$X'",
    "'${X}'",
    "'\\$X'",
    "'\\%X%'",
    '$N * 2',
    '%N% + 1',
    '$NOPE 1',
    "'a$EMPTY'",
    '{{ 1 + 1 }} * 3',
    "'{{ \"a b\" }}'",
    '{% for i in range(3) %}{{ i }}{% endfor %}',
    '1 {# comment #} + 2',
    '{{ none_such }}',
    '{{ none_such.attr }}',
    '{{ 1 +',
    "'{{ \"%X%\" }}'",
    "'{{ last_model_path }}'",
    "{{ last_model_path }}",
    '{{ quote("a b") }}',
    "'{{ quote(\"a b\") }}'",
    '   spaced   ',
    '1 +',
    'foo',
]


ADDR = re.compile(r' at 0x[0-9a-fA-F]+>')
MODPATH = re.compile(r"(<module '[^']*' from )'[^']*'>")


def sanitize(text):
    new = ADDR.sub(' at 0x?>', text)
    new = MODPATH.sub(r"\1'<PATH>'>", new)
    return new, new != text


def main():
    import tempfile
    import shutil

    import dgenerate.batchprocess.batchprocessor as bp
    import dgenerate.eval as ev
    from dgenerate.batchprocess.configrunner import ConfigRunner

    prefix = '\\setp eval error: '

    tmp = tempfile.mkdtemp(prefix='dgen-setp-')
    sandbox = os.path.realpath(tmp)
    try:
        for rel in FILES:
            full = os.path.join(sandbox, rel)
            if rel.endswith('/'):
                os.makedirs(full, exist_ok=True)
            else:
                os.makedirs(os.path.dirname(full), exist_ok=True)
                open(full, 'w').close()
        os.chdir(sandbox)

        runner = ConfigRunner()

        # the symbols the evaluator sees, computed the way _intepret_setp_value builds them
        interp = ev.standard_interpreter(symtable=runner.template_variables.copy())
        interp.symtable.update(runner.builtins)
        interp.symtable.update(runner.template_functions)
        symbols = {
            'template_variables': sorted(runner.template_variables.keys()),
            'builtins': sorted(runner.builtins.keys()),
            'template_functions': sorted(runner.template_functions.keys()),
            'all': sorted(interp.symtable.keys()),
        }

        def describe_value(v):
            rec = {}
            try:
                r = repr(v)
            except ValueError as e:
                # an int past Python's 4,300-digit limit somewhere inside: printing it fails
                rec['unprintable'] = str(e)
                rec['type'] = type(v).__name__
                return rec
            if ADDR.search(r) or r.startswith('<module ') or r.startswith('<built-in ') \
                    or r.startswith('<function '):
                rec['type'] = type(v).__name__
                return rec
            rec['repr'] = r
            rec['str'] = str(v)
            rec['type'] = type(v).__name__
            return rec

        def describe_error(e):
            msg = str(e)
            rec = {}
            if msg.startswith(prefix):
                msg = msg[len(prefix):]
            else:
                rec['not_setp_error'] = True
            msg, changed = sanitize(msg)
            rec['error'] = msg
            if e.__cause__ is not None:
                rec['cause_type'] = type(e.__cause__).__name__
            if changed:
                rec['sanitized'] = True
            return rec

        cases = []
        seen = set()
        for expr in CASES:
            if expr in seen:
                print(f'duplicate case {expr!r}', file=sys.stderr)
                sys.exit(1)
            seen.add(expr)
            rec = {'expr': expr}
            try:
                v = runner._intepret_setp_value(expr)
            except bp.BatchProcessError as e:
                rec.update(describe_error(e))
            else:
                rec.update(describe_value(v))
            cases.append(rec)

        # directive pipeline
        for k in list(os.environ.keys()):
            if k in DIRECTIVE_UNSET:
                del os.environ[k]
        for k, v in DIRECTIVE_ENV.items():
            os.environ[k] = v
        directive = []
        for expr in DIRECTIVE_CASES:
            line = '\\setp v ' + expr
            rec = {'line': line}
            runner.template_variables.pop('v', None)
            try:
                runner._handle_setp_directive(line)
            except bp.BatchProcessError as e:
                rec.update(describe_error(e))
            else:
                rec.update(describe_value(runner.template_variables['v']))
            directive.append(rec)
    finally:
        os.chdir('/')
        shutil.rmtree(tmp, ignore_errors=True)

    doc = {
        'how': HOW,
        'reference': 'dgenerate 5.0.0 BatchProcessor._intepret_setp_value via ConfigRunner(); asteval 1.0.10',
        'entry': "ConfigRunner()._intepret_setp_value(expr): asteval Interpreter(minimal=True, with_listcomp, "
                 "with_dictcomp, with_setcomp, with_ifexp, builtins_readonly=True, symtable=template_variables.copy()) "
                 "+ symtable.update(builtins) + symtable.update(template_functions); "
                 "eval(expr, show_errors=False, raise_errors=True)",
        'error_format': "BatchProcessError('\\\\setp eval error: ' + ('\\n' + ' ' * 8).join(str(e).strip().split('\\n')))",
        'files': FILES,
        'symbols': symbols,
        'cases': cases,
        'directive_env': DIRECTIVE_ENV,
        'directive_unset': DIRECTIVE_UNSET,
        'directive': directive,
    }
    with open(OUT, 'w', encoding='utf-8') as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write('\n')
    print(f'wrote {OUT}: cases={len(cases)} directive={len(directive)}', file=sys.stderr)
    if len(cases) < 250:
        print('too few cases', file=sys.stderr)
        sys.exit(1)


if __name__ == '__main__':
    main()
