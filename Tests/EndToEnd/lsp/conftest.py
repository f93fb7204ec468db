"""The real `dgenerate --lsp` binary, started by pytest-lsp's client over stdio."""
import os
import pathlib

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = pathlib.Path(__file__).resolve().parents[3]
BINARY = os.environ.get("DGENERATE_BINARY", str(ROOT / ".build" / "release" / "dgenerate"))
FIXTURES = pathlib.Path(__file__).parent / "fixtures"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BINARY, "--lsp", "--stdio"]))
async def client(lsp_client: LanguageClient):
    capabilities = types.ClientCapabilities(general=types.GeneralClientCapabilities(position_encodings=["utf-16"]))
    await lsp_client.initialize_session(types.InitializeParams(capabilities=capabilities))
    yield
    await lsp_client.shutdown_session()


async def open_document(client: LanguageClient, text: str, name: str = "test.dgen") -> str:
    """Opens a document and waits for its first diagnostics; returns its URI."""
    uri = (FIXTURES / name).as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="dgen", version=1, text=text)))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


def marked(text: str):
    """The text without its `|1|`... markers, and each marker's (line, UTF-16 character)."""
    positions = {}
    out = ""
    index = 0
    while index < len(text):
        if text[index] == "|" and index + 2 < len(text) and text[index + 1].isdigit() and text[index + 2] == "|":
            before = out.split("\n")
            positions[int(text[index + 1])] = types.Position(
                line=len(before) - 1, character=len(before[-1].encode("utf-16-le")) // 2)
            index += 3
            continue
        out += text[index]
        index += 1
    return out, positions
