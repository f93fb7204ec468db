import Engine
import Foundation
import Testing

/// img2img and inpainting on the committed tiny model against the images dgenerate 5.0.0 made
/// from the same inputs (`Fixtures/img2img/`, recorded by `record_img2img.py` there; the cases
/// and their arguments are in `cases.json`). Every channel of every pixel must be within 2/255.
@Suite struct ImageToImageTests {
    static let fixtures = Bundle.module.url(forResource: "Fixtures/img2img", withExtension: nil)?.path ?? ""

    static func input(_ name: String) throws -> RGBImage { try RGBImage(pngFile: "\(fixtures)/inputs/\(name)") }

    static func expectMatch(_ image: RGBImage, _ file: String) throws {
        let expected = try RGBImage(pngFile: "\(fixtures)/output/\(file)")
        #expect(image.width == expected.width && image.height == expected.height)
        let worst = zip(image.pixels, expected.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 255
        #expect(worst <= 2, "\(file): largest difference \(worst)/255")
    }

    /// `--image-seeds inputs/seed32.png --schedulers Euler DDIM --image-seed-strengths 0.5 0.8
    /// --seeds 1 2 --inference-steps 5`: steps go by scheduler, then seed, then strength.
    @Test(arguments: ["EulerDiscreteScheduler", "DDIMScheduler"])
    func img2imgMatchesTheReference(_ scheduler: String) throws {
        let pipeline = try #require(TextToImageTests.pipeline, "the tiny model loads")
        let seed32 = try Self.input("seed32.png")
        let first = scheduler == "EulerDiscreteScheduler" ? 1 : 5
        for (seedIndex, seed) in [1, 2].enumerated() {
            for (strengthIndex, strength) in [0.5, 0.8].enumerated() {
                let images = try pipeline.generate(StableDiffusionPipeline.Request(
                    prompt: "a cat", seed: UInt64(seed), steps: 5, guidanceScale: 5, width: 32, height: 32, scheduler: scheduler,
                    imageSeed: ImageSeedInput(images: [seed32], strength: strength)))
                let step = first + seedIndex * 2 + strengthIndex
                let label = strength == 0.5 ? "0-5" : "0-8"
                try Self.expectMatch(images[0], "img2img/\(scheduler)_s_\(seed)_st_\(label)_g_5-0_i_5_step_\(step).png")
            }
        }
    }

    /// One Euler generation of seed 1, 5 steps, "a cat".
    static func euler(_ input: ImageSeedInput, width: Int = 32, height: Int = 32, scheduler: String = "EulerDiscreteScheduler",
                      batch: Int = 1) throws -> [RGBImage] {
        let pipeline = try #require(TextToImageTests.pipeline, "the tiny model loads")
        return try pipeline.generate(StableDiffusionPipeline.Request(
            prompt: "a cat", seed: 1, steps: 5, guidanceScale: 5, width: width, height: height, batchSize: batch,
            scheduler: scheduler, imageSeed: input))
    }

    @Test func strengthOneMatchesTheReference() throws {
        let seed32 = try Self.input("seed32.png"), mask = try Self.input("mask32.png")
        try Self.expectMatch(Self.euler(ImageSeedInput(images: [seed32], strength: 1))[0],
                             "img2img_strength1/EulerDiscreteScheduler_s_1_st_1-0_g_5-0_i_5_step_1.png")
        try Self.expectMatch(Self.euler(ImageSeedInput(images: [seed32], masks: [mask], strength: 1))[0],
                             "inpaint_strength1/EulerDiscreteScheduler_s_1_st_1-0_g_5-0_i_5_step_1.png")
    }

    /// `seed32.png;mask=mask32.png` on the 4-channel tiny model: masked img2img, blended with the
    /// noised original outside the mask after each step.
    @Test(arguments: [("EulerDiscreteScheduler", 1), ("DDIMScheduler", 2)])
    func inpaintingMatchesTheReference(_ scheduler: String, _ step: Int) throws {
        let input = ImageSeedInput(images: [try Self.input("seed32.png")], masks: [try Self.input("mask32.png")], strength: 0.8)
        try Self.expectMatch(Self.euler(input, scheduler: scheduler)[0], "inpaint/\(scheduler)_s_1_st_0-8_g_5-0_i_5_step_\(step).png")
    }

    /// `images: seed32.png, seed32.png`: one generation of two images from one generator.
    @Test func batchedImagesMatchTheReference() throws {
        let seed32 = try Self.input("seed32.png")
        let images = try Self.euler(ImageSeedInput(images: [seed32, seed32], strength: 0.6), batch: 2)
        #expect(images.count == 2)
        for (index, image) in images.enumerated() {
            try Self.expectMatch(image, "batch/EulerDiscreteScheduler_s_1_st_0-6_g_5-0_i_5_step_1_image_\(index + 1).png")
        }
    }

    /// The resize cases (strength 0.2, one step, where a wrong resize shows): the seed through
    /// dgenerate's two resize stages gives the pixels the reference handed its pipeline
    /// (`pipeline_inputs/image_1.png`, exactly) and then the reference's image.
    @Test(arguments: [
        // case, input, URI resize, URI aspect, --output-size, --no-aspect
        ("resize_none_40x24", "seed40x24.png", nil, nil, nil, false),
        ("resize_out32", "seed40x24.png", nil, nil, (32, 32), false),
        ("resize_out32_noaspect", "seed40x24.png", nil, nil, (32, 32), true),
        ("resize_out64", "seed40x24.png", nil, nil, (64, 64), false),
        ("resize_uri32", "seed40x24.png", (32, 32), nil, nil, false),
        ("resize_uri32_noaspect", "seed40x24.png", (32, 32), false, nil, false),
        ("align_33x31", "seed33x31.png", nil, nil, nil, false),
        ("resize_nearest_32x16", "seed32x16.png", nil, nil, (32, 24), true),
    ] as [(String, String, (Int, Int)?, Bool?, (Int, Int)?, Bool)])
    func resizedSeedsMatchTheReference(_ name: String, _ file: String, _ resize: (Int, Int)?, _ aspect: Bool?,
                                       _ outputSize: (Int, Int)?, _ noAspect: Bool) throws {
        let seed = try SeedSizing.prepare(Self.input(file), resize: resize.map { (width: $0.0, height: $0.1) }, aspect: aspect,
                                          outputSize: outputSize.map { (width: $0.0, height: $0.1) }, noAspect: noAspect)
        let handed = try RGBImage(pngFile: "\(Self.fixtures)/output/\(name)/pipeline_inputs/image_1.png")
        #expect(seed.width == handed.width && seed.height == handed.height)
        let differing = zip(seed.pixels, handed.pixels).filter { $0 != $1 }.count
        #expect(differing == 0, "\(name): \(differing) channel values differ from what the reference's pipeline received")
        let image = try Self.euler(ImageSeedInput(images: [seed], strength: 0.2), width: seed.width, height: seed.height)[0]
        try Self.expectMatch(image, "\(name)/EulerDiscreteScheduler_s_1_st_0-2_g_5-0_i_5_step_1.png")
    }

    /// The project's tiny inpainting model (`TinyModel.write(inpainting: true)`, the model the
    /// recorder gave the reference), written once per test run.
    static let inpaintingPipeline: Result<StableDiffusionPipeline, any Error> = Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tiny-inpaint-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try TinyModel.write(to: folder, inpainting: true)
        return try StableDiffusionPipeline(folder: folder)
    }

    /// `inpaint9`: a 9-channel UNet reads the mask and the masked image's latents beside its
    /// input; steps go by scheduler, then strength (0.8, 1.0).
    @Test(arguments: ["EulerDiscreteScheduler", "DDIMScheduler"])
    func nineChannelInpaintingMatchesTheReference(_ scheduler: String) throws {
        let pipeline = try Self.inpaintingPipeline.get()
        let seed32 = try Self.input("seed32.png"), mask = try Self.input("mask32.png")
        for (index, strength) in [0.8, 1.0].enumerated() {
            let images = try pipeline.generate(StableDiffusionPipeline.Request(
                prompt: "a cat", seed: 1, steps: 5, guidanceScale: 5, width: 32, height: 32, scheduler: scheduler,
                imageSeed: ImageSeedInput(images: [seed32], masks: [mask], strength: strength)))
            let step = (scheduler == "EulerDiscreteScheduler" ? 1 : 3) + index
            try Self.expectMatch(images[0], "inpaint9/\(scheduler)_s_1_st_\(strength == 1 ? "1-0" : "0-8")_g_5-0_i_5_step_\(step).png")
        }
        // without a mask the inpainting model refuses, by name
        #expect(throws: TorchError.self) {
            _ = try pipeline.generate(StableDiffusionPipeline.Request(prompt: "a cat", seed: 1, steps: 2, width: 32, height: 32,
                                                                      imageSeed: ImageSeedInput(images: [seed32], strength: 0.5)))
        }
    }
}
