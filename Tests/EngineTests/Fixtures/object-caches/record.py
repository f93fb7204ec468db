#!/usr/bin/env python3
"""Record dgenerate 5.0.0 running the object-cache scripts of this folder, as the image-seed
cases are recorded (same inputs, model, environment and normalisation; see
../image-seeds-cases/record.py):

    ~/.cache/dgenerate-reference/bin/python Tests/EngineTests/Fixtures/object-caches/record.py [NAME...]

Writes NAME.out, NAME.rc and NAME.files beside each NAME.dgen.
"""
import glob
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'image-seeds-cases'))
import record as cases  # noqa: E402

wanted = sys.argv[1:]
for path in sorted(glob.glob(os.path.join(HERE, '*.dgen'))):
    name = os.path.splitext(os.path.basename(path))[0]
    if not wanted or name in wanted:
        cases.run_case(name, here=HERE)
