import Engine
import FuzzSupport

/// A safetensors file of any bytes read as each kind of model file the engine takes beside a
/// model folder: a LoRA, a textual inversion, and a single-file checkpoint (its family and every
/// component's configuration read off its tensors' shapes).
runFuzzer { data, size in
    let path = file(data, size, suffix: "safetensors")
    _ = try? LoRAFile(path: path)
    _ = try? TextualInversionFile(path: path)
    if let checkpoint = try? SingleFileCheckpoint(path: path) {
        _ = try? checkpoint.componentConfigs()
    }
    return 0
}
