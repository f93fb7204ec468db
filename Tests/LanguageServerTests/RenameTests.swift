import LanguageServer
import TestSupport
import Testing

/// Rename of a template variable at its definition and every use.
struct RenameTests {
    static let script = Marked("\\set 1️⃣x2️⃣ 1\n\\print {{ 3️⃣x4️⃣ }}\n{% for i in [5️⃣x6️⃣] %}{% endfor %}\n")

    @Test func everyPlaceIsEdited() throws {
        let client = TestClient()
        client.open(Self.script.text)
        #expect(client.at("textDocument/prepareRename", Self.script.position(3)) == lspRange(Self.script.position(3), Self.script.position(4)))
        let edit = client.at("textDocument/rename", Self.script.position(3), ["newName": .string("size")])
        let edits = try #require(edit["changes"][client.uri].array)
        #expect(edits.map { $0["range"] } == [lspRange(Self.script.position(1), Self.script.position(2)),
                                              lspRange(Self.script.position(3), Self.script.position(4)),
                                              lspRange(Self.script.position(5), Self.script.position(6))])
        #expect(edits.allSatisfy { $0["newText"] == .string("size") })
    }

    @Test func aNameThatIsNoIdentifierIsRefused() {
        let client = TestClient()
        client.open(Self.script.text)
        let answer = client.request("textDocument/rename", ["textDocument": .object(["uri": .string(client.uri)]),
                                                            "position": Self.script.position(3), "newName": .string("not a name")])
        #expect(answer["error"]["code"] == .int(-32602))
    }
}
