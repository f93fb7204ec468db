#!/usr/bin/env python3
"""
Record the reference dgenerate 5.0.0's output for the conformance scripts.

Run it from the repository root (any python3 works: it re-executes itself with
the reference's interpreter):

    ~/.cache/dgenerate-reference/bin/python Tests/ConfigLanguageTests/Fixtures/conformance/record.py [NAME...]

With no NAME it re-records every *.dgen in its own directory (about 5 minutes for
~500 scripts on a busy 2-core machine, plus ~20 s to import dgenerate once); NAME may
be given with or without ".dgen".  Options:

    --dir DIR   the directory holding the scripts (default: this script's directory)
    --check     record into memory and compare with the files already there instead
                of overwriting them; prints each difference, exits 1 if any
    -j N        run N cases at a time (default 1)

For each NAME.dgen it writes, exactly like /work/shared/reference/run-cases:

    NAME.out     stdout and stderr interleaved (both fds on one file, as `>f 2>&1`)
    NAME.stderr  stderr alone (a second run, stdout to /dev/null)
    NAME.rc      exit status, followed by a newline

Conventions:

    NAME.args    extra dgenerate arguments, one per line (like run-cases' mapfile -t);
                 they come before `--file NAME.dgen`, as run-dgen places them
    NAME.stdin   (an empty marker file) run the script as `run-dgen - ARGS < NAME.dgen`:
                 no --file; the script is dgenerate's stdin.  Without it stdin is /dev/null.

How it runs a case (the same as run-cases -> run-dgen -> main.py, only faster): this
process imports dgenerate ONCE, with sys.argv[0] pointing at the venv's `dgenerate`
(dgenerate/__init__.py checks it) and, as main.py does by default (DGREF_INIT=skip),
dgenerate._run_init_dgen replaced by a no-op so ~/.dgenerate/init.dgen is not run.
Then, per case and per pass, it fork()s a child that makes a fresh empty sandbox
directory <TMPDIR>/tmp.XXXXXXXXXX/NAME (the same shape and length as run-cases' mktemp
sandbox), chdirs into it (PWD and OLDPWD set as bash's cd sets them), points fd 0 at
/dev/null (or the script), fd 1 and fd 2 at the output file (both on one open file
description for .out, like `>f 2>&1`), builds new sys.stdin/stdout/stderr on them,
and unwinds to this file's module frame, which ends, like main.py, with
sys.exit(dgenerate.main(ARGS + ['--file', PATH])): same stack depth, and the exit
status, atexit handlers and stdio flushing are the interpreter's own.
The parent writes the sandbox's absolute path as <SANDBOX> and then $HOME as <HOME>.

Output is made unbuffered in every case (PYTHONUNBUFFERED=1, which dgenerate.main
honours by wrapping its streams, and write-through stdio), whatever the caller's
environment: the shared cases were recorded with PYTHONUNBUFFERED=1, and it makes the
stdout/stderr interleaving follow the program's write order.

DGREF_VENV=DIR selects another reference install (default ~/.cache/dgenerate-reference).

Checked: byte-identical to run-cases on the 33 shared cases and on a sample of the new
ones (\\exec, stderr, args, stdin, web-cache and invocation cases); a full --check right
after a full recording reports no difference.

Keeping recordings deterministic (what the corpus avoids):
  - \\exec reads the child's stdout and stderr on two threads and stops them as soon as
    the child exits; a line the stderr thread has not read by then is dropped (about
    half the time for a child that writes to stderr and exits at once).  Children that
    write to stderr end with `; sleep 0.2`.
  - glob results come in directory order: multi-file globs are printed sorted.
  - last_seeds, gen_seeds, invocation seeds (use --seeds), object addresses, module
    paths, sets of strings (hash order), \\env without arguments, \\ls -l mtimes,
    last_device / device lists (machine-dependent) are never printed as such.
"""

import os
import sys

VENV = os.environ.get('DGREF_VENV', os.path.expanduser('~/.cache/dgenerate-reference'))
VENV_PYTHON = os.path.join(VENV, 'bin', 'python')

if os.path.realpath(sys.prefix) != os.path.realpath(VENV):
    # not the reference's interpreter: re-execute with it
    if not os.access(VENV_PYTHON, os.X_OK):
        sys.exit(f'record.py: no reference python at {VENV_PYTHON}')
    os.execv(VENV_PYTHON, [VENV_PYTHON, os.path.abspath(__file__)] + sys.argv[1:])

import argparse
import atexit
import io
import random
import shutil
import signal
import string
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT = 300


def parse_cli():
    p = argparse.ArgumentParser(prog='record.py', description='record reference outputs')
    p.add_argument('names', nargs='*')
    p.add_argument('--dir', default=HERE)
    p.add_argument('--check', action='store_true')
    p.add_argument('-j', type=int, default=1)
    return p.parse_args()


CLI = parse_cli()
CASES = os.path.abspath(CLI.dir)

# ---- import dgenerate once, as main.py does -------------------------------------------
os.environ['PYTHONUNBUFFERED'] = '1'
_import_dir = None


def _mktemp_dir():
    # like `mktemp -d`: $TMPDIR (or /tmp)/tmp.XXXXXXXXXX
    base = os.environ.get('TMPDIR') or '/tmp'
    chars = string.ascii_letters + string.digits
    while True:
        path = os.path.join(base, 'tmp.' + ''.join(random.choice(chars) for _ in range(10)))
        try:
            os.mkdir(path, 0o700)
            return path
        except FileExistsError:
            continue


_CHILD = False
_CHILD_EXIT = 1


def _child_exit_last():
    # registered before dgenerate is imported, so (atexit being LIFO) it runs after every
    # atexit handler of dgenerate and its libraries: in a child it flushes stdio and ends
    # the process with the status the interpreter would use, skipping the slow module
    # teardown of a process holding torch (seconds per case)
    if not _CHILD:
        return
    code = _CHILD_EXIT
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code & 0xff
    else:
        status = 1  # the interpreter has already printed the message
    for s in (sys.stdout, sys.stderr):
        try:
            s.flush()
        except BaseException:
            pass
    os._exit(status)


atexit.register(_child_exit_last)

_import_dir = _mktemp_dir()
_saved_cwd = os.getcwd()
os.chdir(_import_dir)
_saved_argv = sys.argv
sys.argv = [os.path.join(os.path.dirname(VENV_PYTHON), 'dgenerate')]

import dgenerate  # noqa: E402

if os.environ.get('DGREF_INIT', 'skip') != 'stock':
    dgenerate._run_init_dgen = lambda runner: None

sys.argv = _saved_argv
os.chdir(_saved_cwd)
os.rmdir(_import_dir)

# file locks made during the import (dgenerate's web cache holds one) refuse to work in a
# forked child ("was inherited across fork; construct a new instance"); the filelock
# package already resets their state in the child, so the child adopts them (see _child)
import gc  # noqa: E402

try:
    import filelock as _filelock  # noqa: E402
    import warnings  # noqa: E402
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')  # some torch objects warn when type-checked
        _FORK_LOCKS = [o for o in gc.get_objects() if isinstance(o, _filelock.BaseFileLock)]
except ImportError:
    _FORK_LOCKS = []

DGEN_ARGV0 = os.path.join(os.path.dirname(VENV_PYTHON), 'dgenerate')
STDIO_ENCODING = sys.stdout.encoding if sys.stdout is not None else 'utf-8'
STDIN_ERRORS = sys.stdin.errors if sys.stdin is not None else 'surrogateescape'
STDOUT_ERRORS = sys.stdout.errors if sys.stdout is not None else 'surrogateescape'


def _make_stdio(fd, write):
    # what the interpreter builds at startup with PYTHONUNBUFFERED=1 (create_stdio):
    # raw FileIO for output, buffered for input, newline '\n', write_through for output,
    # stderr line buffered and 'backslashreplace'
    if write:
        raw = io.FileIO(fd, 'wb', closefd=False)
        errors = 'backslashreplace' if fd == 2 else STDOUT_ERRORS
        stream = io.TextIOWrapper(raw, encoding=STDIO_ENCODING, errors=errors, newline='\n',
                                  line_buffering=(fd == 2 or raw.isatty()), write_through=True)
        stream.mode = 'w'
    else:
        buf = io.open(fd, 'rb', -1, closefd=False)
        stream = io.TextIOWrapper(buf, encoding=STDIO_ENCODING, errors=STDIN_ERRORS, newline='\n',
                                  line_buffering=buf.isatty(), write_through=False)
        stream.mode = 'r'
    return stream


def _child(name, pass_, sandbox, out_path):
    """Runs in the forked child: sets it up, then raises _RunChild."""
    try:
        for lock in _FORK_LOCKS:
            if hasattr(lock, '_creator_pid'):
                lock._creator_pid = os.getpid()
        os.chdir(sandbox)
        os.environ['OLDPWD'] = CASES
        os.environ['PWD'] = sandbox
        args = read_args(name)
        script = os.path.join(CASES, name + '.dgen')
        stdin_mode = os.path.exists(os.path.join(CASES, name + '.stdin'))
        fin = os.open(script if stdin_mode else os.devnull, os.O_RDONLY)
        fout = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fin, 0)
        if pass_ == 'out':
            os.dup2(fout, 1)
            os.dup2(fout, 2)
        else:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.dup2(fout, 2)
            os.close(null)
        os.close(fin)
        os.close(fout)
        sys.stdin = sys.__stdin__ = _make_stdio(0, False)
        sys.stdout = sys.__stdout__ = _make_stdio(1, True)
        sys.stderr = sys.__stderr__ = _make_stdio(2, True)
        dgenerate.messages.set_message_file(sys.stdout)
        dgenerate.messages.set_error_file(sys.stderr)
        argv = list(args) if stdin_mode else list(args) + ['--file', script]
        sys.argv = [DGEN_ARGV0] + argv
        global _CHILD
        _CHILD = True
    except BaseException as e:  # setup failure: report on the real stderr of the child
        os.write(2, f'record.py: child setup failed: {e!r}\n'.encode())
        os._exit(99)
    # unwind to the module frame, which then calls dgenerate.main() exactly as main.py
    # does: same stack depth (runaway recursion, case 30_err_jinja_comment_line, stops
    # at the same point), and SystemExit, atexit and stdio flushing are the interpreter's
    raise _RunChild()


class _RunChild(BaseException):
    pass


def read_args(name):
    path = os.path.join(CASES, name + '.args')
    if not os.path.exists(path):
        return []
    with open(path, 'rb') as f:
        data = f.read().decode('utf-8', 'surrogateescape')
    lines = data.split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    return lines


def substitute(data: bytes, sandbox: str) -> bytes:
    data = data.replace(sandbox.encode(), b'<SANDBOX>')
    home = os.environ.get('HOME', '')
    if home and home != '/':
        data = data.replace(home.encode(), b'<HOME>')
    return data


class Pass:
    def __init__(self, name, pass_, root):
        self.name, self.pass_ = name, pass_
        self.sandbox = os.path.join(root, name)
        self.out_path = os.path.join(root, f'{name}.{pass_}.capture')
        shutil.rmtree(self.sandbox, ignore_errors=True)
        os.makedirs(self.sandbox)
        sys.stdout.flush()
        sys.stderr.flush()
        self.pid = os.fork()
        if self.pid == 0:
            _child(name, pass_, self.sandbox, self.out_path)
        self.deadline = time.monotonic() + TIMEOUT
        self.rc = None

    def poll(self):
        pid, status = os.waitpid(self.pid, os.WNOHANG)
        if pid == 0:
            if time.monotonic() > self.deadline:
                os.kill(self.pid, signal.SIGTERM)
                os.waitpid(self.pid, 0)
                self.rc = 124
                return True
            return False
        self.rc = os.waitstatus_to_exitcode(status)
        if self.rc < 0:
            self.rc = 128 - self.rc
        return True

    def result(self):
        with open(self.out_path, 'rb') as f:
            data = substitute(f.read(), self.sandbox)
        os.unlink(self.out_path)
        shutil.rmtree(self.sandbox, ignore_errors=True)
        return data


def main():
    if CLI.names:
        names = [n[:-5] if n.endswith('.dgen') else n for n in CLI.names]
    else:
        names = sorted(f[:-5] for f in os.listdir(CASES) if f.endswith('.dgen'))
    for n in names:
        if not os.path.exists(os.path.join(CASES, n + '.dgen')):
            sys.exit(f'record.py: no {n}.dgen in {CASES}')

    root = _mktemp_dir()
    results = {}
    pending = [(n, p) for n in names for p in ('out', 'stderr')]
    running = []
    start = time.monotonic()
    failures = 0
    while pending or running:
        while pending and len(running) < max(1, CLI.j):
            running.append(Pass(*pending.pop(0), root))
        done = [r for r in running if r.poll()]
        if not done:
            time.sleep(0.005)
            continue
        for r in done:
            running.remove(r)
            res = results.setdefault(r.name, {})
            res[r.pass_] = r.result()
            if r.pass_ == 'out':
                res['rc'] = f'{r.rc}\n'.encode()
            if len(res) == 3:
                failures += finish(r.name, res)
    shutil.rmtree(root, ignore_errors=True)
    print(f'{len(names)} case(s) in {time.monotonic() - start:.1f} s'
          + (f', {failures} differ' if CLI.check else ''), flush=True)
    return 1 if failures else 0


def finish(name, res):
    rc = res['rc'].decode().strip()
    if not CLI.check:
        for ext in ('out', 'stderr', 'rc'):
            with open(os.path.join(CASES, f'{name}.{ext}'), 'wb') as f:
                f.write(res[ext])
        print(f'{name} rc={rc}', flush=True)
        return 0
    bad = []
    for ext in ('out', 'stderr', 'rc'):
        path = os.path.join(CASES, f'{name}.{ext}')
        old = open(path, 'rb').read() if os.path.exists(path) else None
        if old != res[ext]:
            bad.append(ext)
            if old is not None and ext != 'rc':
                import difflib
                diff = difflib.unified_diff(old.decode('utf-8', 'replace').splitlines(True),
                                            res[ext].decode('utf-8', 'replace').splitlines(True),
                                            f'{name}.{ext} (recorded)', f'{name}.{ext} (now)', n=1)
                sys.stdout.writelines(list(diff)[:40])
    print(f'{name} rc={rc} ' + ('DIFFERS: ' + ' '.join(bad) if bad else 'same'), flush=True)
    return 1 if bad else 0


if __name__ == '__main__':
    try:
        _rc = main()
    except _RunChild:
        pass  # a forked child: nothing of the parent remains on the stack
    else:
        sys.exit(_rc)
    # the child: main.py's last line (the try adds no stack frame)
    try:
        sys.exit(dgenerate.main(sys.argv[1:]))
    except SystemExit as _e:
        _CHILD_EXIT = _e.code
        raise
