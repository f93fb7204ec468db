import Testing
import Engine
import Templating

/// The shims link their libraries and call into them.
struct NativeLibrariesTests {
    static func isVersion(_ text: String) -> Bool {
        let parts = text.split(separator: ".")
        return parts.count >= 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }

    /// libtorch is loaded on first use, from the shim library built next to the binaries.
    @Test func torchReportsItsVersion() throws {
        let version = try NativeLibraries.torchVersion()
        #expect(Self.isVersion(version), "\(version)")
    }

    /// AVX-512 Xeons get SkylakeX kernels, AVX2 machines Haswell's, older ones OpenBLAS's own
    /// choice; a value the user set is kept (the library is loaded by now, so this checks the rule).
    @Test func openBLASKernelsFollowTheCPU() {
        #expect(NativeLibraries.openBLASCoreType(cpuFlags: ["sse2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl"]) == "SkylakeX")
        #expect(NativeLibraries.openBLASCoreType(cpuFlags: ["sse2", "avx", "avx2", "fma"]) == "Haswell")
        #expect(NativeLibraries.openBLASCoreType(cpuFlags: ["sse2", "sse4_2"]) == nil)
    }

    @Test func torchThreadCountCanBeSet() throws {
        let before = try NativeLibraries.torchThreads()
        #expect(before >= 1)
        try NativeLibraries.setTorchThreads(1)
        #expect(try NativeLibraries.torchThreads() == 1)
        try NativeLibraries.setTorchThreads(before)
    }

    /// A C++ exception inside the shim comes back as an error with libtorch's message.
    @Test func torchErrorsBecomeSwiftErrors() {
        #expect(throws: NativeLibraryError(message: "thread count must be at least 1")) {
            try NativeLibraries.setTorchThreads(0)
        }
    }

    @Test func mediaLibrariesReportTheirVersions() throws {
        #expect(NativeLibraries.pngVersion.hasPrefix("1."), "\(NativeLibraries.pngVersion)")
        let avformat = try NativeLibraries.avformatVersion()
        #expect(Self.isVersion(avformat), "\(avformat)")
        #expect(Self.isVersion(NativeLibraries.curlVersion), "\(NativeLibraries.curlVersion)")
    }
}
