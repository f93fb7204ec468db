#!/usr/bin/env python3
"""Records the output of every example in docs/spec from the reference dgenerate.

An example is a ```dgen fence followed by a ```output fence (blank lines and one line of prose
between them allowed). This runs each script through the reference and rewrites its output
fence with exactly what the reference printed (standard output and standard error as they
interleave), and the exit status when it is not 0 (`[exit status N]` as the last line).

    DGENERATE_REFERENCE=/path/to/run-dgen python3 Tools/SpecExamples/record.py

DGENERATE_REFERENCE is a command that runs `COMMAND FILE.dgen` through dgenerate 5.0.0 and
prints what it prints. SpecExampleTests runs the same scripts here and compares.
"""
import glob, os, re, subprocess, sys, tempfile

FENCE = re.compile(r"```dgen\n(.*?)```(\n(?:[^\n`]*\n)?\n?)```output\n(.*?)```", re.S)


def run(script):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "example.dgen")
        with open(path, "w") as f:
            f.write(script)
        done = subprocess.run([os.environ["DGENERATE_REFERENCE"], path], cwd=folder, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    text = done.stdout
    if done.returncode != 0:
        text += "[exit status %d]\n" % done.returncode
    return text


def main():
    if "DGENERATE_REFERENCE" not in os.environ:
        sys.exit("set DGENERATE_REFERENCE to a command that runs a script through dgenerate 5.0.0")
    root = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "spec")
    total = 0
    for page in sorted(glob.glob(os.path.join(root, "*.md"))):
        text = open(page).read()
        count = [0]

        def replace(match):
            count[0] += 1
            return "```dgen\n" + match.group(1) + "```" + match.group(2) + "```output\n" + run(match.group(1)) + "```"

        new = FENCE.sub(replace, text)
        if new != text:
            open(page, "w").write(new)
        total += count[0]
        print("%s: %d examples" % (os.path.basename(page), count[0]))
    print("%d examples recorded" % total)


main()
