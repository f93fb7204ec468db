#!/usr/bin/env python3
"""Record the reference's bfloat16 images from the committed tiny model, for the engine's
--dtype test.

    ~/.cache/dgenerate-reference/bin/python Tests/EngineTests/Fixtures/txt2img/record_bfloat16.py

Runs dgenerate 5.0.0 (diffusers 0.35.1, torch 2.8 on the CPU) in this folder with

    MODEL --dtype bfloat16 --scheduler EulerDiscreteScheduler --seeds 1 2 --prompts "a cat; blurry"
          --inference-steps 5 --output-size 32 --device cpu --output-path bfloat16 -ofm

so that `bfloat16/` receives 2 PNG files.
"""
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..', '..'))
MODEL = os.path.join(ROOT, 'examples', 'models', 'tiny-sd')
ARGS = ['--dtype', 'bfloat16', '--scheduler', 'EulerDiscreteScheduler', '--seeds', '1', '2', '--prompts', 'a cat; blurry',
        '--inference-steps', '5', '--output-size', '32', '--device', 'cpu', '--output-path', 'bfloat16', '-ofm']

shutil.rmtree(os.path.join(HERE, 'bfloat16'), ignore_errors=True)
subprocess.run([os.path.join(os.path.dirname(sys.executable), 'dgenerate'), '--no-stdin', MODEL] + ARGS,
               cwd=HERE, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(sorted(os.listdir(os.path.join(HERE, 'bfloat16'))))
