"""Every feature of the server, once each, through a real client."""
from lsprotocol import types

from conftest import marked, open_document


def doc(uri):
    return types.TextDocumentIdentifier(uri=uri)


async def definition_start(client, uri, position):
    """Where the definition of what is at `position` starts."""
    definition = await client.text_document_definition_async(types.DefinitionParams(text_document=doc(uri), position=position))
    location = definition if isinstance(definition, types.Location) else definition[0]
    return location.range.start


async def references(client, uri, position, declaration):
    return await client.text_document_references_async(types.ReferenceParams(
        text_document=doc(uri), position=position, context=types.ReferenceContext(include_declaration=declaration)))


async def test_completion(client):
    text, at = marked("\\se|1|\n")
    uri = await open_document(client, text)
    result = await client.text_document_completion_async(types.CompletionParams(text_document=doc(uri), position=at[1]))
    labels = [item.label for item in result.items]
    assert "\\set" in labels and "\\setp" in labels


async def test_path_completion(client):
    # paths complete from the script's folder (the fixtures)
    text, at = marked("models/tiny --image-seeds cle|1|\n")
    uri = await open_document(client, text)
    result = await client.text_document_completion_async(types.CompletionParams(text_document=doc(uri), position=at[1]))
    assert sorted(item.label for item in result.items) == ["clean.dgen", "clean.diagnostics"]


async def test_hover(client):
    text, at = marked("models/tiny --infer|1|ence-steps 5\n")
    uri = await open_document(client, text)
    result = await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=at[1]))
    assert "--inference-steps" in result.contents.value


async def test_definition_references_and_highlight(client):
    text, at = marked("\\set |1|x 1\n\\print {{ |2|x }} {{ x }}\n")
    uri = await open_document(client, text)
    assert await definition_start(client, uri, at[2]) == at[1]
    assert len(await references(client, uri, at[2], declaration=True)) == 3
    highlights = await client.text_document_document_highlight_async(types.DocumentHighlightParams(text_document=doc(uri), position=at[1]))
    assert len(highlights) == 3


async def test_rename(client):
    text, at = marked("\\set |1|x 1\n\\print {{ x }}\n")
    uri = await open_document(client, text)
    edit = await client.text_document_rename_async(types.RenameParams(text_document=doc(uri), position=at[1], new_name="size"))
    assert len(edit.changes[uri]) == 2 and all(e.new_text == "size" for e in edit.changes[uri])


async def test_symbols_folding_and_tokens(client):
    uri = await open_document(client, "\\set x 1\n# a\n# b\n{% for i in [1] %}\n\\print {{ i }}\n{% endfor %}\n")
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc(uri)))
    assert [s.name for s in symbols] == ["x", "{% for i in [1] %}"]
    folds = await client.text_document_folding_range_async(types.FoldingRangeParams(text_document=doc(uri)))
    assert {(f.start_line, f.end_line) for f in folds} == {(1, 2), (3, 5)}
    tokens = await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(text_document=doc(uri)))
    assert list(tokens.data[:5]) == [0, 0, 4, 0, 0]


async def test_signature_help(client):
    text, at = marked("\\print {{ align_size('8x8', |1|) }}\n")
    uri = await open_document(client, text)
    help = await client.text_document_signature_help_async(types.SignatureHelpParams(text_document=doc(uri), position=at[1]))
    assert help.signatures[0].label.startswith("align_size(") and help.active_parameter == 1


async def test_code_action(client):
    text, at = marked("|1|\\prnt hello\n")
    uri = await open_document(client, text)
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=doc(uri), range=types.Range(start=at[1], end=at[1]), context=types.CodeActionContext(diagnostics=[])))
    assert actions[0].edit.changes[uri][0].new_text == "\\print"


async def test_inlay_hints(client):
    uri = await open_document(client, "models/tiny --seeds 1 2 --prompts a\n")
    hints = await client.text_document_inlay_hint_async(types.InlayHintParams(
        text_document=doc(uri), range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=1, character=0))))
    assert [h.label for h in hints] == [" → 2 images in 2 steps"]


async def test_positions_after_astral_characters(client):
    text, at = marked("\\set |1|v 1\n\\print 😀é {{ |2|v }}\n")
    uri = await open_document(client, text)
    assert await definition_start(client, uri, at[2]) == at[1]
    assert (await references(client, uri, at[1], declaration=False))[0].range.start == at[2]


async def test_semantic_token_delta(client):
    uri = await open_document(client, "\\set x 1\n\\print {{ x }}\n")
    first = await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(text_document=doc(uri)))
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text="\\set x 1\n\\set y 2\n\\print {{ x }}\n")]))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    delta = await client.text_document_semantic_tokens_full_delta_async(types.SemanticTokensDeltaParams(
        text_document=doc(uri), previous_result_id=first.result_id))
    data = list(first.data)
    for edit in delta.edits:
        data[edit.start:edit.start + edit.delete_count] = list(edit.data or [])
    full = await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(text_document=doc(uri)))
    assert data == list(full.data)


async def test_formatting(client):
    uri = await open_document(client, "  \\set x 1   \nmodels/tiny --prompts a \\\n--seeds 1\n")
    edits = await client.text_document_formatting_async(types.DocumentFormattingParams(
        text_document=doc(uri), options=types.FormattingOptions(tab_size=4, insert_spaces=True)))
    assert sorted((e.range.start.line, e.range.start.character, e.new_text) for e in edits) == [(0, 0, ""), (0, 10, ""), (2, 0, "    ")]
