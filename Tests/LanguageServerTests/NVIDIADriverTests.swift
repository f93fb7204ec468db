import Foundation
import LanguageServer
import Testing

/// The editor tools count GPUs by the NVIDIA driver's folder of them, without libtorch.
struct NVIDIADriverTests {
    @Test func eachGPUFolderCountsOnce() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gpus-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for gpu in ["0000:01:00.0", "0000:41:00.0"] {
            try FileManager.default.createDirectory(atPath: folder + "/" + gpu, withIntermediateDirectories: true)
        }
        #expect(NVIDIADriver.gpuCount(folder: folder) == 2)
        #expect(NVIDIADriver.gpuCount(folder: folder + "/missing") == 0)
    }
}
