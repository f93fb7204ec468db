#!/usr/bin/env python3
"""Record the reference's render loop for the plan cases: how many generation steps, each
step's banner, and the files written.

How to rerun (from the repository root; takes a few minutes):

    ~/.cache/dgenerate-reference/bin/python Tests/ConfigLanguageTests/Fixtures/cli/plan/record_plan.py

It makes a tiny model with make_tiny_model.py in a temporary folder, then runs
``dgenerate --no-stdin MODEL ARGS`` for every case below in a fresh directory (dgenerate is
imported once and each case runs in a forked child, with COLUMNS=80), and writes
``plan_cases.json``: a list of ``{name, args, stdout, stderr, status, files}``: what
dgenerate printed on each stream (progress bars dropped from standard error), its exit
status, and the files the case left in its directory, sorted.
"""
import io
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
os.environ['COLUMNS'] = '80'
os.environ['PYTHONUNBUFFERED'] = '1'

S = ['--seeds', '1']
SMALL = ['--inference-steps', '1', '--output-size', '64', '--device', 'cpu', '-ofm']
CASES = [
    ('one_prompt', ['--prompts', 'a cat'] + S),
    ('negative_prompt', ['--prompts', 'a cat; blurry'] + S),
    ('two_prompts', ['--prompts', 'a cat', 'a dog'] + S),
    ('three_seeds', ['--prompts', 'a cat', '--seeds', '1', '2', '3']),
    ('seeds_and_prompts', ['--prompts', 'a', 'b', '--seeds', '5', '6']),
    ('guidance_scales', ['--prompts', 'a cat', '--guidance-scales', '1', '7.5'] + S),
    ('guidance_integer_text', ['--prompts', 'a cat', '--guidance-scales', '3'] + S),
    ('inference_steps_list', ['--prompts', 'a cat', '--inference-steps', '1', '2'] + S),
    ('steps_and_guidance', ['--prompts', 'a cat', '--inference-steps', '1', '2', '--guidance-scales', '2', '4'] + S),
    ('everything_crossed', ['--prompts', 'p; n', 'q', '--seeds', '3', '4', '--guidance-scales', '1', '2',
                            '--inference-steps', '1', '2']),
    ('output_prefix', ['--prompts', 'a cat', '--output-prefix', 'run'] + S),
    ('output_prefix_dots', ['--prompts', 'a cat', '--output-prefix', 'v1.5'] + S),
    ('output_path_nested', ['--prompts', 'a cat', '--output-path', 'deep/er/out'] + S),
    ('output_path_dot_parts', ['--prompts', 'a cat', '--output-path', './x/../y'] + S),
    ('clip_skips', ['--prompts', 'a cat', '--clip-skips', '0', '1'] + S),
    ('guidance_rescales', ['--prompts', 'a cat', '--guidance-rescales', '0.0', '0.7'] + S),
    ('scheduler', ['--prompts', 'a cat', '--scheduler', 'EulerDiscreteScheduler'] + S),
    ('schedulers_two', ['--prompts', 'a cat', '--schedulers', 'EulerDiscreteScheduler', 'DDIMScheduler'] + S),
    ('scheduler_with_args', ['--prompts', 'a cat', '--scheduler', 'EulerDiscreteScheduler;use-karras-sigmas=true'] + S),
    ('schedulers_and_seeds', ['--prompts', 'a cat', '--schedulers', 'DDIMScheduler', 'PNDMScheduler', '--seeds', '7', '8']),
    ('batch_size_two', ['--prompts', 'a cat', '--batch-size', '2'] + S),
    ('batch_size_three_seeds', ['--prompts', 'a cat', '--batch-size', '3', '--seeds', '1', '2']),
    ('batch_grid', ['--prompts', 'a cat', '--batch-size', '2', '--batch-grid-size', '2x1'] + S),
    ('output_configs', ['--prompts', 'a cat', '--output-configs'] + S),
    ('output_overwrite', ['--prompts', 'a cat', '--output-overwrite'] + S),
    ('duplicate_names', ['--prompts', 'a cat', 'a cat'] + S),
    ('seed_zero', ['--prompts', 'a cat', '--seeds', '0']),
    ('big_seed', ['--prompts', 'a cat', '--seeds', '99999999999999']),
    ('negative_seed', ['--prompts', 'a cat', '--seeds', '-3']),
    ('seeds_to_images_no_images', ['--prompts', 'a cat', '--seeds', '1', '2', '--seeds-to-images']),
    ('empty_prompt', ['--prompts', ''] + S),
    ('no_prompts', S),
    ('only_negative', ['--prompts', '; blurry'] + S),
    ('second_semicolon', ['--prompts', 'a; b; c'] + S),
    ('prompt_spaces', ['--prompts', '  spaced   out  ;  neg  '] + S),
    ('long_prompt', ['--prompts', ' '.join(['word'] * 40)] + S),
    ('image_format_jpg', ['--prompts', 'a cat', '--image-format', 'jpg'] + S),
    ('output_size_rect', ['--prompts', 'a cat', '--output-size', '64x32'] + S),
    ('pag_scales', ['--prompts', 'a cat', '--pag', '--pag-scales', '1', '2'] + S),
    ('freeu', ['--prompts', 'a cat', '--freeu-params', '0.9,0.2,1.1,1.2'] + S),
    ('sigmas', ['--prompts', 'a cat', '--sigmas', '14.6,0.0'] + S),
    ('prefix_and_overwrite_twice', ['--prompts', 'x', 'x', '--output-prefix', 'p', '--output-overwrite'] + S),
]

model_dir = tempfile.mkdtemp(prefix='dgen-tiny-')
subprocess.run([sys.executable, os.path.join(HERE, 'make_tiny_model.py'), os.path.join(model_dir, 'model')],
               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
MODEL = os.path.join(model_dir, 'model')

sys.argv = [os.path.join(os.path.dirname(sys.executable), 'dgenerate')]
import dgenerate  # noqa: E402
dgenerate._run_init_dgen = lambda runner: None

results = []
for name, args in CASES:
    work = tempfile.mkdtemp(prefix='dgen-plan-')
    out_path = os.path.join(work, '.stdout')
    pid = os.fork()
    if pid == 0:
        os.chdir(work)
        fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        err = os.open(out_path + '.err', os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, 1)
        os.dup2(err, 2)
        sys.stdout = io.TextIOWrapper(io.FileIO(1, 'wb', closefd=False), encoding='utf-8', write_through=True)
        sys.stderr = io.TextIOWrapper(io.FileIO(2, 'wb', closefd=False), encoding='utf-8', write_through=True)
        dgenerate.messages.set_message_file(sys.stdout)
        dgenerate.messages.set_error_file(sys.stderr)
        try:
            code = dgenerate.main(['--no-stdin', MODEL] + args + SMALL)
        except SystemExit as e:
            code = e.code
        sys.stdout.flush()
        os._exit(code if isinstance(code, int) else (0 if code is None else 1))
    _, status = os.waitpid(pid, 0)
    with open(out_path, encoding='utf-8') as f:
        stdout = f.read()
    os.unlink(out_path)
    with open(out_path + '.err', encoding='utf-8') as f:
        # tqdm's progress bars are drawn with carriage returns; only whole messages are kept
        stderr = ''.join(line for line in f.read().splitlines(True) if '\r' not in line and '%|' not in line)
    os.unlink(out_path + '.err')
    files = sorted(os.path.relpath(os.path.join(root, f), work) for root, _, fs in os.walk(work) for f in fs)
    results.append({'name': name, 'args': args + SMALL, 'stdout': stdout, 'stderr': stderr,
                    'status': os.waitstatus_to_exitcode(status), 'files': files})
    print(name, os.waitstatus_to_exitcode(status), len(files), 'files', flush=True)

with open(os.path.join(HERE, 'plan_cases.json'), 'w', encoding='utf-8') as f:
    json.dump(results, f, indent=1, ensure_ascii=False)
    f.write('\n')
print(f'wrote plan_cases.json: {len(results)} cases')
