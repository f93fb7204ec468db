import LanguageServer
import TestSupport
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

    /// Invocations whose words are static are checked as the command line checks them, with the
    /// reference's words (recorded in docs/spec/invocations.md and the cli cases).
    @Test(arguments: [
        ("models/tiny 1️⃣--inference-steps2️⃣ x", "dgenerate: error: argument -ifs/--inference-steps: Must be an integer"),
        ("models/tiny --prompts a 1️⃣--nope2️⃣", "dgenerate: error: unrecognized arguments: --nope"),
        ("models/tiny 1️⃣--seeds-to-images2️⃣", "dgenerate: error: --seeds-to-images cannot be specified without --image-seeds."),
    ])
    func staticInvocationsAreChecked(_ marked: String, _ message: String) throws {
        let client = TestClient()
        let script = Marked(marked + "\n")
        client.open(script.text)
        let diagnostic = try #require(client.diagnostics.first)
        #expect(diagnostic["message"] == .string(message))
        #expect(diagnostic["range"] == lspRange(script.position(1), script.position(2)))
    }

    /// A template over a value only the run knows is left to the runtime; one over a constant
    /// is rendered and checked.
    @Test func invocationsWithTemplatesAreCheckedWhereTheirValuesAreKnown() {
        let client = TestClient()
        client.open("\\set steps $STEPS\nmodels/tiny --inference-steps {{ steps }}\n")
        #expect(client.diagnostics.isEmpty)
        let known = TestClient()
        known.open("\\set steps x\nmodels/tiny --inference-steps {{ steps }}\n")
        #expect(known.diagnostics.map { $0["message"] } == [.string("dgenerate: error: argument -ifs/--inference-steps: Must be an integer")])
    }

    /// Edits that arrive together are analysed once, at their last version.
    @Test func aBurstOfEditsPublishesOnce() {
        let client = TestClient()
        client.open("\\set x 1\n")
        let edits = (2...6).map { version in
            JSONValue.object(["jsonrpc": .string("2.0"), "method": .string("textDocument/didChange"), "params": .object([
                "textDocument": .object(["uri": .string(client.uri), "version": .int(version)]),
                "contentChanges": .array([.object(["text": .string(version == 6 ? "\\nope\n" : "\\set x \(version)\n")])]),
            ])]).encoded()
        }
        let published = client.server.handle(batch: edits).compactMap { JSONValue.decode($0) }
        #expect(published.count == 1)
        #expect(published.first?["params"]["version"] == .int(6))
        #expect(published.first?["params"]["diagnostics"].array?.count == 1)
    }
}
