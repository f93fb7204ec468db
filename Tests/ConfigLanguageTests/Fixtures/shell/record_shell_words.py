#!/usr/bin/env python3
"""Record dgenerate 5.0.0 shell word splitting (``textprocessing.shell_parse``) and the
``quote`` / ``unquote`` template functions, as a table, from the reference implementation.

How to rerun (from the repository root; any python3 can start it, it re-executes itself
under the reference interpreter):

    python3 Tests/ConfigLanguageTests/Fixtures/shell/record_shell_words.py

The reference interpreter is ``$DGENERATE_REFERENCE_PYTHON`` if set, else
``~/.cache/dgenerate-reference/bin/python`` (a virtualenv with dgenerate 5.0.0 installed).
The script rewrites ``shell_words.json`` next to itself (UTF-8, ``ensure_ascii=False``,
indent 1, stable order).  Two runs give byte-identical output.  It exits with status 1
if there are fewer than 250 shell_parse, 20 unquote or 20 quote cases.

What it does:

* imports the reference modules first (their import side effects use the real HOME);
* creates a fresh temporary directory (the sandbox) containing exactly ``files``
  (names ending in ``/`` are directories, the others empty files) and chdirs into it;
* replaces the whole process environment by ``{"HOME": home} | env`` (so every name in
  ``unset`` is unset); the env value ``"<SANDBOX>"`` is replaced by the sandbox's
  absolute path (and that path is replaced back by ``<SANDBOX>`` in recorded results);
* calls, per ``shell_parse`` case, exactly what ``\\echo``, ``\\sete``, custom directives
  and invocation lines call in dgenerate/batchprocess/batchprocessor.py:
  ``shell_parse(text, expand_vars_func=shell_expandvars)``, i.e. all defaults:
  ``expand_home=True, expand_vars=True, expand_glob=True, glob_hidden=False,
  glob_recursive=False``;
* calls the template functions ``unquote`` / ``quote`` from
  dgenerate/batchprocess/configrunnerbuiltins.py with the recorded positional
  argument and keyword arguments.

Glob order: ``glob.glob`` yields names in ``os.scandir`` order, which depends on the file
system.  The recorder therefore wraps the ``glob.glob`` that textprocessing calls so that
each glob expansion is ``sorted()`` (Python string order = Unicode code point order) before
shell_parse uses it (``"order": "sorted"`` in the JSON).  Only the names produced by one
glob word are sorted; the word order of the command line is untouched.
"""

import json
import os
import sys

REF_PY = os.environ.get('DGENERATE_REFERENCE_PYTHON') or \
    os.path.expanduser('~/.cache/dgenerate-reference/bin/python')

if os.environ.get('_DGEN_FIXTURE_CHILD') != '1':
    os.environ['_DGEN_FIXTURE_CHILD'] = '1'
    os.execv(REF_PY, [REF_PY, os.path.abspath(__file__)] + sys.argv[1:])

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'shell_words.json')
HOW = 'python3 Tests/ConfigLanguageTests/Fixtures/shell/record_shell_words.py'

HOME = '/tmp/dgen-home'

FILES = [
    '.hdir/',
    '.hdir/h.txt',
    '.hidden',
    '.hidden.png',
    'a/',
    'a/.h/',
    'a/.h/z.txt',
    'a/b/',
    'a/b/c/',
    'a/b/c/x.txt',
    'a/y.txt',
    'a.png',
    'b.png',
    'c.txt',
    'dir with space/',
    'dir with space/f.txt',
    'empty/',
    'img/',
    'img/1.png',
    'img/2.png',
    'img/3.jpg',
    'sp ace.txt',
    'x[1].png',
    'é.png',
]

ENV = {
    'X': 'hello',
    'Y': 'world',
    'A_B': 'under',
    'X1': 'digit',
    'EMPTY': '',
    'SP': 'a b',
    'PAT': '*.png',
    'Q': 'a"b',
    'SQ': "it's",
    'QQ': '"quoted"',
    'BS': 'a\\b',
    'BSN': 'a\\nb',
    'DOLLAR': '$X',
    'PCT': '%X%',
    'TILDE': '~',
    'DIRSP': 'dir with space',
    'IMG': 'img',
    'UNI': 'ünï',
    'TAB': 'a\tb',
    'SBX': '<SANDBOX>',
}

# names the cases use that must NOT be set
UNSET = ['NOPE', 'Xy', 'X_', 'XY', 'x', 'NOPE_2', 'SANDBOX']

L = 'l' * 2000

SHELL_CASES = [
    # ---- empty / whitespace
    '',
    ' ',
    '   ',
    '\t',
    ' \t ',
    # ---- plain words and separators
    'a',
    'abc',
    'a b',
    'a b c',
    'a  b',
    'a     b',
    ' a',
    'a ',
    '  a  b  ',
    'a\tb',
    'a \tb',
    'a\t b',
    '\ta',
    'a\t',
    'a\t\tb c',
    'a\nb',
    'a \n b',
    'a\u00a0b',
    'a\u00a0',
    '\u00a0a',
    'a\u00a0 b',
    'a\rb',
    'one two three four five six',
    '-f --flag --opt=value',
    '--opt value',
    'a,b;c|d&e',
    '(x) [y] {z} <w>',
    'a=b',
    '{{x}}',
    '#comment like',
    'a#b',
    # ---- double quoted
    '"a"',
    '"a b"',
    '"  a  b  "',
    '"a" "b"',
    '"a"   "b"',
    '"a\tb"',
    '"a\nb"',
    '""',
    '"" a',
    'a ""',
    'a "" b',
    '"" ""',
    '"" "" x',
    '" "',
    '"\'"',
    '"it\'s"',
    '"a\'b\'c"',
    # ---- single quoted
    "'a'",
    "'a b'",
    "'  a  b  '",
    "'a' 'b'",
    "''",
    "'' a",
    "a ''",
    "a '' b",
    "' '",
    "'\"'",
    "'say \"hi\"'",
    "'a\"b\"c'",
    # ---- escapes inside double quotes
    r'"a\"b"',
    r'"\""',
    r'"a\'b"',
    r'"a\\b"',
    r'"a\\"',
    r'"\\"',
    r'"\\\\"',
    r'"a\$b"',
    r'"a\%b"',
    r'"a\nb"',
    r'"a\tb"',
    r'"a\rb"',
    r'"a\bb"',
    r'"a\fb"',
    r'"a\xb"',
    r'"a\qb"',
    r'"a\ b"',
    r'"a\0b"',
    r'"a\u00e9b"',
    r'"\\\""',
    r'"a\\\"b"',
    # ---- escapes inside single quotes
    r"'a\'b'",
    r"'\''",
    r"'a\"b'",
    r"'a\\b'",
    r"'a\\'",
    r"'a\$b'",
    r"'a\%b'",
    r"'a\nb'",
    r"'a\tb'",
    r"'a\xb'",
    r"'a\qb'",
    # ---- escapes outside quotes
    r'a\"b',
    r"a\'b",
    r'\"a b\"',
    r"\'a b\'",
    r'\"',
    r"\'",
    r'a\\b',
    r'\\',
    r'a\\',
    r'\\ a',
    r'a\\\\b',
    r'a\$b',
    r'\$X',
    r'\${X}',
    r'\%X%',
    r'%X\%',
    r'\%X\%',
    r'a\nb',
    r'a\tb',
    r'a\rb',
    r'a\xb',
    r'a\qb',
    r'a\0',
    r'\a',
    r'a\b c',
    # trailing / dangling backslashes
    '\\',
    'a\\',
    'a\\ b',
    'a\\ ',
    '\\ a',
    '\\ ',
    'a\\  b',
    'x \\',
    # ---- mixed (intermixed) words
    '--opt="x y"',
    "--opt='x y'",
    '--opt="x y" next',
    "--opt='x y' next",
    "a'b'c",
    "a'b'c d",
    'a"b"c',
    'a"b"c d',
    '"a"b',
    '"a"b c',
    "'a'b",
    "'a'b c",
    'a"b"',
    'a"b" c',
    '"a b"c',
    "a 'b c'd e",
    '"a""b"',
    '"a""b" c',
    "'a'\"b\"",
    "'a'\"b\" c",
    '"a"\'b\'',
    'x="a b" y=\'c d\'',
    'plugin;arg="a b";arg2=\'c\'',
    'k="a\\"b"',
    'k="a\\"b" z',
    "k='a\\'b'",
    'a"\\$X"b',
    '"a"\\x',
    '"a"\\x b',
    '"a"\\\\',
    'a"b"\\"c"',
    # ---- unterminated strings / syntax errors
    '"',
    "'",
    '"abc',
    "'abc",
    'a "b',
    "a 'b",
    '"a" "b',
    'x"y',
    "x'y",
    '"a\\"',
    "'a\\'",
    '"\\"',
    '"a" b "c',
    "a'b'c'",
    '"a\'',
    "'a\"",
    # ---- home
    '~',
    '~/',
    '~/x',
    '~/x/y.png',
    '~//x',
    'a~b',
    'a/~',
    'x ~ y',
    '"~"',
    "'~'",
    '~"x"',
    '"~"/x',
    '\\~',
    '~nosuchuserdgen',
    '~nosuchuserdgen/x',
    '--opt=~/x',
    'a//~b',
    './~',
    'a~//b',
    '~/./x/../y',
    '$TILDE',
    '~$X',
    # ---- variables unquoted
    '$X',
    '${X}',
    '%X%',
    '$X $Y',
    '$X$Y',
    '${X}${Y}',
    '%X%%Y%',
    '$X-$Y',
    '${X}y',
    '$Xy',
    '$X_',
    '$A_B',
    '$X1',
    'pre$X',
    'pre${X}post',
    'pre%X%post',
    '$NOPE',
    '${NOPE}',
    '%NOPE%',
    '$NOPE a',
    'a $NOPE',
    'a $NOPE b',
    'x$NOPE.y',
    '$EMPTY',
    '$EMPTY x',
    '$',
    '$$',
    '$ X',
    '${',
    '${X',
    '${}',
    '${X Y}',
    '%',
    '%%',
    '50%',
    '%X',
    'X%',
    '%X %',
    '%a b%',
    '$x',
    '$XY',
    '$SP',
    '$SP x',
    '$Q',
    '$SQ',
    '$QQ',
    '$BS',
    '$BSN',
    '$DOLLAR',
    '$PCT',
    '$UNI',
    '$TAB',
    '--opt=$X',
    '--opt=${X}',
    '$X"y"',
    '$X"y" z',
    # ---- variables inside double quotes
    '"$X"',
    '"${X}"',
    '"%X%"',
    '"$X $Y"',
    '"a$X b"',
    '"$NOPE"',
    '"$NOPE" x',
    '"$SP"',
    '"$Q"',
    '"$BS"',
    '"$DOLLAR"',
    '"\\$X"',
    '"\\${X}"',
    '"\\%X%"',
    '"\\%X\\%"',
    '"$X\\$Y"',
    '"$$X"',
    'c"$X"',
    'c"$X" d',
    '"$X"c',
    '"$X"c d',
    'a="$X" b',
    # ---- variables inside single quotes (not expanded)
    "'$X'",
    "'${X}'",
    "'%X%'",
    "'\\$X'",
    "c'$X'",
    "'$X'c",
    "'$X'c d",
    '"$X"\'$Y\'',
    "$X'$Y'",
    "$X'$Y' z",
    '"a"$X',
    '"a"$X b',
    '"a"~',
    '"a"~ b',
    '~"x" y',
    "'a'\\$X",
    "'a'\\$X b",
    # ---- globbing (non recursive, hidden files excluded)
    '*',
    '*.png',
    '*.txt',
    '*.jpg',
    '*.gif',
    'a*',
    '*a*',
    '*.png *.txt',
    'cmd *.png end',
    'img/*',
    'img/*.png',
    'img/*.jpg',
    '*/*.png',
    '*/*',
    '*/',
    'a/*',
    'a/*/',
    'a/*/*',
    'a/*/*/*',
    './*.png',
    './img/*.png',
    'img//*.png',
    'img/./*.png',
    'img/../*.png',
    '**',
    '**/*.txt',
    '**/*.png',
    'a/**',
    'a/**/*.txt',
    '.*',
    '.h*',
    '.hdir/*',
    'a/.h/*',
    'a/.*',
    '*hidden*',
    '?.png',
    '?.png*',
    '[ab].png',
    '[ab].png*',
    '[!a].png*',
    '[a-b]*',
    'x[1].png',
    'x[1]*',
    'x[[]1].png*',
    'é*',
    '*.PNG',
    'empty/*',
    'nomatch*',
    'img/*.gif',
    'missing/*',
    '/nonexistent-dgen-dir/*.png',
    '"*.png"',
    "'*.png'",
    '\\*.png',
    '*\\.png',
    '*".png"',
    "*'.png'",
    'img/*".bak"',
    'img/*".bak" x',
    'img/*"X"y',
    'img/*".a b"',
    'img/*"$X"',
    "img/*'$X'",
    '"a"*',
    'img/*"-"$X',
    'img/*"-"$X z',
    'img/*"-"\\$X',
    'img/*"-"\\$X z',
    'img/*"-"~',
    'img/*"-"*',
    'img/*"-"*.png',
    'img/1*"-"',
    'img/1*"-" z',
    'img/*\'-\' z',
    '$PAT',
    '"$PAT"',
    "'$PAT'",
    '$IMG/*',
    '${IMG}/*.png',
    '$DIRSP/*',
    '"$DIRSP"/*',
    '$SBX/img/*.png',
    '$SBX/*.jpg',
    'img/*.png img/*.jpg',
    '--in=img/*.png',
    '--in=*',
    # ---- unicode
    'é',
    'héllo wörld',
    '日本語 テキスト',
    '"日本語 テキスト"',
    '🎉 🎊',
    '"🎉 x"',
    'e\u0301',
    'ünï $UNI',
    # ---- long words
    L,
    '"' + L + ' ' + L + '"',
    L + ' ' + L,
    ('w ' * 300).strip(),
]

UNQUOTE_CASES = [
    ('a b', {}),
    ('"a b" c', {}),
    ("'a b'", {}),
    ('', {}),
    ('   ', {}),
    ('a  "b c"  d', {}),
    ('$X', {}),
    ('"$X"', {}),
    ('%X%', {}),
    ('\\$X', {}),
    ('~', {}),
    ('~/x', {}),
    ('~', {'expand': True}),
    ('~/x', {'expand': True}),
    ('*.png', {}),
    ('*.png', {'expand': True}),
    ('*', {'expand': True}),
    ('*', {'expand': True, 'glob_hidden': True}),
    ('.*', {'expand': True}),
    ('**', {'expand': True}),
    ('**', {'expand': True, 'glob_recursive': True}),
    ('**', {'expand': True, 'glob_recursive': True, 'glob_hidden': True}),
    ('**/*.txt', {'expand': True}),
    ('**/*.txt', {'expand': True, 'glob_recursive': True}),
    ('**/*.txt', {'expand': True, 'glob_recursive': True, 'glob_hidden': True}),
    ('a/**', {'expand': True, 'glob_recursive': True}),
    ('a/**/', {'expand': True, 'glob_recursive': True}),
    ('a/**/*.txt', {'expand': True, 'glob_recursive': True}),
    ('a/**/*.txt', {'expand': True, 'glob_recursive': True, 'glob_hidden': True}),
    ('**.png', {'expand': True, 'glob_recursive': True}),
    ('nomatch*', {'expand': True}),
    ('"*.png"', {'expand': True}),
    ('"a', {}),
    ('a\\', {}),
    ('a\\ b', {}),
    ('--opt="x y"', {}),
    (['a b', '"c d"', 'e'], {}),
    (['*.png', 'x'], {'expand': True}),
    (['"a', 'b'], {}),
    ([1, 2.5, None, True], {}),
    ([], {}),
    (('x y', "'z'"), {}),
]

QUOTE_CASES = [
    ('a', {}),
    ('a b', {}),
    ('', {}),
    (' ', {}),
    ('a b', {'double': True}),
    ('a b', {'quotes': False}),
    ('a b', {'double': True, 'quotes': False}),
    ("it's", {}),
    ("it's", {'double': True}),
    ("it's here", {}),
    ("it's here", {'double': True}),
    ('say "hi"', {}),
    ('say "hi"', {'double': True}),
    ('say "hi"', {'double': True, 'quotes': False}),
    ("it\\'s here", {}),
    ('a"b', {}),
    ('a"b', {'double': True}),
    ('"a b"', {}),
    ("'a b'", {}),
    ('"a b"', {'double': True}),
    ('a\tb', {}),
    ('a\\ b', {}),
    ('a\\', {}),
    ('--opt="x y"', {}),
    ('$X y', {}),
    ('*.png', {}),
    ('日本 語', {}),
    (['a b', 'c', "it's"], {}),
    (['a b', 'c'], {'double': True}),
    (['a b', 'c'], {'quotes': False}),
    ([1, 'x y', None], {}),
    ([], {}),
]


def main():
    import glob as _glob_module
    import tempfile

    import dgenerate.textprocessing as tp
    import dgenerate.batchprocess.configrunnerbuiltins as builtins_mod

    class _SortedGlob:
        """Stands in for the ``glob`` module inside dgenerate.textprocessing."""

        @staticmethod
        def glob(*args, **kwargs):
            return sorted(_glob_module.glob(*args, **kwargs))

    tp.glob = _SortedGlob

    tmp = tempfile.mkdtemp(prefix='dgen-shell-')
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
        os.environ.clear()
        os.environ['HOME'] = HOME
        os.environ['_DGEN_FIXTURE_CHILD'] = '1'
        for k, v in ENV.items():
            os.environ[k] = v.replace('<SANDBOX>', sandbox)
        for k in UNSET:
            assert k not in os.environ, k

        def clean(v):
            if isinstance(v, str):
                return v.replace(sandbox, '<SANDBOX>')
            if isinstance(v, list):
                return [clean(x) for x in v]
            return v

        def run(fn):
            try:
                return {'words': clean(fn())}
            except Exception as e:  # recorded, not raised
                return {'error': clean(str(e)), 'error_type': type(e).__name__}

        shell = []
        seen = set()
        for s in SHELL_CASES:
            assert s not in seen, f'duplicate case {s!r}'
            seen.add(s)
            rec = {'input': s}
            rec.update(run(lambda: tp.shell_parse(s, expand_vars_func=tp.shell_expandvars)))
            shell.append(rec)

        def jsonable_arg(a):
            if isinstance(a, tuple):
                return {'tuple': list(a)}
            return a

        unq = []
        for arg, kw in UNQUOTE_CASES:
            rec = {'input': jsonable_arg(arg), 'kwargs': kw}
            r = run(lambda: builtins_mod.unquote(arg, **kw))
            if 'words' in r:
                rec['result'] = r['words']
            else:
                rec.update(r)
            unq.append(rec)

        quo = []
        for arg, kw in QUOTE_CASES:
            rec = {'input': jsonable_arg(arg), 'kwargs': kw}
            r = run(lambda: builtins_mod.quote(arg, **kw))
            if 'words' in r:
                rec['result'] = r['words']
            else:
                rec.update(r)
            quo.append(rec)
    finally:
        os.chdir('/')
        import shutil
        shutil.rmtree(tmp, ignore_errors=True)

    doc = {
        'how': HOW,
        'reference': 'dgenerate 5.0.0, dgenerate.textprocessing.shell_parse / '
                     'dgenerate.batchprocess.configrunnerbuiltins.unquote, quote',
        'call': {
            'shell_parse': 'shell_parse(input, expand_vars_func=shell_expandvars) -- as \\echo, \\sete, '
                           'custom directives and invocation lines call it: expand_home=True, '
                           'expand_vars=True, expand_glob=True, glob_hidden=False, glob_recursive=False',
            'unquote': 'configrunnerbuiltins.unquote(input, **kwargs) = shell_parse(s, expand_home=expand, '
                       'expand_glob=expand, expand_vars=False, glob_hidden=..., glob_recursive=...), '
                       'a non-str input is iterated and each item str()-ed and parsed, results concatenated',
            'quote': 'configrunnerbuiltins.quote(input, **kwargs) = shell_quote(s, double, quotes); a non-str '
                     'input is iterated, shell_quote(str(item)) with default double/quotes, joined by one space',
        },
        'order': 'sorted',
        'order_note': 'each glob expansion is sorted by Unicode code point (the reference returns '
                      'os.scandir order, which is file-system dependent)',
        'home': HOME,
        'env': ENV,
        'env_note': 'the environment is exactly HOME plus env; "<SANDBOX>" in a value stands for the '
                    'absolute sandbox path, and the sandbox path in results is written as "<SANDBOX>"',
        'unset': UNSET,
        'files': FILES,
        'input_note': 'a tuple input is written {"tuple": [...]}',
        'shell_parse': shell,
        'unquote': unq,
        'quote': quo,
    }

    n = (len(shell), len(unq), len(quo))
    with open(OUT, 'w', encoding='utf-8') as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write('\n')
    print(f'wrote {OUT}: shell_parse={n[0]} unquote={n[1]} quote={n[2]}', file=sys.stderr)
    if n[0] < 250 or n[1] < 20 or n[2] < 20:
        print('too few cases', file=sys.stderr)
        sys.exit(1)


if __name__ == '__main__':
    main()
