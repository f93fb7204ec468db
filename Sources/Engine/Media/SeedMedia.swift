import Foundation

/// An image seed's file as frames: a PNG through libpng (an animated PNG, and every other
/// format, through the media shim), each frame 8-bit RGB.
public struct SeedMedia: Sendable {
    public var frames: [RGBImage]
    /// Frames per second of an animated input (from the container, else from its first frame's
    /// display time); nil for a still image.
    public var frameRate: Double?
    /// Whether it is read as an animation (a video, or an image of several frames).
    public var isAnimated: Bool { frameRate != nil }

    public init(frames: [RGBImage], frameRate: Double?) {
        self.frames = frames
        self.frameRate = frameRate
    }

    /// Reads `path`, keeping at most `frameLimit` frames.
    public static func read(_ path: String, frameLimit: Int = .max) throws(ImageFileError) -> SeedMedia {
        if path.lowercased().hasSuffix(".png"), !isAnimatedPNG(path) {
            return SeedMedia(frames: [try RGBImage(pngFile: path)], frameRate: nil)
        }
        let reader = try MediaReader(path: path)
        defer { reader.close() }
        let frames = try reader.frames(limit: frameLimit)
        guard let first = frames.first else { throw ImageFileError(file: path, "has no frame") }
        // a video plays at its container's rate; an animated image at its first frame's duration
        let isVideo = MediaTypes.guess(path).map(MediaTypes.isVideo) ?? false
        let rate = isVideo ? reader.info.frameRate : first.duration.map { 1 / $0 } ?? reader.info.frameRate
        // a photo shows upright, as the reference turns it by its EXIF orientation
        let upright = frames.map { $0.image.oriented(reader.info.orientation) }
        return SeedMedia(frames: upright, frameRate: frames.count > 1 || isVideo ? rate ?? 1 : nil)
    }

    /// Whether a PNG file has an animation control chunk before its image data.
    static func isAnimatedPNG(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 8), header.count == 8 else { return false }
        while let lengthBytes = try? handle.read(upToCount: 8), lengthBytes.count == 8 {
            let length = lengthBytes.prefix(4).reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: lengthBytes.suffix(4), as: UTF8.self)
            if type == "acTL" { return true }
            if type == "IDAT" || type == "IEND" { return false }
            guard let offset = try? handle.offset(), (try? handle.seek(toOffset: offset + UInt64(length) + 4)) != nil else { return false }
        }
        return false
    }
}

/// dgenerate's sizing of image seeds, in its two stages: the seed's own resize (to its URI's
/// `resize=`, else `--output-size`; not aligned), then the pipeline's (to `--output-size`, else
/// the image's size, aligned down to 8). Each stage that changes the size resamples with
/// dgenerate's filter choice, so that the model sees the reference's pixels.
public enum SeedSizing {
    /// dgenerate's size rule: `requested` (or the image's size) aligned down to `align`; with the
    /// aspect kept, the requested width and the height that follows it (truncated, aligned down).
    public static func size(of image: (width: Int, height: Int), requested: (width: Int, height: Int)?, keepAspect: Bool,
                            align: Int?) -> (width: Int, height: Int) {
        let step = max(align ?? 1, 1)
        guard let requested else { return (image.width - image.width % step, image.height - image.height % step) }
        let aligned = (width: requested.width - requested.width % step, height: requested.height - requested.height % step)
        if aligned == image { return image }
        guard keepAspect, image.width > 0 else { return aligned }
        let height = Int(Double(image.height) * (Double(aligned.width) / Double(image.width)))
        return (aligned.width, height - height % step)
    }

    /// An image (or mask) as the pipeline receives it: both stages.
    public static func prepare(_ image: RGBImage, resize: (width: Int, height: Int)?, aspect: Bool?,
                               outputSize: (width: Int, height: Int)?, noAspect: Bool) throws(ImageFileError) -> RGBImage {
        try stageTwo(stageOne(image, resize: resize, aspect: aspect, outputSize: outputSize, noAspect: noAspect),
                     outputSize: outputSize, noAspect: noAspect)
    }

    /// The seed's own resize: to its URI's `resize=` (`aspect=`), else to `--output-size`
    /// (aspect kept unless `--no-aspect`); not aligned.
    public static func stageOne(_ image: RGBImage, resize: (width: Int, height: Int)?, aspect: Bool?,
                                outputSize: (width: Int, height: Int)?, noAspect: Bool) throws(ImageFileError) -> RGBImage {
        guard let first = resize ?? outputSize else { return image }
        return try resized(image, to: size(of: (image.width, image.height), requested: first, keepAspect: aspect ?? !noAspect, align: nil))
    }

    /// The pipeline's resize: to `--output-size` (aspect kept unless `--no-aspect`), else to the
    /// image's own size, aligned down to 8.
    public static func stageTwo(_ image: RGBImage, outputSize: (width: Int, height: Int)?, noAspect: Bool) throws(ImageFileError) -> RGBImage {
        let target = outputSize ?? (image.width, image.height)
        return try resized(image, to: size(of: (image.width, image.height), requested: target, keepAspect: outputSize != nil && !noAspect, align: 8))
    }

    static func resized(_ image: RGBImage, to size: (width: Int, height: Int)) throws(ImageFileError) -> RGBImage {
        guard size.width > 0, size.height > 0 else {
            throw ImageFileError(file: "", "a \(image.width)x\(image.height) image cannot be resized to \(size.width)x\(size.height)")
        }
        return image.resized(to: size.width, size.height)
    }
}
