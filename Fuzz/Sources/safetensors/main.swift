import Engine
import FuzzSupport

/// A safetensors file of any bytes: opened (header, offsets) and every tensor read.
runFuzzer { data, size in
    if let opened = try? SafetensorsFile(path: file(data, size, suffix: "safetensors")) {
        for (name, info) in opened.tensors {
            _ = try? opened.bytes(of: name)
            _ = info.elementCount
        }
    }
    return 0
}
