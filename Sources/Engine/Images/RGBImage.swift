import CPNG
import Foundation

/// An 8-bit RGB image (rows top to bottom, 3 bytes a pixel), read and written as PNG.
public struct RGBImage: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Reads a PNG file.
    public init(pngFile path: String) throws(ImageFileError) {
        var buffer: UnsafeMutablePointer<UInt8>? = nil
        var width: Int32 = 0, height: Int32 = 0
        var message = [CChar](repeating: 0, count: 256)
        guard cpng_read_rgb(path, &buffer, &width, &height, &message, message.count) == 0, let buffer else {
            throw ImageFileError(file: path, String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        defer { cpng_free(buffer) }
        self.width = Int(width)
        self.height = Int(height)
        pixels = Array(UnsafeBufferPointer(start: buffer, count: Int(width) * Int(height) * 3))
    }

    /// Writes a PNG file with `text` chunks (key, value), through a temporary name that is
    /// renamed when complete: a failure never leaves a partial file under `path`.
    public func writePNG(to path: String, text: [(String, String)] = []) throws(ImageFileError) {
        guard width > 0, height > 0, pixels.count == width * height * 3 else {
            throw ImageFileError(file: path, "\(pixels.count) bytes are not a \(width)x\(height) RGB image")
        }
        let partial = path + ".unfinished"
        var message = [CChar](repeating: 0, count: 256)
        let keys = text.map { strdup($0.0) }, values = text.map { strdup($0.1) }
        defer { (keys + values).forEach { free($0) } }
        guard !(keys + values).contains(where: { $0 == nil }) else { throw ImageFileError(file: path, "out of memory") }
        let status = pixels.withUnsafeBufferPointer { rgb in
            keys.map { UnsafePointer($0) }.withUnsafeBufferPointer { keyPointers in
                values.map { UnsafePointer($0) }.withUnsafeBufferPointer { valuePointers in
                    cpng_write_rgb(partial, rgb.baseAddress, Int32(width), Int32(height), keyPointers.baseAddress,
                                   valuePointers.baseAddress, Int32(text.count), &message, message.count)
                }
            }
        }
        guard status == 0 else {
            unlink(partial)
            throw ImageFileError(file: path, String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        guard rename(partial, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(partial)
            throw ImageFileError(file: path, reason)
        }
    }
}

extension RGBImage {
    /// The image turned upright for an EXIF orientation (1 to 8), as Pillow's `exif_transpose`
    /// turns it: mirrored, rotated or transposed; the image itself for 1 or an unknown value.
    public func oriented(_ orientation: Int) -> RGBImage {
        guard (2...8).contains(orientation), width > 0, height > 0 else { return self }
        let swaps = orientation >= 5
        let newWidth = swaps ? height : width, newHeight = swaps ? width : height
        var out = [UInt8](repeating: 0, count: pixels.count)
        for y in 0..<newHeight {
            for x in 0..<newWidth {
                // the source pixel of each output pixel
                let (sx, sy): (Int, Int)
                switch orientation {
                case 2: (sx, sy) = (width - 1 - x, y)
                case 3: (sx, sy) = (width - 1 - x, height - 1 - y)
                case 4: (sx, sy) = (x, height - 1 - y)
                case 5: (sx, sy) = (y, x)
                case 6: (sx, sy) = (y, height - 1 - x)
                case 7: (sx, sy) = (width - 1 - y, height - 1 - x)
                default: (sx, sy) = (width - 1 - y, x)
                }
                for c in 0..<3 { out[(y * newWidth + x) * 3 + c] = pixels[(sy * width + sx) * 3 + c] }
            }
        }
        return RGBImage(width: newWidth, height: newHeight, pixels: out)
    }
}

/// An image file that cannot be read or written.
public struct ImageFileError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var message: String
    public init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }
    public var description: String { "\(file): \(message)" }
}
