import Engine
import Foundation

/// A component configuration (config.json) of any bytes, and every kind of value read from it.
let path = "/dev/shm/dgenerate-fuzz-\(getpid()).json"

func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
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

/// libFuzzer's driver, called from this program's own `main` (SwiftPM gives every executable
/// its own entry point, so libFuzzer's `main` is not linked).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

var argumentCount = CommandLine.argc
var argumentValues = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argumentCount, &argumentValues) { data, size in
    guard let data else { return 0 }
    return fuzzJSON(data, size)
})
