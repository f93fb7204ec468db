#!/usr/bin/env python3
"""Record transformers' CLIP text encoder for the engine's text-encoder test.

    ~/.cache/dgenerate-reference/bin/python Tests/EngineTests/Fixtures/clip/record_text_encoder.py

Makes a small CLIPTextModel (random weights from seed 0; hidden size 32, 2 layers, 4 heads,
the tokenizer fixture's vocabulary) and saves it here in the diffusers layout
(``text_encoder/config.json``, ``text_encoder/model.safetensors``). For each prompt it writes
to outputs.json the token ids (the tokenizer fixture's) and what a Stable Diffusion pipeline
passes on: the last hidden state, and with ``clip_skip`` 1 the next-to-last layer's hidden
state through the final layer norm (diffusers' rule).
"""
import json
import os

import torch
from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
TOKENIZER = os.path.join(HERE, '..', 'tokenizer')

tokenizer = CLIPTokenizer(os.path.join(TOKENIZER, 'vocab.json'), os.path.join(TOKENIZER, 'merges.txt'), model_max_length=77)
torch.manual_seed(0)
config = CLIPTextConfig(vocab_size=len(tokenizer.get_vocab()), hidden_size=32, intermediate_size=37,
                        num_hidden_layers=2, num_attention_heads=4, max_position_embeddings=77,
                        bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
                        pad_token_id=tokenizer.pad_token_id, hidden_act='quick_gelu')
model = CLIPTextModel(config).eval()
model.save_pretrained(os.path.join(HERE, 'text_encoder'), safe_serialization=True)

cases = []
with torch.no_grad():
    for prompt, clip_skip in [('a cat sitting on a windowsill at sunset', None), ('', None),
                              ('a dog playing in a field of flowers', 1)]:
        ids = tokenizer(prompt, padding='max_length', max_length=77, truncation=True, return_tensors='pt').input_ids
        if clip_skip is None:
            embeds = model(ids)[0]
        else:
            states = model(ids, output_hidden_states=True)
            embeds = model.text_model.final_layer_norm(states[-1][-(clip_skip + 1)])
        cases.append({'prompt': prompt, 'clip_skip': clip_skip, 'ids': ids[0].tolist(),
                      'shape': list(embeds.shape), 'values': [float(v) for v in embeds.flatten().tolist()]})
with open(os.path.join(HERE, 'outputs.json'), 'w') as f:
    json.dump({'cases': cases}, f)
    f.write('\n')
print(len(cases), 'cases')
