import LanguageServer
import TestSupport
import Testing

/// Hover shows the documentation of what is under the cursor, with its range.
struct HoverTests {
    @Test(arguments: [
        ("1️⃣\\se3️⃣t2️⃣ x 1", "\\set"),
        ("models/tiny 1️⃣--infer3️⃣ence-steps2️⃣ 5", "--inference-steps"),
    ])
    func hoverNamesWhatIsThere(_ marked: String, _ expected: String) throws {
        let client = TestClient()
        let script = Marked(marked)
        client.open(script.text)
        let hover = client.at("textDocument/hover", script.position(3))
        #expect(hover["contents"]["kind"] == .string("markdown"))
        #expect(hover["contents"]["value"].string?.contains(expected) == true, "\(hover)")
        #expect(hover["range"] == lspRange(script.position(1), script.position(2)))
    }

    @Test func nothingOnBlankText() {
        let client = TestClient()
        let script = Marked("\n1️⃣\n")
        client.open(script.text)
        #expect(client.at("textDocument/hover", script.position(1)) == .null)
    }
}
