import Engine
import Foundation
import Testing
import Templating

/// Text to image on the committed tiny model (`examples/models/tiny-sd`, written by
/// `dgenerate-make-tiny-model`) against the images dgenerate 5.0.0 made from it
/// (`Fixtures/txt2img/output/`, recorded by `record_txt2img.py` there: the five schedulers,
/// seeds 1 and 2, with and without a negative prompt, batch size 2, 5 steps, 32x32). Every
/// channel of every pixel must be within 2/255 of the reference's.
@Suite struct TextToImageTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let model = root + "/examples/models/tiny-sd"
    static let reference = Bundle.module.url(forResource: "Fixtures/txt2img/output", withExtension: nil)?.path ?? ""

    static let pipeline: StableDiffusionPipeline? = try? StableDiffusionPipeline(folder: model)

    static let schedulers = ["EulerDiscreteScheduler", "EulerAncestralDiscreteScheduler", "DDIMScheduler", "PNDMScheduler",
                             "DPMSolverMultistepScheduler"]

    @Test(arguments: schedulers) func imagesMatchTheReference(_ scheduler: String) throws {
        let pipeline = try #require(Self.pipeline, "the tiny model loads")
        // the reference's step numbers: prompts vary slowest, then schedulers, then seeds
        var step = 0
        for (promptIndex, prompt) in [("a cat", nil), ("a cat", "blurry")].enumerated() {
            for (schedulerIndex, name) in Self.schedulers.enumerated() {
                for seed in [1, 2] {
                    step = promptIndex * 10 + schedulerIndex * 2 + seed
                    guard name == scheduler else { continue }
                    let images = try pipeline.generate(StableDiffusionPipeline.Request(
                        prompt: prompt.0, negativePrompt: prompt.1, seed: UInt64(seed), steps: 5, guidanceScale: 5,
                        width: 32, height: 32, batchSize: 2, scheduler: name))
                    #expect(images.count == 2)
                    for (index, image) in images.enumerated() {
                        let file = "\(Self.reference)/\(name)_s_\(seed)_g_5-0_i_5_step_\(step)_image_\(index + 1).png"
                        let expected = try RGBImage(pngFile: file)
                        #expect(image.width == expected.width && image.height == expected.height)
                        let worst = zip(image.pixels, expected.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 255
                        #expect(worst <= 2, "\(file): largest difference \(worst)/255")
                    }
                }
            }
        }
    }

    /// `--dtype bfloat16`: the components compute in bfloat16 and the noise is torch's
    /// bfloat16 stream, so the images are near the reference's bfloat16 images
    /// (`Fixtures/txt2img/bfloat16/`, recorded by `record_bfloat16.py`), which are far from its
    /// float32 ones. Half-precision kernels round differently across libtorch versions, so
    /// the bound is on the mean difference (8/255) and the largest (48/255), not 2/255.
    @Test func bfloat16ImagesAreNearTheReferences() throws {
        let pipeline = try StableDiffusionPipeline(folder: Self.model, dtype: .bfloat16)
        try pipeline.checkComputeType()
        let folder = Self.reference + "/../bfloat16"
        for seed in [1, 2] {
            let images = try pipeline.generate(StableDiffusionPipeline.Request(
                prompt: "a cat", negativePrompt: "blurry", seed: UInt64(seed), steps: 5, guidanceScale: 5,
                width: 32, height: 32, batchSize: 1, scheduler: "EulerDiscreteScheduler"))
            let expected = try RGBImage(pngFile: "\(folder)/EulerDiscreteScheduler_s_\(seed)_g_5-0_i_5_step_\(seed).png")
            let differences = zip(images[0].pixels, expected.pixels).map { abs(Int($0) - Int($1)) }
            let mean = Double(differences.reduce(0, +)) / Double(max(differences.count, 1))
            #expect(differences.count == 32 * 32 * 3)
            #expect(mean <= 8 && (differences.max() ?? 255) <= 48, "seed \(seed): mean \(mean), largest \(differences.max() ?? 0)")
        }
    }

    /// The same invocation through the `dgenerate` executable: what it prints is the
    /// reference's, byte for byte (`stdout.txt`), and it writes the reference's 40 files.
    @Test func commandLineRunMatchesTheReference() throws {
        let executable = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("dgenerate").path
        try #require(FileManager.default.isExecutableFile(atPath: executable), "the dgenerate executable is built")
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("t2i-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--no-stdin", Self.model, "--schedulers"] + Self.schedulers + [
            "--seeds", "1", "2", "--prompts", "a cat", "a cat; blurry", "--batch-size", "2", "--inference-steps", "5",
            "--output-size", "32", "--device", "cpu", "-ofm"]
        process.currentDirectoryURL = work
        process.environment = ProcessInfo.processInfo.environment.merging(["COLUMNS": "80"]) { _, new in new }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let expected = try String(contentsOfFile: Self.reference + "/../stdout.txt", encoding: .utf8)
        #expect(String(decoding: printed, as: UTF8.self).replacingOccurrences(of: Self.model, with: "MODEL") == expected)
        let written = try FileManager.default.contentsOfDirectory(atPath: work.path + "/output").sorted()
        let recorded = try FileManager.default.contentsOfDirectory(atPath: Self.reference).sorted()
        #expect(written == recorded)
        for name in written {
            let ours = try RGBImage(pngFile: work.path + "/output/" + name)
            let theirs = try RGBImage(pngFile: Self.reference + "/" + name)
            let worst = zip(ours.pixels, theirs.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 255
            #expect(ours.width == theirs.width && worst <= 2, "\(name): largest difference \(worst)/255")
        }
    }

    @Test func pngRoundTripsAndNeverLeavesAPartialFile() throws {
        let image = RGBImage(width: 2, height: 1, pixels: [255, 0, 0, 0, 128, 255])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("png-\(UUID().uuidString).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try image.writePNG(to: path, text: [("Comment", "made by a test")])
        #expect(try RGBImage(pngFile: path) == image)
        #expect(throws: ImageFileError.self) { try image.writePNG(to: "/no/such/dir/x.png") }
        // a write that fails after the partial file exists (its final name is a directory with
        // something in it, so the rename fails) leaves nothing behind
        let failing = path + ".failing.png"
        try FileManager.default.createDirectory(atPath: failing + "/inside", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: failing) }
        #expect(throws: ImageFileError.self) { try image.writePNG(to: failing) }
        #expect(!FileManager.default.fileExists(atPath: failing + ".unfinished"))
        #expect(throws: ImageFileError.self) { try RGBImage(width: 2, height: 2, pixels: [1, 2, 3]).writePNG(to: failing) }
        _ = FileManager.default.createFile(atPath: path, contents: Data("not a png".utf8))
        #expect(throws: ImageFileError.self) { try RGBImage(pngFile: path) }
    }
}
