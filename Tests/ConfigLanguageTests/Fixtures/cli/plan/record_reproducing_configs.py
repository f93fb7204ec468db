#!/usr/bin/env python3
"""Record the config scripts dgenerate writes to reproduce each image (``--output-configs``)
and the ones it embeds in PNGs (``--output-metadata``).

How to rerun (from the repository root; about half a minute):

    ~/.cache/dgenerate-reference/bin/python Tests/ConfigLanguageTests/Fixtures/cli/plan/record_reproducing_configs.py

Every case is one invocation of the committed tiny model (``examples/models/tiny-sd``, linked
into a fresh directory as ``tiny-sd`` so that the configs name it by that relative path) with
``--output-configs --output-metadata`` and an output folder of its own; all of them run as
one script through dgenerate (COLUMNS=80). It writes ``reproducing_configs.json``: a list of
``{name, model, args, engine, images}`` (``engine`` false for the cases of options the engine
does not run yet), each image ``{file, config, chunk, metadata}``: the image's path,
the ``.dgen`` file written beside it, and the type and text of the PNG's ``DgenerateConfig``
chunk.
"""
import json
import os
import struct
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..', '..', '..', '..'))
DGENERATE = os.path.join(os.path.dirname(sys.executable), 'dgenerate')

LONG = ('a very long prompt about a #1 cat\'s hat, with "quotes" and many many words that go on '
        'and on past the wrap width of seventy five columns; blurry, #2 bad')
CASES = [
    ('no_size_no_prompt', 'tiny-sd', ['--inference-steps', '2', '--seeds', '1']),
    ('batch_and_negative_prompts', 'tiny-sd', ['--inference-steps', '2', '--seeds', '1', '2', '--batch-size', '2',
                                               '--prompts', 'a cat; ugly', '; only negative', '--output-size', '64']),
    ('long_prompt_wrapped', 'tiny-sd', ['--inference-steps', '2', '--seeds', '7', '--prompts', LONG,
                                        '--output-size', '64x48']),
    ('sampling_options', './tiny-sd', ['--inference-steps', '3', '--seeds', '3', '--prompts', 'x',
                                       '--scheduler', 'EulerDiscreteScheduler;use-karras-sigmas=true',
                                       '--clip-skips', '1', '--guidance-rescales', '0.5', '--guidance-scales', '7',
                                       '--output-prefix', 'pre', '--dtype', 'float32', '--output-size', '64']),
    ('unicode_prompt_steps', 'tiny-sd', ['--inference-steps', '2', '3', '--seeds', '5', '--prompts', 'café ☕ naïve',
                                         '--output-size', '64', '--guidance-scales', '1.5']),
    ('no_aspect_spaces', 'tiny-sd', ['--inference-steps', '2', '--seeds', '9', '--prompts', '  spaced\tout   words ',
                                     '--output-size', '64x48', '--no-aspect', '--guidance-scales', '2.25']),
    ('latin1_prompt_tabs', 'tiny-sd', ['--inference-steps', '2', '--seeds', '4', '--prompts', 'café naïve\tab\tc d; x\ty',
                                       '--output-size', '64']),
    ('revision_empty_prefix', 'tiny-sd', ['--inference-steps', '2', '--seeds', '4', '--prompts', 'a', '--revision', 'v1.0',
                                          '--output-prefix', '', '--output-size', '64']),
]
# options the engine does not run yet: their configs are compared by the plan's test only
PLAN_ONLY = [
    ('pag_default', 'tiny-sd', ['--inference-steps', '2', '--seeds', '4', '--prompts', 'a', '--pag', '--output-size', '64']),
    ('pag_scale_only', 'tiny-sd', ['--inference-steps', '2', '--seeds', '4', '--prompts', 'a', '--pag-scales', '3.0',
                                   '--output-size', '64']),
    ('batch_grid', 'tiny-sd', ['--inference-steps', '2', '--seeds', '4', '--prompts', 'a', '--batch-size', '2',
                               '--batch-grid-size', '2x1', '--output-size', '64']),
    ('sigmas_list', 'tiny-sd', ['--inference-steps', '2', '--seeds', '4', '--prompts', 'a', '--scheduler',
                                'EulerDiscreteScheduler', '--sigmas', '14.6,1,0.0', '--output-size', '64']),
]


def text_chunk(path):
    """(chunk type, text) of the PNG's DgenerateConfig chunk, or (None, None)."""
    data = open(path, 'rb').read()[8:]
    index = 0
    while index < len(data):
        length, = struct.unpack('>I', data[index:index + 4])
        kind = data[index + 4:index + 8]
        body = data[index + 8:index + 8 + length]
        if kind == b'tEXt' and body.startswith(b'DgenerateConfig\0'):
            return 'tEXt', body.split(b'\0', 1)[1].decode('latin-1')
        if kind == b'iTXt' and body.startswith(b'DgenerateConfig\0'):
            rest = body.split(b'\0', 1)[1]
            compressed, rest = rest[0], rest[2:]
            _language, _translated, text = rest.split(b'\0', 2)
            return 'iTXt', (zlib.decompress(text) if compressed else text).decode('utf-8')
        index += 12 + length
    return None, None


work = tempfile.mkdtemp(prefix='dgen-reproduce-')
os.symlink(os.path.join(ROOT, 'examples', 'models', 'tiny-sd'), os.path.join(work, 'tiny-sd'))
lines = []
for number, (name, model, args) in enumerate(CASES + PLAN_ONLY):
    full = [model] + args + ['--output-configs', '--output-metadata', '--output-path', f'out{number}']
    # double quotes with \" inside: the config shell keeps POSIX-style '"'"' joins literally
    lines.append(' '.join('"' + a.replace('"', '\\"') + '"' for a in full))
with open(os.path.join(work, 'cases.dgen'), 'w', encoding='utf-8') as f:
    f.write('\n'.join(lines) + '\n')
run = subprocess.run([DGENERATE, '--file', 'cases.dgen'], cwd=work, capture_output=True, text=True,
                     env=dict(os.environ, COLUMNS='80'))
if run.returncode != 0:
    sys.exit(run.stdout + run.stderr)

results = []
images = [line[len('Wrote Image File: "'):-1] for line in run.stdout.splitlines()
          if line.startswith('Wrote Image File: "')]
for number, (name, model, args) in enumerate(CASES + PLAN_ONLY):
    recorded = []
    for image in images:
        if not image.startswith(f'out{number}/'):
            continue
        config = open(os.path.join(work, os.path.splitext(image)[0] + '.dgen'), encoding='utf-8').read()
        chunk, metadata = text_chunk(os.path.join(work, image))
        recorded.append({'file': image, 'config': config, 'chunk': chunk, 'metadata': metadata})
    results.append({'name': name, 'model': model, 'args': args, 'engine': number < len(CASES), 'images': recorded})

with open(os.path.join(HERE, 'reproducing_configs.json'), 'w', encoding='utf-8') as f:
    json.dump(results, f, indent=1, ensure_ascii=False)
    f.write('\n')
print(f'{len(results)} cases, {len(images)} images')
