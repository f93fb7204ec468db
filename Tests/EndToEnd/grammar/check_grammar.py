#!/usr/bin/env python3
"""Checks grammars/dgenerate.tmLanguage.json with babi's TextMate engine (Oniguruma) against the
annotated fixtures in this folder (*.dgen).

An assertion line is a comment line under the line it checks:

    \\set x 1
    #^^^ keyword.other.directive.dgenerate
    #    ^ constant.numeric.dgenerate

Each `^` column of the line above must carry every scope named after the carets (the scopes
of the token there, outermost first, as babi reports them). `#<-- scope` checks columns from 0
(as many as the arrow is long). `- scope` after the scopes asserts that a scope is absent.
Prints each failure and the number of assertions; exits 1 on any failure.

    python3 check_grammar.py        (run by scripts/grammar-test)
"""
import glob
import os
import re
import shutil
import sys
import tempfile

from babi.highlight import Grammars, highlight_line

HERE = os.path.dirname(os.path.abspath(__file__))
GRAMMAR = os.path.join(HERE, "../../../grammars/dgenerate.tmLanguage.json")
ASSERTION = re.compile(r"^#(\s*)(\^+|<-+)\s+(.*)$")


def scopes_by_column(compiler, state, line, first):
    state, regions = highlight_line(compiler, state, line + "\n", first)
    columns = [()] * (len(line) + 1)
    for region in regions:
        for column in range(region.start, min(region.end, len(line))):
            columns[column] = region.scope
    return state, columns


def check(path, compiler):
    failures, count = [], 0
    state = compiler.root_state
    previous = None
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    first = True
    for number, line in enumerate(lines, 1):
        match = ASSERTION.match(line)
        if match and previous is not None:
            source_line, columns = previous
            marker = match.group(2)
            start = 0 if marker.startswith("<") else 1 + len(match.group(1))
            words = match.group(3).split()
            wanted = [w for i, w in enumerate(words) if not (i > 0 and words[i - 1] == "-") and w != "-"]
            absent = [w for i, w in enumerate(words) if i > 0 and words[i - 1] == "-"]
            for column in range(start, start + len(marker)):
                count += 1
                have = columns[column] if column < len(columns) else ()
                missing = [w for w in wanted if w not in have]
                present = [w for w in absent if w in have]
                if missing or present:
                    failures.append("%s:%d column %d of %r: has %s; missing %s; should not have %s" % (
                        os.path.basename(path), number, column, source_line, list(have), missing, present))
            continue
        state, columns = scopes_by_column(compiler, state, line, first)
        first = False
        previous = (line, columns)
    return failures, count


def main():
    folder = tempfile.mkdtemp()
    try:
        shutil.copy(GRAMMAR, os.path.join(folder, "source.dgenerate.json"))
        grammars = Grammars(folder)
        compiler = grammars.compiler_for_scope("source.dgenerate")
        failures, total = [], 0
        for path in sorted(glob.glob(os.path.join(HERE, "*.dgen"))):
            found, count = check(path, compiler)
            failures += found
            total += count
    finally:
        shutil.rmtree(folder)
    for failure in failures:
        print(failure)
    print("%d of %d grammar assertions hold" % (total - len(failures), total))
    return 1 if failures or total == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
