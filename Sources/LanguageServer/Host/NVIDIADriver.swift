import Foundation

/// The GPUs the NVIDIA driver lists (`/proc/driver/nvidia/gpus/`, a folder per GPU), for the
/// editor tools' `--device cuda[:N]` checks: they never load libtorch, which the executable
/// asks when it runs. Read-only; no driver reads as no GPU.
public enum NVIDIADriver {
    public static let gpusFolder = "/proc/driver/nvidia/gpus"

    /// How many GPUs `folder` lists.
    public static func gpuCount(folder: String = gpusFolder) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix(".") }.count
    }
}
