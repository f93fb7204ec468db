import Foundation

/// Writes a tiny Stable Diffusion 1.x model in the diffusers layout: a UNet, VAE and CLIP text
/// encoder with random weights from a fixed seed (safetensors), a byte-level CLIP BPE
/// vocabulary, and the PNDM scheduler configuration Stable Diffusion ships. diffusers loads it
/// like any SD 1.x folder; it generates noise-like images in a fraction of a second, for tests and
/// the README's first run.
public enum TinyModel {
    // (constant tables of JSON values, never changed)
    nonisolated(unsafe) static let unetConfig: [String: Any] = [
        "_class_name": "UNet2DConditionModel", "_diffusers_version": "0.35.1", "act_fn": "silu",
        "attention_head_dim": 4, "block_out_channels": [32, 64], "center_input_sample": false,
        "cross_attention_dim": 32, "down_block_types": ["DownBlock2D", "CrossAttnDownBlock2D"],
        "downsample_padding": 1, "flip_sin_to_cos": true, "freq_shift": 0, "in_channels": 4, "layers_per_block": 1,
        "mid_block_scale_factor": 1, "norm_eps": 1e-05, "norm_num_groups": 8, "out_channels": 4, "sample_size": 32,
        "up_block_types": ["CrossAttnUpBlock2D", "UpBlock2D"], "use_linear_projection": false,
    ]
    nonisolated(unsafe) static let vaeConfig: [String: Any] = [
        "_class_name": "AutoencoderKL", "_diffusers_version": "0.35.1", "act_fn": "silu", "block_out_channels": [16, 32],
        "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D"], "in_channels": 3, "latent_channels": 4,
        "layers_per_block": 1, "norm_num_groups": 8, "out_channels": 3, "sample_size": 64, "scaling_factor": 0.18215,
        "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D"],
    ]
    nonisolated(unsafe) static let schedulerConfig: [String: Any] = [
        "_class_name": "PNDMScheduler", "_diffusers_version": "0.35.1", "beta_end": 0.012, "beta_schedule": "scaled_linear",
        "beta_start": 0.00085, "clip_sample": false, "num_train_timesteps": 1000, "prediction_type": "epsilon",
        "set_alpha_to_one": false, "skip_prk_steps": true, "steps_offset": 1, "timestep_spacing": "leading",
    ]
    nonisolated(unsafe) static let modelIndex: [String: Any] = [
        "_class_name": "StableDiffusionPipeline", "_diffusers_version": "0.35.1",
        "feature_extractor": [NSNull(), NSNull()], "image_encoder": [NSNull(), NSNull()], "requires_safety_checker": false,
        "safety_checker": [NSNull(), NSNull()], "scheduler": ["diffusers", "PNDMScheduler"],
        "text_encoder": ["transformers", "CLIPTextModel"], "tokenizer": ["transformers", "CLIPTokenizer"],
        "unet": ["diffusers", "UNet2DConditionModel"], "vae": ["diffusers", "AutoencoderKL"],
    ]
    /// A few merges, so that common prompt words are single tokens.
    static let merges: [(String, String)] = [
        ("c", "a"), ("ca", "t</w>"), ("d", "o"), ("do", "g</w>"), ("t", "h"), ("th", "e</w>"), ("o", "f</w>"),
        ("a", "n</w>"), ("i", "n"), ("in", "g</w>"), ("r", "e"), ("e", "d</w>"), ("o", "n</w>"), ("a", "r"),
    ]

    /// The vocabulary: the 256 byte symbols, the same ending a word, the merges, the specials.
    static var vocabulary: [String: Int] {
        var vocabulary: [String: Int] = [:]
        let symbols = ByteSymbols.symbol.map { String($0) }
        for symbol in symbols { vocabulary[symbol] = vocabulary.count }
        for symbol in symbols { vocabulary[symbol + "</w>"] = vocabulary.count }
        for (a, b) in merges where vocabulary[a + b] == nil { vocabulary[a + b] = vocabulary.count }
        vocabulary["<|startoftext|>"] = vocabulary.count
        vocabulary["<|endoftext|>"] = vocabulary.count
        return vocabulary
    }

    static func textEncoderConfig(vocabularySize: Int, bos: Int, eos: Int) -> [String: Any] {
        [
            "architectures": ["CLIPTextModel"], "attention_dropout": 0.0, "bos_token_id": bos, "eos_token_id": eos,
            "hidden_act": "quick_gelu", "hidden_size": 32, "initializer_factor": 1.0, "initializer_range": 0.02,
            "intermediate_size": 37, "layer_norm_eps": 1e-05, "max_position_embeddings": 77, "model_type": "clip_text_model",
            "num_attention_heads": 4, "num_hidden_layers": 2, "pad_token_id": eos, "projection_dim": 512,
            "torch_dtype": "float32", "vocab_size": vocabularySize,
        ]
    }

    /// Writes the model into `folder` (made if missing); the same seed gives the same files.
    /// `inpainting` writes diffusers' inpainting layout instead: a UNet of 9 input channels
    /// (latents, mask, masked image latents) under a `StableDiffusionInpaintPipeline` index.
    public static func write(to folder: String, seed: UInt64 = 0, inpainting: Bool = false) throws {
        var modelIndex = Self.modelIndex, unetConfig = Self.unetConfig
        if inpainting {
            modelIndex["_class_name"] = "StableDiffusionInpaintPipeline"
            unetConfig["in_channels"] = 9
        }
        let manager = FileManager.default
        for part in ["", "/scheduler", "/text_encoder", "/tokenizer", "/unet", "/vae"] {
            try manager.createDirectory(atPath: folder + part, withIntermediateDirectories: true)
        }
        func json(_ value: Any, _ path: String) throws {
            let data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: folder + path), options: .atomic)
        }
        try json(modelIndex, "/model_index.json")
        try json(schedulerConfig, "/scheduler/scheduler_config.json")

        let vocabulary = Self.vocabulary
        let bos = vocabulary["<|startoftext|>"]!, eos = vocabulary["<|endoftext|>"]!
        try json(vocabulary, "/tokenizer/vocab.json")
        try ("#version: 0.2\n" + merges.map { "\($0.0) \($0.1)" }.joined(separator: "\n") + "\n")
            .write(toFile: folder + "/tokenizer/merges.txt", atomically: true, encoding: .utf8)
        try json(["model_max_length": 77, "tokenizer_class": "CLIPTokenizer", "bos_token": "<|startoftext|>",
                  "eos_token": "<|endoftext|>", "pad_token": "<|endoftext|>", "unk_token": "<|endoftext|>",
                  "do_lower_case": true, "errors": "replace"], "/tokenizer/tokenizer_config.json")
        try json(["bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>", "pad_token": "<|endoftext|>",
                  "unk_token": "<|endoftext|>"], "/tokenizer/special_tokens_map.json")

        let textConfig = textEncoderConfig(vocabularySize: vocabulary.count, bos: bos, eos: eos)
        try json(textConfig, "/text_encoder/config.json")
        let textWeights = RandomWeights(seed: seed &* 1000 &+ 1)
        _ = try CLIPTextEncoder(config: ComponentConfig(values: textConfig, path: "text_encoder/config.json"), weights: textWeights)
        try SafetensorsWriter.encode(textWeights.safetensors, metadata: ["format": "pt"])
            .write(to: URL(fileURLWithPath: folder + "/text_encoder/model.safetensors"), options: .atomic)

        try json(unetConfig, "/unet/config.json")
        let unetWeights = RandomWeights(seed: seed &* 1000 &+ 2)
        _ = try UNet2DConditionModel(config: ComponentConfig(values: unetConfig, path: "unet/config.json"), weights: unetWeights)
        try SafetensorsWriter.encode(unetWeights.safetensors, metadata: ["format": "pt"])
            .write(to: URL(fileURLWithPath: folder + "/unet/diffusion_pytorch_model.safetensors"), options: .atomic)

        try json(vaeConfig, "/vae/config.json")
        let vaeWeights = RandomWeights(seed: seed &* 1000 &+ 3)
        let vae = ComponentConfig(values: vaeConfig, path: "vae/config.json")
        _ = try AutoencoderKLEncoder(config: vae, weights: vaeWeights)
        _ = try AutoencoderKLDecoder(config: vae, weights: vaeWeights)
        try SafetensorsWriter.encode(vaeWeights.safetensors, metadata: ["format": "pt"])
            .write(to: URL(fileURLWithPath: folder + "/vae/diffusion_pytorch_model.safetensors"), options: .atomic)
    }
}
