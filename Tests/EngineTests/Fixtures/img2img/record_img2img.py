#!/usr/bin/env python3
"""Record the reference's img2img / inpaint images from the committed tiny model
(examples/models/tiny-sd), for the engine's image-seed tests.

    swift build -c release --product dgenerate-make-tiny-model
    ~/.cache/dgenerate-reference/bin/python Tests/EngineTests/Fixtures/img2img/record_img2img.py [CASE...]

With CASE names only those cases are recorded again (the others stay as they are). The `inpaint9`
cases run on the project's tiny inpainting model (a 9-channel UNet), which the recorder writes
first with `.build/release/dgenerate-make-tiny-model TMP --inpaint` (its weights are a function of
the seed, so the tests write the same model).

Runs dgenerate 5.0.0 (diffusers 0.35.1, torch 2.8 on the CPU), in this folder, once per case in
CASES below, always with

    MODEL --image-seeds URI ... --prompts "a cat" --inference-steps 5 --device cpu -ofm
          --output-path output/<case>

It first (re)writes the small input images into `inputs/` with PIL (seed32.png 32x32 RGB,
seed40x24.png 40x24 RGB, seed33x31.png 33x31 RGB, seed32x16.png 32x16 RGB, mask32.png 32x32 L with
a white rectangle on black, mask24x40.png 24x40 L; the rectangles' edges are chosen so that the
mask's nearest-neighbour reduction to latent size matters; for the --inpaint-crop and aspect cases
seed64.png 64x64 RGB, mask64.png 64x64 L, mask64_black.png 64x64 L all black, seed48x32.png 48x32 RGB,
mask48x32.png 48x32 L). For each case, `output/<case>/` receives
  - dgenerate's PNG files,
  - `stdout.txt`: what dgenerate printed (progress bars dropped, the model path replaced by MODEL),
  - `stderr.txt`, only where dgenerate failed: its stderr lines that start with "dgenerate:",
  - `pipeline_inputs/`: what dgenerate handed to the diffusers pipeline on its first call of the
    case (image_N.png, mask_N.png, and call.json with the pipeline class and scalar arguments),
  - for the cases in CAPTURE_OUTPUTS (the --inpaint-crop and aspect cases): `pipeline_outputs/`, the
    images the diffusers pipeline returned on that call (image_N.png, before dgenerate pastes a crop
    back), and `crop_bounds.json`, every value `dgenerate.image.find_mask_bounds` returned (with the
    mask's mode and size and the padding it was given); it is absent where it was never called.
`cases.json` lists every case: its arguments, exit status and the size of each output file.
Every output was re-derived bit-exactly by a from-scratch loop (see the img2img and inpaint-crop
fact sheets).
"""
import functools
import io
import json
import os
import shutil
import sys

from PIL import Image, ImageDraw

HERE = os.path.dirname(os.path.abspath(__file__))
CHOSEN = set(sys.argv[1:])  # read before dgenerate's import replaces sys.argv
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..', '..'))
MODEL = os.path.join(ROOT, 'examples', 'models', 'tiny-sd')
INPAINT_MODEL = os.path.join(HERE, '.tiny-sd-inpaint')
COMMON = ['--prompts', 'a cat', '--inference-steps', '5', '--device', 'cpu', '-ofm']
EULER = ['--schedulers', 'EulerDiscreteScheduler']
S02 = ['--image-seed-strengths', '0.2']
S08 = ['--image-seed-strengths', '0.8']
SEED64_MASK = 'inputs/seed64.png;mask=inputs/mask64.png'

# (case, arguments before COMMON); paths are relative to this folder
CASES = [
    # plain img2img, 32x32 input, no --output-size: 2 schedulers x 2 strengths x 2 seeds = 8 files
    ('img2img', ['--image-seeds', 'inputs/seed32.png', '--schedulers', 'EulerDiscreteScheduler', 'DDIMScheduler',
                 '--image-seed-strengths', '0.5', '0.8', '--seeds', '1', '2']),
    # strength 1.0 (t_start = 0)
    ('img2img_strength1', ['--image-seeds', 'inputs/seed32.png'] + EULER + ['--image-seed-strengths', '1.0',
                                                                            '--seeds', '1']),
    # inpainting with the 4-channel UNet, keyword form of the mask
    ('inpaint', ['--image-seeds', 'inputs/seed32.png;mask=inputs/mask32.png',
                 '--schedulers', 'EulerDiscreteScheduler', 'DDIMScheduler',
                 '--image-seed-strengths', '0.8', '--seeds', '1']),
    # same, legacy "image;mask" form and the default strength (0.8): identical pixels expected
    ('inpaint_legacy', ['--image-seeds', 'inputs/seed32.png;inputs/mask32.png'] + EULER + ['--seeds', '1']),
    # inpainting at strength 1.0 (latents start from pure noise * init_noise_sigma)
    ('inpaint_strength1', ['--image-seeds', 'inputs/seed32.png;mask=inputs/mask32.png'] + EULER +
     ['--image-seed-strengths', '1.0', '--seeds', '1']),
    # mask of another size, both brought to 32x32 by --output-size 32 --no-aspect
    ('inpaint_mask24x40', ['--image-seeds', 'inputs/seed32.png;mask=inputs/mask24x40.png'] + EULER +
     ['--image-seed-strengths', '0.8', '--seeds', '1', '--output-size', '32', '--no-aspect']),
    # mask of another size without --output-size: dgenerate refuses (dimension mismatch)
    ('inpaint_mask_mismatch', ['--image-seeds', 'inputs/seed32.png;mask=inputs/mask24x40.png'] + EULER +
     ['--image-seed-strengths', '0.8', '--seeds', '1']),
    # "images:" batching: two images -> one pipeline call with a batch of 2
    ('batch', ['--image-seeds', 'images: inputs/seed32.png, inputs/seed32.png'] + EULER +
     ['--image-seed-strengths', '0.6', '--seeds', '1']),
    # resizing; strength 0.2 (one step) so that the output still depends visibly on the resized input
    ('resize_none_40x24', ['--image-seeds', 'inputs/seed40x24.png'] + EULER + S02 + ['--seeds', '1']),
    ('resize_out32', ['--image-seeds', 'inputs/seed40x24.png'] + EULER + S02 + ['--seeds', '1', '--output-size', '32']),
    ('resize_out32_noaspect', ['--image-seeds', 'inputs/seed40x24.png'] + EULER + S02 +
     ['--seeds', '1', '--output-size', '32', '--no-aspect']),
    ('resize_out64', ['--image-seeds', 'inputs/seed40x24.png'] + EULER + S02 + ['--seeds', '1', '--output-size', '64']),
    ('resize_uri32', ['--image-seeds', 'inputs/seed40x24.png;resize=32x32'] + EULER + S02 + ['--seeds', '1']),
    ('resize_uri32_noaspect', ['--image-seeds', 'inputs/seed40x24.png;resize=32x32;aspect=false'] + EULER + S02 +
     ['--seeds', '1']),
    ('align_33x31', ['--image-seeds', 'inputs/seed33x31.png'] + EULER + S02 + ['--seeds', '1']),
    # 32x16 -> 32x24: the smaller scale factor is exactly 1, so dgenerate picks NEAREST
    ('resize_nearest_32x16', ['--image-seeds', 'inputs/seed32x16.png'] + EULER + S02 +
     ['--seeds', '1', '--output-size', '32x24', '--no-aspect']),
    # the 9-channel inpainting UNet (the project's tiny inpainting model): mask and masked image
    # latents beside the latents, no blending; at strength 1 the image is not encoded
    ('inpaint9', ['--image-seeds', 'inputs/seed32.png;mask=inputs/mask32.png',
                  '--schedulers', 'EulerDiscreteScheduler', 'DDIMScheduler',
                  '--image-seed-strengths', '0.8', '1.0', '--seeds', '1']),
    # --inpaint-crop on a 64x64 seed whose mask's white box is (20, 24)-(35, 39) inclusive: the seed and
    # the mask are cropped to the box plus padding, the crop is inpainted, the result pasted back.
    # Without --output-size dgenerate 5.0.0 refuses any crop ("aspect_correct=False is not compatible
    # with inpaint_crop=True."): DiffusionArguments.aspect_correct is set only with --output-size
    ('inpaint_crop', ['--image-seeds', SEED64_MASK, '--inpaint-crop'] + EULER + S08 + ['--seeds', '1']),
    # so every crop below gives --output-size. Default padding 32: the bounds clamp to the whole image
    ('inpaint_crop_out64', ['--image-seeds', SEED64_MASK, '--inpaint-crop', '--output-size', '64'] + EULER + S08 +
     ['--seeds', '1']),
    # uniform padding 8: bounds (12, 16, 44, 48), a 32x32 crop
    ('inpaint_crop_pad8', ['--image-seeds', SEED64_MASK, '--inpaint-crop', '--inpaint-crop-paddings', '8',
                           '--output-size', '32'] + EULER + S08 + ['--seeds', '1']),
    # WIDTHxHEIGHT padding: bounds (16, 12, 40, 52), a 24x40 crop generated at 24x40
    ('inpaint_crop_pad_lt', ['--image-seeds', SEED64_MASK, '--inpaint-crop', '--inpaint-crop-paddings', '4x12',
                             '--output-size', '24x40'] + EULER + S08 + ['--seeds', '1']),
    # LEFTxTOPxRIGHTxBOTTOM padding: bounds (18, 20, 42, 48), a 24x28 crop that the pipeline wrapper
    # brings to 24x24 (LANCZOS); the 24x24 result goes back to 24x28 with NEAREST (scale factor 1)
    ('inpaint_crop_pad_ltrb', ['--image-seeds', SEED64_MASK, '--inpaint-crop', '--inpaint-crop-paddings', '2x4x6x8',
                               '--output-size', '24'] + EULER + S08 + ['--seeds', '1']),
    # pasted through the cropped mask (only the masked pixels change); --inpaint-crop implied
    ('inpaint_crop_masked', ['--image-seeds', SEED64_MASK, '--inpaint-crop-paddings', '8', '--inpaint-crop-masked',
                             '--output-size', '32'] + EULER + S08 + ['--seeds', '1']),
    # pasted with a feathered (blurred rectangle) alpha
    ('inpaint_crop_feather', ['--image-seeds', SEED64_MASK, '--inpaint-crop-paddings', '8',
                              '--inpaint-crop-feathers', '6', '--output-size', '32'] + EULER + S08 + ['--seeds', '1']),
    # feathers without paddings: the default padding 32 (whole image), the feathered layer overhangs the edges
    ('inpaint_crop_feather_only', ['--image-seeds', SEED64_MASK, '--inpaint-crop-feathers', '6',
                                   '--output-size', '64'] + EULER + S08 + ['--seeds', '1']),
    # --output-size with a crop, --inpaint-crop implied by the padding: 32 equals the 32x32 crop (no
    # resize either way; the same pixels as inpaint_crop_pad8)
    ('inpaint_crop_outsize', ['--image-seeds', SEED64_MASK, '--inpaint-crop-paddings', '8', '--output-size', '32'] +
     EULER + S08 + ['--seeds', '1']),
    # 48: the 32x32 crop goes up to 48x48 (BICUBIC), the 48x48 result back down to 32x32 (LANCZOS)
    ('inpaint_crop_outsize48', ['--image-seeds', SEED64_MASK, '--inpaint-crop-paddings', '8', '--output-size', '48'] +
     EULER + S08 + ['--seeds', '1']),
    # 32 on the 24x40 crop: aspect-corrected to 32x48, but the pipeline is told 32x32
    ('inpaint_crop_outsize_aspect', ['--image-seeds', SEED64_MASK, '--inpaint-crop-paddings', '4x12',
                                     '--output-size', '32'] + EULER + S08 + ['--seeds', '1']),
    # no crop: a 48x32 seed and mask with --output-size 32, aspect kept (32x21, then 32x16) or not (32x32)
    ('inpaint_aspect_out32', ['--image-seeds', 'inputs/seed48x32.png;mask=inputs/mask48x32.png'] + EULER + S08 +
     ['--seeds', '1', '--output-size', '32']),
    ('inpaint_aspect_out32_noaspect', ['--image-seeds', 'inputs/seed48x32.png;mask=inputs/mask48x32.png'] + EULER +
     S08 + ['--seeds', '1', '--output-size', '32', '--no-aspect']),
    # errors: an all-black mask (no bounds; --output-size so that the crop is reached), --inpaint-crop
    # without a mask, with --no-aspect, and --inpaint-crop-masked together with --inpaint-crop-feathers
    ('inpaint_crop_empty_mask', ['--image-seeds', 'inputs/seed64.png;mask=inputs/mask64_black.png', '--inpaint-crop',
                                 '--output-size', '64'] + EULER + S08 + ['--seeds', '1']),
    ('inpaint_crop_no_mask', ['--image-seeds', 'inputs/seed64.png', '--inpaint-crop'] + EULER + S08 + ['--seeds', '1']),
    ('inpaint_crop_no_aspect', ['--image-seeds', SEED64_MASK, '--inpaint-crop', '--no-aspect',
                                '--output-size', '64'] + EULER + S08 + ['--seeds', '1']),
    ('inpaint_crop_masked_feather', ['--image-seeds', SEED64_MASK, '--inpaint-crop-masked',
                                     '--inpaint-crop-feathers', '6', '--output-size', '32'] + EULER + S08 +
     ['--seeds', '1']),
]
MODELS = {'inpaint9': INPAINT_MODEL}
# cases that also keep what the pipeline returned and the crop bounds dgenerate computed
CAPTURE_OUTPUTS = {name for name, _ in CASES if name.startswith(('inpaint_crop', 'inpaint_aspect'))}


def photo(w, h):
    """A photo-like test image: RGB gradient, a yellow disc, a blue box and a white diagonal."""
    img = Image.new('RGB', (w, h))
    px = img.load()
    for y in range(h):
        for x in range(w):
            px[x, y] = (int(40 + 180 * x / (w - 1)), int(60 + 150 * y / (h - 1)),
                        int(200 - 120 * (x + y) / (w + h - 2)))
    d = ImageDraw.Draw(img)
    d.ellipse((w // 8, h // 6, w // 8 + w * 3 // 8, h // 6 + h * 3 // 8), fill=(230, 200, 40))
    d.rectangle((w // 2, h // 2, w - w // 8, h - h // 8), fill=(30, 90, 160))
    d.line((0, h - 1, w - 1, 0), fill=(250, 250, 250), width=1)
    return img


def mask(w, h, box):
    m = Image.new('L', (w, h), 0)
    ImageDraw.Draw(m).rectangle(box, fill=255)
    return m


def write_inputs():
    d = os.path.join(HERE, 'inputs')
    os.makedirs(d, exist_ok=True)
    photo(32, 32).save(os.path.join(d, 'seed32.png'))
    photo(40, 24).save(os.path.join(d, 'seed40x24.png'))
    photo(33, 31).save(os.path.join(d, 'seed33x31.png'))
    photo(32, 16).save(os.path.join(d, 'seed32x16.png'))
    mask(32, 32, (7, 9, 22, 24)).save(os.path.join(d, 'mask32.png'))
    mask(24, 40, (4, 8, 17, 29)).save(os.path.join(d, 'mask24x40.png'))
    photo(64, 64).save(os.path.join(d, 'seed64.png'))
    mask(64, 64, (20, 24, 35, 39)).save(os.path.join(d, 'mask64.png'))
    Image.new('L', (64, 64), 0).save(os.path.join(d, 'mask64_black.png'))
    photo(48, 32).save(os.path.join(d, 'seed48x32.png'))
    mask(48, 32, (10, 6, 29, 21)).save(os.path.join(d, 'mask48x32.png'))


os.environ['COLUMNS'] = '80'
sys.argv = [os.path.join(os.path.dirname(sys.executable), 'dgenerate')]
import dgenerate  # noqa: E402
dgenerate._run_init_dgen = lambda runner: None


def capture_pipeline_inputs(out_dir, outputs=False):
    """In the child: wrap the diffusers pipelines' __call__ so that the first call of each case leaves
    what dgenerate handed to diffusers in out_dir/pipeline_inputs/ (image_N.png, mask_N.png, call.json);
    with outputs, also what that call returned (out_dir/pipeline_outputs/image_N.png) and every value of
    dgenerate.image.find_mask_bounds (out_dir/crop_bounds.json)."""
    import diffusers
    seen = []
    if outputs:
        bounds = []
        original_bounds = dgenerate.image.find_mask_bounds

        @functools.wraps(original_bounds)
        def find_mask_bounds(img, padding):
            result = original_bounds(img, padding)
            bounds.append({'mask': [img.mode] + list(img.size),
                           'padding': list(padding) if isinstance(padding, (tuple, list)) else padding,
                           'bounds': list(result) if result is not None else None})
            with open(os.path.join(out_dir, 'crop_bounds.json'), 'w', encoding='utf-8') as f:
                json.dump(bounds, f, indent=1)
                f.write('\n')
            return result

        dgenerate.image.find_mask_bounds = find_mask_bounds

    def wrap(cls):
        original = cls.__call__

        @functools.wraps(original)  # dgenerate inspects the signature of __call__
        def call(self, *a, **kw):
            first = not seen
            if first:
                seen.append(True)
                d = os.path.join(out_dir, 'pipeline_inputs')
                os.makedirs(d, exist_ok=True)
                info = {'class': type(self).__name__}
                for key, value in kw.items():
                    if key in ('image', 'mask_image'):
                        images = value if isinstance(value, (list, tuple)) else [value]
                        for i, im in enumerate(images):
                            im.save(os.path.join(d, '%s_%d.png' % ('image' if key == 'image' else 'mask', i + 1)))
                        info[key] = [[im.mode] + list(im.size) for im in images]
                    elif isinstance(value, (int, float, str, bool)) or value is None:
                        info[key] = value
                    else:
                        info[key] = type(value).__name__
                with open(os.path.join(d, 'call.json'), 'w', encoding='utf-8') as f:
                    json.dump(info, f, indent=1, sort_keys=True)
                    f.write('\n')
            result = original(self, *a, **kw)
            if first and outputs:
                d = os.path.join(out_dir, 'pipeline_outputs')
                os.makedirs(d, exist_ok=True)
                images = result.images if hasattr(result, 'images') else result[0]
                for i, im in enumerate(images):
                    im.save(os.path.join(d, 'image_%d.png' % (i + 1)))
            return result

        cls.__call__ = call

    wrap(diffusers.StableDiffusionImg2ImgPipeline)
    wrap(diffusers.StableDiffusionInpaintPipeline)


def run_case(name, args):
    out_dir = os.path.join('output', name)
    capture = os.path.join(HERE, '.stdout')
    pid = os.fork()
    if pid == 0:
        fd = os.open(capture, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, 1)
        os.dup2(os.open(capture + '2', os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 2)
        sys.stdout = io.TextIOWrapper(io.FileIO(1, 'wb', closefd=False), encoding='utf-8', write_through=True)
        dgenerate.messages.set_message_file(sys.stdout)
        os.makedirs(out_dir, exist_ok=True)
        capture_pipeline_inputs(out_dir, name in CAPTURE_OUTPUTS)
        try:
            code = dgenerate.main(['--no-stdin', MODELS.get(name, MODEL)] + args + COMMON + ['--output-path', out_dir])
        except SystemExit as e:
            code = e.code
        sys.stdout.flush()
        os._exit(code if isinstance(code, int) else 0)
    _, status = os.waitpid(pid, 0)
    with open(capture, encoding='utf-8') as f:
        text = f.read().replace(INPAINT_MODEL, 'MODEL').replace(MODEL, 'MODEL')
    with open(capture + '2', encoding='utf-8') as f:
        err = f.read().replace(INPAINT_MODEL, 'MODEL').replace(MODEL, 'MODEL')
    os.unlink(capture)
    os.unlink(capture + '2')
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, 'stdout.txt'), 'w', encoding='utf-8') as f:
        f.write(''.join(line for line in text.splitlines(True) if '\r' not in line and '%|' not in line))
    err = ''.join(line for line in err.splitlines(True) if line.startswith('dgenerate:'))
    if err:
        with open(os.path.join(out_dir, 'stderr.txt'), 'w', encoding='utf-8') as f:
            f.write(err)
    files = {}
    for fn in sorted(os.listdir(out_dir)):
        if fn.endswith('.png'):
            with Image.open(os.path.join(out_dir, fn)) as im:
                files[fn] = list(im.size)
    return os.waitstatus_to_exitcode(status), files


import subprocess  # noqa: E402

chosen = CHOSEN or {name for name, _ in CASES}
os.chdir(HERE)
shutil.rmtree(INPAINT_MODEL, ignore_errors=True)
subprocess.run([os.path.join(ROOT, '.build', 'release', 'dgenerate-make-tiny-model'), INPAINT_MODEL, '--inpaint'], check=True)
write_inputs()
try:
    with open(os.path.join(HERE, 'cases.json'), encoding='utf-8') as f:
        previous = {entry['case']: entry for entry in json.load(f)}
except FileNotFoundError:
    previous = {}
manifest = []
for case_name, case_args in CASES:
    if case_name not in chosen and case_name in previous:
        manifest.append(previous[case_name])
        continue
    shutil.rmtree(os.path.join(HERE, 'output', case_name), ignore_errors=True)
    exit_status, outputs = run_case(case_name, case_args)
    manifest.append({'case': case_name, 'args': case_args + COMMON, 'status': exit_status, 'files': outputs})
    print(case_name, 'status', exit_status, outputs)
shutil.rmtree(INPAINT_MODEL, ignore_errors=True)
with open(os.path.join(HERE, 'cases.json'), 'w', encoding='utf-8') as f:
    json.dump(manifest, f, indent=1)
    f.write('\n')
