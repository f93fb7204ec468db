#!/usr/bin/env python3
"""Records what Python 3.11's argparse makes of random command lines, for ArgumentEngineTests.

    ~/.cache/dgenerate-reference/bin/python Tests/ConfigLanguageTests/Fixtures/argparse/record_argparse.py

(any Python 3.11; the reference dgenerate 5.0.0 runs on it). Each parser below is declared
as data; the same declarations are read by the Swift test, which runs this project's argparse
engine (`CommandLineParser`) on the same words and compares the values, the error message or
the help request. The random words come from each parser's vocabulary with a fixed seed.
"""
import argparse, json, os, random, sys

assert sys.version_info[:2] == (3, 11), "record with Python 3.11 (the reference's)"

PARSERS = [
    {"name": "listing", "abbrev": True, "arguments": [
        {"names": ["-l"], "dest": "long", "nargs": "flag"},
        {"names": ["-a"], "dest": "all", "nargs": "flag"},
        {"names": ["-o", "--output"], "dest": "output", "nargs": "one"},
        {"names": ["--outer"], "dest": "outer", "nargs": "one"},
        {"names": [], "dest": "paths", "nargs": "*"},
    ], "vocabulary": ["-l", "-a", "-la", "-al", "-lo", "-lox", "-o", "-ox", "-o=x", "--output", "--output=f", "--out",
                      "--out=f", "--oute", "--o", "-h", "--help", "--he", "-lh", "p1", "p2", "-1", "-2.5", "--", "-", "a b", "-x"]},
    {"name": "positionals", "abbrev": True, "arguments": [
        {"names": ["-v", "--verbose"], "dest": "verbose", "nargs": "flag"},
        {"names": [], "dest": "source", "nargs": "one"},
        {"names": [], "dest": "maybe", "nargs": "?"},
        {"names": [], "dest": "rest", "nargs": "+"},
    ], "satisfy": ["s", "r"], "vocabulary": ["-v", "--verbose", "--verb", "s", "m", "r1", "r2", "--", "-3", "-v=1", "-vv", "--x"]},
    {"name": "values", "abbrev": True, "arguments": [
        {"names": ["-p", "--prompts"], "dest": "prompts", "nargs": "+"},
        {"names": ["-n", "--names"], "dest": "names", "nargs": "*"},
        {"names": ["-z", "--zed"], "dest": "zed", "nargs": "?"},
        {"names": ["-x"], "dest": "x", "nargs": "flag", "group": 0},
        {"names": ["-y", "--why"], "dest": "y", "nargs": "flag", "group": 0},
        {"names": ["--must"], "dest": "must", "nargs": "one", "required": True},
    ], "satisfy": ["--must", "m"], "vocabulary": ["-p", "--prompts", "--pro", "-n", "--names", "-z", "--zed", "--z", "-x", "-y", "--why", "-xy",
                      "--must", "--mu", "--must=m", "v1", "v2", "-1", "--", "-pv", "-nv", "-zv"]},
    {"name": "no-abbreviations", "abbrev": False, "arguments": [
        {"names": ["-l"], "dest": "long", "nargs": "flag"},
        {"names": ["-o", "--output"], "dest": "output", "nargs": "one"},
        {"names": ["--output-overwrite"], "dest": "overwrite", "nargs": "flag"},
        {"names": [], "dest": "input", "nargs": "+"},
    ], "vocabulary": ["-l", "-o", "--output", "--out", "--output-o", "--output-overwrite", "--output=x", "-ox", "in1", "in2", "--", "-lo"]},
]

CASES_PER_PARSER = 250
SEED = 20261204


class Stop(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise Stop(("error", message))

    def exit(self, status=0, message=None):
        raise Stop(("help", ""))

    def print_help(self, file=None):
        pass


def build(spec):
    parser = Parser(prog="p", allow_abbrev=spec["abbrev"])
    groups = {}
    for argument in spec["arguments"]:
        target = parser
        if "group" in argument:
            target = groups.setdefault(argument["group"], parser.add_mutually_exclusive_group())
        nargs = argument["nargs"]
        if not argument["names"]:
            target.add_argument(argument["dest"], nargs=None if nargs == "one" else nargs)
        elif nargs == "flag":
            target.add_argument(*argument["names"], dest=argument["dest"], action="store_true")
        else:
            target.add_argument(*argument["names"], dest=argument["dest"], nargs=None if nargs == "one" else nargs,
                                required=argument.get("required", False))
    return parser


def outcome(spec, words):
    try:
        namespace = build(spec).parse_args(words)
    except Stop as stop:
        kind, message = stop.args[0]
        return {"help": True} if kind == "help" else {"error": message}
    values = {}
    for argument in spec["arguments"]:
        value = getattr(namespace, argument["dest"])
        if value is None or value is False:
            continue
        values[argument["dest"]] = [] if value is True else ([value] if isinstance(value, str) else list(value))
    return {"values": values}


def main():
    rng = random.Random(SEED)
    cases = []
    for spec in PARSERS:
        for _ in range(CASES_PER_PARSER):
            words = [rng.choice(spec["vocabulary"]) for _ in range(rng.randint(0, 7))]
            # half of them satisfy the required options and positionals first, so that more parse
            words = (spec.get("satisfy", []) if rng.random() < 0.5 else []) + words
            cases.append({"parser": spec["name"], "words": words, **outcome(spec, words)})
    folder = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(folder, "argparse.json"), "w") as f:
        json.dump({"parsers": [{k: v for k, v in p.items() if k not in ("vocabulary", "satisfy")} for p in PARSERS], "cases": cases}, f, indent=1)
        f.write("\n")
    print(len(cases), "cases;", sum("error" in c for c in cases), "errors,", sum("help" in c for c in cases), "help")


main()
