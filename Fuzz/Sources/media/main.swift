import Engine
import FuzzSupport

/// A seed file of any bytes, under the extension its first byte picks, read as dgenerate reads
/// image seeds: identified, decoded frame by frame (libavformat, libjpeg, libwebp, libpng).
let extensions = ["png", "gif", "jpg", "webp", "mp4", "bmp", "tiff", "webm"]
runFuzzer { data, size in
    guard let data, size > 1 else { return 0 }
    let suffix = extensions[Int(data[0]) % extensions.count]
    let path = file(data + 1, size - 1, suffix: suffix)
    if MediaTypes.refusal(path) == nil, let media = try? SeedMedia.read(path, frameLimit: 64) {
        _ = media.frames.first.map { $0.resized(to: 8, 8) }
    }
    return 0
}
