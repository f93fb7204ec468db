import Foundation

/// An image seed's file as frames: a PNG through libpng (an animated PNG, and every other
/// format, through the media shim), each frame 8-bit RGB.
public struct SeedMedia: Sendable {
    public var frames: [RGBImage]
    /// Frames per second of an animated input (from the container, else from its first frame's
    /// display time); nil for a still image.
    public var frameRate: Double?
    public var isAnimated: Bool { frames.count > 1 }

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
        let rate = frames.count > 1 ? (reader.info.frameRate ?? first.duration.map { 1 / $0 }) : nil
        return SeedMedia(frames: frames.map(\.image), frameRate: rate)
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

/// dgenerate's sizing of image seeds: the requested size (or the image's own) aligned down to
/// a multiple of `align`; with the aspect kept, the width is taken and the height follows it,
/// aligned down.
public enum SeedSizing {
    public static func size(of image: (width: Int, height: Int), requested: (width: Int, height: Int)?, keepAspect: Bool,
                            align: Int = 8) -> (width: Int, height: Int) {
        guard let requested else { return (image.width - image.width % align, image.height - image.height % align) }
        let aligned = (width: requested.width - requested.width % align, height: requested.height - requested.height % align)
        if aligned == image { return image }
        guard keepAspect else { return aligned }
        let height = Int(Double(image.height) * (Double(aligned.width) / Double(image.width)))
        return (aligned.width, height - height % align)
    }
}
