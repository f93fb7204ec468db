import Engine
import Foundation
import Testing

/// Textual inversions' tokens in the tokenizer, and the files LoRAs and textual inversions are
/// read from. Expected tokens and ids from transformers 4.55.2 and diffusers 0.35.1 on the
/// tokenizer fixture:
/// `CLIPTokenizer('vocab.json', 'merges.txt')`, `add_tokens([...])`, then diffusers'
/// `TextualInversionLoaderMixin._maybe_convert_prompt` and `tokenize`/`input_ids`.
@Suite struct AdapterFileTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var prompt: String
        var tokens: [String]
        var ids: [Int]
        var testDescription: String { prompt }
    }

    static let added = ["<sparkle>", "<shiny>", "<shiny>_1", "<shiny>_2", "cat-x"]

    static let cases: [Case] = [
        Case(prompt: "a <sparkle> cat", tokens: ["a</w>", "<sparkle>", "ca", "t</w>"], ids: [812, 320, 814, 555, 339, 813]),
        // matched case-sensitively before the text is lower-cased; several vectors stand together
        Case(prompt: "A<shiny>b <SPARKLE>", tokens: ["a</w>", "<shiny>", "<shiny>_1", "<shiny>_2", "b</w>", "<</w>", "sp", "ar", "k", "le</w>", "></w>"],
             ids: [812, 320, 815, 816, 817, 321, 283, 716, 525, 74, 543, 285, 813]),
        Case(prompt: "<shiny><sparkle>, cat-x and cat-xx", tokens: ["<shiny>", "<shiny>_1", "<shiny>_2", "<sparkle>", ",</w>", "cat-x", "an", "d</w>", "cat-x", "x</w>"],
             ids: [812, 815, 816, 817, 814, 267, 818, 531, 323, 818, 343, 813]),
        Case(prompt: "no added tokens here", tokens: ["n", "o</w>", "a", "d", "de", "d</w>", "to", "k", "e", "n", "s</w>", "h", "er", "e</w>"],
             ids: [812, 77, 334, 64, 67, 553, 323, 689, 74, 68, 77, 338, 71, 523, 324, 813]),
    ]

    @Test(arguments: cases)
    func addedTokensTokenizeAsTransformersDoes(_ test: Case) throws {
        let base = try #require(CLIPTokenizerTests.tokenizer)
        #expect(base.count == 814)
        let tokenizer = base.adding(Self.added)
        #expect(tokenizer.count == 819)
        #expect(tokenizer.tokens(test.prompt) == test.tokens)
        #expect(Array(tokenizer.encode(test.prompt).prefix(test.ids.count)) == test.ids)
        // the tokenizer added to is left as it was
        #expect(base.added.isEmpty)
    }

    static func temporaryFile(_ name: String, _ bytes: Data) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("adapter-\(UUID().uuidString)-\(name)").path
        try bytes.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The start of a pickle as `torch.save` writes it (protocol 2), and of a zip archive (its
    /// newer format): neither is read, since loading either runs the code it carries.
    @Test(arguments: [("embedding.pt", Data([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8])),
                      ("embedding.bin", Data("PK\u{3}\u{4}archive/data.pkl".utf8))])
    func pickledEmbeddingsAreRefused(_ name: String, _ bytes: Data) throws {
        let path = try Self.temporaryFile(name, bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: ModelFileError.self) { _ = try TextualInversionFile(path: path) }
        #expect(error.message.contains("pickled embeddings"))
    }

    @Test func aFileWithoutLoRAWeightsIsRefused() throws {
        let tensor = SafetensorsWriter.Tensor(name: "model.weight", dtype: .float32, shape: [2], data: Data(count: 8))
        let path = try Self.temporaryFile("plain.safetensors", SafetensorsWriter.encode([tensor]))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: ModelFileError.self) { _ = try LoRAFile(path: path) }
        #expect(error.message == "has no LoRA weights in kohya's or diffusers' layout")
    }

    @Test func aLoRAWithoutItsUpWeightIsRefused() throws {
        let tensor = SafetensorsWriter.Tensor(name: "lora_unet_mid_block_proj_in.lora_down.weight", dtype: .float32, shape: [1, 2], data: Data(count: 8))
        let path = try Self.temporaryFile("half.safetensors", SafetensorsWriter.encode([tensor]))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: ModelFileError.self) { _ = try LoRAFile(path: path) }
        #expect(error.message == "has no matching up weight")
    }
}
