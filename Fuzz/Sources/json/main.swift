import Engine
import FuzzSupport

/// A component configuration (config.json) of any bytes, and every kind of value read from it.
runFuzzer { data, size in
    if let config = try? ComponentConfig(path: file(data, size, suffix: "json")) {
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
