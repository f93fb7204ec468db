import Foundation
import LanguageServer
import TestSupport
import Testing

/// Completion offers what the analysis layer finds, replacing the word typed so far.
struct CompletionTests {
    static let cases: [(String, String)] = [
        ("\\se1️⃣", "\\setp"),
        ("models/tiny --infer1️⃣", "--inference-steps"),
        ("models/tiny --model-type s1️⃣", "sdxl"),
        ("\\print {{ las1️⃣ }}", "last_seeds"),
        ("\\print {{ x|up1️⃣ }}", "upper"),
        ("{% fo1️⃣ %}", "for"),
        ("\\setp x le1️⃣", "len"),
    ]

    @Test(arguments: cases)
    func itemsAtTheMarker(_ marked: String, _ expected: String) throws {
        let client = TestClient()
        let script = Marked(marked)
        client.open(script.text)
        let items = client.at("textDocument/completion", script.position(1))["items"].array ?? []
        let item = try #require(items.first { $0["label"] == .string(expected) }, "\(marked): no \(expected)")
        // the edit replaces what was typed: it ends at the marker
        #expect(item["textEdit"]["range"]["end"] == script.position(1))
        #expect(item["textEdit"]["newText"] == .string(expected))
    }

    @Test func nothingInAComment() {
        let client = TestClient()
        let script = Marked("# comment1️⃣\n")
        client.open(script.text)
        #expect(client.at("textDocument/completion", script.position(1))["items"].array?.isEmpty == true)
    }

    /// Paths complete from the script's folder, for the model and options that take paths,
    /// and not inside a URI's settings.
    @Test func pathsFromTheScriptsFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dgen-paths-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("models/tiny"), withIntermediateDirectories: true)
        try Data().write(to: folder.appendingPathComponent("models/style.safetensors"))
        try Data().write(to: folder.appendingPathComponent("seed.png"))
        func labels(_ marked: String) -> [String] {
            let client = TestClient(uri: folder.appendingPathComponent("script.dgen").absoluteString)
            let script = Marked(marked)
            client.open(script.text)
            return (client.at("textDocument/completion", script.position(1))["items"].array ?? []).compactMap { $0["label"].string }
        }
        #expect(labels("mod1️⃣") == ["models/"])
        #expect(labels("models/1️⃣ --prompts x") == ["models/style.safetensors", "models/tiny/"])
        #expect(labels("models/tiny --image-seeds se1️⃣") == ["seed.png"])
        #expect(labels("models/tiny --loras \"models/st1️⃣") == ["\"models/style.safetensors"])
        #expect(labels("models/tiny --loras models/style.safetensors;sc1️⃣").isEmpty)
        #expect(labels("models/tiny --prompts mo1️⃣").isEmpty)
    }
}
