import Engine
import Foundation
import Testing
import Templating

/// The model options for local folders through the `dgenerate` executable: `--subfolder`
/// loads the pipeline from a folder inside the model path, `--revision` (which a folder does
/// not have) is accepted and kept in the reproducing config, and `--dtype float16` either runs
/// or, where libtorch has no half-precision kernels for the CPU, is refused by name.
@Suite struct ModelOptionTests {
    static func run(_ arguments: [String], in work: URL) throws -> (status: Int32, output: String) {
        let executable = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("dgenerate").path
        try #require(FileManager.default.isExecutableFile(atPath: executable), "the dgenerate executable is built")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--no-stdin"] + arguments
        process.currentDirectoryURL = work
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    static func workFolder() throws -> URL {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("options-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work.appendingPathComponent("parent"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: work.path + "/parent/tiny-sd", withDestinationPath: TextToImageTests.model)
        return work
    }

    static let small = ["--prompts", "a cat", "--seeds", "3", "--inference-steps", "2", "--output-size", "32", "--output-overwrite"]

    @Test func subfolderAndRevisionOfALocalFolder() throws {
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let direct = try Self.run(["parent/tiny-sd"] + Self.small + ["--output-path", "a"], in: work)
        #expect(direct.status == 0, "\(direct.output)")
        let nested = try Self.run(["parent", "--subfolder", "tiny-sd", "--revision", "v2", "--output-configs"] + Self.small + ["--output-path", "b"], in: work)
        #expect(nested.status == 0, "\(nested.output)")
        let name = "s_3_g_5-0_i_2_step_1"
        let first = try RGBImage(pngFile: work.path + "/a/\(name).png"), second = try RGBImage(pngFile: work.path + "/b/\(name).png")
        #expect(first == second)
        let config = try String(contentsOfFile: work.path + "/b/\(name).dgen", encoding: .utf8)
        #expect(config.contains("--revision v2 \\\n--subfolder tiny-sd \\\n"))
        let missing = try Self.run(["parent", "--subfolder", "nope"] + Self.small, in: work)
        #expect(missing.status == 1)
        #expect(missing.output.contains("parent/nope/model_index.json"), "\(missing.output)")
    }

    @Test func float16RunsOrIsRefusedByName() throws {
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let result = try Self.run(["parent/tiny-sd", "--dtype", "float16"] + Self.small, in: work)
        if result.status == 0 {
            #expect(FileManager.default.fileExists(atPath: work.path + "/output/s_3_g_5-0_i_2_step_1.png"))
        } else {
            #expect(result.output.contains("dgenerate: error: -t/--dtype float16 is not supported on this device by this libtorch: "), "\(result.output)")
            #expect(!FileManager.default.fileExists(atPath: work.path + "/output/s_3_g_5-0_i_2_step_1.png"))
        }
        let bfloat = try Self.run(["parent/tiny-sd", "--dtype", "bfloat16"] + Self.small, in: work)
        #expect(bfloat.status == 0, "\(bfloat.output)")
    }
}

/// A batch that cannot fit in memory is refused before anything is generated, with the sizes.
@Suite struct BatchMemoryTests {
    @Test func aMillionImagesAreRefused() {
        let request = StableDiffusionPipeline.Request(prompt: "x", seed: 1, width: 64, height: 64, batchSize: 1_000_000)
        #expect(throws: (any Error).self) { try EngineImageGenerator.checkMemory(for: request) }
        do {
            try EngineImageGenerator.checkMemory(for: request)
        } catch {
            #expect(error.message.hasPrefix("--batch-size 1000000 at 64x64 needs at least "))
        }
    }

    @Test func anOrdinaryBatchPasses() throws {
        try EngineImageGenerator.checkMemory(for: StableDiffusionPipeline.Request(prompt: "x", seed: 1, width: 512, height: 512, batchSize: 4))
    }
}
