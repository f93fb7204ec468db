import Engine
import Foundation
import Testing
import Templating

/// `--output-configs` and `--output-metadata` through the `dgenerate` executable on the
/// committed tiny model, against what dgenerate 5.0.0 wrote for the same invocations
/// (`Tests/ConfigLanguageTests/Fixtures/cli/plan/reproducing_configs.json`, recorded by
/// `record_reproducing_configs.py` beside it): the `.dgen` file beside each image and the
/// PNG's `DgenerateConfig` chunk (tEXt in Latin-1 when the text fits, iTXt otherwise).
@Suite struct OutputMetadataTests {
    struct Case: Decodable {
        struct Image: Decodable {
            var file: String
            var config: String
            var chunk: String?
            var metadata: String?
        }
        var name: String
        var model: String
        var args: [String]
        var engine: Bool
        var images: [Image]
    }

    static let fixture = TextToImageTests.root + "/Tests/ConfigLanguageTests/Fixtures/cli/plan/reproducing_configs.json"

    /// The text chunks of a PNG file: (type, keyword, text).
    static func textChunks(_ path: String) throws -> [(String, String, String)] {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var chunks: [(String, String, String)] = []
        var index = 8
        while index + 8 <= bytes.count {
            let length = bytes[index..<index + 4].reduce(0) { $0 << 8 | Int($1) }
            let kind = String(decoding: bytes[index + 4..<index + 8], as: UTF8.self)
            let body = Array(bytes[index + 8..<min(bytes.count, index + 8 + length)])
            if kind == "tEXt" || kind == "iTXt", let zero = body.firstIndex(of: 0) {
                // an iTXt chunk has two flag bytes after the keyword
                guard kind == "tEXt" || body.count >= zero + 3 else {
                    Issue.record("\(path): truncated iTXt chunk")
                    break
                }
                let keyword = String(decoding: body[..<zero], as: UTF8.self)
                if kind == "tEXt" {
                    // Latin-1: each byte is the code point
                    chunks.append((kind, keyword, String(String.UnicodeScalarView(body[(zero + 1)...].map { Unicode.Scalar($0) }))))
                } else {
                    // compression flag and method, then language and translated keyword
                    var rest = body[(zero + 3)...]
                    for _ in 0..<2 { rest = rest[(rest.firstIndex(of: 0).map { $0 + 1 } ?? rest.endIndex)...] }
                    #expect(body[zero + 1] == 0, "uncompressed")
                    chunks.append((kind, keyword, String(decoding: rest, as: UTF8.self)))
                }
            }
            index += 12 + length
        }
        return chunks
    }

    @Test func configsAndMetadataMatchTheReference() throws {
        // the cases of options the engine runs (the others are the plan's test's)
        let cases = try JSONDecoder().decode([Case].self, from: Data(contentsOf: URL(fileURLWithPath: Self.fixture))).filter(\.engine)
        #expect(cases.count >= 8)
        #expect(cases.contains { $0.images.contains { $0.chunk == "iTXt" } } && cases.contains { $0.images.contains { $0.metadata?.contains("é") == true && $0.chunk == "tEXt" } })
        let executable = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("dgenerate").path
        try #require(FileManager.default.isExecutableFile(atPath: executable), "the dgenerate executable is built")
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("meta-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.createSymbolicLink(atPath: work.path + "/tiny-sd", withDestinationPath: TextToImageTests.model)
        // one script, one model load: each case an invocation line with its own output folder
        let lines = cases.enumerated().map { number, item in
            ([item.model] + item.args + ["--output-configs", "--output-metadata", "--output-path", "out\(number)"])
                .map { "\"" + $0.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }.joined(separator: " ")
        }
        try lines.joined(separator: "\n").write(toFile: work.path + "/cases.dgen", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--file", "cases.dgen"]
        process.currentDirectoryURL = work
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        for item in cases {
            for image in item.images {
                let config = try String(contentsOfFile: work.path + "/" + (image.file as NSString).deletingPathExtension + ".dgen", encoding: .utf8)
                #expect(config == image.config, "\(item.name): \(image.file)")
                let chunks = try Self.textChunks(work.path + "/" + image.file)
                #expect(chunks.count == 1)
                #expect(chunks.first?.0 == image.chunk && chunks.first?.1 == "DgenerateConfig", "\(item.name): \(image.file)")
                #expect(chunks.first?.2 == image.metadata, "\(item.name): \(image.file)")
            }
        }
    }
}
