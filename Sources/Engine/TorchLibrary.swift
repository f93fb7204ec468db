import CMediaAPI
import CTorchAPI
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
    typealias GetAPIFunction = @convention(c) () -> UnsafePointer<cmedia_api>?

    /// The shim's operation table, or why it could not be loaded.
    // the table is immutable once the library is loaded
    nonisolated(unsafe) static let loaded: Result<UnsafePointer<cmedia_api>, NativeLibraryError> = {
        switch ShimLibrary.open("libDgenerateMedia.so") {
        case .failure(let error): return .failure(error)
        case .success(let handle):
            guard let get = ShimLibrary.symbol(handle, "cmedia_get_api", GetAPIFunction.self), let table = get(),
                  table.pointee.version == CMEDIA_API_VERSION else {
                return .failure(NativeLibraryError(message: "libDgenerateMedia.so is not this build's media shim"))
            }
            return .success(table)
        }
    }()

    static func api() throws(NativeLibraryError) -> UnsafePointer<cmedia_api> {
        try loaded.get()
    }
}

/// libtorch, loaded on first use: the C shim is built as its own shared library
/// (`libDgenerateTorch.so`, next to the executable) and opened with `dlopen`, so that a process
/// that never touches a model never pays for loading libtorch. Its operations come as one table
/// (`CTorchAPI.h`).
enum TorchLibrary {
    typealias GetAPIFunction = @convention(c) () -> UnsafePointer<ctorch_api>?

    /// The shim's operation table, or why it could not be loaded.
    // the table is immutable once the library is loaded
    nonisolated(unsafe) static let loaded: Result<UnsafePointer<ctorch_api>, NativeLibraryError> = load()

    static func api() throws(NativeLibraryError) -> UnsafePointer<ctorch_api> {
        try loaded.get()
    }

    /// The OpenBLAS kernel family for a CPU's feature flags (`/proc/cpuinfo`): OpenBLAS
    /// misdetects some AVX-512 Xeons as old Prescott cores and then runs 10x slower, unless
    /// `OPENBLAS_CORETYPE` names the family before it loads. Nil leaves OpenBLAS to decide.
    static func openBLASCoreType(cpuFlags: Set<Substring>) -> String? {
        if cpuFlags.contains("avx512f") && cpuFlags.contains("avx512bw") && cpuFlags.contains("avx512vl") { return "SkylakeX" }
        if cpuFlags.contains("avx2") && cpuFlags.contains("fma") { return "Haswell" }
        return nil
    }

    /// Sets `OPENBLAS_CORETYPE` from this machine's CPU flags unless the user set it.
    static func chooseOpenBLASKernels() {
        guard getenv("OPENBLAS_CORETYPE") == nil,
              let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
              let colon = line.firstIndex(of: ":") else { return }
        let flags = Set(line[line.index(after: colon)...].split(separator: " "))
        if let type = openBLASCoreType(cpuFlags: flags) { setenv("OPENBLAS_CORETYPE", type, 0) }
    }

    private static func load() -> Result<UnsafePointer<ctorch_api>, NativeLibraryError> {
        // before libtorch (and with it OpenBLAS) loads
        chooseOpenBLASKernels()
        let handle: UnsafeMutableRawPointer
        switch ShimLibrary.open("libDgenerateTorch.so") {
        case .success(let opened): handle = opened
        case .failure(let error): return .failure(error)
        }
        guard let getAPI = ShimLibrary.symbol(handle, "ctorch_get_api", GetAPIFunction.self), let table = getAPI() else {
            return .failure(NativeLibraryError(message: "libDgenerateTorch.so lacks the torch shim's table"))
        }
        guard table.pointee.version == CTORCH_API_VERSION else {
            return .failure(NativeLibraryError(message: "libDgenerateTorch.so has table version \(table.pointee.version), this program needs \(CTORCH_API_VERSION)"))
        }
        return .success(table)
    }
}
