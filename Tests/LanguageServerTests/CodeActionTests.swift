import LanguageServer
import TestSupport
import Testing

/// Code actions: a diagnostic's fix as a quick fix; quoting a value spread over words.
struct CodeActionTests {
    @Test func anUnknownDirectiveOffersItsFix() throws {
        let client = TestClient()
        let script = Marked("1️⃣\\prnt2️⃣ hello\n")
        client.open(script.text)
        let actions = client.request("textDocument/codeAction", [
            "textDocument": .object(["uri": .string(client.uri)]), "range": lspRange(script.position(1), script.position(1)),
            "context": .object(["diagnostics": .array([])]),
        ])["result"].array ?? []
        let action = try #require(actions.first)
        #expect(action["kind"] == .string("quickfix"))
        let edit = try #require(action["edit"]["changes"][client.uri].array?.first)
        #expect(edit["newText"] == .string("\\print"))
        #expect(edit["range"] == lspRange(script.position(1), script.position(2)))
    }

    func actions(_ client: TestClient, at position: JSONValue) -> [JSONValue] {
        client.request("textDocument/codeAction", [
            "textDocument": .object(["uri": .string(client.uri)]), "range": lspRange(position, position),
            "context": .object(["diagnostics": .array([])]),
        ])["result"].array ?? []
    }

    @Test func aValueSpreadOverWordsIsQuoted() throws {
        let client = TestClient()
        let script = Marked("models/tiny --prompts 1️⃣a c3️⃣at on a mat2️⃣\n")
        client.open(script.text)
        let action = try #require(actions(client, at: script.position(3)).first)
        #expect(action["kind"] == .string("refactor.rewrite"))
        let edit = try #require(action["edit"]["changes"][client.uri].array?.first)
        #expect(edit["newText"] == .string("\"a cat on a mat\""))
        #expect(edit["range"] == lspRange(script.position(1), script.position(2)))
    }

    @Test func unrecognizedArgumentsOfferQuoting() throws {
        let client = TestClient()
        let script = Marked("models/tiny --output-prefix 1️⃣my image2️⃣ --prompts cat\n")
        client.open(script.text)
        let fixes = actions(client, at: script.position(2)).filter { $0["kind"] == .string("quickfix") }
        let edit = try #require(fixes.first?["edit"]["changes"][client.uri].array?.first)
        #expect(edit["newText"] == .string("\"my image\""))
        #expect(edit["range"] == lspRange(script.position(1), script.position(2)))
    }
}
