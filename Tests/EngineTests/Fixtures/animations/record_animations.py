#!/usr/bin/env python3
"""Record the reference's animation output (animated image seeds -> GIF / MP4 / WebP / frames) from
the committed tiny model (examples/models/tiny-sd), for the engine's animation tests.

Re-record (from the repository root; about 10-15 s of CPU per case, cases run one at a time):

    ~/.cache/dgenerate-reference/bin/python Tests/EngineTests/Fixtures/animations/record_animations.py [CASE...]

With CASE names only those cases are recorded again (the others stay as they are in cases.json).

1. It (re)writes the deterministic inputs into `inputs/` (PIL 11.3, PyAV 15.1 of the reference venv):
     anim6_frame_K.png (K=1..6)  the six intended 32x32 RGB frames: a stepped gradient (16 x 8 levels)
                                 with a filled disc that moves and changes colour from frame to frame;
                                 all six frames together use fewer than 256 colours
     anim6.gif                   those frames as 'P' images sharing ONE explicit palette, saved by PIL
                                 (save_all, duration=100 ms, loop=0); the recorder checks that PIL
                                 decodes every frame to exactly anim6_frame_K.png
     anim6.mp4                   the same RGB frames encoded by PyAV at 10 fps, yuv420p, codec named in
                                 inputs/README.txt (libx264 when the wheel has it, else mpeg4),
                                 thread_count=1
     anim6_mp4_decoded_K.png     how PyAV decodes frame K of anim6.mp4 to RGB
                                 (frame.to_ndarray(format='rgb24'); dgenerate uses frame.to_image(),
                                 which the recorder checks gives the same pixels) - this, not
                                 anim6_frame_K.png, is what the model receives for MP4 seeds
     mask32.png                  32x32 L, white rectangle (7,9)-(22,24) inclusive on black
2. Runs dgenerate 5.0.0 in this folder (forked from one import, COLUMNS=80), once per case in CASES:

       MODEL <case args> --device cpu -ofm --prompts "a cat" --seeds 1 --inference-steps 5
             --schedulers EulerDiscreteScheduler --image-seed-strengths 0.5 --output-path output/<case>

   The recorder calls av.logging.set_level(None) after importing dgenerate: torchvision's import sets
   PyAV's Python log callback, with which dgenerate can deadlock (at random) when it closes the h264
   decoder of an MP4 seed that it did not read to the end (see the comment at that line).

   `output/<case>/` receives
     - dgenerate's files (the per-frame PNGs and the animation file),
     - `stdout.txt`: what dgenerate printed, with tqdm progress bars dropped, the model path replaced
       by MODEL, and the animation ETA (str(datetime.timedelta), e.g. `0:00:00.123456`) replaced by
       `ETA`. NOTE: the `====` underline under such a "Generating frame N / M, Completion ETA: ..."
       line was NOT changed: it has the length of the line as printed with the real ETA (usually 14
       characters, `H:MM:SS.ffffff`, or 7 when the timedelta has no microseconds), i.e. it is longer
       than the normalised line. The first frame's `tbd...` is printed as is.
     - `stderr.txt`, only where dgenerate failed: its stderr lines that start with "dgenerate:",
     - `container.json`: each animation file as read back by the reference venv: GIF / WebP through
       PIL (format, mode, size, n_frames, info['duration'] of every frame, info['loop']), MP4 through
       PyAV (codec, width, height, pix_fmt, stream.frames, average_rate, time_base, duration, and
       how many frames were actually decoded, with each frame's pts),
     - `decoded_K.png` (K=1..): every frame of the animation file decoded to RGB (PIL .convert('RGB')
       for GIF / WebP, PyAV to_ndarray('rgb24') for MP4). Absent where no animation file is written.
3. Writes `cases.json`: per case its arguments, exit status, and every output file with its image size
   (and frame count for animation files).

Two runs give byte-identical inputs and outputs (checked by md5). What the reference does here:
  * frames are numbered from 1 within the slice (`..._frame_1_step_1.png` is source frame index 1,
    the second frame), "Generating frame N / 4"; the animation is `ANIM_<same components>_step_1.<ext>`.
  * fps: GIF/WebP seed -> 1000 / info['duration'] (100 ms -> 10.0); MP4 seed -> float(average_rate).
    GIF/WebP output: PIL save duration = 1000 / fps (100.0 ms), loop=0, optimize=False; MP4 output:
    codec "h264", rate=round(fps), bit_rate 8000000, yuv420p (PyAV gives time_base 1/10240).
  * gif_with_static_mask writes only 3 frames although it prints "N / 4": the static mask's reader is
    limited to the slice count (4) but frame-start skips consume one of them (dgenerate 5.0.0 bug).
"""
import io
import json
import os
import re
import shutil
import signal
import sys

import av
import av.logging
import numpy
from PIL import Image, ImageDraw, ImageSequence

HERE = os.path.dirname(os.path.abspath(__file__))
CHOSEN = set(sys.argv[1:])  # read before dgenerate's import replaces sys.argv
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..', '..'))
MODEL = os.path.join(ROOT, 'examples', 'models', 'tiny-sd')
INPUTS = os.path.join(HERE, 'inputs')
COMMON = ['--device', 'cpu', '-ofm', '--prompts', 'a cat', '--seeds', '1', '--inference-steps', '5',
          '--schedulers', 'EulerDiscreteScheduler', '--image-seed-strengths', '0.5']

GIF_SEED = 'inputs/anim6.gif;frame-start=1;frame-end=4'
MP4_SEED = 'inputs/anim6.mp4;frame-start=1;frame-end=4'

# (case, arguments before COMMON); paths are relative to this folder
CASES = [
    ('gif_to_gif', ['--image-seeds', GIF_SEED, '--animation-format', 'gif']),
    ('gif_to_mp4', ['--image-seeds', GIF_SEED, '--animation-format', 'mp4']),
    ('gif_to_webp', ['--image-seeds', GIF_SEED, '--animation-format', 'webp']),
    ('mp4_to_gif', ['--image-seeds', MP4_SEED, '--animation-format', 'gif']),
    ('mp4_to_mp4', ['--image-seeds', MP4_SEED, '--animation-format', 'mp4']),
    ('mp4_to_webp', ['--image-seeds', MP4_SEED, '--animation-format', 'webp']),
    ('gif_frames_only', ['--image-seeds', GIF_SEED, '--animation-format', 'frames']),
    ('gif_no_frames', ['--image-seeds', GIF_SEED, '--animation-format', 'gif', '--no-frames']),
    ('gif_with_static_mask', ['--image-seeds', 'inputs/anim6.gif;mask=inputs/mask32.png;frame-start=1;frame-end=4',
                              '--animation-format', 'gif']),
]

ANIMATION_EXTS = ('.gif', '.webp', '.mp4')


# ---------------------------------------------------------------------------------------------- inputs

DISC_COLOURS = [(230, 200, 40), (250, 120, 30), (200, 40, 60), (120, 220, 90), (40, 200, 220), (240, 240, 240)]


def frame_rgb(k):
    """Intended RGB frame k (0-based) of anim6: stepped gradient + a moving disc."""
    w = h = 32
    img = Image.new('RGB', (w, h))
    img.putdata([(40 + 12 * (x // 2), 60 + 20 * (y // 4), 200 - 8 * (x // 4) - 6 * (y // 4))
                 for y in range(h) for x in range(w)])
    cx, cy, r = 6 + 4 * k, 8 + 3 * k, 5
    d = ImageDraw.Draw(img)
    d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=DISC_COLOURS[k])
    return img


def write_inputs():
    shutil.rmtree(INPUTS, ignore_errors=True)
    os.makedirs(INPUTS)
    frames = [frame_rgb(k) for k in range(6)]
    for k, f in enumerate(frames):
        f.save(os.path.join(INPUTS, 'anim6_frame_%d.png' % (k + 1)))

    # one shared palette, explicit indices: no quantisation by PIL
    colours = sorted({c for f in frames for c in f.getdata()})
    assert len(colours) <= 256, len(colours)
    index = {c: i for i, c in enumerate(colours)}
    palette = [v for c in colours for v in c] + [0, 0, 0] * (256 - len(colours))
    p_frames = []
    for f in frames:
        p = Image.new('P', f.size)
        p.putpalette(palette)
        p.putdata([index[c] for c in f.getdata()])
        p_frames.append(p)
    gif = os.path.join(INPUTS, 'anim6.gif')
    p_frames[0].save(gif, save_all=True, append_images=p_frames[1:], duration=100, loop=0)
    with Image.open(gif) as im:
        assert im.n_frames == 6, im.n_frames
        for k, fr in enumerate(ImageSequence.Iterator(im)):
            got = numpy.asarray(fr.convert('RGB'))
            assert numpy.array_equal(got, numpy.asarray(frames[k])), 'GIF frame %d is not exact' % (k + 1)

    codec = 'libx264' if 'libx264' in av.codecs_available else 'mpeg4'
    mp4 = os.path.join(INPUTS, 'anim6.mp4')
    container = av.open(mp4, 'w')
    stream = container.add_stream(codec, rate=10)
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
    with av.open(mp4) as c:
        n = 0
        for k, vf in enumerate(c.decode(video=0)):
            arr = vf.to_ndarray(format='rgb24')
            assert numpy.array_equal(arr, numpy.asarray(vf.to_image())), 'to_image != to_ndarray rgb24'
            Image.fromarray(arr).save(os.path.join(INPUTS, 'anim6_mp4_decoded_%d.png' % (k + 1)))
            n += 1
        assert n == 6, n
        s = c.streams.video[0]
        mp4_info = dict(codec=s.codec_context.name, frames=s.frames, average_rate=str(s.average_rate),
                        time_base=str(s.time_base))

    m = Image.new('L', (32, 32), 0)
    ImageDraw.Draw(m).rectangle((7, 9, 22, 24), fill=255)
    m.save(os.path.join(INPUTS, 'mask32.png'))

    with open(os.path.join(INPUTS, 'README.txt'), 'w', encoding='utf-8') as f:
        f.write('Written by ../record_animations.py (PIL %s, PyAV %s).\n\n' % (Image.__version__, av.__version__))
        f.write('anim6_frame_K.png       intended RGB frames, K=1..6 (32x32); %d colours in all\n' % len(colours))
        f.write('anim6.gif               the same frames, P mode with one shared explicit palette, 100 ms, loop 0;\n'
                '                        PIL decodes them exactly to anim6_frame_K.png\n')
        f.write('anim6.mp4               the same frames, PyAV codec %s, pix_fmt yuv420p, rate 10, thread_count 1\n'
                % codec)
        f.write('                        read back: stream.frames=%(frames)s average_rate=%(average_rate)s '
                'time_base=%(time_base)s\n' % mp4_info)
        f.write('anim6_mp4_decoded_K.png what PyAV decodes frame K of anim6.mp4 to (to_ndarray rgb24 == to_image)\n')
        f.write('mask32.png              32x32 L, white rectangle (7,9)-(22,24) inclusive on black\n')


# ---------------------------------------------------------------------------------------------- reading back

def describe_animation(path, out_dir):
    """Return the container description; write decoded_K.png into out_dir."""
    name = os.path.basename(path)
    if name.endswith('.mp4'):
        with av.open(path) as c:
            s = c.streams.video[0]
            info = {
                'file': name, 'reader': 'PyAV %s' % av.__version__,
                'codec': s.codec_context.name, 'width': s.width, 'height': s.height,
                'pix_fmt': s.codec_context.pix_fmt, 'stream_frames': s.frames,
                'average_rate': str(s.average_rate), 'average_rate_float': float(s.average_rate),
                'time_base': str(s.time_base), 'stream_duration': s.duration,
                'container_duration_us': c.duration,
            }
            pts = []
            for k, vf in enumerate(c.decode(video=0)):
                Image.fromarray(vf.to_ndarray(format='rgb24')).save(
                    os.path.join(out_dir, 'decoded_%d.png' % (k + 1)))
                pts.append(vf.pts)
            info['decoded_frames'] = len(pts)
            info['decoded_pts'] = pts
        return info
    with Image.open(path) as im:
        info = {'file': name, 'reader': 'PIL %s' % Image.__version__, 'format': im.format,
                'size': list(im.size), 'n_frames': getattr(im, 'n_frames', 1),
                'loop': im.info.get('loop')}
        durations, modes = [], []
        for k, fr in enumerate(ImageSequence.Iterator(im)):
            rgb = fr.convert('RGB')  # loads the frame first: WebP sets info['duration'] only on load
            durations.append(fr.info.get('duration'))
            modes.append(fr.mode)
            rgb.save(os.path.join(out_dir, 'decoded_%d.png' % (k + 1)))
        info['durations_ms'] = durations
        info['frame_modes'] = modes
        info['decoded_frames'] = len(durations)
    return info


# ---------------------------------------------------------------------------------------------- running

os.environ['COLUMNS'] = '80'
sys.argv = [os.path.join(os.path.dirname(sys.executable), 'dgenerate')]
import dgenerate  # noqa: E402
dgenerate._run_init_dgen = lambda runner: None
# torchvision (imported by dgenerate) calls av.logging.set_level(av.logging.ERROR), which routes every
# libav log call through PyAV's Python callback. With an h264 input that dgenerate stops reading early
# (frame-end=4 of 6), the frame-threaded decoder is freed while the main thread holds the GIL and a
# decoder thread waits for the GIL inside that callback: dgenerate 5.0.0 then hangs for ever (seen in
# mp4_to_webp, at random). Removing the Python callback (libav's default logger, stderr) avoids it
# and changes nothing dgenerate prints on stdout.
av.logging.set_level(None)

_ETA = re.compile(r'(Completion ETA: )\d+:\d\d:\d\d(\.\d+)?')


def run_case(name, args):
    out_dir = os.path.join('output', name)
    capture = os.path.join(HERE, '.stdout')
    pid = os.fork()
    if pid == 0:
        signal.alarm(600)  # never hang the recorder: a stuck case dies with SIGALRM
        fd = os.open(capture, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, 1)
        os.dup2(os.open(capture + '2', os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 2)
        sys.stdout = io.TextIOWrapper(io.FileIO(1, 'wb', closefd=False), encoding='utf-8', write_through=True)
        dgenerate.messages.set_message_file(sys.stdout)
        try:
            code = dgenerate.main(['--no-stdin', MODEL] + args + COMMON + ['--output-path', out_dir])
        except SystemExit as e:
            code = e.code
        sys.stdout.flush()
        os._exit(code if isinstance(code, int) else 0)
    _, status = os.waitpid(pid, 0)
    with open(capture, encoding='utf-8') as f:
        text = f.read().replace(MODEL, 'MODEL')
    with open(capture + '2', encoding='utf-8') as f:
        err = f.read().replace(MODEL, 'MODEL')
    os.unlink(capture)
    os.unlink(capture + '2')
    os.makedirs(out_dir, exist_ok=True)
    text = ''.join(line for line in text.splitlines(True) if '\r' not in line and '%|' not in line)
    text = _ETA.sub(r'\1ETA', text)
    with open(os.path.join(out_dir, 'stdout.txt'), 'w', encoding='utf-8') as f:
        f.write(text)
    err = ''.join(line for line in err.splitlines(True) if line.startswith('dgenerate:'))
    if err:
        with open(os.path.join(out_dir, 'stderr.txt'), 'w', encoding='utf-8') as f:
            f.write(err)
    files = {}
    containers = []
    for fn in sorted(os.listdir(out_dir)):
        path = os.path.join(out_dir, fn)
        if fn.startswith('decoded_') or fn in ('stdout.txt', 'stderr.txt', 'container.json'):
            continue
        if fn.endswith(ANIMATION_EXTS):
            info = describe_animation(path, out_dir)
            containers.append(info)
            size = [info['width'], info['height']] if 'width' in info else info['size']
            files[fn] = {'size': size, 'frames': info['decoded_frames']}
        elif fn.endswith('.png'):
            with Image.open(path) as im:
                files[fn] = {'size': list(im.size)}
        else:
            files[fn] = {}
    if containers:
        with open(os.path.join(out_dir, 'container.json'), 'w', encoding='utf-8') as f:
            json.dump(containers, f, indent=1)
            f.write('\n')
    return os.waitstatus_to_exitcode(status), files


chosen = CHOSEN or {name for name, _ in CASES}
os.chdir(HERE)
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
    manifest.append({'case': case_name, 'args': case_args + COMMON + ['--output-path', 'output/' + case_name],
                     'status': exit_status, 'files': outputs})
    print(case_name, 'status', exit_status, outputs, flush=True)
with open(os.path.join(HERE, 'cases.json'), 'w', encoding='utf-8') as f:
    json.dump(manifest, f, indent=1)
    f.write('\n')
