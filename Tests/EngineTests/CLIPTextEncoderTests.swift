import Engine
import Foundation
import Testing
import Templating

/// The CLIP text encoder against transformers' `CLIPTextModel` on the same weights
/// (`Fixtures/clip/`, recorded by `record_text_encoder.py` there): the conditioning a Stable
/// Diffusion pipeline passes on, with and without clip skip; and broken model folders.
@Suite struct CLIPTextEncoderTests {
    struct Case: Decodable {
        var prompt: String
        var clip_skip: Int?
        var ids: [Int]
        var shape: [Int]
        var values: [Double]
    }

    struct Recording: Decodable { var cases: [Case] }

    static let folder = Bundle.module.url(forResource: "Fixtures/clip/text_encoder", withExtension: nil)?.path ?? ""
    static let tokenizerFolder = Bundle.module.url(forResource: "Fixtures/tokenizer", withExtension: nil)?.path ?? ""

    @Test func matchesTransformers() throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/clip/outputs", withExtension: "json"))
        let recording = try JSONDecoder().decode(Recording.self, from: try Data(contentsOf: url))
        let encoder = try CLIPTextEncoder(folder: Self.folder)
        let tokenizer = try CLIPTokenizer(vocabularyFile: Self.tokenizerFolder + "/vocab.json", mergesFile: Self.tokenizerFolder + "/merges.txt")
        #expect(recording.cases.count == 3)
        for item in recording.cases {
            #expect(tokenizer.encode(item.prompt) == item.ids)
            let output = try encoder.encode([item.ids], clipSkip: item.clip_skip)
            #expect(output.shape == item.shape)
            let values = try output.floats()
            let worst = zip(values, item.values).map { abs(Double($0) - $1) }.max() ?? .infinity
            #expect(values.count == item.values.count && worst < 1e-5, "\(item.prompt): largest difference \(worst)")
        }
    }

    /// A copy of the fixture folder, changed by `edit`.
    func brokenCopy(_ edit: (String) throws -> Void) throws -> String {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("te-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: Self.folder, toPath: copy)
        try edit(copy)
        return copy
    }

    @Test func brokenFoldersAreNamed() throws {
        let missingConfig = try brokenCopy { try FileManager.default.removeItem(atPath: $0 + "/config.json") }
        #expect(throws: ModelFileError(file: missingConfig + "/config.json", "missing")) { try CLIPTextEncoder(folder: missingConfig) }

        let badJSON = try brokenCopy { try Data("{\"hidden_size\": 32,".utf8).write(to: URL(fileURLWithPath: $0 + "/config.json")) }
        #expect { try CLIPTextEncoder(folder: badJSON) } throws: { error in
            (error as? ModelFileError)?.description.hasPrefix(badJSON + "/config.json: is not valid JSON") == true
        }

        let wrongShape = try brokenCopy { folder in
            let path = folder + "/config.json"
            let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "\"intermediate_size\": 37", with: "\"intermediate_size\": 38")
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect { try CLIPTextEncoder(folder: wrongShape) } throws: { error in
            let error = error as? ModelFileError
            return error?.tensor == "text_model.encoder.layers.0.mlp.fc1.weight" && error?.message == "has shape [37, 32], the configuration needs [38, 32]"
        }

        let truncated = try brokenCopy { folder in
            let path = folder + "/model.safetensors"
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            try data.prefix(data.count - 100).write(to: URL(fileURLWithPath: path))
        }
        #expect { try CLIPTextEncoder(folder: truncated) } throws: { error in
            (error as? ModelFileError)?.message.contains("truncated") == true
        }
        for folder in [missingConfig, badJSON, wrongShape, truncated] { try? FileManager.default.removeItem(atPath: folder) }
    }
}
