import Engine
import Foundation

/// A safetensors file of any bytes: opened (header, offsets) and every tensor read.
let path = "/dev/shm/dgenerate-fuzz-\(getpid()).safetensors"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafetensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size))
    if let file = try? SafetensorsFile(path: path) {
        for (name, info) in file.tensors { _ = try? file.bytes(of: name); _ = info.elementCount }
    }
    return 0
}
