import Engine
import Foundation

/// A PNG file of any bytes, read as an RGB image.
let path = "/dev/shm/dgenerate-fuzz-\(getpid()).png"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNG(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size))
    _ = try? RGBImage(pngFile: path)
    return 0
}
