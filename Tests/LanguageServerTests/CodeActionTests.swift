import LanguageServer
import TestSupport
import Testing

/// Code actions: a diagnostic's did-you-mean fix as a quick fix.
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
}
