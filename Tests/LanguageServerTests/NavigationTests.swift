import LanguageServer
import TestSupport
import Testing

/// Definition, references and highlights of a `\set` variable.
struct NavigationTests {
    static let script = Marked("\\set 1️⃣x2️⃣ 1\n\\print {{ 3️⃣x4️⃣ }}\n\\print {{ 5️⃣x6️⃣ + 1 }}\n")

    @Test func definitionGoesToTheSet() {
        let client = TestClient()
        client.open(Self.script.text)
        let location = client.at("textDocument/definition", Self.script.position(3))
        #expect(location["uri"] == .string(client.uri))
        #expect(location["range"] == lspRange(Self.script.position(1), Self.script.position(2)))
    }

    @Test func referencesFindEveryUse() {
        let client = TestClient()
        client.open(Self.script.text)
        let references = client.at("textDocument/references", Self.script.position(5), ["context": .object(["includeDeclaration": .bool(true)])])
        let ranges = references.array?.map { $0["range"] } ?? []
        #expect(ranges == [lspRange(Self.script.position(1), Self.script.position(2)),
                           lspRange(Self.script.position(3), Self.script.position(4)),
                           lspRange(Self.script.position(5), Self.script.position(6))])
        let withoutDeclaration = client.at("textDocument/references", Self.script.position(5), ["context": .object(["includeDeclaration": .bool(false)])])
        #expect(withoutDeclaration.array?.count == 2)
        #expect(client.at("textDocument/documentHighlight", Self.script.position(1)).array?.count == 3)
    }
}
