import ConfigLanguage
import ConfigRuntime
import Foundation

/// An image seed's files, opened when its first step comes (as the reference identifies them
/// there) and turned into each step's (or each frame's) pipeline input: the seed images and
/// masks through dgenerate's two resize stages, their sizes checked against each other. A seed
/// with an animated file is an animation over the frames its slice keeps; its still files are
/// repeated on every frame.
struct ImageSeedLoader {
    let seed: ImageSeedURI
    /// The frames read of each seed image and mask, with the path as written.
    let images: [(path: String, media: SeedMedia)]
    let masks: [(path: String, media: SeedMedia)]
    /// The first frame of the slice, and how many it has.
    let frameStart: Int
    let info: ImageSeedInfo

    /// Reads the seed's files (relative paths from the context's working directory, URLs through
    /// the web cache); the error is the reference's for a file it cannot identify or read, or
    /// names what this build cannot do.
    init(_ seed: ImageSeedURI, context: ImageSeedContext) throws(ScriptError) {
        let options = context.options
        self.seed = seed
        if seed.controlImages != nil || seed.latents != nil || seed.adapterImages != nil || seed.floydImage != nil {
            throw ScriptError("image seeds with control images, latents, IP adapter images or a Deep Floyd image are not supported by this build yet")
        }
        // a plain list is ControlNet's form; img2img batches say `images:`
        if !seed.multiImage, (seed.images?.count ?? 0) > 1 {
            throw ScriptError("Image seed img2img input cannot contain multiple elements without using \"images: ...\" batching syntax. This syntax is reserved for ControlNet input.")
        }
        let start = seed.frameStart ?? options["frame_start"]?.first.flatMap { Int($0) } ?? 0
        let end = seed.frameEnd ?? options["frame_end"]?.first.flatMap { Int($0) }
        func read(_ path: String) throws(ScriptError) -> (path: String, media: SeedMedia) {
            let resolved: String
            if ImageSeedURI.isURL(path) {
                resolved = try context.fetch(path)
                if let refusal = MediaTypes.refusal(resolved) { throw ScriptError(refusal.replacingOccurrences(of: resolved, with: path)) }
            } else {
                if let refusal = MediaTypes.refusal(path) { throw ScriptError(refusal) }
                resolved = path.hasPrefix("/") ? path : (context.workingDirectory as NSString).appendingPathComponent(path)
            }
            do {
                return (path, try SeedMedia.read(resolved, frameLimit: end.map { max($0 + 1, 1) } ?? .max))
            } catch {
                throw ScriptError("Error loading image file, unknown format or invalid data: \"\(path)\"")
            }
        }
        images = try (seed.images ?? []).map(read)
        masks = try (seed.masks ?? []).map(read)
        frameStart = start
        // the shortest animation sets the length; the slice is counted as the reference counts it
        let animated = (images + masks).filter { $0.media.isAnimated }
        var count = 1
        var rate: Double? = nil
        if let first = animated.first {
            let total = animated.map(\.media.frames.count).min() ?? 1
            count = min(total, end.map { $0 + 1 } ?? total) - start
            rate = first.media.frameRate
        }
        if start > count - 1 {
            throw ScriptError("Frame slice start value \(start) is out of bounds, total frame count is \(count). Value must be less than (\(count) minus 1).")
        }
        info = ImageSeedInfo(frameCount: count, frameRate: rate)
    }

    /// Where an inpaint-cropped result goes back: the seed image and mask it was cropped from, and
    /// the crop's box.
    struct PasteBack {
        var crop: InpaintCrop
        var original: RGBImage
        var mask: RGBImage
        var box: (x0: Int, y0: Int, x1: Int, y1: Int)

        func paste(_ generated: RGBImage) -> RGBImage { crop.paste(generated, onto: original, mask: mask, box: box) }
    }

    /// The pipeline input of one step (frame 0 of a still seed) or of one frame of an
    /// animation: images and masks resized, their sizes matched; with `crop`, cropped to the
    /// mask, with where the result goes back.
    func input(frame: Int = 0, outputSize: (width: Int, height: Int)?, noAspect: Bool, strength: Double,
               crop: InpaintCrop? = nil) throws(ScriptError) -> (input: ImageSeedInput, pasteBack: PasteBack?) {
        func pick(_ item: (path: String, media: SeedMedia)) -> (path: String, image: RGBImage) {
            let frames = item.media.frames
            let index = item.media.isAnimated ? min(frameStart + frame, frames.count - 1) : 0
            return (item.path, frames[max(index, 0)])
        }
        // a cropped seed is not brought to the output size before it is cropped
        let firstSize = crop == nil ? outputSize : nil
        func stageOne(_ item: (path: String, image: RGBImage)) throws(ScriptError) -> (path: String, image: RGBImage) {
            do {
                return (item.path, try SeedSizing.stageOne(item.image, resize: seed.resize, aspect: seed.aspect, outputSize: firstSize, noAspect: noAspect))
            } catch {
                throw ScriptError("cannot resize \"\(item.path)\": \(error.message)")
            }
        }
        let images = try self.images.map(pick).map(stageOne), masks = try self.masks.map(pick).map(stageOne)
        let all = images + masks
        for first in all {
            for other in all where (first.image.width, first.image.height) != (other.image.width, other.image.height) {
                throw ScriptError("Dimension of \"\(first.path)\" (\(first.image.width)x\(first.image.height)) does not match \"\(other.path)\" (\(other.image.width)x\(other.image.height))")
            }
        }
        var seedImages = images.map(\.image), seedMasks = masks.map(\.image)
        var pasteBack: PasteBack? = nil
        if let crop {
            // dgenerate keeps the aspect only with an output size, and cropping needs it kept
            guard outputSize != nil, !noAspect else { throw ScriptError("aspect_correct=False is not compatible with inpaint_crop=True.") }
            guard let image = seedImages.first, let mask = seedMasks.first else {
                throw ScriptError("All image seeds must be inpainting definitions when --inpaint-crop or related arguments are used.")
            }
            guard let box = crop.bounds(of: mask) else { throw ScriptError("No white pixels found in mask for inpaint crop.") }
            pasteBack = PasteBack(crop: crop, original: image, mask: mask, box: box)
            seedImages = [InpaintCrop.crop(image, box)]
            seedMasks = [InpaintCrop.crop(mask, box)]
        }
        func stageTwo(_ image: RGBImage) throws(ScriptError) -> RGBImage {
            do {
                return try SeedSizing.stageTwo(image, outputSize: outputSize, noAspect: noAspect)
            } catch {
                throw ScriptError("cannot resize an image seed: \(error.message)")
            }
        }
        seedImages = try seedImages.map(stageTwo)
        seedMasks = try seedMasks.map(stageTwo)
        // an inpainting pipeline is given the output size itself (aligned to 8), and stretches
        // what differs to it with Lanczos, as diffusers' image processor does
        if !seedMasks.isEmpty, let outputSize {
            let width = outputSize.width - outputSize.width % 8, height = outputSize.height - outputSize.height % 8
            guard width > 0, height > 0 else { throw ScriptError("the output size \(outputSize.width)x\(outputSize.height) is smaller than 8 pixels") }
            seedImages = seedImages.map { $0.resized(to: width, height, filter: .lanczos) }
            seedMasks = seedMasks.map { $0.resized(to: width, height, filter: .lanczos) }
        }
        return (ImageSeedInput(images: seedImages, masks: seedMasks, strength: strength), pasteBack)
    }
}
