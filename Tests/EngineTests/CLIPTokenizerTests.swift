import Engine
import Foundation
import Testing
import Templating

/// CLIP's tokenizer against transformers' `CLIPTokenizer` with ftfy, as dgenerate 5.0.0 runs
/// it (`Fixtures/tokenizer/`, recorded by `record_tokenizer.py` there: a 300-merge vocabulary
/// trained on prompts, and 138 prompts covering case, contractions, numbers, punctuation runs,
/// HTML entities, ligatures, fullwidth forms, curly quotes, control characters, scripts without
/// Latin letters, emoji, special tokens and truncation at 77).
@Suite struct CLIPTokenizerTests {
    struct Case: Decodable {
        var prompt: String
        var tokens: [String]
        var input_ids: [Int]
    }

    struct Recording: Decodable { var cases: [Case] }

    static func fixture(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/tokenizer/" + name, withExtension: nil)?.path ?? ""
    }

    static let recording: Recording? = {
        guard let data = FileManager.default.contents(atPath: fixture("cases.json")) else { return nil }
        return try? JSONDecoder().decode(Recording.self, from: data)
    }()

    static let tokenizer: CLIPTokenizer? = try? CLIPTokenizer(vocabularyFile: fixture("vocab.json"), mergesFile: fixture("merges.txt"))

    @Test func everyRecordedPromptTokenizesAsTransformersDoes() throws {
        let recording = try #require(Self.recording)
        let tokenizer = try #require(Self.tokenizer)
        #expect(recording.cases.count >= 130)
        for item in recording.cases {
            #expect(tokenizer.tokens(item.prompt) == item.tokens, "\(item.prompt.debugDescription)")
            #expect(tokenizer.encode(item.prompt) == item.input_ids, "\(item.prompt.debugDescription)")
        }
    }

    /// The same tokenizer saved by transformers' fast tokenizer (`fast/`, written by
    /// `record_fast_tokenizer.py`: `tokenizer.json` alone, merges as pairs, a config without a
    /// real length limit) tokenizes every recorded prompt the same.
    @Test func aTokenizerJSONFileLoadsTheSameTokenizer() throws {
        let recording = try #require(Self.recording)
        let tokenizer = try CLIPTokenizer(folder: Self.fixture("fast"))
        #expect(tokenizer.maximumLength == 77)
        for item in recording.cases {
            #expect(tokenizer.encode(item.prompt) == item.input_ids, "\(item.prompt.debugDescription)")
        }
    }

    @Test func badFilesAreNamedInTheError() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("clip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let vocabulary = directory.appendingPathComponent("vocab.json").path
        let merges = directory.appendingPathComponent("merges.txt").path
        _ = FileManager.default.createFile(atPath: vocabulary, contents: Data("[1, 2".utf8))
        _ = FileManager.default.createFile(atPath: merges, contents: Data("#version: 0.2\na b\n".utf8))
        #expect { try CLIPTokenizer(vocabularyFile: vocabulary, mergesFile: merges) } throws: { error in
            (error as? TokenizerError)?.message.hasPrefix(vocabulary) == true
        }
        _ = FileManager.default.createFile(atPath: vocabulary, contents: Data(#"{"a": 0, "b": 1}"#.utf8))
        #expect { try CLIPTokenizer(vocabularyFile: vocabulary, mergesFile: merges) } throws: { error in
            (error as? TokenizerError)?.message.contains("<|startoftext|>") == true
        }
        _ = FileManager.default.createFile(atPath: merges, contents: Data("#version: 0.2\na b c\n".utf8))
        #expect { try CLIPTokenizer(vocabularyFile: vocabulary, mergesFile: merges) } throws: { error in
            (error as? TokenizerError)?.message.hasPrefix(merges + ":2:") == true
        }
    }
}
