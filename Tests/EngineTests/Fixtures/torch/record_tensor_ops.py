#!/usr/bin/env python3
"""Record torch's results for the operations the engine's tensor layer offers.

    ~/.cache/dgenerate-reference/bin/python Tests/EngineTests/Fixtures/torch/record_tensor_ops.py

Writes tensor_ops.json: the noise torch.randn draws from seeded CPU generators (the engine's
initial latents must be the same; in bfloat16 and float16 too, for --dtype), and for each operation its float32 inputs (values and
shapes) and output, as torch (the reference's, 2.x) computes them.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))


def values(shape, offset):
    n = math.prod(shape)
    return (torch.sin(torch.arange(n, dtype=torch.float64) * 0.37 + offset)).float().reshape(shape)


def pack(t):
    return {'shape': list(t.shape), 'values': [float(v) for v in t.flatten().tolist()]}


randn = []
for seed, shape in [(0, [5]), (1, [1, 4, 8, 8]), (42, [2, 4, 8, 8]), (12345, [17]), (2**40 + 3, [3, 7])]:
    randn.append({'seed': seed, 'shape': shape,
                  'values': [float(v) for v in torch.randn(shape, generator=torch.Generator().manual_seed(seed)).flatten().tolist()]})

# half-precision noise is its own stream (not the float32 one rounded); --dtype draws it
typed_randn = []
for dtype in ['bfloat16', 'float16']:
    for seed, shape in [(1, [2, 4, 8, 8]), (7, [5])]:
        drawn = torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=getattr(torch, dtype))
        typed_randn.append({'seed': seed, 'shape': shape, 'dtype': dtype,
                            'values': [float(v) for v in drawn.float().flatten().tolist()]})

ops = []
x = values([2, 3, 5, 5], 0.1)
w = values([4, 3, 3, 3], 0.2) * 0.3
b = values([4], 0.3)
ops.append({'op': 'conv2d', 'inputs': [pack(x), pack(w), pack(b)], 'stride': 1, 'padding': 1,
            'output': pack(F.conv2d(x, w, b, stride=1, padding=1))})
ops.append({'op': 'conv2d_stride2', 'inputs': [pack(x), pack(w), pack(b)], 'stride': 2, 'padding': 1,
            'output': pack(F.conv2d(x, w, b, stride=2, padding=1))})
g = values([2, 4, 3, 3], 0.4)
gw, gb = values([4], 0.5), values([4], 0.6)
ops.append({'op': 'group_norm', 'inputs': [pack(g), pack(gw), pack(gb)], 'groups': 2, 'eps': 1e-5,
            'output': pack(F.group_norm(g, 2, gw, gb, 1e-5))})
l = values([2, 3, 6], 0.7)
lw, lb = values([6], 0.8), values([6], 0.9)
ops.append({'op': 'layer_norm', 'inputs': [pack(l), pack(lw), pack(lb)], 'eps': 1e-5,
            'output': pack(F.layer_norm(l, [6], lw, lb, 1e-5))})
lin_w, lin_b = values([4, 6], 1.0), values([4], 1.1)
ops.append({'op': 'linear', 'inputs': [pack(l), pack(lin_w), pack(lin_b)], 'output': pack(F.linear(l, lin_w, lin_b))})
# without a bias, and rows over a leading batch (libtorch 1.13 computes these through oneDNN)
wide = values([3, 5, 37], 2.0)
wide_w = values([19, 37], 2.1)
ops.append({'op': 'linear', 'inputs': [pack(wide), pack(wide_w)], 'output': pack(F.linear(wide, wide_w))})
q, k, v = values([2, 2, 5, 4], 1.2), values([2, 2, 7, 4], 1.3), values([2, 2, 7, 4], 1.4)
ops.append({'op': 'attention', 'inputs': [pack(q), pack(k), pack(v)], 'output': pack(F.scaled_dot_product_attention(q, k, v))})
mask = torch.triu(torch.full([5, 7], -1e30), diagonal=3)  # (JSON has no -inf; softmax gives the same zeros)
ops.append({'op': 'attention_mask', 'inputs': [pack(q), pack(k), pack(v), pack(mask)],
            'output': pack(F.scaled_dot_product_attention(q, k, v, attn_mask=mask))})
# more query rows than one block and more keys than the vector lanes, as the UNet's layers have
# (libtorch 1.13's blocked attention), with scores wide enough to exercise the exponential's range
bq, bk, bv = values([2, 140, 3], 1.7) * 6, values([2, 1000, 3], 1.8) * 6, values([2, 1000, 5], 1.9)
ops.append({'op': 'attention', 'inputs': [pack(bq), pack(bk), pack(bv)],
            'output': pack(F.scaled_dot_product_attention(bq, bk, bv))})
u = values([1, 2, 3, 3], 1.5)
ops.append({'op': 'upsample', 'inputs': [pack(u)], 'output': pack(F.interpolate(u, scale_factor=2.0, mode='nearest'))})
s = values([3, 8], 1.6) * 3
ops.append({'op': 'silu', 'inputs': [pack(s)], 'output': pack(F.silu(s))})
ops.append({'op': 'gelu', 'inputs': [pack(s)], 'output': pack(F.gelu(s))})
ops.append({'op': 'quick_gelu', 'inputs': [pack(s)], 'output': pack(s * torch.sigmoid(1.702 * s))})
ops.append({'op': 'softmax', 'inputs': [pack(s)], 'output': pack(torch.softmax(s, -1))})

with open(os.path.join(HERE, 'tensor_ops.json'), 'w') as f:
    json.dump({'torch': torch.__version__, 'randn': randn, 'typed_randn': typed_randn, 'ops': ops}, f)
    f.write('\n')
print('torch', torch.__version__, len(randn), 'noise cases,', len(ops), 'operations')
