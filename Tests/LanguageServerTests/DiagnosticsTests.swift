import LanguageServer
import Testing

/// Diagnostics are published on open and on every change, at the right range.
struct DiagnosticsTests {
    @Test func anUnknownDirectiveIsReportedWhereItIs() throws {
        let client = TestClient()
        let script = Marked("\\set x 1\n1️⃣\\prnt2️⃣ {{ x }}\n")
        client.open(script.text)
        let diagnostic = try #require(client.diagnostics.first)
        #expect(diagnostic["range"] == lspRange(script.position(1), script.position(2)))
        #expect(diagnostic["message"].string?.contains("did you mean '\\print'") == true)
        #expect(diagnostic["severity"] == .int(1))
        #expect(diagnostic["code"] == .string("script.unknown-directive"))
    }

    @Test func anIncrementalFixClearsThem() {
        let client = TestClient()
        let script = Marked("\\set x 1\n\\pr1️⃣nt {{ x }}\n")
        client.open(script.text)
        #expect(client.diagnostics.count == 1)
        client.notify("textDocument/didChange", [
            "textDocument": .object(["uri": .string(client.uri), "version": .int(2)]),
            "contentChanges": .array([.object(["range": lspRange(script.position(1), script.position(1)), "text": .string("i")])]),
        ])
        #expect(client.diagnostics.isEmpty)
        client.notify("textDocument/didChange", [
            "textDocument": .object(["uri": .string(client.uri), "version": .int(3)]),
            "contentChanges": .array([.object(["text": .string("{% if %}\n")])]),
        ])
        #expect(client.diagnostics.first?["message"].string?.isEmpty == false)
    }

    @Test func closingClearsThem() {
        let client = TestClient()
        client.open("\\nope\n")
        #expect(client.diagnostics.count == 1)
        client.notify("textDocument/didClose", ["textDocument": .object(["uri": .string(client.uri)])])
        #expect(client.diagnostics.isEmpty)
    }
}
