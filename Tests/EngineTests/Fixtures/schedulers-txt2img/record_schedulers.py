#!/usr/bin/env python3
"""Record the reference's txt2img images from the committed tiny model (examples/models/tiny-sd)
with one scheduler URI at a time, for the engine's scheduler tests.

How to re-run (from the repository root, with the reference's Python: dgenerate 5.0.0,
diffusers 0.35.1, torch 2.8 on the CPU):

    ~/.cache/dgenerate-reference/bin/python Tests/EngineTests/Fixtures/schedulers-txt2img/record_schedulers.py

or, to re-record only some cases (names as in CASES below, or `help` / `helpargs`):

    ~/.cache/dgenerate-reference/bin/python Tests/EngineTests/Fixtures/schedulers-txt2img/record_schedulers.py \
        DDPMScheduler EulerDiscreteScheduler_beta help

Each case runs dgenerate once, in this folder, in a fork of one process that imported dgenerate:

    dgenerate --no-stdin MODEL --scheduler URI --device cpu -ofm --prompts "a cat" --seeds 1 2
              --inference-steps 6 --output-size 32 --guidance-scales 5 --output-path output/CASE

`output/CASE/` receives the PNG files (2 seeds) and `stdout.txt` (what dgenerate printed, progress
bars dropped, the model path written MODEL). When dgenerate fails, its stderr goes to
`output/CASE/stderr.txt` (same clean-up) and the case's status is dgenerate's exit code.
`cases.json` lists every case: name, scheduler URI, status, files (sorted, relative to output/CASE).

DPMSolverSDEScheduler needs the torchsde package, which dgenerate 5.0.0 declares (torchsde==0.2.6)
but /work/shared/reference/install leaves out, so in the reference as installed the case
`DPMSolverSDEScheduler` fails (recorded as such). The extra cases `DPMSolverSDEScheduler_torchsde`
(plain URI) and `DPMSolverSDEScheduler_torchsde_seed1` (`;noise-sampler-seed=1`) run with torchsde
0.2.6 importable; install it beside the reference first, once:

    ~/.cache/dgenerate-reference/bin/pip install --no-deps --target ~/.cache/dgenerate-reference-torchsde \
        torchsde==0.2.6 trampoline==0.1.2

(the recorder then runs those cases in a child Python with that folder on PYTHONPATH; without the
folder they are skipped; $DGREF_TORCHSDE overrides the folder). Without noise-sampler-seed the
scheduler seeds its Brownian tree from torch's global RNG, not from --seeds, so the PNGs of
`DPMSolverSDEScheduler_torchsde` change from run to run (cases.json says so in `note`).

`help` and `helpargs` run the one-line script `MODEL --scheduler help|helpargs --device cpu -ofm`
the way /work/shared/reference/run-dgen does (`dgenerate --file SCRIPT`, stdout and stderr together)
and write `help.txt` / `help_args.txt`. Note: both print a random `Seed:` line, and the reference
lists the compatible schedulers in an order that changes from run to run (it iterates a Python
set of classes), so compare those files as sets of lines / blocks, not byte for byte.
"""
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..', '..'))
MODEL = os.path.join(ROOT, 'examples', 'models', 'tiny-sd')
COMMON = ['--device', 'cpu', '-ofm', '--prompts', 'a cat', '--seeds', '1', '2', '--inference-steps', '6',
          '--output-size', '32', '--guidance-scales', '5']

# (case name = folder under output/, scheduler URI exactly as given to --scheduler)
CASES = [
    ('DDPMScheduler', 'DDPMScheduler'),
    ('LMSDiscreteScheduler', 'LMSDiscreteScheduler'),
    ('HeunDiscreteScheduler', 'HeunDiscreteScheduler'),
    ('KDPM2DiscreteScheduler', 'KDPM2DiscreteScheduler'),
    ('KDPM2AncestralDiscreteScheduler', 'KDPM2AncestralDiscreteScheduler'),
    ('DPMSolverSinglestepScheduler', 'DPMSolverSinglestepScheduler'),
    ('DEISMultistepScheduler', 'DEISMultistepScheduler'),
    ('UniPCMultistepScheduler', 'UniPCMultistepScheduler'),
    ('LCMScheduler', 'LCMScheduler'),
    ('EDMEulerScheduler', 'EDMEulerScheduler'),
    ('EDMDPMSolverMultistepScheduler', 'EDMDPMSolverMultistepScheduler'),
    ('DPMSolverSDEScheduler', 'DPMSolverSDEScheduler'),
    ('DPMSolverMultistepScheduler_sde-dpmsolver++', 'DPMSolverMultistepScheduler;algorithm-type=sde-dpmsolver++'),
    ('DPMSolverMultistepScheduler_karras', 'DPMSolverMultistepScheduler;use-karras-sigmas=true'),
    ('EulerDiscreteScheduler_exponential', 'EulerDiscreteScheduler;use-exponential-sigmas=true'),
    ('EulerDiscreteScheduler_beta', 'EulerDiscreteScheduler;use-beta-sigmas=true'),
    ('EulerDiscreteScheduler_trailing', 'EulerDiscreteScheduler;timestep-spacing=trailing'),
    ('EulerDiscreteScheduler_v_prediction', 'EulerDiscreteScheduler;prediction-type=v_prediction'),
    ('LMSDiscreteScheduler_karras', 'LMSDiscreteScheduler;use-karras-sigmas=true'),
    ('HeunDiscreteScheduler_karras', 'HeunDiscreteScheduler;use-karras-sigmas=true'),
]
TORCHSDE_CASES = [('DPMSolverSDEScheduler_torchsde', 'DPMSolverSDEScheduler'),
                  ('DPMSolverSDEScheduler_torchsde_seed1', 'DPMSolverSDEScheduler;noise-sampler-seed=1'),
                  ('DPMSolverSDEScheduler_torchsde_karras_seed3', 'DPMSolverSDEScheduler;use-karras-sigmas=true;noise-sampler-seed=3')]
NOTES = {
    'EDMDPMSolverMultistepScheduler': 'rejected: not among the schedulers dgenerate lists as compatible with '
                                      'StableDiffusionPipeline',
    'DPMSolverSDEScheduler': 'rejected: torchsde is not installed in the reference venv',
    'DPMSolverSDEScheduler_torchsde': 'with torchsde 0.2.6; PNGs are NOT reproducible (Brownian tree seeded from '
                                      "torch's global RNG): compare names and stdout only",
    'DPMSolverSDEScheduler_torchsde_seed1': 'with torchsde 0.2.6; reproducible for this command, but the seed-2 PNG '
                                            'moves by 1/255 in one pixel when seed 2 runs first or outside dgenerate',
}
TORCHSDE = os.environ.get('DGREF_TORCHSDE', os.path.expanduser('~/.cache/dgenerate-reference-torchsde'))
HELP = {'help': 'help.txt', 'helpargs': 'help_args.txt'}
URIS = dict(CASES + TORCHSDE_CASES)
ORDER = [c[0] for c in CASES + TORCHSDE_CASES]

CHILD = sys.argv[1:2] == ['--torchsde-child']
if CHILD:
    # re-run of this script for the torchsde case only: torchsde must be importable before diffusers is
    sys.path.insert(0, TORCHSDE)
    names = sys.argv[2:]
else:
    known = ORDER + list(HELP)
    names = sys.argv[1:] or known
    unknown = [n for n in names if n not in known]
    if unknown:
        sys.exit(f'unknown case(s): {unknown}; known: {known}')
    with_torchsde = [n for n in names if n in dict(TORCHSDE_CASES)]
    names = [n for n in names if n not in dict(TORCHSDE_CASES)]

os.environ['COLUMNS'] = '80'
sys.argv = [os.path.join(os.path.dirname(sys.executable), 'dgenerate')]
import dgenerate  # noqa: E402
dgenerate._run_init_dgen = lambda runner: None


def clean(text):
    text = text.replace(MODEL, 'MODEL')
    return ''.join(line for line in text.splitlines(True) if '\r' not in line and '%|' not in line)


def run(argv, workdir, merge_stderr):
    """Fork, run dgenerate.main(argv) in workdir; return (exit code, stdout text, stderr text)."""
    out_path = os.path.join(workdir, '.stdout')
    err_path = os.path.join(workdir, '.stderr')
    pid = os.fork()
    if pid == 0:
        os.chdir(workdir)
        fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, 1)
        os.dup2(fd if merge_stderr else os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 2)
        sys.stdout = io.TextIOWrapper(io.FileIO(1, 'wb', closefd=False), encoding='utf-8', write_through=True)
        sys.stderr = io.TextIOWrapper(io.FileIO(2, 'wb', closefd=False), encoding='utf-8', write_through=True)
        dgenerate.messages.set_message_file(sys.stdout)
        dgenerate.messages.set_error_file(sys.stderr)
        try:
            code = dgenerate.main(argv)
        except SystemExit as e:
            code = e.code
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code if isinstance(code, int) else (0 if code is None else 1))
    _, status = os.waitpid(pid, 0)
    texts = []
    for path in (out_path, err_path):
        if os.path.exists(path):
            with open(path, encoding='utf-8', errors='replace') as f:
                texts.append(f.read())
            os.unlink(path)
        else:
            texts.append('')
    return os.waitstatus_to_exitcode(status), texts[0], texts[1]


cases_path = os.path.join(HERE, 'cases.json')
recorded = {}
if os.path.exists(cases_path):
    with open(cases_path) as f:
        recorded = {c['case']: c for c in json.load(f)['cases']}

for name in names:
    if name in HELP:
        with tempfile.TemporaryDirectory() as tmp:
            script = os.path.join(tmp, 'help.dgen')
            with open(script, 'w') as f:
                f.write(f'{MODEL} --scheduler {name} --device cpu -ofm\n')
            code, out, _ = run(['--file', script], tmp, merge_stderr=True)
        with open(os.path.join(HERE, HELP[name]), 'w', encoding='utf-8') as f:
            f.write(clean(out))
        print(name, 'status', code)
        continue
    uri = URIS[name]
    folder = os.path.join(HERE, 'output', name)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    code, out, err = run(['--no-stdin', MODEL, '--scheduler', uri] + COMMON + ['--output-path', 'output/' + name],
                         HERE, merge_stderr=False)
    with open(os.path.join(folder, 'stdout.txt'), 'w', encoding='utf-8') as f:
        f.write(clean(out))
    if code != 0:
        with open(os.path.join(folder, 'stderr.txt'), 'w', encoding='utf-8') as f:
            f.write(clean(err))
    files = sorted(os.listdir(folder))
    recorded[name] = {'case': name, 'scheduler': uri, 'status': code, 'files': files}
    if name in NOTES:
        recorded[name]['note'] = NOTES[name]
    print(name, 'status', code, files)

with open(cases_path, 'w') as f:
    json.dump({'dgenerate': '5.0.0', 'model': 'examples/models/tiny-sd',
               'arguments': ['MODEL', '--scheduler', 'URI'] + COMMON + ['--output-path', 'output/CASE'],
               'cases': [recorded[n] for n in ORDER if n in recorded]}, f, indent=1)
    f.write('\n')

if not CHILD and with_torchsde:
    if os.path.isdir(os.path.join(TORCHSDE, 'torchsde')):
        subprocess.run([sys.executable, os.path.abspath(__file__), '--torchsde-child'] + with_torchsde, check=True)
    else:
        print(with_torchsde, 'skipped: no torchsde in', TORCHSDE)
