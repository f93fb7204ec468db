#!/usr/bin/env python3
"""Record transformers' CLIPTokenizer for the engine's tokenizer tests.

How to rerun (from the repository root, with the reference's Python: transformers and ftfy,
as dgenerate 5.0.0 runs them):

    ~/.cache/dgenerate-reference/bin/python Tests/EngineTests/Fixtures/tokenizer/record_tokenizer.py

It trains a small byte-level BPE vocabulary (CLIP's layout: the 256 byte symbols, the same
with ``</w>``, the merges, then ``<|startoftext|>`` and ``<|endoftext|>``) on the prompts
below, writes it as ``vocab.json`` and ``merges.txt``, and writes ``cases.json``: for each
prompt, the token strings and the ``input_ids`` a Stable Diffusion pipeline passes to its text
encoder (padded to 77 with ``<|endoftext|>``, truncated to 77).
"""
import collections
import json
import os

import regex as re
from transformers import CLIPTokenizer
from transformers.models.clip.tokenization_clip import bytes_to_unicode

HERE = os.path.dirname(os.path.abspath(__file__))

CORPUS = """
a photograph of an astronaut riding a horse on the moon, highly detailed, 8k, trending on artstation
a cat sitting on a windowsill at sunset, soft lighting, bokeh, cinematic
portrait of a woman with red hair, oil painting, by rembrandt, masterpiece, best quality
a cozy cabin in the snowy mountains, warm light from the windows, night sky full of stars
cyberpunk city street in the rain, neon signs, reflections, blade runner style
a bowl of fruit on a wooden table, still life, apples, oranges, grapes, realistic
an ancient castle on a cliff above the sea, stormy weather, dramatic clouds, fantasy art
a dog playing in a field of flowers, spring, sunny day, happy, vibrant colors
low quality, blurry, deformed hands, extra fingers, bad anatomy, watermark, text, signature
the quick brown fox jumps over the lazy dog while the other dogs are sleeping
isn't it a beautiful day? it's the best day we've ever had, they'll say, and i'd agree
""".split()

words = collections.Counter(CORPUS)
byte_encoder = bytes_to_unicode()
# words as symbol tuples, the last with </w>
corpus = {}
for word, count in words.items():
    symbols = [byte_encoder[b] for b in word.encode('utf-8')]
    symbols[-1] += '</w>'
    corpus[tuple(symbols)] = count

merges = []
for _ in range(300):
    pairs = collections.Counter()
    for word, count in corpus.items():
        for a, b in zip(word, word[1:]):
            pairs[(a, b)] += count
    if not pairs:
        break
    (a, b), _ = max(pairs.items(), key=lambda item: (item[1], item[0]))
    merges.append((a, b))
    merged = {}
    for word, count in corpus.items():
        out, i = [], 0
        while i < len(word):
            if i < len(word) - 1 and word[i] == a and word[i + 1] == b:
                out.append(a + b)
                i += 2
            else:
                out.append(word[i])
                i += 1
        merged[tuple(out)] = count
    corpus = merged

symbols = list(byte_encoder.values())
vocab = {}
for s in symbols:
    vocab[s] = len(vocab)
for s in symbols:
    vocab[s + '</w>'] = len(vocab)
for a, b in merges:
    vocab.setdefault(a + b, len(vocab))
vocab['<|startoftext|>'] = len(vocab)
vocab['<|endoftext|>'] = len(vocab)
with open(os.path.join(HERE, 'vocab.json'), 'w', encoding='utf-8') as f:
    json.dump(vocab, f, ensure_ascii=False)
with open(os.path.join(HERE, 'merges.txt'), 'w', encoding='utf-8') as f:
    f.write('#version: 0.2\n' + '\n'.join(f'{a} {b}' for a, b in merges) + '\n')

tokenizer = CLIPTokenizer(os.path.join(HERE, 'vocab.json'), os.path.join(HERE, 'merges.txt'), model_max_length=77)

PROMPTS = [
    '', ' ', 'a', 'A', 'cat', 'a cat', 'a photograph of an astronaut riding a horse',
    'a cat sitting on a windowsill at sunset, soft lighting, bokeh, cinematic',
    'low quality, blurry, deformed hands, extra fingers', 'UPPER CASE PROMPT', 'MiXeD CaSe',
    "isn't it", "it's", "we've", "they'll", "i'd", "i'm", "you're", "don't", "THEY'LL", "it's's",
    'numbers 1234567890 and 8k and 3.14 and 1,000', '4k, 8k, 16k uhd', 'x1.5',
    'punctuation!!! ??? ... ,,, ;; :: -- __ (( )) [[ ]] {{ }}', '(masterpiece:1.2), ((best quality))',
    'a+b=c', 'email@example.com', 'path/to/file.png', 'hash#tag', '100%', '$50', 'a&b', 'a & b',
    '&amp; &lt; &gt;', 'tom &amp; jerry', '<b>bold</b>', 'a < b > c',
    'tabs\tand\nnewlines\r\nand   spaces', '   leading and trailing   ', 'multiple     spaces',
    'café', 'naïve résumé', 'Ångström', 'straße', 'ÉCOLE', 'über', 'mañana', 'crème brûlée',
    '日本語のテキスト', '中文', '한국어', 'русский текст', 'ελληνικά', 'עברית', 'العربية', 'हिन्दी',
    'emoji 😀 🎨 🐱', '🏳️‍🌈', 'a 🐈 on a ☀️ day', '★ ☆ ♥ ♪', '→ ← ↑ ↓', '© ® ™', '° ± × ÷',
    '“curly quotes”', '‘single curly’', 'it’s', '«guillemets»', '„German“', '—em dash–en dash',
    'ﬁne ligatures ﬂow', 'ＡＢＣ fullwidth １２３', 'ｶﾀｶﾅ halfwidth', 'Ⅻ roman numeral', '½ ¼ ¾', '²³',
    'zero\u200bwidth', 'non\u00a0breaking', 'soft\u00adhyphen', 'combining e\u0301', 'control\x07char',
    '<|startoftext|>', '<|endoftext|>', 'a <|endoftext|> b', 'before<|startoftext|>after',
    'astronaut' * 3, 'supercalifragilisticexpialidocious', 'pneumonoultramicroscopicsilicovolcanoconiosis',
    ' '.join(['word'] * 80), ' '.join(['cat'] * 75), ' '.join(['cat'] * 76), 'a, ' * 40,
    'the quick brown fox jumps over the lazy dog', 'The Quick Brown Fox', 'dogs are sleeping',
    'horse horses horseback', 'highly detailed, trending on artstation', 'blade runner style, neon',
    'a bowl of fruit: apples; oranges; grapes.', 'oil painting by rembrandt', "rembrandt's",
    'snow-capped mountains', 'well-known', 'state_of_the_art', 'CamelCaseWords', 'snake_case_words',
    'a1b2c3', '3d render', 'v2', 'sd1.5', 'f/1.8', '50mm', 'iso 100', '16:9', '1920x1080',
    '!', '?', '.', ',', "'", '"', '\\', '`', '~', '^', '|', '@', '#',
    "'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "''", "'''s", 'a\'b\'c',
    '&amp;amp; twice', '\u0149 ligature', 'ellipsis\x85 here', '\x93windows quotes\x94', '\x80 euro',
    'a<b\n&amp; after a tag', 'first &amp;\nthen <i>\n&amp; kept', '&#233;t&#xe9;', '&bogus; &amp',
]

cases = []
for prompt in PROMPTS:
    ids = tokenizer(prompt, padding='max_length', max_length=77, truncation=True)['input_ids']
    cases.append({'prompt': prompt, 'tokens': tokenizer.tokenize(prompt), 'input_ids': ids})
with open(os.path.join(HERE, 'cases.json'), 'w', encoding='utf-8') as f:
    json.dump({'merges': len(merges), 'cases': cases}, f, ensure_ascii=False, indent=0)
    f.write('\n')
print(len(merges), 'merges,', len(cases), 'cases')
