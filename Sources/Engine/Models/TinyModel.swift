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

    /// The model families the writer makes.
    public enum Kind: String, CaseIterable, Sendable {
        /// Stable Diffusion 1.x (PNDM, epsilon prediction).
        case sd1 = "sd1"
        /// Stable Diffusion 1.x inpainting: a UNet of 9 input channels (latents, mask, masked
        /// image latents) under a `StableDiffusionInpaintPipeline` index.
        case sd1Inpainting = "sd1-inpaint"
        /// Stable Diffusion 2.x: a GELU text encoder, linear projections in the UNet's
        /// transformers, per-block heads, a DDIM scheduler predicting velocity.
        case sd2 = "sd2"
        /// SDXL base: two text encoders (the second with a projection), the UNet's added
        /// conditioning on the pooled text and sizes, an Euler scheduler.
        case sdxl = "sdxl"
        /// SDXL refiner: the second text encoder only, aesthetic-score conditioning.
        case sdxlRefiner = "sdxl-refiner"
        /// The three families sized as single-file checkpoints need (CLIP's vocabulary and
        /// tokenizer, 32 norm groups, heads as each family's defaults have them), so that
        /// `TinyModel.writeSingleFile` makes a checkpoint of them that loads without a config.
        case sd1Checkpoint = "sd1-checkpoint"
        case sd2Checkpoint = "sd2-checkpoint"
        case sdxlCheckpoint = "sdxl-checkpoint"

        var isXL: Bool { self == .sdxl || self == .sdxlRefiner || self == .sdxlCheckpoint }
        /// The diffusers-sized kind a checkpoint kind is made like.
        var family: Kind {
            switch self {
            case .sd1Checkpoint: .sd1
            case .sd2Checkpoint: .sd2
            case .sdxlCheckpoint: .sdxl
            default: self
            }
        }
    }

    /// The component configurations of `kind` (model index, scheduler, text encoders, UNet, VAE).
    static func configs(_ kind: Kind, vocabularySize: Int, bos: Int, eos: Int)
        -> (index: [String: Any], scheduler: [String: Any], textEncoders: [(folder: String, config: [String: Any])], unet: [String: Any], vae: [String: Any]) {
        var index = modelIndex, scheduler = schedulerConfig, unet = unetConfig, vae = vaeConfig
        var text = textEncoderConfig(vocabularySize: vocabularySize, bos: bos, eos: eos)
        switch kind {
        case .sd1Checkpoint, .sd2Checkpoint, .sdxlCheckpoint:
            return checkpointConfigs(kind)
        case .sd1:
            return (index, scheduler, [("text_encoder", text)], unet, vae)
        case .sd1Inpainting:
            index["_class_name"] = "StableDiffusionInpaintPipeline"
            unet["in_channels"] = 9
            return (index, scheduler, [("text_encoder", text)], unet, vae)
        case .sd2:
            text["hidden_act"] = "gelu"
            unet["use_linear_projection"] = true
            unet["attention_head_dim"] = [2, 4]
            scheduler = ["_class_name": "DDIMScheduler", "_diffusers_version": "0.35.1", "beta_end": 0.012, "beta_schedule": "scaled_linear",
                         "beta_start": 0.00085, "clip_sample": false, "num_train_timesteps": 1000, "prediction_type": "v_prediction",
                         "set_alpha_to_one": false, "skip_prk_steps": true, "steps_offset": 1, "timestep_spacing": "leading"]
            index["scheduler"] = ["diffusers", "DDIMScheduler"]
            return (index, scheduler, [("text_encoder", text)], unet, vae)
        case .sdxl, .sdxlRefiner:
            text["projection_dim"] = 32
            var second = text
            second["architectures"] = ["CLIPTextModelWithProjection"]
            unet["use_linear_projection"] = true
            unet["attention_head_dim"] = [2, 4]
            unet["transformer_layers_per_block"] = [1, 1]
            unet["addition_embed_type"] = "text_time"
            unet["addition_time_embed_dim"] = 8
            vae["scaling_factor"] = 0.13025
            scheduler = ["_class_name": "EulerDiscreteScheduler", "_diffusers_version": "0.35.1", "beta_end": 0.012,
                         "beta_schedule": "scaled_linear", "beta_start": 0.00085, "clip_sample": false, "interpolation_type": "linear",
                         "num_train_timesteps": 1000, "prediction_type": "epsilon", "sample_max_value": 1.0, "set_alpha_to_one": false,
                         "skip_prk_steps": true, "steps_offset": 1, "timestep_spacing": "leading", "use_karras_sigmas": false]
            index = ["_class_name": "StableDiffusionXLPipeline", "_diffusers_version": "0.35.1",
                     "feature_extractor": [NSNull(), NSNull()], "image_encoder": [NSNull(), NSNull()],
                     "force_zeros_for_empty_prompt": true, "scheduler": ["diffusers", "EulerDiscreteScheduler"],
                     "text_encoder": ["transformers", "CLIPTextModel"], "text_encoder_2": ["transformers", "CLIPTextModelWithProjection"],
                     "tokenizer": ["transformers", "CLIPTokenizer"], "tokenizer_2": ["transformers", "CLIPTokenizer"],
                     "unet": ["diffusers", "UNet2DConditionModel"], "vae": ["diffusers", "AutoencoderKL"]]
            if kind == .sdxl {
                unet["cross_attention_dim"] = 64
                unet["projection_class_embeddings_input_dim"] = 80
                return (index, scheduler, [("text_encoder", text), ("text_encoder_2", second)], unet, vae)
            }
            index["_class_name"] = "StableDiffusionXLImg2ImgPipeline"
            index["force_zeros_for_empty_prompt"] = false
            index["requires_aesthetics_score"] = true
            index["text_encoder"] = [NSNull(), NSNull()]
            index["tokenizer"] = [NSNull(), NSNull()]
            unet["cross_attention_dim"] = 32
            unet["projection_class_embeddings_input_dim"] = 72
            return (index, scheduler, [("text_encoder_2", second)], unet, vae)
        }
    }

    /// Writes the model into `folder` (made if missing); the same seed gives the same files.
    /// `inpainting` writes the SD 1.x inpainting layout (kept for callers of the first form).
    public static func write(to folder: String, seed: UInt64 = 0, inpainting: Bool = false) throws {
        try write(inpainting ? .sd1Inpainting : .sd1, to: folder, seed: seed)
    }

    /// Writes a tiny model of `kind` into `folder` (made if missing); the same kind and seed
    /// give the same files.
    public static func write(_ kind: Kind, to folder: String, seed: UInt64 = 0) throws {
        let vocabulary = Self.vocabulary
        guard let bos = vocabulary["<|startoftext|>"], let eos = vocabulary["<|endoftext|>"] else {
            throw ModelFileError(file: folder + "/tokenizer/vocab.json", "the tiny vocabulary lacks its start or end token")
        }
        let configs = configs(kind, vocabularySize: vocabulary.count, bos: bos, eos: eos)
        let tokenizers = kind == .sdxlRefiner ? ["tokenizer_2"] : kind.isXL ? ["tokenizer", "tokenizer_2"] : ["tokenizer"]
        let manager = FileManager.default
        for part in ["", "/scheduler", "/unet", "/vae"] + (tokenizers + configs.textEncoders.map(\.folder)).map({ "/" + $0 }) {
            try manager.createDirectory(atPath: folder + part, withIntermediateDirectories: true)
        }
        func json(_ value: Any, _ path: String) throws {
            let data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: folder + path), options: .atomic)
        }
        func safetensors(_ weights: RandomWeights, _ path: String) throws {
            try SafetensorsWriter.encode(weights.safetensors, metadata: ["format": "pt"]).write(to: URL(fileURLWithPath: folder + path), options: .atomic)
        }
        try json(configs.index, "/model_index.json")
        try json(configs.scheduler, "/scheduler/scheduler_config.json")

        for tokenizer in tokenizers where kind.family != kind {
            try writeCLIPTokenizer(to: folder + "/" + tokenizer, padText: kind == .sd2Checkpoint || tokenizer == "tokenizer_2" ? "!" : "<|endoftext|>")
        }
        for tokenizer in tokenizers where kind.family == kind {
            try json(vocabulary, "/\(tokenizer)/vocab.json")
            try ("#version: 0.2\n" + merges.map { "\($0.0) \($0.1)" }.joined(separator: "\n") + "\n")
                .write(toFile: folder + "/\(tokenizer)/merges.txt", atomically: true, encoding: .utf8)
            try json(["model_max_length": 77, "tokenizer_class": "CLIPTokenizer", "bos_token": "<|startoftext|>",
                      "eos_token": "<|endoftext|>", "pad_token": "<|endoftext|>", "unk_token": "<|endoftext|>",
                      "do_lower_case": true, "errors": "replace"], "/\(tokenizer)/tokenizer_config.json")
            try json(["bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>", "pad_token": "<|endoftext|>",
                      "unk_token": "<|endoftext|>"], "/\(tokenizer)/special_tokens_map.json")
        }

        // each component's weights from its own seed (the second text encoder's after the
        // others', so that the SD 1.x files stay as they were)
        for (offset, encoder) in configs.textEncoders.enumerated() {
            try json(encoder.config, "/\(encoder.folder)/config.json")
            let weights = RandomWeights(seed: seed &* 1000 &+ (encoder.folder == "text_encoder" ? 1 : 4 &+ UInt64(offset)))
            _ = try CLIPTextEncoder(config: ComponentConfig(values: encoder.config, path: "\(encoder.folder)/config.json"), weights: weights)
            try safetensors(weights, "/\(encoder.folder)/model.safetensors")
        }

        try json(configs.unet, "/unet/config.json")
        let unetWeights = RandomWeights(seed: seed &* 1000 &+ 2)
        _ = try UNet2DConditionModel(config: ComponentConfig(values: configs.unet, path: "unet/config.json"), weights: unetWeights)
        try safetensors(unetWeights, "/unet/diffusion_pytorch_model.safetensors")

        try json(configs.vae, "/vae/config.json")
        let vaeWeights = RandomWeights(seed: seed &* 1000 &+ 3)
        let vae = ComponentConfig(values: configs.vae, path: "vae/config.json")
        _ = try AutoencoderKLEncoder(config: vae, weights: vaeWeights)
        _ = try AutoencoderKLDecoder(config: vae, weights: vaeWeights)
        try safetensors(vaeWeights, "/vae/diffusion_pytorch_model.safetensors")
    }
}
