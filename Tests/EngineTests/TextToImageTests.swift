import Engine
import Foundation
import Testing

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

    @Test func pngRoundTripsAndNeverLeavesAPartialFile() throws {
        let image = RGBImage(width: 2, height: 1, pixels: [255, 0, 0, 0, 128, 255])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("png-\(UUID().uuidString).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try image.writePNG(to: path, text: [("Comment", "made by a test")])
        #expect(try RGBImage(pngFile: path) == image)
        #expect(throws: ImageFileError.self) { try image.writePNG(to: "/no/such/dir/x.png") }
        #expect(!FileManager.default.fileExists(atPath: "/no/such/dir/x.png.unfinished"))
        _ = FileManager.default.createFile(atPath: path, contents: Data("not a png".utf8))
        #expect(throws: ImageFileError.self) { try RGBImage(pngFile: path) }
    }
}
