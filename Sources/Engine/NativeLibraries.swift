import Foundation
import ConfigLanguage
import CCurl
import CTorchAPI
import CPNG

/// Versions of the native libraries the engine is linked against, read from the libraries
/// themselves at run time.
public enum NativeLibraries {
    /// libtorch's version, e.g. "1.13.1" (loads libtorch on first use).
    /// The libtorch file the process runs on (as mapped), once loaded.
    public static func torchLibraryPath() -> String? {
        // /proc files report no size: read to the end rather than by length
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/maps") else { return nil }
        defer { try? handle.close() }
        let maps = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        return maps.split(separator: "\n").lazy.compactMap { line -> String? in
            guard let slash = line.firstIndex(of: "/"), line.contains("libtorch_cpu") else { return nil }
            return String(line[slash...])
        }.first
    }

    public static func torchVersion() throws(NativeLibraryError) -> String {
        cText(try TorchLibrary.api().pointee.torch_version())
    }

    /// libtorch's intra-op thread count.
    public static func torchThreads() throws(NativeLibraryError) -> Int {
        Int(try TorchLibrary.api().pointee.get_num_threads())
    }

    /// Sets libtorch's intra-op thread count.
    /// - Parameter count: at least 1.
    public static func setTorchThreads(_ count: Int) throws(NativeLibraryError) {
        let torch = try TorchLibrary.api().pointee
        guard torch.set_num_threads(Int32(clamping: count)) == CTORCH_OK else {
            throw NativeLibraryError(message: cText(torch.last_error()))
        }
    }

    /// The OpenBLAS kernel family the engine names for a CPU with these `/proc/cpuinfo` flags
    /// (set as `OPENBLAS_CORETYPE` before libtorch loads, unless already set); nil for none.
    public static func openBLASCoreType(cpuFlags: [String]) -> String? {
        TorchLibrary.openBLASCoreType(cpuFlags: Set(cpuFlags.map { Substring($0) }))
    }

    /// How many CUDA devices libtorch can use: 0 with a CPU-only libtorch, without an NVIDIA
    /// driver, or when libtorch cannot be loaded (loads it on first use).
    public static func cudaDeviceCount() -> Int {
        guard let torch = try? TorchLibrary.api().pointee else { return 0 }
        return Int(torch.cuda_device_count())
    }

    /// Makes the tensors of later work on `device` (`cpu`, `cuda` or `cuda:N`, as
    /// `OptionRegistries.isDevice` accepts them; `cuda` is device 0), weights included, and
    /// returns its one name (`cpu`, `cuda:N`). The CPU, while nothing else was used, needs no
    /// call into libtorch (nor its loading).
    @discardableResult
    public static func useDevice(_ device: String) throws(NativeLibraryError) -> String {
        guard let parsed = OptionRegistries.deviceName(device.lowercased()), parsed.type == "cpu" || parsed.type == "cuda",
              let index = parsed.ordinalDigits == nil ? 0 : parsed.ordinal.flatMap({ Int32(exactly: $0) }) else {
            throw NativeLibraryError(message: "\(device) is not supported by this build (cpu and cuda only)")
        }
        let cuda = parsed.type == "cuda"
        let name = cuda ? "cuda:\(index)" : "cpu"
        deviceLock.lock()
        defer { deviceLock.unlock() }
        guard name != deviceInUse else { return name }
        let torch = try TorchLibrary.api().pointee
        guard torch.use_device(cuda ? 1 : 0, index) == CTORCH_OK else { throw NativeLibraryError(message: cText(torch.last_error())) }
        deviceInUse = name
        return name
    }

    private static let deviceLock = NSLock()
    /// The device libtorch makes tensors on now (the shim starts on the CPU).
    nonisolated(unsafe) private static var deviceInUse = "cpu"

    /// How the shim computes attention on this libtorch.
    public enum AttentionKind: Int32, Sendable {
        /// One head-batch slice at a time, each score matrix whole.
        case slices = 0
        /// libtorch 2.x's fused scaled_dot_product_attention.
        case fused = 1
        /// Blocks of query rows through oneDNN's sgemm (libtorch 1.x).
        case blocked = 2
    }

    public static func attentionKind() throws(NativeLibraryError) -> AttentionKind {
        AttentionKind(rawValue: try TorchLibrary.api().pointee.attention_kind()) ?? .slices
    }

    /// libpng's version as "major.minor.patch".
    public static var pngVersion: String {
        let number = cpng_version_number()
        return "\(number / 10000).\(number / 100 % 100).\(number % 100)"
    }

    /// libavformat's version as "major.minor.micro" (loads the media libraries on first use).
    public static func avformatVersion() throws(NativeLibraryError) -> String {
        let number = try MediaLibrary.api().pointee.format_version()
        return "\(number >> 16).\(number >> 8 & 0xFF).\(number & 0xFF)"
    }

    /// libcurl's version string.
    public static var curlVersion: String { String(cString: ccurl_version()) }
}

/// An error reported by a native library through its shim.
public struct NativeLibraryError: Error, Equatable {
    public let message: String
    public init(message: String) { self.message = message }
}

/// A C string the shims return (nil reads as empty).
func cText(_ pointer: UnsafePointer<CChar>?) -> String {
    pointer.map { String(cString: $0) } ?? ""
}
