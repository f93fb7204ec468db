import ConfigLanguage
import ConfigRuntime
import Foundation

/// An image seed's files, opened when its first step comes (as the reference identifies them
/// there) and turned into each step's pipeline input: the seed images and masks through
/// dgenerate's two resize stages, their sizes checked against each other.
struct ImageSeedLoader {
    let seed: ImageSeedURI
    /// The first frame of each seed image and mask, with the path as written.
    let images: [(path: String, image: RGBImage)]
    let masks: [(path: String, image: RGBImage)]

    /// Reads the seed's files (relative paths from `workingDirectory`); the error is the
    /// reference's for a file it cannot identify or read, or names what this build cannot do.
    init(_ seed: ImageSeedURI, workingDirectory: String, options: [String: [String]]) throws(ScriptError) {
        self.seed = seed
        if seed.controlImages != nil || seed.latents != nil || seed.adapterImages != nil || seed.floydImage != nil {
            throw ScriptError("image seeds with control images, latents, IP adapter images or a Deep Floyd image are not supported by this build yet")
        }
        // a plain list is ControlNet's form; img2img batches say `images:`
        if !seed.multiImage, (seed.images?.count ?? 0) > 1 {
            throw ScriptError("Image seed img2img input cannot contain multiple elements without using \"images: ...\" batching syntax. This syntax is reserved for ControlNet input.")
        }
        func read(_ path: String) throws(ScriptError) -> (path: String, media: SeedMedia) {
            if ImageSeedURI.isURL(path) { throw ScriptError("image seed URLs are not supported by this build yet: \"\(path)\"") }
            if let refusal = MediaTypes.refusal(path) { throw ScriptError(refusal) }
            let resolved = path.hasPrefix("/") ? path : (workingDirectory as NSString).appendingPathComponent(path)
            do {
                return (path, try SeedMedia.read(resolved, frameLimit: 2))
            } catch {
                throw ScriptError("Error loading image file, unknown format or invalid data: \"\(path)\"")
            }
        }
        let images = try (seed.images ?? []).map(read), masks = try (seed.masks ?? []).map(read)
        if (images + masks).contains(where: { $0.media.isAnimated }) {
            throw ScriptError("animated image seeds are not supported by this build yet")
        }
        // a still seed has one frame: any later start frame is out of its bounds
        let start = seed.frameStart ?? options["frame_start"]?.first.flatMap { Int($0) } ?? 0
        if start > 0 {
            throw ScriptError("Frame slice start value \(start) is out of bounds, total frame count is 1. Value must be less than (1 minus 1).")
        }
        self.images = images.compactMap { item in item.media.frames.first.map { (item.path, $0) } }
        self.masks = masks.compactMap { item in item.media.frames.first.map { (item.path, $0) } }
    }

    /// The pipeline input of one step: images and masks resized, their sizes matched.
    func input(outputSize: (width: Int, height: Int)?, noAspect: Bool, strength: Double) throws(ScriptError) -> ImageSeedInput {
        func stageOne(_ item: (path: String, image: RGBImage)) throws(ScriptError) -> (path: String, image: RGBImage) {
            do {
                return (item.path, try SeedSizing.stageOne(item.image, resize: seed.resize, aspect: seed.aspect, outputSize: outputSize, noAspect: noAspect))
            } catch {
                throw ScriptError("cannot resize \"\(item.path)\": \(error.message)")
            }
        }
        let images = try self.images.map(stageOne), masks = try self.masks.map(stageOne)
        let all = images + masks
        for first in all {
            for other in all where (first.image.width, first.image.height) != (other.image.width, other.image.height) {
                throw ScriptError("Dimension of \"\(first.path)\" (\(first.image.width)x\(first.image.height)) does not match \"\(other.path)\" (\(other.image.width)x\(other.image.height))")
            }
        }
        func stageTwo(_ image: RGBImage) throws(ScriptError) -> RGBImage {
            do {
                return try SeedSizing.stageTwo(image, outputSize: outputSize, noAspect: noAspect)
            } catch {
                throw ScriptError("cannot resize an image seed: \(error.message)")
            }
        }
        return ImageSeedInput(images: try images.map { item throws(ScriptError) in try stageTwo(item.image) },
                              masks: try masks.map { item throws(ScriptError) in try stageTwo(item.image) }, strength: strength)
    }
}
