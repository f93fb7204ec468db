#!/usr/bin/env python3
"""Record the template variables an invocation line leaves behind (``last_*``).

How to rerun (from the repository root; about a minute):

    ~/.cache/dgenerate-reference/bin/python Tests/ConfigLanguageTests/Fixtures/cli/plan/record_last_variables.py

Each case is a script of one invocation of the tiny model (make_tiny_model.py) followed by
``\\templates_help`` naming every ``last_*`` variable; the script runs through dgenerate in a
fresh directory (dgenerate imported once, each case in a forked child, COLUMNS=80). It writes
``last_variables.json``: a list of ``{name, args, variables}`` where ``variables`` maps each
variable to the ``Type:`` and ``Value:`` lines dgenerate printed for it (object addresses,
which change from run to run, are written as ``0x?``).
"""
import io
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FACTS = os.path.join(HERE, '..', '..', 'conformance')
os.environ['COLUMNS'] = '80'
os.environ['PYTHONUNBUFFERED'] = '1'

SMALL = ['--inference-steps', '1', '--output-size', '64', '--device', 'cpu', '-ofm']
CASES = [
    ('defaults', ['--seeds', '1']),
    ('prompts_and_lists', ['--prompts', 'a cat; blurry', 'a dog', '--seeds', '1', '2', '--guidance-scales', '4', '7.5',
                           '--inference-steps', '1', '2']),
    ('output_options', ['--prompts', 'x', '--seeds', '3', '--output-prefix', 'run', '--output-path', 'out/dir',
                        '--output-configs', '--output-overwrite', '--batch-size', '2', '--image-format', 'jpg']),
    ('sampling_options', ['--seeds', '5', '--clip-skips', '0', '1', '--guidance-rescales', '0.5',
                          '--scheduler', 'EulerDiscreteScheduler', '--pag', '--pag-scales', '1.5',
                          '--freeu-params', '0.9,0.2,1.1,1.2', '--sigmas', '14.6,0.0']),
]

sys.argv = [os.path.join(os.path.dirname(sys.executable), 'dgenerate')]
import dgenerate  # noqa: E402
import dgenerate.batchprocess.configrunner as configrunner  # noqa: E402
dgenerate._run_init_dgen = lambda runner: None

# every last_* variable the runner defines
runner = configrunner.ConfigRunner()
names = sorted(n for n in runner.template_variables if n.startswith('last_'))

model_dir = tempfile.mkdtemp(prefix='dgen-tiny-')
subprocess.run([sys.executable, os.path.join(HERE, 'make_tiny_model.py'), os.path.join(model_dir, 'model')],
               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
MODEL = os.path.join(model_dir, 'model')


def parse(text):
    """Name -> [Type line, Value lines...] from \\templates_help's listing."""
    variables, current = {}, None
    for line in text.splitlines():
        m = re.match(r'    Name: "(.*)"$', line)
        if m:
            current = m.group(1)
            variables[current] = []
        elif current is not None and line.startswith('        '):
            variables[current].append(re.sub(r'0x[0-9a-f]+', '0x?', line.strip()))
    return variables


results = []
for name, args in CASES:
    work = tempfile.mkdtemp(prefix='dgen-last-')
    script = os.path.join(work, 'case.dgen')
    with open(script, 'w', encoding='utf-8') as f:
        f.write(' '.join(dgenerate.textprocessing.shell_quote(a) for a in ['MODEL'] + args + SMALL).replace('MODEL', MODEL, 1) + '\n')
        f.write('\\templates_help ' + ' '.join(names) + '\n')
    out_path = os.path.join(work, '.stdout')
    pid = os.fork()
    if pid == 0:
        os.chdir(work)
        fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, 1)
        os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
        sys.stdout = io.TextIOWrapper(io.FileIO(1, 'wb', closefd=False), encoding='utf-8', write_through=True)
        dgenerate.messages.set_message_file(sys.stdout)
        try:
            code = dgenerate.main(['--file', script])
        except SystemExit as e:
            code = e.code
        sys.stdout.flush()
        os._exit(code if isinstance(code, int) else (0 if code is None else 1))
    _, status = os.waitpid(pid, 0)
    with open(out_path, encoding='utf-8') as f:
        text = f.read()
    text = text[text.index('Config template variables are:'):] if 'Config template variables are:' in text else text
    results.append({'name': name, 'args': args + SMALL, 'status': os.waitstatus_to_exitcode(status),
                    'variables': parse(text)})
    print(name, os.waitstatus_to_exitcode(status), len(results[-1]['variables']), 'variables', flush=True)

with open(os.path.join(HERE, 'last_variables.json'), 'w', encoding='utf-8') as f:
    json.dump(results, f, indent=1, ensure_ascii=False)
    f.write('\n')
print(f'wrote last_variables.json: {len(results)} cases')
