import Engine
import Foundation

/// `dgenerate-bench unet`: one denoising step of a full-size Stable Diffusion 1.5 UNet (random
/// weights, not saved), latent 64x64, batch 2 (classifier-free guidance), here and in diffusers
/// (the Python in DGENERATE_REFERENCE_PYTHON, default the reference's venv) in the same run.
/// Each side runs a warm-up step, then reports the best of two timed steps, on all cores.
func runUNetBenchmark() {
    let config: [String: Any] = [
        "attention_head_dim": 8, "block_out_channels": [320, 640, 1280, 1280], "cross_attention_dim": 768,
        "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
        "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"],
        "in_channels": 4, "out_channels": 4, "layers_per_block": 2, "norm_num_groups": 32, "norm_eps": 1e-5, "sample_size": 64,
        "flip_sin_to_cos": true, "freq_shift": 0,
    ]
    let python = ProcessInfo.processInfo.environment["DGENERATE_REFERENCE_PYTHON"]
        ?? NSHomeDirectory() + "/.cache/dgenerate-reference/bin/python"
    let threads = ProcessInfo.processInfo.activeProcessorCount
    var reference: Double? = nil
    var referenceTorch = "?"
    if FileManager.default.isExecutableFile(atPath: python) {
        let script = """
        import json, time, torch
        from diffusers import UNet2DConditionModel
        torch.set_num_threads(\(threads))
        config = json.loads('\(String(decoding: try! JSONSerialization.data(withJSONObject: config), as: UTF8.self))')
        unet = UNet2DConditionModel(**config).eval()
        sample = torch.randn(2, 4, 64, 64); context = torch.randn(2, 77, 768)
        times = []
        with torch.inference_mode():
            for _ in range(3):
                start = time.perf_counter(); unet(sample, 981, encoder_hidden_states=context); times.append(time.perf_counter() - start)
        print(torch.__version__, min(times[1:]))
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        if (try? process.run()) != nil {
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let fields = text.split(whereSeparator: \.isWhitespace)
            if fields.count == 2 {
                referenceTorch = String(fields[0])
                reference = Double(fields[1])
            }
        }
    } else {
        print("diffusers: not run (no Python at \(python); set DGENERATE_REFERENCE_PYTHON)")
    }
    do {
        try NativeLibraries.setTorchThreads(threads)
        let unet = try UNet2DConditionModel(config: ComponentConfig(values: config, path: "SD 1.5 unet"),
                                            weights: RandomWeights(seed: 1, keepsValues: false))
        let sample = try Tensor.randn(seed: 2, shape: [2, 4, 64, 64])
        let context = try Tensor.randn(seed: 3, shape: [2, 77, 768])
        var times: [Double] = []
        for _ in 0..<3 {
            let start = Date()
            _ = try unet(sample, timestep: 981, context: context)
            times.append(Date().timeIntervalSince(start))
        }
        let ours = times.dropFirst().min()!
        print(String(format: "this engine (libtorch %@, %d threads): %.3f s per step", try NativeLibraries.torchVersion(), threads, ours))
        if let reference {
            print(String(format: "diffusers (torch %@, %d threads):      %.3f s per step", referenceTorch, threads, reference))
            print(String(format: "ratio (ours / diffusers): %.2f (target: at most 0.9 on the same libtorch version)", ours / reference))
        }
    } catch {
        print("dgenerate-bench unet: \(error)")
        exit(1)
    }
}
