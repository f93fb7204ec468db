#!/usr/bin/env python3
"""Record the facts of dgenerate 5.0.0's command-line options (no help prose).

How to rerun (needs the reference installed by ../shared/reference/install):

    ~/.cache/dgenerate-reference/bin/python Tests/ConfigLanguageTests/Fixtures/cli/record_options.py

It rewrites, next to this script:

* ``options.json``: a JSON list, in the parser's order, of objects
  ``{dest, options, action, nargs, metavar, default, type, choices, required, group}``:
  the option strings, argparse's action class (``store``, ``store_true``, ``set``,
  ``help``, ``version``), ``nargs`` (null, ``"+"``, ``"*"``, or 0 for flags), the metavar, the
  ``repr`` of the default, the name of the type function (null for plain strings),
  ``choices``, and the index of the mutually exclusive group the option is in (null if none).
* ``help.txt``: what ``dgenerate --no-stdin --help`` prints (stdout), for the test that compares the
  schema's names and arities with the usage the reference shows.
"""
import json
import os
import subprocess
import sys

import dgenerate.arguments as arguments

here = os.path.dirname(os.path.abspath(__file__))
parser, _ = arguments._create_parser()

groups = {}
for index, group in enumerate(parser._mutually_exclusive_groups):
    for action in group._group_actions:
        groups.setdefault(id(action), index)

ACTIONS = {
    '_StoreAction': 'store', '_StoreTrueAction': 'store_true', '_SetAction': 'set',
    '_HelpAction': 'help', '_VersionAction': 'version',
}

facts = []
for action in parser._actions:
    kind = ACTIONS[type(action).__name__]
    nargs = action.nargs
    facts.append({
        'dest': action.dest,
        'options': list(action.option_strings),
        'action': kind,
        'nargs': nargs,
        'metavar': action.metavar,
        'default': repr(action.default),
        'type': getattr(action.type, '__name__', None) if action.type is not None else None,
        'choices': list(action.choices) if action.choices is not None else None,
        'required': action.required,
        'group': groups.get(id(action)),
    })

with open(os.path.join(here, 'options.json'), 'w', encoding='utf-8') as f:
    json.dump(facts, f, indent=1, ensure_ascii=False)
    f.write('\n')

# the --help text as the dgenerate command prints it (--no-stdin: without a terminal on
# standard input, dgenerate would read a script from it instead)
python = sys.executable
program = ('import os, sys; sys.argv[0] = os.path.join(os.path.dirname(sys.executable), "dgenerate"); '
           'import dgenerate; dgenerate._run_init_dgen = lambda runner: None; sys.exit(dgenerate.main(["--no-stdin", "--help"]))')
result = subprocess.run([python, '-c', program],
                        capture_output=True, text=True, env=dict(os.environ, COLUMNS='80'))
with open(os.path.join(here, 'help.txt'), 'w', encoding='utf-8') as f:
    f.write(result.stdout)
print(f'wrote options.json ({len(facts)} options) and help.txt ({len(result.stdout.splitlines())} lines, exit {result.returncode})')
