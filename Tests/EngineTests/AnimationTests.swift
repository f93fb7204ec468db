import Engine
import Foundation
import Testing

/// Animated image seeds through the `dgenerate` executable on the committed tiny model, against
/// what dgenerate 5.0.0 made of the same inputs (`Fixtures/animations`, recorded by
/// `record_animations.py` there: a 6-frame GIF and a 6-frame MP4 sliced to frames 1...4, img2img
/// at strength 0.5, 5 Euler steps, written as GIF, MP4 and WebP). Each frame image must be within
/// 2/255 of the reference's; each animation must have the reference's frame count, size and
/// timing, and its decoded frames must be as near the frames put into it as the reference's own
/// animation's are to its frames (the codec's error on these noise-like frames: its recorded
/// `decoded_K.png` against its frame images), within a small margin.
@Suite struct AnimationTests {
    static let folder = Bundle.module.url(forResource: "Fixtures/animations", withExtension: nil)?.path ?? ""

    /// Case, seed URI, animation format and further options.
    static let cases: [(String, String, String, [String])] = [
        ("gif_to_gif", "inputs/anim6.gif;frame-start=1;frame-end=4", "gif", []),
        ("gif_to_mp4", "inputs/anim6.gif;frame-start=1;frame-end=4", "mp4", []),
        ("gif_to_webp", "inputs/anim6.gif;frame-start=1;frame-end=4", "webp", []),
        ("mp4_to_gif", "inputs/anim6.mp4;frame-start=1;frame-end=4", "gif", []),
        ("mp4_to_mp4", "inputs/anim6.mp4;frame-start=1;frame-end=4", "mp4", []),
        ("mp4_to_webp", "inputs/anim6.mp4;frame-start=1;frame-end=4", "webp", []),
        ("gif_frames_only", "inputs/anim6.gif;frame-start=1;frame-end=4", "frames", []),
        ("gif_no_frames", "inputs/anim6.gif;frame-start=1;frame-end=4", "gif", ["--no-frames"]),
    ]

    static func difference(_ a: RGBImage, _ b: RGBImage) -> (largest: Int, mean: Double) {
        let differences = zip(a.pixels, b.pixels).map { abs(Int($0) - Int($1)) }
        return (differences.max() ?? 255, Double(differences.reduce(0, +)) / Double(max(differences.count, 1)))
    }

    /// The seed's frames as this engine decodes them: the GIF exactly as drawn, the MP4 as
    /// PyAV decodes it to RGB (within swscale's rounding).
    @Test func seedFramesDecodeAsTheReferenceDecodesThem() throws {
        let gif = try SeedMedia.read(Self.folder + "/inputs/anim6.gif")
        #expect(gif.frames.count == 6 && gif.frameRate == 10)
        for (index, frame) in gif.frames.enumerated() {
            let drawn = try RGBImage(pngFile: Self.folder + "/inputs/anim6_frame_\(index + 1).png")
            #expect(frame == drawn, "GIF frame \(index + 1)")
        }
        let video = try SeedMedia.read(Self.folder + "/inputs/anim6.mp4")
        #expect(video.frames.count == 6 && video.frameRate == 10)
        for (index, frame) in video.frames.enumerated() {
            let decoded = try RGBImage(pngFile: Self.folder + "/inputs/anim6_mp4_decoded_\(index + 1).png")
            let (largest, mean) = Self.difference(frame, decoded)
            #expect(largest <= 2 && mean <= 0.5, "MP4 frame \(index + 1): largest \(largest), mean \(mean)")
        }
    }

    @Test(arguments: cases)
    func animationMatchesTheReference(_ name: String, _ seed: String, _ format: String, _ options: [String]) throws {
        let reference = Self.folder + "/output/" + name
        try #require(FileManager.default.fileExists(atPath: reference + "/stdout.txt"), "the case is recorded")
        let work = try Self.run(seed: seed, format: format, options: options)
        defer { try? FileManager.default.removeItem(atPath: work) }

        let written = try FileManager.default.contentsOfDirectory(atPath: work + "/output").sorted()
        let recorded = try FileManager.default.contentsOfDirectory(atPath: reference)
            .filter { !$0.hasPrefix("decoded_") && $0 != "container.json" && $0 != "stdout.txt" }.sorted()
        #expect(written == recorded)
        let frames = try written.filter { $0.hasSuffix(".png") }.map { name throws -> RGBImage in
            let ours = try RGBImage(pngFile: work + "/output/" + name)
            let theirs = try RGBImage(pngFile: reference + "/" + name)
            let (worst, _) = Self.difference(ours, theirs)
            #expect(ours.width == theirs.width && ours.height == theirs.height && worst <= 2, "\(name): largest difference \(worst)/255")
            return ours
        }
        #expect(frames.count == (options.contains("--no-frames") ? 0 : 4))
        guard format != "frames" else {
            #expect(!written.contains { $0.hasPrefix("ANIM_") })
            return
        }
        let animation = try #require(written.first { $0.hasPrefix("ANIM_") })
        let reader = try MediaReader(path: work + "/output/" + animation)
        let decoded = try reader.frames()
        #expect(reader.info.width == 32 && reader.info.height == 32)
        #expect(decoded.count == 4)
        if format == "mp4" {
            #expect(reader.info.frameRate == 10)
        } else {
            // 100 ms a frame, as the reference's Pillow writes a 10-frames-a-second seed
            #expect(decoded.allSatisfy { abs(($0.duration ?? 0) - 0.1) < 0.011 }, "\(decoded.map(\.duration))")
        }
        // without frame files, the animation is compared with the frames of the run that wrote them
        let sources = frames.isEmpty ? try Self.frames(of: "gif_to_gif") : frames
        let referenceFrames = frames.isEmpty ? try Self.frameNames(of: "gif_to_gif") : recorded.filter { $0.hasSuffix(".png") }
        for (index, (frame, source)) in zip(decoded.map(\.image), sources).enumerated() {
            let (worst, average) = Self.difference(frame, source)
            let theirs = Self.difference(try RGBImage(pngFile: reference + "/decoded_\(index + 1).png"),
                                         try RGBImage(pngFile: Self.folder + "/output/" + (frames.isEmpty ? "gif_to_gif/" : "\(name)/") + referenceFrames[index]))
            #expect(worst <= theirs.largest + 24 && average <= theirs.mean * 1.1 + 0.5,
                    "\(animation) frame \(index + 1): largest \(worst), mean \(average); the reference's: \(theirs.largest), \(theirs.mean)")
        }
    }

    /// Runs the recorder's invocation (img2img at strength 0.5, 5 Euler steps, seed 1) on `seed`
    /// in a fresh folder holding the inputs; the folder, whose `output/` has what it wrote.
    static func run(seed: String, format: String, options: [String]) throws -> String {
        let work = try DgenerateRun.folder("anim")
        try FileManager.default.copyItem(atPath: folder + "/inputs", toPath: work + "/inputs")
        let run = try DgenerateRun.run(["--no-stdin", TextToImageTests.model, "--device", "cpu", "-ofm", "--prompts", "a cat", "--seeds", "1",
                                        "--inference-steps", "5", "--schedulers", "EulerDiscreteScheduler", "--image-seed-strengths", "0.5",
                                        "--image-seeds", seed, "--animation-format", format, "--output-path", "output"] + options, in: work)
        #expect(run.status == 0, "\(run.errors)")
        return work
    }

    static func frameNames(of name: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder + "/output/" + name).filter { $0.contains("_frame_") }.sorted()
    }

    static func frames(of name: String) throws -> [RGBImage] {
        try frameNames(of: name).map { try RGBImage(pngFile: folder + "/output/\(name)/" + $0) }
    }

    /// A GIF seed with a still mask: every frame is generated and written (divergence E8; the
    /// reference's still reader runs out one frame early and its animation has 3 frames), and
    /// the frames both write are within 2/255 of each other.
    @Test func aStillMaskIsRepeatedOnEveryFrame() throws {
        let work = try Self.run(seed: "inputs/anim6.gif;mask=inputs/mask32.png;frame-start=1;frame-end=4", format: "gif", options: [])
        defer { try? FileManager.default.removeItem(atPath: work) }
        let ours = try FileManager.default.contentsOfDirectory(atPath: work + "/output").filter { $0.contains("_frame_") }.sorted()
        let theirs = try Self.frameNames(of: "gif_with_static_mask")
        #expect(ours.count == 4 && theirs.count == 3)
        for name in theirs {
            let (worst, _) = Self.difference(try RGBImage(pngFile: work + "/output/" + name),
                                             try RGBImage(pngFile: Self.folder + "/output/gif_with_static_mask/" + name))
            #expect(worst <= 2, "\(name): largest difference \(worst)/255")
        }
        let animation = try MediaReader(path: work + "/output/ANIM_EulerDiscreteScheduler_s_1_st_0-5_g_5-0_i_5_step_1.gif")
        #expect(try animation.frames().count == 4)
    }
}
