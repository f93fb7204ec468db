import Engine
import Foundation

/// A component configuration (config.json) of any bytes, and every kind of value read from it.
let path = "/dev/shm/dgenerate-fuzz-\(getpid()).json"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size))
    if let config = try? ComponentConfig(path: path) {
        for key in ["a", "in_channels", "block_out_channels", "act_fn", "scale", "layers"] {
            _ = try? config.int(key)
            _ = try? config.double(key)
            _ = try? config.string(key)
            _ = try? config.ints(key)
            _ = try? config.strings(key)
        }
    }
    return 0
}
