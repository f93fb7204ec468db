import Engine
import Foundation
import Testing

/// Animations written through the media shim and read back: every format keeps the frame
/// count, the size and the timing; the lossless one keeps every pixel, the lossy ones stay
/// within their codec's error.
@Suite struct MediaTests {
    /// Six 48x32 frames of moving gradients and a square: smooth areas and sharp edges.
    static let frames: [RGBImage] = (0..<6).map { frame in
        var pixels = [UInt8](repeating: 0, count: 48 * 32 * 3)
        for y in 0..<32 {
            for x in 0..<48 {
                let inSquare = (x - frame * 4 + 48) % 48 < 12 && y >= 10 && y < 22
                pixels[(y * 48 + x) * 3] = UInt8(min(x * 5 + frame * 4, 255))
                pixels[(y * 48 + x) * 3 + 1] = inSquare ? 240 : UInt8(y * 7)
                pixels[(y * 48 + x) * 3 + 2] = inSquare ? 30 : UInt8(128 + frame * 10)
            }
        }
        return RGBImage(width: 48, height: 32, pixels: pixels)
    }

    static func temporaryFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("media-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Largest and mean absolute channel difference.
    static func difference(_ a: RGBImage, _ b: RGBImage) -> (largest: Int, mean: Double) {
        let differences = zip(a.pixels, b.pixels).map { abs(Int($0) - Int($1)) }
        return (differences.max() ?? 255, Double(differences.reduce(0, +)) / Double(max(differences.count, 1)))
    }

    @Test(arguments: [
        // format, extension, largest and mean difference allowed
        (AnimationWriter.Format.apng, "png", 0, 0.0),
        (.gif, "gif", 40, 6.0),
        (.mp4, "mp4", 80, 6.0),
        // lossy WebP halves the chroma resolution: at the square's edges the reference's Pillow
        // (quality 80) is off by up to 112 on these frames, 4.3 on average
        (.webp, "webp", 120, 6.0),
    ])
    func animationsReadBackAsWritten(_ format: AnimationWriter.Format, _ fileExtension: String, _ largest: Int, _ mean: Double) throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/out." + fileExtension
        let writer = try AnimationWriter(path: path, format: format, width: 48, height: 32, frameDuration: 0.1)
        for frame in Self.frames { try writer.add(frame) }
        #expect(!FileManager.default.fileExists(atPath: path), "nothing under the name before the animation is finished")
        try writer.finish()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out." + fileExtension])
        let reader = try MediaReader(path: path)
        #expect(reader.info.width == 48 && reader.info.height == 32)
        let read = try reader.frames()
        #expect(read.count == 6)
        if format == .mp4 {
            #expect(reader.info.frameRate == 10)
        } else {
            #expect(read.allSatisfy { abs(($0.duration ?? 0) - 0.1) < 0.011 }, "\(read.map(\.duration))")
        }
        for (index, (frame, expected)) in zip(read.map(\.image), Self.frames).enumerated() {
            let (worst, average) = Self.difference(frame, expected)
            #expect(worst <= largest && average <= mean, "frame \(index): largest \(worst), mean \(average)")
        }
    }

    @Test func anAbortedAnimationLeavesNoFile() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let writer = try AnimationWriter(path: folder + "/out.mp4", format: .mp4, width: 48, height: 32, frameDuration: 0.1)
        try writer.add(Self.frames[0])
        #expect(throws: ImageFileError.self) { try writer.add(RGBImage(width: 2, height: 2, pixels: [UInt8](repeating: 0, count: 12))) }
        writer.abort()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test func stillImagesAndBrokenFilesRead() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.frames[0].writePNG(to: folder + "/still.png")
        let still = try MediaReader(path: folder + "/still.png")
        let frames = try still.frames()
        #expect(frames.count == 1 && frames.first?.image == Self.frames[0])
        try Data("not an image".utf8).write(to: URL(fileURLWithPath: folder + "/text.png"))
        #expect(throws: ImageFileError.self) { _ = try MediaReader(path: folder + "/text.png").frames() }
        #expect(throws: ImageFileError.self) { _ = try MediaReader(path: folder + "/missing.png") }
    }

    /// Still seeds in each format dgenerate reads (`Fixtures/formats`, written and decoded by the
    /// reference's Pillow in `record_formats.py`): the lossless ones decode to Pillow's pixels
    /// exactly, JPEG too (both through libjpeg-turbo with its defaults).
    @Test(arguments: [("seed.png", 0), ("seed.bmp", 0), ("seed.tiff", 0), ("seed.webp", 0), ("seed.jpg", 0)]
          + (2...8).map { ("seed_orientation_\($0).jpg", 0) })
    func stillFormatsDecodeAsPillowDecodesThem(_ name: String, _ tolerance: Int) throws {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures/formats", withExtension: nil)?.path)
        let media = try SeedMedia.read(folder + "/" + name)
        let expected = try RGBImage(pngFile: folder + "/" + name + ".decoded.png")
        #expect(media.frames.count == 1 && !media.isAnimated)
        let image = try #require(media.frames.first)
        #expect(image.width == expected.width && image.height == expected.height)
        let (largest, _) = Self.difference(image, expected)
        #expect(largest <= tolerance, "\(name): largest difference \(largest)")
    }

    /// The inputs `fuzz-media` crashed the media shim with (`Fixtures/media-crashes`: the first
    /// byte picks the extension, as in the fuzz target): each is read to its end or refused with
    /// an error, never a crash.
    @Test func fuzzFindingsAreRefusedOrRead() throws {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures/media-crashes", withExtension: nil)?.path)
        let extensions = ["png", "gif", "jpg", "webp", "mp4", "bmp", "tiff", "webm"]
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names.count == 14)
        let work = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        var refused = 0
        for name in names {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
            guard let first = data.first else { continue }
            let path = work + "/" + name + "." + extensions[Int(first) % extensions.count]
            try data.dropFirst().write(to: URL(fileURLWithPath: path))
            do {
                _ = try SeedMedia.read(path, frameLimit: 64)
            } catch {
                refused += 1
            }
        }
        #expect(refused > 0)
    }
}
