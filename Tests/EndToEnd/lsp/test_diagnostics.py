"""Diagnostics over the fixture scripts, each compared with its golden file.

Set DGENERATE_RECORD_GOLDEN=1 to rewrite the golden files after a deliberate change.
"""
import os

import pytest
from lsprotocol import types

from conftest import FIXTURES, open_document

SCRIPTS = sorted(p.name for p in FIXTURES.glob("*.dgen"))


def render(diagnostics):
    lines = []
    for d in sorted(diagnostics, key=lambda d: (d.range.start.line, d.range.start.character)):
        severity = {1: "error", 2: "warning", 3: "information", 4: "hint"}[int(d.severity)]
        lines.append("%d:%d-%d:%d %s %s %s" % (d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1,
                                               d.range.end.character + 1, severity, d.code, d.message))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", SCRIPTS)
async def test_golden_diagnostics(client, name):
    script = FIXTURES / name
    uri = await open_document(client, script.read_text(encoding="utf-8"), name)
    got = render(client.diagnostics.get(uri, []))
    golden = script.with_suffix(".diagnostics")
    if os.environ.get("DGENERATE_RECORD_GOLDEN") == "1":
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")


async def test_fixing_a_line_clears_its_diagnostic(client):
    uri = await open_document(client, "\\prnt hello\n")
    assert [d.code for d in client.diagnostics[uri]] == ["script.unknown-directive"]
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=0, character=3), end=types.Position(line=0, character=3)), text="i")]))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[uri]) == []
