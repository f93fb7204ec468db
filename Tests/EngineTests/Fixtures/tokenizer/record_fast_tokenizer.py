#!/usr/bin/env python3
"""Write this folder's tokenizer (vocab.json, merges.txt) as transformers' fast tokenizer
saves it, for the test that loads a tokenizer from `tokenizer.json` alone.

    ~/.cache/dgenerate-reference/bin/python Tests/EngineTests/Fixtures/tokenizer/record_fast_tokenizer.py

Writes `fast/tokenizer.json` and `fast/tokenizer_config.json` (CLIPTokenizerFast.save_pretrained,
transformers as installed with dgenerate 5.0.0); the other files it saves are dropped.
"""
import os
import shutil
import tempfile

from transformers import CLIPTokenizer, CLIPTokenizerFast

HERE = os.path.dirname(os.path.abspath(__file__))
slow = tempfile.mkdtemp()
CLIPTokenizer(os.path.join(HERE, 'vocab.json'), os.path.join(HERE, 'merges.txt')).save_pretrained(slow)
saved = tempfile.mkdtemp()
CLIPTokenizerFast.from_pretrained(slow).save_pretrained(saved)
out = os.path.join(HERE, 'fast')
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
for name in ['tokenizer.json', 'tokenizer_config.json']:
    shutil.copy(os.path.join(saved, name), os.path.join(out, name))
print(sorted(os.listdir(out)))
