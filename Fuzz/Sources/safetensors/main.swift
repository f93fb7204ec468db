import Engine
import Foundation

/// A safetensors file of any bytes: opened (header, offsets) and every tensor read.
let path = "/dev/shm/dgenerate-fuzz-\(getpid()).safetensors"

func fuzzSafetensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size))
    if let file = try? SafetensorsFile(path: path) {
        for (name, info) in file.tensors { _ = try? file.bytes(of: name); _ = info.elementCount }
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
    return fuzzSafetensors(data, size)
})
