import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Opens a shim library that is built as its own shared object (beside the executable, else
/// on the loader's path) and resolves its functions.
enum ShimLibrary {
    static func open(_ fileName: String) -> Result<UnsafeMutableRawPointer, NativeLibraryError> {
        var candidates: [String] = []
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append((executable as NSString).deletingLastPathComponent + "/" + fileName)
        }
        candidates.append(fileName)
        var messages: [String] = []
        for path in candidates {
            if let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) { return .success(handle) }
            messages.append(String(cString: dlerror()))
        }
        return .failure(NativeLibraryError(message: "cannot load \(fileName): " + messages.joined(separator: "; ")))
    }

    static func symbol<T>(_ handle: UnsafeMutableRawPointer, _ name: String, _ type: T.Type) -> T? {
        dlsym(handle, name).map { unsafeBitCast($0, to: type) }
    }
}

/// libavformat and libavcodec (about 130 shared libraries with their dependencies), loaded on
/// first use like libtorch, so that starting the program does not map them all.
enum MediaLibrary {
    typealias VersionFunction = @convention(c) () -> UInt32

    struct Functions {
        let formatVersion: VersionFunction
    }

    static let loaded: Result<Functions, NativeLibraryError> = {
        switch ShimLibrary.open("libDgenerateMedia.so") {
        case .failure(let error): return .failure(error)
        case .success(let handle):
            guard let version = ShimLibrary.symbol(handle, "cav_format_version", VersionFunction.self) else {
                return .failure(NativeLibraryError(message: "libDgenerateMedia.so lacks the media shim's functions"))
            }
            return .success(Functions(formatVersion: version))
        }
    }()

    static func functions() throws(NativeLibraryError) -> Functions {
        try loaded.get()
    }
}

/// libtorch, loaded on first use: the C shim is built as its own shared library
/// (`libDgenerateTorch.so`, next to the executable) and opened with `dlopen`, so that a process
/// that never touches a model never pays for loading libtorch.
enum TorchLibrary {
    typealias VersionFunction = @convention(c) () -> UnsafePointer<CChar>
    typealias GetThreadsFunction = @convention(c) () -> Int32
    typealias SetThreadsFunction = @convention(c) (Int32) -> Int32
    typealias LastErrorFunction = @convention(c) () -> UnsafePointer<CChar>

    struct Functions {
        let version: VersionFunction
        let getThreads: GetThreadsFunction
        let setThreads: SetThreadsFunction
        let lastError: LastErrorFunction
    }

    /// The shim's functions, or why they could not be loaded.
    static let loaded: Result<Functions, NativeLibraryError> = load()

    static func functions() throws(NativeLibraryError) -> Functions {
        try loaded.get()
    }

    private static func load() -> Result<Functions, NativeLibraryError> {
        let handle: UnsafeMutableRawPointer
        switch ShimLibrary.open("libDgenerateTorch.so") {
        case .success(let opened): handle = opened
        case .failure(let error): return .failure(error)
        }
        guard let version = ShimLibrary.symbol(handle, "ctorch_version", VersionFunction.self),
              let getThreads = ShimLibrary.symbol(handle, "ctorch_get_num_threads", GetThreadsFunction.self),
              let setThreads = ShimLibrary.symbol(handle, "ctorch_set_num_threads", SetThreadsFunction.self),
              let lastError = ShimLibrary.symbol(handle, "ctorch_last_error", LastErrorFunction.self) else {
            return .failure(NativeLibraryError(message: "libDgenerateTorch.so lacks the torch shim's functions"))
        }
        return .success(Functions(version: version, getThreads: getThreads, setThreads: setThreads, lastError: lastError))
    }
}
