#!/usr/bin/env python3
"""Record the reference's behaviour for `--image-seeds` (dgenerate 5.0.0) as test fixtures.

Re-record (from the repository root, takes about 8 minutes of CPU, cases run one at a time):

    ~/.cache/dgenerate-reference/bin/python Tests/EngineTests/Fixtures/image-seeds-cases/record.py

optionally followed by case names (without .dgen) to re-record only those.

What it does:

1. (Re)creates inputs/ deterministically with PIL / PyAV from the reference venv:
     in.png        32x32 RGB gradient          wide.png   40x24 RGB gradient
     mask.png      32x32 L, white square on black
     my file.png   copy of in.png (a name with a space)
     anim.gif      6 frames 32x32, 100 ms per frame
     anim.mp4      6 frames 32x32, mpeg4 codec, 10 fps
     corrupt.png   the text "this is not a png" with a .png name
     notes.txt     plain text                  notes.qqq  plain text, extension nobody knows
2. For every NAME.dgen in this folder: copies inputs/ and NAME.dgen into a fresh temporary
   directory and runs, with that directory as the working directory,

       /work/shared/reference/run-dgen NAME.dgen --set model=<repo>/examples/models/tiny-sd

   with COLUMNS=150 (the width dgenerate uses anyway when stdout is not a terminal) and
   PYTHONHASHSEED=0 (dgenerate builds its "Expected: <mimetypes>" list from a Python set,
   so its order changes from run to run without a fixed hash seed).
3. Writes NAME.out (stdout and stderr through ONE pipe, i.e. in the order printed), NAME.rc
   (exit status) and, when the run wrote anything under output/, NAME.files (one line per
   written file: name and image size / frame count; .dgen config files are listed with
   their text, indented by four spaces). An EMPTY NAME.files means output/ was created (the
   render loop creates it before the first image seed is opened) but nothing was written;
   no NAME.files means output/ was never created (the run failed at argument parsing).

Normalisation applied to NAME.out / NAME.files:
   * tqdm progress bars (stderr: segments containing '%|', and the carriage-return blanking
     tqdm does around them) are removed; text printed after a bar on the same line is kept;
   * the model path given to --set is replaced by MODEL (NOTE: underline lengths and the
     150-column wrapping of the "Processing Arguments:" echo were computed by dgenerate with
     the real path, <repo>/examples/models/tiny-sd, i.e. /work/main/examples/models/tiny-sd
     = 34 characters; substitute a path of that length to compare byte for byte);
   * the temporary working directory (absolute) is replaced by CASEDIR;
   * Python object addresses 0x7f... are replaced by 0xADDR;
   * animation ETAs "Completion ETA: H:MM:SS.ffffff" become "Completion ETA: ETA"
     (the first frame's "tbd..." is kept).
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..', '..'))
MODEL = os.path.join(ROOT, 'examples', 'models', 'tiny-sd')
RUN_DGEN = '/work/shared/reference/run-dgen'
INPUTS = os.path.join(HERE, 'inputs')


def make_inputs():
    import PIL.Image
    import av

    shutil.rmtree(INPUTS, ignore_errors=True)
    os.makedirs(INPUTS)

    def gradient(w, h):
        img = PIL.Image.new('RGB', (w, h))
        img.putdata([((x * 255) // max(w - 1, 1), (y * 255) // max(h - 1, 1), 128)
                     for y in range(h) for x in range(w)])
        return img

    gradient(32, 32).save(os.path.join(INPUTS, 'in.png'))
    gradient(32, 32).save(os.path.join(INPUTS, 'my file.png'))
    gradient(40, 24).save(os.path.join(INPUTS, 'wide.png'))

    mask = PIL.Image.new('L', (32, 32), 0)
    mask.paste(255, (8, 8, 24, 24))
    mask.save(os.path.join(INPUTS, 'mask.png'))

    frames = [PIL.Image.new('RGB', (32, 32), (40 * i, 255 - 40 * i, 100)) for i in range(6)]
    frames[0].save(os.path.join(INPUTS, 'anim.gif'), save_all=True,
                   append_images=frames[1:], duration=100, loop=0)

    container = av.open(os.path.join(INPUTS, 'anim.mp4'), 'w')
    stream = container.add_stream('mpeg4', rate=10)
    stream.width = 32
    stream.height = 32
    stream.pix_fmt = 'yuv420p'
    stream.thread_count = 1
    for f in frames:
        for packet in stream.encode(av.VideoFrame.from_image(f)):
            container.mux(packet)
    for packet in stream.encode():
        container.mux(packet)
    container.close()

    with open(os.path.join(INPUTS, 'corrupt.png'), 'w') as f:
        f.write('this is not a png\n')
    with open(os.path.join(INPUTS, 'notes.txt'), 'w') as f:
        f.write('plain text\n')
    with open(os.path.join(INPUTS, 'notes.qqq'), 'w') as f:
        f.write('plain text\n')


_ADDR = re.compile(r'0x[0-9a-fA-F]{6,}')
_ETA = re.compile(r'Completion ETA: \d+:\d\d:\d\d(\.\d+)?')


def normalize(text, workdir):
    kept = []
    for line in text.split('\n'):
        if '\r' in line or '%|' in line:
            # tqdm output (stderr): bars end in '\r' and are redrawn / blanked in place; keep only
            # the text that is not part of a bar (stdout text can follow a bar on the same line)
            parts = [seg for seg in line.split('\r') if seg.strip() and '%|' not in seg]
            if not parts:
                continue
            line = ''.join(parts)
        kept.append(line)
    text = '\n'.join(kept)
    text = text.replace(MODEL, 'MODEL').replace(workdir, 'CASEDIR')
    text = _ADDR.sub('0xADDR', text)
    text = _ETA.sub('Completion ETA: ETA', text)
    return text


def describe_outputs(workdir):
    import PIL.Image
    out_dir = os.path.join(workdir, 'output')
    if not os.path.isdir(out_dir):
        return None
    rows = []
    for name in sorted(os.listdir(out_dir)):
        path = os.path.join(out_dir, name)
        if name.endswith('.dgen'):
            with open(path, encoding='utf-8') as f:
                body = f.read().replace(MODEL, 'MODEL').replace(workdir, 'CASEDIR')
            rows.append(f'output/{name}\n' + ''.join('    ' + ln + '\n' for ln in body.splitlines()))
        elif name.endswith('.mp4'):
            import av
            with av.open(path) as c:
                n = sum(1 for _ in c.decode(video=0))
                s = c.streams.video[0]
                rows.append(f'output/{name} {s.width}x{s.height} frames={n}\n')
        else:
            try:
                with PIL.Image.open(path) as img:
                    frames = getattr(img, 'n_frames', 1)
                    extra = f' frames={frames}' if frames > 1 or name.endswith('.gif') else ''
                    rows.append(f'output/{name} {img.size[0]}x{img.size[1]}{extra}\n')
            except Exception:
                rows.append(f'output/{name}\n')
    return ''.join(rows)


def run_case(name, here=HERE):
    """Runs `here`/NAME.dgen in a copy of inputs/ and writes its NAME.out, .rc and .files
    beside it (other fixture folders record their scripts with this too)."""
    script = os.path.join(here, name + '.dgen')
    tmp = os.path.realpath(tempfile.mkdtemp(prefix='image-seeds-'))
    try:
        workdir = os.path.join(tmp, 'work')
        shutil.copytree(INPUTS, workdir)
        shutil.copy(script, os.path.join(workdir, name + '.dgen'))
        env = dict(os.environ, COLUMNS='150', PYTHONHASHSEED='0')
        env.pop('LINES', None)
        proc = subprocess.run([RUN_DGEN, name + '.dgen', '--set', f'model={MODEL}'],
                              cwd=workdir, env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        text = normalize(proc.stdout.decode('utf-8', 'replace'), workdir)
        with open(os.path.join(here, name + '.out'), 'w', encoding='utf-8') as f:
            f.write(text)
        with open(os.path.join(here, name + '.rc'), 'w') as f:
            f.write(f'{proc.returncode}\n')
        files_path = os.path.join(here, name + '.files')
        listing = describe_outputs(workdir)
        if listing is None:
            if os.path.exists(files_path):
                os.unlink(files_path)
        else:
            with open(files_path, 'w', encoding='utf-8') as f:
                f.write(listing)
        print(f'{name}: rc={proc.returncode}', flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    make_inputs()
    wanted = sys.argv[1:]
    names = sorted(os.path.splitext(os.path.basename(p))[0] for p in glob.glob(os.path.join(HERE, '*.dgen')))
    for name in names:
        if wanted and name not in wanted:
            continue
        run_case(name)


if __name__ == '__main__':
    main()
