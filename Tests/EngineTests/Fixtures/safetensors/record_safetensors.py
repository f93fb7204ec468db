#!/usr/bin/env python3
"""Write sample.safetensors with the reference's safetensors library, for the engine's reader
tests.

    ~/.cache/dgenerate-reference/bin/python Tests/EngineTests/Fixtures/safetensors/record_safetensors.py

Tensors: ``weight`` float32 [2, 3] = 0.5 * arange(6) - 1; ``half`` float16 [4] = [1, -2, 0.5, 65504];
``bf`` bfloat16 [2] = [1, -3]; ``ids`` int64 [3] = [7, -1, 2**40]; ``flag`` bool [2] = [True, False];
``empty`` float32 [0]. Metadata: {"format": "pt", "note": "test"}.
"""
import os
import torch
from safetensors.torch import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
save_file({
    'weight': torch.arange(6, dtype=torch.float32).reshape(2, 3) * 0.5 - 1,
    'half': torch.tensor([1, -2, 0.5, 65504], dtype=torch.float16),
    'bf': torch.tensor([1, -3], dtype=torch.bfloat16),
    'ids': torch.tensor([7, -1, 2 ** 40], dtype=torch.int64),
    'flag': torch.tensor([True, False]),
    'empty': torch.zeros(0, dtype=torch.float32),
}, os.path.join(HERE, 'sample.safetensors'), metadata={'format': 'pt', 'note': 'test'})
print('wrote sample.safetensors')
