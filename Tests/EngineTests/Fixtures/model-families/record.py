#!/usr/bin/env python3
"""Record dgenerate 5.0.0's runs of the project's tiny SD 2.x, SDXL and SDXL refiner models, for
the engine's model-family tests.

    swift build -c release --product dgenerate-make-tiny-model
    ~/.cache/dgenerate-reference/bin/pip install -c ~/.cache/dgenerate-reference/constraints.txt peft
    ~/.cache/dgenerate-reference/bin/python Tests/EngineTests/Fixtures/model-families/record.py [CASE...]

Writes the models with `.build/release/dgenerate-make-tiny-model --kind sd2|sdxl|sdxl-refiner`
(seed 0) into a temporary folder, runs the reference (diffusers 0.35.1, torch 2.8, CPU) once
per case of CASES in `cases/NAME/` with the model folders as `SD2`, `SDXL` and `REFINER` (and the
committed tiny SD 1.x model as `SD1`, this folder's `files/` as `FILES`), and writes `cases.json`: each case's arguments, exit status, the files it wrote, what it printed
on standard output, and its `dgenerate: error:` lines from standard error (the progress bars
there are not kept). Naming cases re-records only those; the others are kept as recorded.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..', '..'))
MAKER = os.path.join(ROOT, '.build', 'release', 'dgenerate-make-tiny-model')
DGENERATE = os.path.join(os.path.dirname(sys.executable), 'dgenerate')
COMMON = ['--device', 'cpu', '-ofm', '--output-path', 'out']

CASES = [
    ('sd2_vpred_ddim', ['SD2', '--seeds', '1', '2', '--prompts', 'a cat; blurry', '--inference-steps', '4', '--output-size', '32']),
    ('sd2_vpred_euler_a', ['SD2', '--seeds', '3', '--prompts', 'a dog', '--inference-steps', '5', '--output-size', '32',
                           '--scheduler', 'EulerAncestralDiscreteScheduler']),
    ('sdxl_base', ['SDXL', '--model-type', 'sdxl', '--seeds', '1', '2', '--prompts', 'a cube', '--inference-steps', '4',
                   '--output-size', '64']),
    ('sdxl_negative_and_clip_skip', ['SDXL', '--model-type', 'sdxl', '--seeds', '4', '--prompts', 'a cube; flat', '--clip-skips', '1',
                                     '--inference-steps', '4', '--output-size', '64', '--scheduler', 'DDIMScheduler']),
    ('sdxl_conditioning', ['SDXL', '--model-type', 'sdxl', '--seeds', '5', '--prompts', 'a cube; flat', '--second-prompts', 'a sphere; dark',
                           '--sdxl-original-sizes', '128x96', '--sdxl-target-sizes', '64x48', '--sdxl-crops-coords-top-left', '8,4',
                           '--sdxl-negative-original-sizes', '32x32', '--sdxl-negative-target-sizes', '64x64',
                           '--sdxl-negative-crops-coords-top-left', '2,6', '--inference-steps', '4', '--output-size', '64',
                           '--output-configs']),
    ('sdxl_aesthetic_refused', ['SDXL', '--model-type', 'sdxl', '--seeds', '1', '--prompts', 'a cube', '--inference-steps', '2',
                                '--output-size', '64', '--sdxl-aesthetic-scores', '6']),
    ('sdxl_refiner', ['SDXL', '--model-type', 'sdxl', '--sdxl-refiner', 'REFINER', '--seeds', '1', '2', '--prompts', 'a cube',
                      '--inference-steps', '4', '--output-size', '64']),
    ('sdxl_refiner_options', ['SDXL', '--model-type', 'sdxl', '--sdxl-refiner', 'REFINER', '--seeds', '6', '--prompts', 'a cube; flat',
                              '--sdxl-high-noise-fractions', '0.5', '0.7', '--second-model-inference-steps', '6',
                              '--second-model-guidance-scales', '3', '--second-model-prompts', 'a red cube; blurry',
                              '--sdxl-refiner-aesthetic-scores', '7', '--sdxl-refiner-negative-aesthetic-scores', '2',
                              '--sdxl-refiner-original-sizes', '96x80', '--scheduler', 'DDIMScheduler',
                              '--second-model-scheduler', 'EulerAncestralDiscreteScheduler', '--inference-steps', '4',
                              '--output-size', '64', '--output-configs']),
    ('sd1_vae_tiling', ['SD1', '--seeds', '7', '--prompts', 'a house', '--inference-steps', '3', '--output-size', '128',
                        '--vae-tiling', '--output-configs']),
    ('sd1_vae_tiling_slicing_img2img', ['SD1', '--seeds', '8', '--prompts', 'a house', '--inference-steps', '4', '--output-size', '160x128',
                                        '--image-seeds', 'FILES/seed64.png', '--batch-size', '2', '--vae-tiling', '--vae-slicing',
                                        '--output-configs']),
]


def replaced(text, folders):
    """The model folders' paths in `text` as their words (the longest first: one is a prefix of another)."""
    for word, path in sorted(folders.items(), key=lambda item: -len(item[1])):
        text = text.replace(path, word)
    return text


def expanded(word, folders):
    """`word` with a leading model or folder word (`SD1`, `FILES/x.png`) as its path."""
    head, slash, rest = word.partition('/')
    return folders[head] + slash + rest if head in folders else word


def main():
    only = set(sys.argv[1:])
    models = tempfile.mkdtemp(prefix='tiny-families-')
    folders = {'SD1': os.path.join(ROOT, 'examples', 'models', 'tiny-sd'), 'FILES': os.path.join(HERE, 'files')}
    for word, kind in [('SD2', 'sd2'), ('SDXL', 'sdxl'), ('REFINER', 'sdxl-refiner')]:
        folders[word] = os.path.join(models, kind)
        subprocess.run([MAKER, folders[word], '--kind', kind], check=True, stdout=subprocess.DEVNULL)
    previous = {}
    if only and os.path.exists(os.path.join(HERE, 'cases.json')):
        previous = {case['name']: case for case in json.load(open(os.path.join(HERE, 'cases.json')))}
    else:
        shutil.rmtree(os.path.join(HERE, 'cases'), ignore_errors=True)
    recorded = []
    for name, args in CASES:
        if only and name not in only and name in previous:
            recorded.append(previous[name])
            continue
        folder = os.path.join(HERE, 'cases', name)
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        argv = [expanded(word, folders) for word in args] + COMMON
        run = subprocess.run([DGENERATE, '--no-stdin'] + argv, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=dict(os.environ, COLUMNS='80'), text=True)
        errors = [line for line in run.stderr.splitlines() if line.startswith('dgenerate: error:')]
        output = replaced(run.stdout, folders)
        files = sorted(os.listdir(os.path.join(folder, 'out'))) if os.path.isdir(os.path.join(folder, 'out')) else []
        for file in files:
            if file.endswith('.dgen'):
                path = os.path.join(folder, 'out', file)
                text = replaced(open(path).read(), folders)
                open(path, 'w').write(text)
        recorded.append({'name': name, 'arguments': args + COMMON, 'status': run.returncode, 'files': files, 'output': output,
                         'errors': errors})
        print(name, run.returncode, files)
    with open(os.path.join(HERE, 'cases.json'), 'w') as out:
        json.dump(recorded, out, indent=1, ensure_ascii=False)
        out.write('\n')
    shutil.rmtree(models)


main()
