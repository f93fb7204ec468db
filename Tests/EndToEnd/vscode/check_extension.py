#!/usr/bin/env python3
"""Validates the VS Code extension in editors/vscode: the manifest has what VS Code requires
(name, publisher, version, engines.vscode, main, activation, the language and its grammar),
every file it names exists in the package, the language configuration is well formed (its
pairs, folding and indentation patterns compile), the client parses (with Node, when
installed), and packaging is reproducible (two packages, the same bytes). Exits 1 on failure.
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
EXTENSION = os.path.join(HERE, "../../../editors/vscode")
problems = []


def need(condition, what):
    if not condition:
        problems.append(what)


def main():
    with open(os.path.join(EXTENSION, "package.json"), encoding="utf-8") as f:
        package = json.load(f)
    for key in ("name", "publisher", "version", "engines", "main", "activationEvents", "contributes"):
        need(key in package, "package.json has no %s" % key)
    need(re.fullmatch(r"[a-z0-9][a-z0-9-]*", package.get("name", "")) is not None, "the name is not a valid extension name")
    need(re.fullmatch(r"\d+\.\d+\.\d+", package.get("version", "")) is not None, "the version is not semver")
    need(re.fullmatch(r"\^\d+\.\d+\.\d+", package.get("engines", {}).get("vscode", "")) is not None, "engines.vscode is not ^X.Y.Z")
    languages = package.get("contributes", {}).get("languages", [])
    grammars = package.get("contributes", {}).get("grammars", [])
    need(any(l.get("id") == "dgenerate" and ".dgen" in l.get("extensions", []) for l in languages), "no dgenerate language for .dgen")
    need(any(g.get("language") == "dgenerate" and g.get("scopeName") == "source.dgenerate" for g in grammars), "no grammar for the language")
    need("onLanguage:dgenerate" in package.get("activationEvents", []), "not activated by the language")

    # the packaged files: everything the manifest names must be in the .vsix
    out = tempfile.mkdtemp()
    try:
        script = os.path.join(EXTENSION, "package.py")
        first = subprocess.run([sys.executable, script, os.path.join(out, "a")], capture_output=True, text=True, check=True).stdout.strip()
        second = subprocess.run([sys.executable, script, os.path.join(out, "b")], capture_output=True, text=True, check=True).stdout.strip()
        digest = lambda path: hashlib.sha256(open(path, "rb").read()).hexdigest()
        need(digest(first) == digest(second), "packaging is not reproducible")
        names = set(zipfile.ZipFile(first).namelist())
        named = [package["main"]] + [l["configuration"] for l in languages if "configuration" in l] + [g["path"] for g in grammars]
        for path in named:
            need("extension/" + os.path.normpath(path) in names, "the package lacks %s" % path)
        with zipfile.ZipFile(first) as archive:
            json.loads(archive.read("extension/syntaxes/dgenerate.tmLanguage.json"))
            configuration = json.loads(archive.read("extension/language-configuration.json"))
    finally:
        shutil.rmtree(out)

    need(configuration.get("comments", {}).get("lineComment") == "#", "line comments are not #")
    for pair in configuration.get("brackets", []) + configuration.get("surroundingPairs", []):
        need(isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) and p for p in pair), "bad pair %r" % (pair,))
    for pair in configuration.get("autoClosingPairs", []):
        need({"open", "close"} <= set(pair), "bad auto-closing pair %r" % (pair,))
    patterns = list(configuration.get("folding", {}).get("markers", {}).values()) + list(configuration.get("indentationRules", {}).values())
    need(len(patterns) == 4, "folding markers or indentation rules missing")
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as error:
            problems.append("pattern %r does not compile: %s" % (pattern, error))
    markers = configuration["folding"]["markers"]
    need(re.search(markers["start"], "{% for i in x %}") and re.search(markers["end"], "{% endfor %}"), "folding markers miss a for block")

    node = shutil.which("node")
    if node:
        result = subprocess.run([node, "--check", os.path.join(EXTENSION, "extension.js")], capture_output=True, text=True)
        need(result.returncode == 0, "extension.js does not parse: " + result.stderr)
    for problem in problems:
        print("vscode extension: " + problem)
    print("vscode extension: %s" % ("ok" if not problems else "%d problems" % len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
