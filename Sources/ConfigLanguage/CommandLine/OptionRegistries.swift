import Foundation

/// The names option values are checked against: dgenerate's model types, data types, plugin
/// names and formats (the names its command line accepts), and the devices this machine has.
public enum OptionRegistries {
    public static let modelTypes = [
        "sd", "pix2pix", "sdxl", "sdxl-pix2pix", "kolors", "upscaler-x2", "upscaler-x4", "if", "ifs", "ifs-img2img",
        "s-cascade", "sd3", "sd3-pix2pix", "flux", "flux-fill", "flux-kontext",
    ]
    public static let dataTypes = ["auto", "bfloat16", "float16", "float32"]
    public static let promptWeighters = ["llm4gen", "sd-embed", "compel"]
    public static let promptUpscalers = ["translate", "attention", "magicprompt", "dynamicprompts"]
    public static let latentsProcessors = ["scale", "noise", "interposer"]
    public static let imageProcessors = [
        "mirror", "flip", "yolo", "midas", "u-sam", "sam", "letterbox", "outpaint-mask", "lineart-anime", "mlsd",
        "resize", "normal-bae", "inpaint", "teed", "grayscale", "invert", "solarize", "openpose", "hed", "dilate",
        "posterize", "patchmatch", "crop", "anyline", "paste", "pidi", "upscaler", "yolo-sam", "crop-to-mask", "canny",
        "lineart", "lineart-standard", "zoe", "gaussian-blur", "leres", "adetailer",
    ]
    public static let animationFormats = ["mp4", "gif", "png", "apng", "webp"]
    /// The image formats that write latent tensors instead of images.
    public static let tensorFormats = ["pt", "pth", "safetensors"]
    public static let imageFormats = [
        "avif", "avifs", "blp", "bmp", "dib", "bufr", "pcx", "dds", "ps", "eps", "gif", "grib", "h5", "hdf", "png", "apng",
        "jp2", "j2k", "jpc", "jpf", "jpx", "j2c", "icns", "ico", "im", "jfif", "jpe", "jpg", "jpeg", "tif", "tiff", "mpo",
        "msp", "palm", "pdf", "pbm", "pgm", "ppm", "pnm", "pfm", "qoi", "bw", "rgb", "rgba", "sgi", "tga", "icb", "vda",
        "vst", "webp", "wmf", "emf", "xbm", "pt", "pth", "safetensors",
    ]

    /// Counts the CUDA devices the engine can use: the executable installs one that asks its
    /// libtorch when it runs scripts and one that asks the NVIDIA driver in the editor tools
    /// (which never load libtorch); none counts none. Asked at most once per counter.
    public static var cudaDeviceCounter: (() -> Int)? {
        get { countLock.withLock { counter } }
        set { countLock.withLock { counter = newValue; counted = nil } }
    }
    private static let countLock = NSLock()
    nonisolated(unsafe) private static var counter: (() -> Int)?
    nonisolated(unsafe) private static var counted: Int?

    /// How many CUDA devices the engine sees (none in a CPU build of libtorch, or without a
    /// counter).
    public static var cudaDeviceCount: Int {
        countLock.withLock {
            if let counted { return counted }
            let count = max(0, counter?() ?? 0)
            counted = count
            return count
        }
    }

    /// Device types that work here, in dgenerate's order.
    public static var availableDeviceTypes: [String] { cudaDeviceCount > 0 ? ["cuda", "cpu"] : ["cpu"] }

    /// The default device.
    public static var defaultDevice: String { cudaDeviceCount > 0 ? "cuda" : "cpu" }

    /// A device as dgenerate names one: `cpu`, `cuda` or `xpu`, optionally with `:N`.
    public struct DeviceName: Equatable, Sendable {
        public let type: String
        /// The ordinal's digits after the colon, nil without one.
        public let ordinalDigits: Substring?
        /// The ordinal as a number; nil without one, or past Int's range.
        public var ordinal: Int? { ordinalDigits.flatMap { Int($0) } }
    }

    /// `text` as a device name (`cuda`, `cuda:1`), nil for any other text (no type, an empty or
    /// non-decimal ordinal); whether this machine has the device is `isDevice`'s question.
    public static func deviceName(_ text: String) -> DeviceName? {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let type = parts.first, ["cpu", "cuda", "xpu"].contains(type) else { return nil }
        guard parts.count == 2 else { return DeviceName(type: String(type), ordinalDigits: nil) }
        guard !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return DeviceName(type: String(type), ordinalDigits: parts[1])
    }

    /// `cpu`, `cuda`, `xpu`, each optionally with `:N`, where such a device exists.
    public static func isDevice(_ text: String) -> Bool {
        guard let device = deviceName(text) else { return false }
        switch device.type {
        case "cuda": return device.ordinalDigits == nil ? cudaDeviceCount > 0 : (device.ordinal.map { $0 < cudaDeviceCount } ?? false)
        case "xpu": return false
        default: return true
        }
    }

    /// dgenerate's message for a device that is not there.
    public static func invalidDeviceMessage(_ text: String) -> String {
        if let device = deviceName(text), device.type == "cuda", let ordinal = device.ordinal, ordinal >= cudaDeviceCount {
            return "CUDA device ordinal \(ordinal) is invalid, no such device exists."
        }
        return "Must be one of: \(EnglishList.joined(availableDeviceTypes, "or")), Optionally with a device ordinal, "
            + "for example (\(defaultDevice):0, \(defaultDevice):1, etc..). Unknown value: \(text)"
    }
}
