import CAV
import CCurl
import CPNG
import CTorch

/// Versions of the native libraries the engine is linked against, read from the libraries
/// themselves at run time.
public enum NativeLibraries {
    /// libtorch's version, e.g. "1.13.1".
    public static var torchVersion: String { String(cString: ctorch_version()) }

    /// libtorch's intra-op thread count.
    public static var torchThreads: Int { Int(ctorch_get_num_threads()) }

    /// Sets libtorch's intra-op thread count.
    /// - Parameter count: at least 1.
    public static func setTorchThreads(_ count: Int) throws(NativeLibraryError) {
        guard ctorch_set_num_threads(Int32(clamping: count)) == CTORCH_OK else {
            throw NativeLibraryError(message: String(cString: ctorch_last_error()))
        }
    }

    /// libpng's version as "major.minor.patch".
    public static var pngVersion: String {
        let number = cpng_version_number()
        return "\(number / 10000).\(number / 100 % 100).\(number % 100)"
    }

    /// libavformat's version as "major.minor.micro".
    public static var avformatVersion: String {
        let number = cav_format_version()
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
