import LanguageServer
import TestSupport
import Testing

/// Positions in documents with multi-byte and astral characters, in all three encodings.
struct PositionEncodingTests {
    static let script = Marked("\\set 1️⃣v2️⃣ 😀\n\\print é😀 {{ 3️⃣v4️⃣ }} 𝔸\n\\pr5️⃣nt 😀\n")

    @Test(arguments: ["utf-8", "utf-16", "utf-32"])
    func navigationAndEditsAgree(_ encoding: String) throws {
        let client = TestClient(encodings: [encoding])
        client.open(Self.script.text)
        let location = client.at("textDocument/definition", Self.script.position(3, encoding: encoding))
        #expect(location["range"] == lspRange(Self.script.position(1, encoding: encoding), Self.script.position(2, encoding: encoding)))
        let references = client.at("textDocument/references", Self.script.position(1, encoding: encoding))
        #expect(references.array?.map { $0["range"] }.contains(lspRange(Self.script.position(3, encoding: encoding),
                                                                          Self.script.position(4, encoding: encoding))) == true)
        // an edit after astral characters lands where the client meant it
        client.notify("textDocument/didChange", [
            "textDocument": .object(["uri": .string(client.uri), "version": .int(2)]),
            "contentChanges": .array([.object(["range": lspRange(Self.script.position(5, encoding: encoding), Self.script.position(5, encoding: encoding)),
                                               "text": .string("i")])]),
        ])
        #expect(client.diagnostics.isEmpty, "\(client.diagnostics)")
    }
}
