import CMediaAPI
import Foundation

/// Writes an animation (MP4 video, GIF, animated PNG or animated WebP) frame by frame through
/// the media shim. The file appears under its name only when `finish()` succeeds; until then it
/// is written under a temporary name, removed on failure.
public final class AnimationWriter {
    /// The containers, by dgenerate's `--animation-format` names (`png` is an animated PNG).
    public enum Format: String, Sendable, CaseIterable {
        case mp4, gif, png, apng, webp

        var container: String {
            switch self {
            case .mp4: "mp4"
            case .gif: "gif"
            case .png, .apng: "apng"
            case .webp: "webp"
            }
        }
    }

    public let path: String
    public let format: Format
    public let width: Int
    public let height: Int
    private var handle: cmedia_writer?
    private let api: UnsafePointer<cmedia_api>

    /// Starts `path`. `frameDuration` is each frame's display time in seconds; MP4 plays at its
    /// rounded reciprocal frames per second at 8 Mbit/s, as the reference writes it.
    public init(path: String, format: Format, width: Int, height: Int, frameDuration: Double) throws(ImageFileError) {
        self.path = path
        self.format = format
        self.width = width
        self.height = height
        do {
            api = try MediaLibrary.api()
        } catch {
            throw ImageFileError(file: path, "cannot load the media library: \(error.message)")
        }
        var handle: cmedia_writer? = nil
        let bitRate: Int64 = format == .mp4 ? 8_000_000 : 0
        guard api.pointee.writer_open(path, format.container, Int32(clamping: width), Int32(clamping: height), frameDuration, bitRate, &handle) == 0,
              let handle else {
            throw ImageFileError(file: path, cText(api.pointee.last_error()))
        }
        self.handle = handle
    }

    deinit { abort() }

    /// Adds a frame of the animation's size.
    public func add(_ image: RGBImage) throws(ImageFileError) {
        guard let handle else { throw ImageFileError(file: path, "the animation is already finished") }
        guard image.width == width, image.height == height, image.pixels.count == width * height * 3 else {
            throw ImageFileError(file: path, "a \(image.width)x\(image.height) frame in a \(width)x\(height) animation")
        }
        let status: Int32
        if format == .gif {
            let quantized = PaletteQuantizer.quantize(image)
            status = quantized.indices.withUnsafeBufferPointer { indices in
                quantized.palette.withUnsafeBufferPointer { api.pointee.writer_add(handle, indices.baseAddress, $0.baseAddress) }
            }
        } else {
            status = image.pixels.withUnsafeBufferPointer { api.pointee.writer_add(handle, $0.baseAddress, nil) }
        }
        guard status == 0 else {
            let message = cText(api.pointee.last_error())
            abort()
            throw ImageFileError(file: path, message)
        }
    }

    /// Completes the file and gives it its name.
    public func finish() throws(ImageFileError) {
        guard let handle else { throw ImageFileError(file: path, "the animation is already finished") }
        self.handle = nil
        guard api.pointee.writer_finish(handle) == 0 else { throw ImageFileError(file: path, cText(api.pointee.last_error())) }
    }

    /// Drops the animation and its temporary file.
    public func abort() {
        if let handle { api.pointee.writer_abort(handle) }
        handle = nil
    }
}
