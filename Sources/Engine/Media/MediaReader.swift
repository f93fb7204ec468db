import CMediaAPI
import Foundation

/// A still image, an animated image or a video, read through the media shim (libavformat and
/// libavcodec) as 8-bit RGB frames in order.
public final class MediaReader {
    /// The frame size and what the container says of its timing.
    public struct Info: Sendable, Equatable {
        public var width: Int
        public var height: Int
        /// Frames per second, when the container gives a rate.
        public var frameRate: Double?
        /// The number of frames, when the container records it.
        public var frameCount: Int?
        /// libavformat's short name of the container ("gif", "png_pipe", "mov,mp4,m4a,3gp,3g2,mj2").
        public var container: String
        /// A JPEG's EXIF orientation (1 to 8); 1 for everything else.
        public var orientation: Int = 1
    }

    /// The most pixels a frame may have (Pillow's limit).
    public static let pixelLimit = 178_956_970

    public let path: String
    public let info: Info
    private var handle: cmedia_reader?
    private let api: UnsafePointer<cmedia_api>

    /// Opens `path`; a file that is not an image or video libavformat can decode is an error.
    public init(path: String) throws(ImageFileError) {
        self.path = path
        do {
            api = try MediaLibrary.api()
        } catch {
            throw ImageFileError(file: path, "cannot load the media library: \(error.message)")
        }
        var handle: cmedia_reader? = nil
        guard api.pointee.reader_open(path, &handle) == 0, let handle else {
            throw ImageFileError(file: path, cText(api.pointee.last_error()))
        }
        var raw = cmedia_info()
        api.pointee.reader_info(handle, &raw)
        // Pillow's limit against decompression bombs, before a frame's buffer is made
        let pixels = Int(raw.width) * Int(raw.height)
        guard pixels <= Self.pixelLimit else {
            api.pointee.reader_close(handle)
            throw ImageFileError(file: path, "Image size (\(pixels) pixels) exceeds limit of \(Self.pixelLimit) pixels, could be decompression bomb DOS attack.")
        }
        self.handle = handle
        let rate = raw.rate_numerator > 0 && raw.rate_denominator > 0 ? Double(raw.rate_numerator) / Double(raw.rate_denominator) : nil
        info = Info(width: Int(raw.width), height: Int(raw.height), frameRate: rate,
                    frameCount: raw.frame_count > 0 ? Int(raw.frame_count) : nil, container: cText(raw.format_name),
                    orientation: (1...8).contains(Int(raw.orientation)) ? Int(raw.orientation) : 1)
    }

    deinit { close() }

    /// Frees the decoder; later reads find no frame.
    public func close() {
        if let handle { api.pointee.reader_close(handle) }
        handle = nil
    }

    /// The next frame and how long it shows (seconds; nil when the container does not say), or
    /// nil after the last.
    public func next() throws(ImageFileError) -> (image: RGBImage, duration: Double?)? {
        guard let handle else { return nil }
        var pixels = [UInt8](repeating: 0, count: info.width * info.height * 3)
        var duration = 0.0
        let status = pixels.withUnsafeMutableBufferPointer { api.pointee.reader_next(handle, $0.baseAddress, $0.count, &duration) }
        if status < 0 { throw ImageFileError(file: path, cText(api.pointee.last_error())) }
        guard status == 1 else { return nil }
        return (RGBImage(width: info.width, height: info.height, pixels: pixels), duration > 0 ? duration : nil)
    }

    /// Every remaining frame (at most `limit`).
    public func frames(limit: Int = .max) throws(ImageFileError) -> [(image: RGBImage, duration: Double?)] {
        var frames: [(image: RGBImage, duration: Double?)] = []
        while frames.count < limit, let frame = try next() { frames.append(frame) }
        return frames
    }
}
