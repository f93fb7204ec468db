import Engine
import Foundation

/// `dgenerate-bench unet`: one denoising step of a full-size Stable Diffusion 1.5 UNet (random
/// weights, not saved), latent 64x64, batch 2 (classifier-free guidance), here and in diffusers
/// (the Python in DGENERATE_REFERENCE_PYTHON, default the reference's venv), on all cores.
/// The two sides take turns in the same run (diffusers waits in a child process between its
/// steps), a warm-up step each, then `DGENERATE_BENCH_ROUNDS` (default 4) rounds of one step
/// each; each side's best step is compared, so that the machine's drift hits both alike.
func runUNetBenchmark() {
    let config: [String: Any] = [
        "attention_head_dim": 8, "block_out_channels": [320, 640, 1280, 1280], "cross_attention_dim": 768,
        "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
        "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"],
        "in_channels": 4, "out_channels": 4, "layers_per_block": 2, "norm_num_groups": 32, "norm_eps": 1e-5, "sample_size": 64,
        "flip_sin_to_cos": true, "freq_shift": 0,
    ]
    let environment = ProcessInfo.processInfo.environment
    let python = environment["DGENERATE_REFERENCE_PYTHON"] ?? NSHomeDirectory() + "/.cache/dgenerate-reference/bin/python"
    let rounds = max(1, Int(environment["DGENERATE_BENCH_ROUNDS"] ?? "") ?? 4)
    let threads = ProcessInfo.processInfo.activeProcessorCount
    let reference = FileManager.default.isExecutableFile(atPath: python)
        ? DiffusersStepper(python: python, config: config, threads: threads) : nil
    if reference == nil { print("diffusers: not run (no Python at \(python); set DGENERATE_REFERENCE_PYTHON)") }
    do {
        try NativeLibraries.setTorchThreads(threads)
        let unet = try UNet2DConditionModel(config: ComponentConfig(values: config, path: "SD 1.5 unet"),
                                            weights: RandomWeights(seed: 1, keepsValues: false))
        let sample = try Tensor.randn(seed: 2, shape: [2, 4, 64, 64])
        let context = try Tensor.randn(seed: 3, shape: [2, 77, 768])
        func ourStep() throws -> Double {
            let start = Date()
            _ = try unet(sample, timestep: 981, context: context)
            return Date().timeIntervalSince(start)
        }
        var ours: [Double] = [], theirs: [Double] = []
        _ = try ourStep()
        _ = reference?.step()
        for _ in 0..<rounds {
            ours.append(try ourStep())
            if let time = reference?.step() { theirs.append(time) }
        }
        let best = ours.min()!
        func list(_ times: [Double]) -> String { times.map { String(format: "%.2f", $0) }.joined(separator: " ") }
        print(String(format: "this engine (libtorch %@, %d threads): %.3f s per step (steps: %@)",
                     try NativeLibraries.torchVersion(), threads, best, list(ours)))
        if let reference, let theirBest = theirs.min() {
            print(String(format: "diffusers (torch %@, %d threads):      %.3f s per step (steps: %@)",
                         reference.torchVersion, threads, theirBest, list(theirs)))
            let ourVersion = try NativeLibraries.torchVersion()
            let sameVersion = reference.torchVersion.hasPrefix(ourVersion)
            print(String(format: "ratio (ours / diffusers): %.2f best to best, %.2f median to median (%@)",
                         best / theirBest, median(ours) / median(theirs),
                         sameVersion ? "target: at most 0.9 on the same libtorch version"
                                     : "libtorch versions differ; build with LIBTORCH= for the target's comparison"))
        }
    } catch {
        print("dgenerate-bench unet: \(error)")
        exit(1)
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// diffusers' UNet in a child Python process that runs one step each time it reads a line and
/// answers with the time it took.
final class DiffusersStepper {
    private let process = Process()
    private let input = Pipe(), output = Pipe()
    private(set) var torchVersion = "?"
    private var failed = false

    init?(python: String, config: [String: Any], threads: Int) {
        let json = String(decoding: (try? JSONSerialization.data(withJSONObject: config)) ?? Data(), as: UTF8.self)
        let script = """
        import json, sys, time, torch
        from diffusers import UNet2DConditionModel
        torch.set_num_threads(\(threads))
        unet = UNet2DConditionModel(**json.loads(sys.argv[1])).eval()
        sample = torch.randn(2, 4, 64, 64); context = torch.randn(2, 77, 768)
        print(torch.__version__, flush=True)
        with torch.inference_mode():
            for line in sys.stdin:
                start = time.perf_counter(); unet(sample, 981, encoder_hidden_states=context)
                print(time.perf_counter() - start, flush=True)
        """
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, json]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil, let version = readLine() else { return nil }
        torchVersion = version
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    private func readLine() -> String? {
        var bytes: [UInt8] = []
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            guard let first = byte.first else { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if first == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(first)
        }
    }

    /// One step's time in seconds, or nil if the child has failed.
    func step() -> Double? {
        guard !failed else { return nil }
        input.fileHandleForWriting.write(Data("step\n".utf8))
        guard let line = readLine(), let time = Double(line) else {
            failed = true
            return nil
        }
        return time
    }
}
