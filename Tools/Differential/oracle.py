#!/usr/bin/env python3
"""The Python side of `dgenerate-difftest`: one long-lived process that answers, one JSON line
per request, what Jinja2, asteval and dgenerate's shell-word splitting make of a case.

It runs under a virtual environment made by `scripts/difftest-venv` (Jinja2, asteval, Pillow,
packaging and the dgenerate 5.0.0 wheel without its dependencies). torch is not installed:
`dgenerate.types` only names `torch.Tensor` in type aliases, so a stand-in module with that one
class is put in its place. Only two modules of the
dgenerate package are loaded (`dgenerate.eval` and `dgenerate.textprocessing`), without the
package's `__init__` (which imports torch): they are set up exactly as dgenerate sets them up.

Requests (standard input, one JSON object a line) and answers (standard output, one a line):

- `{"setup": {"sandbox": DIR, "home": H, "env": {...}}}`: chdir into DIR and make the process
  environment exactly HOME=H plus env, for the shell cases. Answer `{"ok": true}`.
- `{"template": SOURCE, "context": TAGGED}`: a `jinja2.Environment()` given dgenerate's
  builtins as globals (those Jinja2 does not define already, as dgenerate's renderer adds them),
  rendered with the context. Answer `{"output": TEXT}` or `{"error": [TYPE, MESSAGE]}`.
- `{"setp": EXPR}`: `dgenerate.eval.standard_interpreter` with dgenerate's builtins, as
  `\\setp` evaluates. Answer `{"repr": R, "type": T}` or `{"error": FOLDED_MESSAGE}`.
- `{"shell": TEXT}`: `shell_parse(TEXT, expand_vars_func=shell_expandvars)` with every glob
  expansion sorted. Answer `{"words": [...]}` or `{"error": MESSAGE}`.

TAGGED values: `{"int": "DIGITS"}`, `{"float": "REPR"}` (Python's repr, `inf`/`nan` included),
`{"str": S}`, `{"bool": B}`, `null`, `{"list": [...]}`, `{"tuple": [...]}`,
`{"dict": [[K, V], ...]}`.

Any case that runs longer than 5 seconds answers `{"timeout": true}`.
"""

import importlib.util
import json
import os
import re
import resource
import signal
import sys
import types
import warnings

spec = importlib.util.find_spec('dgenerate')
package = types.ModuleType('dgenerate')
package.__path__ = list(spec.submodule_search_locations)
sys.modules['dgenerate'] = package
# dgenerate.types names torch.Tensor in type aliases only; nothing here touches a tensor.
if importlib.util.find_spec('torch') is None:
    torch = types.ModuleType('torch')
    torch.Tensor = type('Tensor', (), {})
    sys.modules['torch'] = torch

import glob as _glob
import jinja2
import dgenerate.eval as _eval
import dgenerate.textprocessing as _textprocessing

_original_glob = _glob.glob


def _sorted_glob(*args, **kwargs):
    return sorted(_original_glob(*args, **kwargs))


_glob.glob = _sorted_glob
ADDRESS = re.compile(r'( |%20)at( |%20)0x[0-9a-fA-F]+(>|&gt;|%3E)')


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout()


signal.signal(signal.SIGALRM, _alarm)


def untag(value):
    if value is None:
        return None
    (kind, payload), = value.items()
    if kind == 'int':
        return int(payload)
    if kind == 'float':
        return float(payload)
    if kind == 'str' or kind == 'bool':
        return payload
    if kind == 'list':
        return [untag(item) for item in payload]
    if kind == 'tuple':
        return tuple(untag(item) for item in payload)
    if kind == 'dict':
        return {untag(k): untag(v) for k, v in payload}
    raise ValueError(kind)


def template_environment():
    environment = jinja2.Environment()
    for name, function in _eval.safe_builtins().items():
        if name not in environment.globals:
            environment.globals[name] = function
    return environment


def render(request):
    context = {name: untag(value) for name, value in request.get('context', {}).items()}
    try:
        output = template_environment().from_string(request['template']).render(**context)
        return {'output': ADDRESS.sub(r'\3', output)}
    except Timeout:
        raise
    except Exception as error:
        return {'error': [type(error).__name__, ADDRESS.sub(r'\3', str(error).strip())]}


def setp(request):
    interpreter = _eval.standard_interpreter(symtable={})
    interpreter.symtable.update(_eval.safe_builtins())
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        try:
            value = interpreter.eval(request['setp'], show_errors=False, raise_errors=True)
        except Timeout:
            raise
        except Exception as error:
            message = (chr(10) + '  ' * 4).join(str(error).strip().split(chr(10)))
            return {'error': ADDRESS.sub(r'\3', message)}
    try:
        text = repr(value)
    except ValueError as error:
        # ints over 4300 digits cannot be written
        return {'unprintable': str(error), 'type': type(value).__name__}
    return {'repr': ADDRESS.sub(r'\3', text), 'type': type(value).__name__}


def shell(request):
    try:
        words = _textprocessing.shell_parse(request['shell'], expand_vars_func=_textprocessing.shell_expandvars)
        return {'words': words}
    except Timeout:
        raise
    except Exception as error:
        return {'error': str(error)}


def setup(request):
    settings = request['setup']
    os.chdir(settings['sandbox'])
    os.environ.clear()
    os.environ['HOME'] = settings['home']
    os.environ.update(settings['env'])
    return {'ok': True}


def answer(request):
    if 'setup' in request:
        return setup(request)
    signal.alarm(5)
    try:
        if 'template' in request:
            return render(request)
        if 'setp' in request:
            return setp(request)
        return shell(request)
    except Timeout:
        return {'timeout': True}
    finally:
        signal.alarm(0)


def main():
    warnings.simplefilter('ignore')
    # a case that would take more memory fails with MemoryError instead of taking the machine
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
    for line in sys.stdin:
        try:
            reply = answer(json.loads(line))
        except RecursionError:
            reply = {'error': ['RecursionError', 'maximum recursion depth exceeded']}
        sys.stdout.write(json.dumps(reply) + '\n')
        sys.stdout.flush()


if __name__ == '__main__':
    main()
