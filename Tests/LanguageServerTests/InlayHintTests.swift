import LanguageServer
import TestSupport
import Testing

/// Inlay hints: how many images an invocation line writes, from its render plan.
struct InlayHintTests {
    @Test func countsComeFromThePlan() throws {
        let client = TestClient()
        let script = Marked("models/tiny --seeds 1 2 --guidance-scales 4 5 6 --batch-size 2 --prompts a1️⃣\n\\print x\nmodels/tiny --prompts b2️⃣\nmodels/{{ x }} --seeds 1\n")
        client.open(script.text)
        let hints = client.request("textDocument/inlayHint", ["textDocument": .object(["uri": .string(client.uri)])])["result"].array ?? []
        #expect(hints.map { $0["position"] } == [script.position(1), script.position(2)])
        #expect(hints.first?["label"] == .string(" → 12 images in 6 steps"))
        #expect(hints.last?["label"] == .string(" → 1 image"))
    }
}
