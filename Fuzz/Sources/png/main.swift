import Engine
import FuzzSupport

/// A PNG file of any bytes, read as an RGB image.
runFuzzer { data, size in
    _ = try? RGBImage(pngFile: file(data, size, suffix: "png"))
    return 0
}
