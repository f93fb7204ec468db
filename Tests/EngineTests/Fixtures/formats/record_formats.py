#!/usr/bin/env python3
"""Write one small photo-like image in each still format dgenerate reads image seeds in, and the
RGB pixels the reference's Pillow decodes each file to (what dgenerate would hand its pipeline),
for the engine's decoding test.

    ~/.cache/dgenerate-reference/bin/python Tests/EngineTests/Fixtures/formats/record_formats.py

Writes seed.{jpg,bmp,tiff,webp,png} (40x24; the WebP lossless, the JPEG at quality 90) and
NAME.decoded.png for each: `Image.open(NAME).convert('RGB')` saved as PNG; and
seed_orientation_N.jpg for EXIF orientations 2...8, each decoded as dgenerate decodes image seeds
(`ImageOps.exif_transpose` after the conversion) into seed_orientation_N.jpg.decoded.png.
"""
import os

from PIL import Image, ImageDraw

HERE = os.path.dirname(os.path.abspath(__file__))
img = Image.new('RGB', (40, 24))
px = img.load()
for y in range(24):
    for x in range(40):
        px[x, y] = (40 + 180 * x // 39, 60 + 150 * y // 23, 200 - 120 * (x + y) // 62)
draw = ImageDraw.Draw(img)
draw.ellipse((4, 3, 18, 17), fill=(230, 200, 40))
draw.rectangle((22, 12, 35, 21), fill=(30, 90, 160))
for name, options in [('seed.jpg', {'quality': 90}), ('seed.bmp', {}), ('seed.tiff', {}),
                      ('seed.webp', {'lossless': True}), ('seed.png', {})]:
    path = os.path.join(HERE, name)
    img.save(path, **options)
    with Image.open(path) as decoded:
        decoded.convert('RGB').save(os.path.join(HERE, name + '.decoded.png'))
from PIL import ImageOps  # noqa: E402

for orientation in range(2, 9):
    name = 'seed_orientation_%d.jpg' % orientation
    exif = Image.Exif()
    exif[0x0112] = orientation
    img.save(os.path.join(HERE, name), quality=90, exif=exif.tobytes())
    with Image.open(os.path.join(HERE, name)) as decoded:
        ImageOps.exif_transpose(decoded).convert('RGB').save(
            os.path.join(HERE, name + '.decoded.png'))
print('wrote', sorted(os.listdir(HERE)))
