#!/usr/bin/env python3
"""Record dgenerate 5.0.0's runs of the project's tiny SD 2.x, SDXL and SDXL refiner models, for
the engine's model-family tests.

    swift build -c release --product dgenerate-make-tiny-model
    ~/.cache/dgenerate-reference/bin/pip install -c ~/.cache/dgenerate-reference/constraints.txt peft
    ~/.cache/dgenerate-reference/bin/python Tests/EngineTests/Fixtures/model-families/record.py [CASE...]

Writes the models with `.build/release/dgenerate-make-tiny-model --kind sd2|sdxl|sdxl-refiner`
(seed 0) into a temporary folder, runs the reference (diffusers 0.35.1, torch 2.8, CPU) once
per case of CASES in `cases/NAME/` with the model folders as `SD2`, `SDXL`, `REFINER`, `SD1CK`,
`SD2CK` and `SDXLCK` (the `--kind *-checkpoint` models, which the tests run as single files; and the
committed tiny SD 1.x model as `SD1`, this folder's `files/` as `FILES`), and writes `cases.json`: each case's arguments, exit status, the files it wrote, what it printed
on standard output, and its `dgenerate: error:` lines from standard error (the progress bars
there are not kept). Naming cases re-records only those; the others are kept as recorded.

Before recording it writes the LoRA files of `files/` (seeded random low-rank updates for the
tiny SD 1.x model's modules, in kohya's and PEFT's key layouts): the same bytes every time.
"""
import json
import math
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
# LoRA cases run online: offline, diffusers refuses a local LoRA file without a weight name
# (`When using the offline mode, you must specify a weight_name`); nothing is downloaded
ONLINE = ['--device', 'cpu', '--output-path', 'out']

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
    ('sd1_lora_kohya', ['SD1', '--seeds', '9', '--prompts', 'a boat', '--inference-steps', '4', '--output-size', '32',
                        '--loras', 'FILES/lora_kohya_a.safetensors']),
    ('sd1_lora_kohya_two', ['SD1', '--seeds', '9', '10', '--prompts', 'a boat', '--inference-steps', '4', '--output-size', '32',
                            '--loras', 'FILES/lora_kohya_a.safetensors;scale=0.5', 'FILES/lora_kohya_b.safetensors;scale=1.5',
                            '--lora-fuse-scale', '0.8', '--output-configs']),
    ('sd1_lora_peft', ['SD1', '--seeds', '9', '--prompts', 'a boat', '--inference-steps', '4', '--output-size', '32',
                       '--loras', 'FILES/lora_peft_a.safetensors']),
    ('sd1_lora_peft_two', ['SD1', '--seeds', '11', '--prompts', 'a boat', '--inference-steps', '4', '--output-size', '32',
                           '--loras', 'FILES/lora_peft_b.safetensors;scale=0.7', 'FILES/lora_peft_a.safetensors',
                           '--lora-fuse-scale', '1.25']),
    ('sd1_lora_other_family', ['SD1', '--seeds', '9', '--prompts', 'a boat', '--inference-steps', '4', '--output-size', '32',
                               '--loras', 'FILES/lora_sdxl.safetensors']),
    ('sd1_lora_missing', ['SD1', '--seeds', '9', '--prompts', 'a boat', '--inference-steps', '4', '--output-size', '32',
                          '--loras', 'FILES/no-such-lora.safetensors']),
    ('sd1_textual_inversion', ['SD1', '--seeds', '12', '13', '--prompts', 'a <sparkle> cat with <shiny> fur; <sparkle> blur',
                               '--inference-steps', '4', '--output-size', '32', '--textual-inversions', 'FILES/ti_single.safetensors',
                               'FILES/ti_multi.safetensors;token=<shiny>', '--output-configs']),
    ('sd1_textual_inversion_wide', ['SD1', '--seeds', '12', '--prompts', 'a <wide> cat', '--inference-steps', '4', '--output-size', '32',
                                    '--textual-inversions', 'FILES/ti_wide.safetensors']),
    ('sd1_textual_inversion_taken', ['SD1', '--seeds', '12', '--prompts', 'a cat', '--inference-steps', '4', '--output-size', '32',
                                     '--textual-inversions', 'FILES/ti_single.safetensors;token=<|endoftext|>']),
    ('sdxl_textual_inversion', ['SDXL', '--model-type', 'sdxl', '--seeds', '14', '--prompts', 'a ti_sdxl cube', '--inference-steps', '4',
                                '--output-size', '64', '--textual-inversions', 'FILES/ti_sdxl.safetensors']),
    # the checkpoint kinds as diffusers folders; the engine's tests run them as single files
    ('single_file_sd1', ['SD1CK', '--seeds', '15', '16', '--prompts', 'a cube; blurry', '--inference-steps', '4', '--output-size', '64',
                         '--output-configs']),
    ('single_file_sd2', ['SD2CK', '--seeds', '17', '--prompts', 'a cube; blurry', '--inference-steps', '4', '--output-size', '64']),
    ('single_file_sdxl', ['SDXLCK', '--model-type', 'sdxl', '--seeds', '18', '--prompts', 'a cube; blurry', '--inference-steps', '4',
                          '--output-size', '64']),
    ('sd1_vae_uri', ['SD1', '--seeds', '19', '--prompts', 'a tree', '--inference-steps', '4', '--output-size', '32',
                     '--vae', 'AutoencoderKL;model=SD1B;subfolder=vae', '--output-configs']),
    ('sd1_unet_uri', ['SD1', '--seeds', '19', '--prompts', 'a tree', '--inference-steps', '4', '--output-size', '32',
                      '--unet', 'SD1B;subfolder=unet', '--output-configs']),
    ('sd1_text_encoder_uri', ['SD1', '--seeds', '19', '--prompts', 'a tree', '--inference-steps', '4', '--output-size', '32',
                              '--text-encoders', 'CLIPTextModel;model=SD1B;subfolder=text_encoder', '--output-configs']),
    ('sdxl_text_encoders_keep_first', ['SDXL', '--model-type', 'sdxl', '--seeds', '20', '--prompts', 'a cube', '--inference-steps', '4',
                                       '--output-size', '64', '--text-encoders', '+',
                                       'CLIPTextModelWithProjection;model=SDXLB;subfolder=text_encoder_2']),
    ('sd1_vae_uri_no_model', ['SD1', '--seeds', '19', '--prompts', 'a tree', '--inference-steps', '4', '--output-size', '32',
                              '--vae', 'AutoencoderKL;subfolder=vae']),
    ('sd1_vae_uri_unknown_class', ['SD1', '--seeds', '19', '--prompts', 'a tree', '--inference-steps', '4', '--output-size', '32',
                                   '--vae', 'AutoencoderXL;model=SD1B;subfolder=vae']),
    ('sd1_sigmas_euler', ['SD1', '--scheduler', 'EulerDiscreteScheduler', '--sigmas', '14.6,8.0,3.5,1.2,0.3,0', '--seeds', '21',
                          '--prompts', 'a road', '--output-size', '32', '--output-configs']),
    ('sd1_sigmas_two_lists', ['SD1', '--scheduler', 'EulerDiscreteScheduler', '--sigmas', '10,2,0', '12.5, 4, 1, 0.1', '--seeds', '22',
                              '--prompts', 'a road', '--output-size', '32']),
    ('sd1_sigmas_unsupported_scheduler', ['SD1', '--sigmas', '10,2,0', '--seeds', '22', '--prompts', 'a road', '--output-size', '32']),
    ('sdxl_lora_kohya', ['SDXL', '--model-type', 'sdxl', '--seeds', '23', '--prompts', 'a cube', '--inference-steps', '4',
                         '--output-size', '64', '--loras', 'FILES/lora_sdxl_kohya.safetensors;scale=0.8']),
    ('sdxl_lora_peft_and_kohya', ['SDXL', '--model-type', 'sdxl', '--seeds', '23', '--prompts', 'a cube', '--inference-steps', '4',
                                  '--output-size', '64', '--loras', 'FILES/lora_sdxl_peft.safetensors',
                                  'FILES/lora_sdxl_kohya.safetensors;scale=0.5', '--lora-fuse-scale', '0.9']),
    ('sdxl_img2img', ['SDXL', '--model-type', 'sdxl', '--image-seeds', 'FILES/seed64.png', '--image-seed-strengths', '0.6',
                      '--seeds', '24', '--prompts', 'a cube', '--inference-steps', '5', '--output-size', '64']),
    ('sdxl_img2img_refiner', ['SDXL', '--model-type', 'sdxl', '--sdxl-refiner', 'REFINER', '--image-seeds', 'FILES/seed64.png',
                              '--image-seed-strengths', '0.6', '0.9', '--sdxl-high-noise-fractions', '0.7', '--seeds', '24',
                              '--prompts', 'a cube', '--inference-steps', '5', '--output-size', '64', '--output-configs']),
    ('sdxl_refiner_uri_arguments', ['SDXL', '--model-type', 'sdxl', '--sdxl-refiner', 'REFINER;dtype=float32;revision=main',
                                    '--seeds', '25', '--prompts', 'a cube', '--inference-steps', '4', '--output-size', '64',
                                    '--output-configs']),
    ('sd1_sigmas_expr', ['SD1', '--scheduler', 'EulerDiscreteScheduler', '--sigmas', 'expr: sigmas * 0.9', '--inference-steps', '5',
                         '--seeds', '26', '--prompts', 'a road', '--output-size', '32', '--output-configs']),
    ('sd1_sigmas_expr_numpy', ['SD1', '--scheduler', 'EulerDiscreteScheduler;use-karras-sigmas=true', '--sigmas',
                               'expr: np.concatenate([np.exp(np.linspace(np.log(sigmas[0]), np.log(0.5), 4)), [0.0]])',
                               'expr: sigmas[::2]', 'expr: -(-sigmas) / 2 + np.flip(np.arange(7)) ** 0.5', '--inference-steps', '6',
                               '--seeds', '27', '--prompts', 'a road', '--output-size', '32']),
    ('sd1_sigmas_expr_error', ['SD1', '--scheduler', 'EulerDiscreteScheduler', '--sigmas', 'expr: sigmas[99]', '--seeds', '27',
                               '--prompts', 'a road', '--output-size', '32']),
    ('sd1_lora_bad_scale', ['SD1', '--seeds', '9', '--prompts', 'a boat', '--inference-steps', '4', '--output-size', '32',
                            '--loras', 'FILES/lora_kohya_a.safetensors;scale=big']),
]


SD1_UNET_ATTENTIONS = ['down_blocks.1.attentions.0', 'mid_block.attentions.0', 'up_blocks.0.attentions.0', 'up_blocks.0.attentions.1']


def sd1_modules(kind):
    """The tiny SD 1.x model's modules a LoRA of `kind` updates: (component, module, weight shape)."""
    modules = []
    for block in SD1_UNET_ATTENTIONS:
        layer = block + '.transformer_blocks.0'
        if kind == 'a':
            modules += [('unet', f'{layer}.attn1.{m}', [64, 64]) for m in ['to_q', 'to_k', 'to_v', 'to_out.0']]
            modules += [('unet', f'{block}.proj_in', [64, 64, 1, 1]), ('unet', f'{layer}.ff.net.0.proj', [512, 64])]
        else:
            modules += [('unet', f'{layer}.attn2.{m}', [64, 32]) for m in ['to_k', 'to_v']]
            modules += [('unet', f'{block}.proj_out', [64, 64, 1, 1]), ('unet', f'{layer}.ff.net.2', [64, 256])]
    if kind == 'a':
        modules += [('unet', 'down_blocks.0.resnets.0.conv1', [32, 32, 3, 3]), ('unet', 'mid_block.resnets.0.time_emb_proj', [64, 128])]
    for layer in range(2):
        prefix = f'text_model.encoder.layers.{layer}'
        names = ['self_attn.q_proj', 'self_attn.k_proj', 'self_attn.v_proj', 'self_attn.out_proj'] if kind == 'a' else ['self_attn.q_proj', 'self_attn.v_proj', 'mlp.fc1', 'mlp.fc2']
        shapes = {'mlp.fc1': [37, 32], 'mlp.fc2': [32, 37]}
        modules += [('text_encoder', f'{prefix}.{name}', shapes.get(name, [32, 32])) for name in names]
    return modules


def lora_tensors(modules, layout, seed, rank=4):
    """Seeded low-rank updates for `modules` in `layout` (kohya: `lora_unet_...lora_down.weight`
    with alphas; peft: `unet....lora_A.weight`)."""
    import torch
    generator = torch.Generator().manual_seed(seed)
    tensors = {}
    for index, (component, module, shape) in enumerate(modules):
        out_features, in_features = shape[0], shape[1]
        kernel = shape[2:]
        down = torch.randn([rank, in_features] + kernel, generator=generator) * 0.3 / math.sqrt(in_features)
        up = torch.randn([out_features, rank] + [1] * len(kernel), generator=generator) * 0.3
        if layout == 'kohya':
            prefix = {'unet': 'lora_unet_', 'text_encoder': 'lora_te_', 'text_encoder_2': 'lora_te2_'}[component]
            if component == 'text_encoder' and any(m[0] == 'text_encoder_2' for m in modules):
                prefix = 'lora_te1_'
            name = prefix + module.replace('.', '_')
            tensors[name + '.lora_down.weight'] = down
            tensors[name + '.lora_up.weight'] = up
            tensors[name + '.alpha'] = torch.tensor(float(2 if index % 3 else 8))
        else:
            tensors[f'{component}.{module}.lora_A.weight'] = down
            tensors[f'{component}.{module}.lora_B.weight'] = up
    return tensors


def write_files():
    """The LoRA files of `files/`."""
    from safetensors.torch import save_file
    folder = os.path.join(HERE, 'files')
    os.makedirs(folder, exist_ok=True)
    for name, kind, layout, seed in [('lora_kohya_a', 'a', 'kohya', 1), ('lora_kohya_b', 'b', 'kohya', 2),
                                     ('lora_peft_a', 'a', 'peft', 3), ('lora_peft_b', 'b', 'peft', 4)]:
        save_file(lora_tensors(sd1_modules(kind), layout, seed), os.path.join(folder, name + '.safetensors'))
    # an SDXL LoRA: its cross-attention reads 64 features (two text encoders side by side), the tiny SD 1.x 32
    sdxl = [('unet', f'{block}.transformer_blocks.0.attn2.{m}', [64, 64]) for block in SD1_UNET_ATTENTIONS for m in ['to_k', 'to_v']]
    save_file(lora_tensors(sdxl, 'kohya', 5), os.path.join(folder, 'lora_sdxl.safetensors'))
    # SDXL LoRAs: kohya's layout with the original UNet's block names (as kohya's trainer writes
    # SDXL LoRAs), and PEFT's; both text encoders
    sgm = []
    for block, size in [('input_blocks_3_1', 64), ('middle_block_1', 64), ('output_blocks_0_1', 64), ('output_blocks_1_1', 64)]:
        sgm += [('unet', f'{block}.transformer_blocks.0.attn1.{m}', [size, size]) for m in ['to_q', 'to_k', 'to_v', 'to_out.0']]
        sgm += [('unet', f'{block}.transformer_blocks.0.attn2.{m}', [size, 64]) for m in ['to_k', 'to_v']]
        sgm += [('unet', f'{block}.proj_in', [size, size])]
    sgm += [('unet', 'input_blocks_1_0.in_layers.2', [32, 32, 3, 3]), ('unet', 'middle_block_0.emb_layers.1', [64, 128]),
            ('unet', 'input_blocks_2_0.op', [32, 32, 3, 3])]
    for encoder in ['text_encoder', 'text_encoder_2']:
        sgm += [(encoder, f'text_model.encoder.layers.{layer}.self_attn.{m}', [32, 32]) for layer in range(2)
                for m in ['q_proj', 'k_proj', 'v_proj', 'out_proj']]
    save_file(lora_tensors(sgm, 'kohya', 7), os.path.join(folder, 'lora_sdxl_kohya.safetensors'))
    peft = [('unet', f'{block}.transformer_blocks.0.attn2.{m}', [64, 64]) for block in
            ['down_blocks.1.attentions.0', 'mid_block.attentions.0', 'up_blocks.0.attentions.1'] for m in ['to_q', 'to_k', 'to_v']]
    peft += [(encoder, f'text_model.encoder.layers.1.self_attn.{m}', [32, 32]) for encoder in ['text_encoder', 'text_encoder_2']
             for m in ['q_proj', 'v_proj']]
    save_file(lora_tensors(peft, 'peft', 8), os.path.join(folder, 'lora_sdxl_peft.safetensors'))
    # textual inversions: diffusers' one-key layout, A1111's `emb_params` (three vectors), one of
    # the wrong width, and SDXL's `clip_l`/`clip_g` pair (its token is the file's name)
    import torch
    generator = torch.Generator().manual_seed(6)
    embeddings = {'ti_single': {'<sparkle>': [1, 32]}, 'ti_multi': {'emb_params': [3, 32]}, 'ti_wide': {'<wide>': [1, 48]},
                  'ti_sdxl': {'clip_l': [2, 32], 'clip_g': [2, 32]}}
    for name, tensors in embeddings.items():
        save_file({key: torch.randn(shape, generator=generator) * 0.5 for key, shape in tensors.items()},
                  os.path.join(folder, name + '.safetensors'))


def replaced(text, folders):
    """The model folders' paths in `text` as their words (the longest first: one is a prefix of another)."""
    for word, path in sorted(folders.items(), key=lambda item: -len(item[1])):
        text = text.replace(path, word)
    return text


def expanded(word, folders):
    """`word` with a leading model or folder word (`SD1`, `FILES/x.png`) as its path, in a URI's
    first part and in its `model=` argument."""
    def path(part):
        head, slash, rest = part.partition('/')
        return folders[head] + slash + rest if head in folders else part
    parts = word.split(';')
    return ';'.join([path(parts[0])] + ['model=' + path(p[6:]) if p.startswith('model=') else p for p in parts[1:]])


def main():
    only = set(sys.argv[1:])
    write_files()
    models = tempfile.mkdtemp(prefix='tiny-families-')
    folders = {'SD1': os.path.join(ROOT, 'examples', 'models', 'tiny-sd'), 'FILES': os.path.join(HERE, 'files')}
    # second tiny SD 1.x and SDXL models (seed 7), whose components replace the first ones'
    for word, kind in [('SD1B', 'sd1'), ('SDXLB', 'sdxl')]:
        folders[word] = os.path.join(models, word.lower())
        subprocess.run([MAKER, folders[word], '7', '--kind', kind], check=True, stdout=subprocess.DEVNULL)
    for word, kind in [('SD2', 'sd2'), ('SDXL', 'sdxl'), ('REFINER', 'sdxl-refiner'), ('SD1CK', 'sd1-checkpoint'),
                       ('SD2CK', 'sd2-checkpoint'), ('SDXLCK', 'sdxl-checkpoint')]:
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
        common = ONLINE if 'lora' in name or 'textual_inversion' in name else COMMON
        argv = [expanded(word, folders) for word in args] + common
        run = subprocess.run([DGENERATE, '--no-stdin'] + argv, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=dict(os.environ, COLUMNS='80'), text=True)
        errors = [replaced(line, folders) for line in run.stderr.splitlines() if line.startswith('dgenerate: error:')]
        output = replaced(run.stdout, folders)
        files = sorted(os.listdir(os.path.join(folder, 'out'))) if os.path.isdir(os.path.join(folder, 'out')) else []
        for file in files:
            if file.endswith('.dgen'):
                path = os.path.join(folder, 'out', file)
                text = replaced(open(path).read(), folders)
                open(path, 'w').write(text)
        recorded.append({'name': name, 'arguments': args + common, 'status': run.returncode, 'files': files, 'output': output,
                         'errors': errors})
        print(name, run.returncode, files)
    with open(os.path.join(HERE, 'cases.json'), 'w') as out:
        json.dump(recorded, out, indent=1, ensure_ascii=False)
        out.write('\n')
    shutil.rmtree(models)


main()
