#!/usr/bin/env python3
"""Record the reference's images from the committed tiny model (examples/models/tiny-sd,
written by `dgenerate-make-tiny-model`), for the engine's txt2img test.

    ~/.cache/dgenerate-reference/bin/python Tests/EngineTests/Fixtures/txt2img/record_txt2img.py

Runs dgenerate 5.0.0 (diffusers 0.35.1, torch 2.8 on the CPU) once, in this folder, with

    MODEL --schedulers (the five) --seeds 1 2 --prompts "a cat" "a cat; blurry"
          --batch-size 2 --inference-steps 5 --output-size 32 --device cpu -ofm

so that `output/` receives 40 PNG files (5 schedulers x 2 seeds x 2 prompts x 2 images), and
writes what dgenerate printed to `stdout.txt` (progress bars dropped).
"""
import io
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..', '..'))
MODEL = os.path.join(ROOT, 'examples', 'models', 'tiny-sd')
ARGS = ['--schedulers', 'EulerDiscreteScheduler', 'EulerAncestralDiscreteScheduler', 'DDIMScheduler', 'PNDMScheduler',
        'DPMSolverMultistepScheduler', '--seeds', '1', '2', '--prompts', 'a cat', 'a cat; blurry',
        '--batch-size', '2', '--inference-steps', '5', '--output-size', '32', '--device', 'cpu', '-ofm']

os.environ['COLUMNS'] = '80'
sys.argv = [os.path.join(os.path.dirname(sys.executable), 'dgenerate')]
import dgenerate  # noqa: E402
dgenerate._run_init_dgen = lambda runner: None

shutil.rmtree(os.path.join(HERE, 'output'), ignore_errors=True)
os.chdir(HERE)
capture = os.path.join(HERE, '.stdout')
pid = os.fork()
if pid == 0:
    fd = os.open(capture, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
    sys.stdout = io.TextIOWrapper(io.FileIO(1, 'wb', closefd=False), encoding='utf-8', write_through=True)
    dgenerate.messages.set_message_file(sys.stdout)
    try:
        code = dgenerate.main(['--no-stdin', MODEL] + ARGS)
    except SystemExit as e:
        code = e.code
    sys.stdout.flush()
    os._exit(code if isinstance(code, int) else 0)
_, status = os.waitpid(pid, 0)
with open(capture, encoding='utf-8') as f:
    text = f.read().replace(MODEL, 'MODEL')
os.unlink(capture)
with open(os.path.join(HERE, 'stdout.txt'), 'w', encoding='utf-8') as f:
    f.write(''.join(line for line in text.splitlines(True) if '\r' not in line and '%|' not in line))
print('status', os.waitstatus_to_exitcode(status), len(os.listdir(os.path.join(HERE, 'output'))), 'files')
