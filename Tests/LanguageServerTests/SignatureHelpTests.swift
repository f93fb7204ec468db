import LanguageServer
import TestSupport
import Testing

/// Signature help names the template function being called and the argument being typed.
struct SignatureHelpTests {
    @Test(arguments: [
        ("\\print {{ align_size('512x512', 1️⃣) }}", "align_size", 1),
        ("\\print {{ align_size(1️⃣ }}", "align_size", 0),
        ("\\print {{ quote(format_size((1, 2)1️⃣), True) }}", "format_size", 0),
        ("{% set s = align_size('5x5', 8, 1️⃣) %}", "align_size", 2),
    ])
    func theCallAtTheMarker(_ marked: String, _ function: String, _ active: Int) throws {
        let client = TestClient()
        let script = Marked(marked)
        client.open(script.text)
        let help = client.at("textDocument/signatureHelp", script.position(1))
        let label = try #require(help["signatures"].array?.first?["label"].string)
        #expect(label.hasPrefix(function + "("), "\(label)")
        #expect(help["activeParameter"] == .int(active))
    }

    @Test func nothingOutsideACall() {
        let client = TestClient()
        let script = Marked("\\print {{ x 1️⃣}} align_size(2️⃣\n")
        client.open(script.text)
        #expect(client.at("textDocument/signatureHelp", script.position(1)) == .null)
        #expect(client.at("textDocument/signatureHelp", script.position(2)) == .null)
    }
}
