import Engine
import Foundation

/// A 16-frame 64x64 GIF through img2img on the tiny model, written back as an MP4, by this
/// build's `dgenerate` and (with `DGENERATE_REFERENCE=command`, e.g. the reference's `run-dgen`)
/// by the reference; prints both wall times, and the share of ours spent reading and writing
/// media: the same decoding of the seed and encoding of 16 frames, timed in process, over the
/// whole run's time (target: under 10%).
func runAnimationBenchmark() {
    let environment = ProcessInfo.processInfo.environment
    let model = URL(fileURLWithPath: environment["DGENERATE_MODEL"] ?? "examples/models/tiny-sd").standardizedFileURL.path
    guard FileManager.default.fileExists(atPath: model + "/model_index.json") else {
        print("animation: no model at \(model) (run from the repository root, or set DGENERATE_MODEL)")
        return
    }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dgen-anim-bench-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let frames = (0..<16).map { frame in
        RGBImage(width: 64, height: 64, pixels: (0..<(64 * 64 * 3)).map { index in
            let pixel = index / 3, x = pixel % 64, y = pixel / 64
            return UInt8((x * 4 + y * (index % 3) + frame * 8) % 256)
        })
    }
    let seed = directory.appendingPathComponent("seed.gif").path
    do {
        let writer = try AnimationWriter(path: seed, format: .gif, width: 64, height: 64, frameDuration: 0.1)
        for frame in frames { try writer.add(frame) }
        try writer.finish()
    } catch {
        print("animation: cannot write the seed: \(error)")
        return
    }
    let script = "\(model) --device cpu --prompts \"a cat\" --seeds 1 --inference-steps 4 --output-size 64 "
        + "--image-seeds seed.gif --animation-format mp4 --no-frames\n"
    let file = directory.appendingPathComponent("bench.dgen")
    try? script.write(to: file, atomically: true, encoding: .utf8)

    func time(_ command: [String]) -> (seconds: Double, status: Int32) {
        try? FileManager.default.removeItem(at: directory.appendingPathComponent("output"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let start = Date()
        do { try process.run() } catch { return (0, -1) }
        process.waitUntilExit()
        return (Date().timeIntervalSince(start), process.terminationStatus)
    }
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("dgenerate").path
    var ours = Double.infinity, status: Int32 = 0
    for _ in 0..<3 {
        let run = time([executable, "--file", file.path])
        ours = min(ours, run.seconds)
        status = run.status
    }
    // the media work of one run, in process: decode the seed, encode 16 frames as MP4
    var media = Double.infinity
    for _ in 0..<3 {
        let start = Date()
        do {
            let decoded = try SeedMedia.read(seed)
            let out = directory.appendingPathComponent("media.mp4").path
            let writer = try AnimationWriter(path: out, format: .mp4, width: 64, height: 64, frameDuration: 0.1)
            for frame in decoded.frames { try writer.add(frame) }
            try writer.finish()
        } catch {
            print("animation: media round trip failed: \(error)")
            return
        }
        media = min(media, Date().timeIntervalSince(start))
    }
    print("dgenerate (this build): \(String(format: "%.2f", ours)) s for 16 frames of 64x64 (4 steps each), status \(status) (best of 3)")
    print("media (decode the GIF, encode the MP4): \(String(format: "%.1f", media * 1000)) ms, \(String(format: "%.1f", 100 * media / ours))% of the run (target: under 10%)")
    guard let reference = environment["DGENERATE_REFERENCE"] else {
        print("reference: not run (set DGENERATE_REFERENCE to a command that runs a script through dgenerate 5.0.0)")
        return
    }
    let theirs = time([reference, file.path])
    print("reference: \(String(format: "%.2f", theirs.seconds)) s, status \(theirs.status)")
    print("ratio reference/this: \(String(format: "%.2f", theirs.seconds / ours))x")
}
