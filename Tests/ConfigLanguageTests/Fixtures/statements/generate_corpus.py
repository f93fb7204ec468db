#!/usr/bin/env python3
"""Writes random_corpus.json: seeded random scripts built from the script layer's tricky parts
(continuations, dash lines, tail comments, quotes, escapes, template blocks, `\\reset_lineno`,
version lines, unusual whitespace and line endings). The reference's statements for them are
recorded with record_statements.py:

    python3 generate_corpus.py random_corpus.json 600 20261127
    ~/.cache/dgenerate-reference/bin/python record_statements.py random_corpus.expected.json random_corpus.json
"""
import json
import random
import sys

WORDS = ['a', 'b c', 'x=1', '{{ v }}', '"q # r"', "'s # t'", '\\#', '#', 'it\'s', '"open', '\\\\', '\\',
         '--opt', '-o', '--prompts "cat; dog"', '\u3000', '\xa0', '\t', 'é', '日本', '{', '}', '%', '{#', '#}']
DIRECTIVES = ['\\print', '\\set x', '\\setp y', '\\echo', '\\env', '\\unset', '\\printx', '\\nope', '\\exit',
              '\\gen_seeds', '\\cd', '\\reset_lineno', '\\set', '\\sete z']
TEMPLATE_LINES = ['{% for i in range(2) %}', '{% endfor %}', '{% if x %}', '{% else %}', '{% endif %}',
                  '{% set q = 1 %}', '{{ i }}', '{% raw %}{{ x }}{% endraw %}', '{# note #}', '{{ (1,',
                  '2) }}', '{% macro m() %}', '{% endmacro %}', '{%- if y -%}', '{{ "str" }}', '{{ x }} \\',
                  '{% filter upper %}', '{% endfilter %}', '{% call m() %}', '{% endcall %}', '{% %}',
                  '{{ [1, 2][0] }}', '{% block b %}', '{% endblock %}', '{{ "a', '{{ x ) }}', '{{ 1.5e3 }}']
ENDINGS = ['\n'] * 12 + ['\r\n', '\r']


def words(rng, n):
    return ' '.join(rng.choice(WORDS) for _ in range(n))


def line(rng):
    kind = rng.randrange(12)
    indent = rng.choice(['', '', '  ', '\t', ' \u3000'])
    if kind == 0:
        return ''
    if kind == 1:
        return indent + '# ' + words(rng, 2)
    if kind == 2:
        return rng.choice(['#! dgenerate 5.0.0', '#! dgenerate 4.1.0', '#!dgenerate 5.0.0', ' #! dgenerate 6.0.0'])
    if kind == 3:
        return indent + rng.choice(TEMPLATE_LINES) + rng.choice(['', ' ' + words(rng, 1)])
    if kind == 4:
        return indent + '-' + rng.choice(['-opt', ' x', '', '-a b \\'])
    if kind == 5:
        return '\\reset_lineno' if rng.random() < 0.7 else ' \\reset_lineno x'
    if kind == 6:
        return indent + words(rng, rng.randrange(1, 4)) + ' \\'
    text = indent + rng.choice(DIRECTIVES + ['model/path', '--help']) + ' ' + words(rng, rng.randrange(0, 5))
    if rng.random() < 0.3:
        text += ' # ' + words(rng, 1)
    if rng.random() < 0.2:
        text += rng.choice(['\\', ' \\'])
    return text


def script(rng):
    lines = [line(rng) for _ in range(rng.randrange(1, 14))]
    text = ''.join(l + rng.choice(ENDINGS) for l in lines)
    if rng.random() < 0.3:
        text = text.rstrip('\r\n')
    return text


def main():
    out, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    corpus = {f'random_{i:04d}': script(rng) for i in range(count)}
    with open(out, 'w', encoding='utf-8') as file:
        json.dump(corpus, file, indent=1, ensure_ascii=False)
        file.write('\n')


if __name__ == '__main__':
    main()
