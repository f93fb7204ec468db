#!/usr/bin/env python3
"""Records the reference's tail-comment removal (dgenerate.textprocessing.remove_tail_comments)
for seeded random lines made of the characters that matter to it.

    ~/.cache/dgenerate-reference/bin/python record_tail_comments.py tail_comments.json 4000 20261127

Each entry is [line, result]: what the line loop gets before stripping.
"""
import json
import random
import sys

from dgenerate.textprocessing import remove_tail_comments

PIECES = ['#', '\\', '"', "'", ' ', '  ', '\t', 'a', 'bc', '\\#', '\\\\', '"#"', "'#'", 'é', '\u3000', '\xa0',
          '{', '}', '-', '--opt', 'x y']


def main():
    out, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        line = ''.join(rng.choice(PIECES) for _ in range(rng.randrange(0, 12)))
        cases.append([line, remove_tail_comments(line)[1]])
    with open(out, 'w', encoding='utf-8') as file:
        json.dump(cases, file, indent=0, ensure_ascii=False)
        file.write('\n')


if __name__ == '__main__':
    main()
