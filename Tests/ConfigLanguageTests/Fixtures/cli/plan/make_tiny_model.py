#!/usr/bin/env python3
"""Write a tiny Stable Diffusion 1.x pipeline (random weights from seed 0, diffusers layout,
safetensors, a byte-level CLIP BPE vocabulary of 516 tokens) into the folder given as the
first argument. Only record_plan.py uses it: the reference generates from it in a fraction of
a second per step, so its render loop can be recorded in full. Needs the reference's Python
(torch, diffusers, transformers).
"""
import json, os, sys, torch
from diffusers import UNet2DConditionModel, AutoencoderKL, PNDMScheduler
from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer
out = sys.argv[1]
torch.manual_seed(0)
unet = UNet2DConditionModel(block_out_channels=(32, 64), layers_per_block=1, sample_size=8, in_channels=4, out_channels=4,
    down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"), up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
    cross_attention_dim=32, attention_head_dim=4, norm_num_groups=8)
vae = AutoencoderKL(block_out_channels=(16, 32), in_channels=3, out_channels=3, down_block_types=("DownEncoderBlock2D",)*2,
    up_block_types=("UpDecoderBlock2D",)*2, latent_channels=4, norm_num_groups=8, sample_size=16)
text = CLIPTextModel(CLIPTextConfig(bos_token_id=0, eos_token_id=2, hidden_size=32, intermediate_size=37, layer_norm_eps=1e-05,
    num_attention_heads=4, num_hidden_layers=2, pad_token_id=1, vocab_size=1000))
# byte-level BPE vocabulary: the 256 byte symbols, each also with </w>, plus the special tokens
from transformers.models.clip.tokenization_clip import bytes_to_unicode
symbols = list(bytes_to_unicode().values())
vocab = {}
for s in symbols: vocab[s] = len(vocab)
for s in symbols: vocab[s + '</w>'] = len(vocab)
merges = ['c a', 'ca t</w>', 'd o', 'do g</w>']
for m in merges: vocab[m.replace(' ', '')] = len(vocab)
vocab['<|startoftext|>'] = len(vocab); vocab['<|endoftext|>'] = len(vocab)
os.makedirs(out + '/tokenizer', exist_ok=True)
json.dump(vocab, open(out + '/tokenizer/vocab.json', 'w'))
open(out + '/tokenizer/merges.txt', 'w').write('#version: 0.2\n' + '\n'.join(merges) + '\n')
tok = CLIPTokenizer(out + '/tokenizer/vocab.json', out + '/tokenizer/merges.txt', model_max_length=77)
text = CLIPTextModel(CLIPTextConfig(bos_token_id=vocab['<|startoftext|>'], eos_token_id=vocab['<|endoftext|>'], hidden_size=32, intermediate_size=37,
    num_attention_heads=4, num_hidden_layers=2, pad_token_id=vocab['<|endoftext|>'], vocab_size=len(vocab), max_position_embeddings=77))
from diffusers import StableDiffusionPipeline
pipe = StableDiffusionPipeline(unet=unet, vae=vae, text_encoder=text, tokenizer=tok,
    scheduler=PNDMScheduler(skip_prk_steps=True), safety_checker=None, feature_extractor=None, requires_safety_checker=False)
pipe.save_pretrained(out, safe_serialization=True)
print('saved', out)
