import Foundation

/// A Stable Diffusion checkpoint in one `.safetensors` file, in the original (LDM) layout that
/// model sites distribute: SD 1.x (CLIP text encoder), SD 2.x (OpenCLIP), SDXL (both) and the
/// SDXL refiner (OpenCLIP only). Its family is told by its text encoders' keys; each
/// component's configuration is read off its tensors' shapes, with the family's defaults for
/// what shapes do not say (attention heads, norm groups, the scheduler, the tokenizer), as
/// diffusers' single-file loading takes them from the family's Hugging Face configuration.
/// Pickled checkpoints (`.ckpt`, `.pt`, `.bin`) are refused: loading them runs the code they carry.
public final class SingleFileCheckpoint: @unchecked Sendable {
    public enum Family: String, Sendable {
        case sd1, sd2, sdxl, sdxlRefiner = "sdxl-refiner"
        public var isXL: Bool { self == .sdxl || self == .sdxlRefiner }
    }

    public let path: String
    public let family: Family
    let file: SafetensorsFile
    static let unetPrefix = "model.diffusion_model."

    /// Whether a model path names a single file rather than a diffusers folder.
    public static func isSingleFile(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
    }

    public init(path: String) throws(ModelFileError) {
        self.path = path
        guard TextualInversionFile.isSafetensors(path) else {
            let pickled = [".ckpt", ".pt", ".pth", ".bin"].contains { path.lowercased().hasSuffix($0) }
            throw ModelFileError(file: path, pickled
                ? "is a pickled checkpoint; loading it would run the code it carries, so this build refuses it: convert it to .safetensors first"
                : "is not a safetensors file")
        }
        let file = try SafetensorsFile(path: path)
        self.file = file
        let keys = file.tensors
        guard keys[Self.unetPrefix + "input_blocks.0.0.weight"] != nil else {
            throw ModelFileError(file: path, "is not a Stable Diffusion checkpoint in the original (LDM) layout: it has no model.diffusion_model.input_blocks")
        }
        if keys["conditioner.embedders.1.model.ln_final.weight"] != nil {
            family = .sdxl
        } else if keys["conditioner.embedders.0.model.ln_final.weight"] != nil {
            family = .sdxlRefiner
        } else if keys["cond_stage_model.model.ln_final.weight"] != nil {
            family = .sd2
        } else if keys["cond_stage_model.transformer.text_model.final_layer_norm.weight"] != nil {
            family = .sd1
        } else {
            throw ModelFileError(file: path, "has a UNet but no text encoder of a layout this build knows (SD 1.x, 2.x, SDXL, SDXL refiner)")
        }
    }

    /// Every component's configuration as read off the file (UNet, VAE, then the text
    /// encoders), or the first reason one cannot be read.
    public func componentConfigs() throws(ModelFileError) -> [ComponentConfig] {
        var configs = [try unetConfig(), try vaeConfig()]
        for encoder in textEncoders {
            configs.append(try textEncoderConfig(prefix: encoder.prefix, openCLIP: encoder.openCLIP, withProjection: encoder.encoder == "text_encoder_2"))
        }
        return configs
    }

    /// The shape of a stored tensor, nil when absent.
    func shape(_ key: String) -> [Int]? { file.tensors[key]?.shape }

    func requiredShape(_ key: String, rank: Int) throws(ModelFileError) -> [Int] {
        guard let shape = shape(key), shape.count == rank, shape.allSatisfy({ $0 > 0 }) else {
            throw ModelFileError(file: path, tensor: key, shape(key) == nil ? "missing from the checkpoint" : "has shape \(shape(key) ?? []), expected \(rank) dimensions")
        }
        return shape
    }

    /// How many numbered children (`PREFIX0.`, `PREFIX1.`, ...) have keys.
    func count(_ prefix: String) -> Int {
        var indices = Set<Int>()
        for key in file.tensors.keys where key.hasPrefix(prefix) {
            if let number = Int(key.dropFirst(prefix.count).prefix { $0 != "." }) { indices.insert(number) }
        }
        var count = 0
        while indices.contains(count) { count += 1 }
        return count
    }

    // MARK: text encoders

    /// The text encoders, with where each is stored: (tokenizer name, encoder name, key prefix,
    /// whether it is in OpenCLIP's layout).
    var textEncoders: [(tokenizer: String, encoder: String, prefix: String, openCLIP: Bool)] {
        switch family {
        case .sd1: [("tokenizer", "text_encoder", "cond_stage_model.transformer.", false)]
        case .sd2: [("tokenizer", "text_encoder", "cond_stage_model.model.", true)]
        case .sdxl: [("tokenizer", "text_encoder", "conditioner.embedders.0.transformer.", false),
                     ("tokenizer_2", "text_encoder_2", "conditioner.embedders.1.model.", true)]
        case .sdxlRefiner: [("tokenizer_2", "text_encoder_2", "conditioner.embedders.0.model.", true)]
        }
    }

    /// A text encoder's configuration from its tensors: SD 1.x's and SDXL's first are CLIP
    /// (quick GELU), the OpenCLIP ones GELU; heads of 64 channels. SD 2.x's last OpenCLIP
    /// block is not used (diffusers' configuration has one layer fewer).
    func textEncoderConfig(prefix: String, openCLIP: Bool, withProjection: Bool) throws(ModelFileError) -> ComponentConfig {
        let token = try requiredShape(prefix + (openCLIP ? "token_embedding.weight" : "text_model.embeddings.token_embedding.weight"), rank: 2)
        let positions = try requiredShape(prefix + (openCLIP ? "positional_embedding" : "text_model.embeddings.position_embedding.weight"), rank: 2)
        let layerPrefix = prefix + (openCLIP ? "transformer.resblocks." : "text_model.encoder.layers.")
        var layers = count(layerPrefix)
        if family == .sd2 { layers -= 1 }
        let inner = try requiredShape(layerPrefix + (openCLIP ? "0.mlp.c_fc.weight" : "0.mlp.fc1.weight"), rank: 2)
        guard layers >= 1 else { throw ModelFileError(file: path, tensor: layerPrefix + "0", "the text encoder has too few layers") }
        let hidden = token[1]
        var values: [String: Any] = [
            "architectures": [withProjection ? "CLIPTextModelWithProjection" : "CLIPTextModel"], "hidden_size": hidden,
            "intermediate_size": inner[0], "num_hidden_layers": layers, "num_attention_heads": max(1, hidden / 64),
            "max_position_embeddings": positions[0], "vocab_size": token[0], "hidden_act": openCLIP ? "gelu" : "quick_gelu",
            "layer_norm_eps": 1e-5, "bos_token_id": 49406, "eos_token_id": 49407,
        ]
        if withProjection {
            values["projection_dim"] = try requiredShape(prefix + "text_projection", rank: 2)[1]
        }
        return ComponentConfig(values: values, path: path + " (text encoder)")
    }

    /// The weights of the text encoder stored under `prefix`, by diffusers' names.
    func textEncoderWeights(prefix: String, openCLIP: Bool, dtype: TensorType) -> WeightSource {
        LDMWeights(self, dtype: dtype) { name in openCLIP ? LDMKeys.openCLIP(name, prefix: prefix) : LDMKeys.clip(name, prefix: prefix) }
    }

    /// CLIP's tokenizer as the family pads it (`!` for OpenCLIP encoders).
    func tokenizer(openCLIP: Bool) throws(ModelFileError) -> CLIPTokenizer {
        do throws(TokenizerError) {
            return try CLIPTokenizer.bundledCLIP(padText: openCLIP ? "!" : nil)
        } catch {
            throw ModelFileError(file: path, error.message)
        }
    }

    // MARK: UNet and VAE

    /// The UNet's configuration from its tensors and the family's head rule (SD 1.x: eight
    /// heads; later families: heads of 64 channels).
    func unetConfig() throws(ModelFileError) -> ComponentConfig {
        let p = Self.unetPrefix
        let convIn = try requiredShape(p + "input_blocks.0.0.weight", rank: 4)
        let convOut = try requiredShape(p + "out.2.weight", rank: 4)
        var blocks: [(channels: Int, layers: Int, attention: Bool, transformers: Int)] = []
        var current: (channels: Int, layers: Int, attention: Bool, transformers: Int)? = nil
        for index in 1..<max(1, count(p + "input_blocks.")) {
            let block = p + "input_blocks.\(index)."
            if shape(block + "0.op.weight") != nil {
                if let done = current { blocks.append(done) }
                current = nil
                continue
            }
            let channels = try requiredShape(block + "0.in_layers.2.weight", rank: 4)[0]
            let attention = shape(block + "1.proj_in.weight") != nil
            let transformers = count(block + "1.transformer_blocks.")
            current = (channels, (current?.layers ?? 0) + 1, attention || current?.attention == true, max(transformers, current?.transformers ?? 0))
        }
        if let done = current { blocks.append(done) }
        guard let first = blocks.first, blocks.allSatisfy({ $0.layers == first.layers }) else {
            throw ModelFileError(file: path, "the UNet's input blocks do not form down blocks of equal depth")
        }
        let attentionKey = file.tensors.keys.filter { $0.hasPrefix(p) && $0.hasSuffix("attn2.to_k.weight") }.sorted().first
        let crossAttention = try attentionKey.map { key throws(ModelFileError) in try requiredShape(key, rank: 2)[1] } ?? 768
        let projectionKey = file.tensors.keys.filter { $0.hasPrefix(p) && $0.hasSuffix(".1.proj_in.weight") }.sorted().first
        var values: [String: Any] = [
            "in_channels": convIn[1], "out_channels": convOut[0], "block_out_channels": blocks.map(\.channels),
            "layers_per_block": first.layers, "cross_attention_dim": crossAttention, "norm_num_groups": 32,
            "down_block_types": blocks.map { $0.attention ? "CrossAttnDownBlock2D" : "DownBlock2D" },
            "up_block_types": blocks.reversed().map { $0.attention ? "CrossAttnUpBlock2D" : "UpBlock2D" },
            "transformer_layers_per_block": blocks.map { max(1, $0.transformers) },
            "use_linear_projection": projectionKey.flatMap { shape($0)?.count } == 2,
            "attention_head_dim": family == .sd1 ? [8] : blocks.map { max(1, $0.channels / 64) },
            "sample_size": family == .sd1 ? 64 : family == .sd2 ? 96 : 128,
        ]
        if let added = shape(p + "label_emb.0.0.weight"), added.count == 2 {
            let pooled = try textEncoders.last.map { encoder throws(ModelFileError) in
                try requiredShape(encoder.prefix + "text_projection", rank: 2)[1]
            } ?? 0
            let sizeNumbers = family == .sdxlRefiner ? 5 : 6
            values["addition_embed_type"] = "text_time"
            values["projection_class_embeddings_input_dim"] = added[1]
            values["addition_time_embed_dim"] = max(1, (added[1] - pooled) / sizeNumbers)
        }
        return ComponentConfig(values: values, path: path + " (UNet)")
    }

    /// The UNet's weights by diffusers' names.
    func unetWeights(config: ComponentConfig, dtype: TensorType) throws(ModelFileError) -> WeightSource {
        let layers = try config.int("layers_per_block", minimum: 1)
        let p = Self.unetPrefix
        return LDMWeights(self, dtype: dtype) { name in
            LDMKeys.unet(name, layersPerBlock: layers) { block in
                // an up block's upsampler follows its attention when it has one
                let index = block * (layers + 1) + layers
                return self.shape(p + "output_blocks.\(index).2.conv.weight") != nil ? 2 : 1
            }
        }
    }

    /// The VAE's configuration from its tensors (32 norm groups, the family's scaling factor).
    func vaeConfig() throws(ModelFileError) -> ComponentConfig {
        let p = "first_stage_model."
        let levels = count(p + "encoder.down.")
        guard levels >= 1 else { throw ModelFileError(file: path, tensor: p + "encoder.down.0", "missing from the checkpoint") }
        var channels: [Int] = []
        for level in 0..<levels { channels.append(try requiredShape(p + "encoder.down.\(level).block.0.conv1.weight", rank: 4)[0]) }
        let latent = try requiredShape(p + "post_quant_conv.weight", rank: 4)[0]
        let values: [String: Any] = [
            "block_out_channels": channels, "layers_per_block": count(p + "encoder.down.0.block."), "latent_channels": latent,
            "in_channels": try requiredShape(p + "encoder.conv_in.weight", rank: 4)[1],
            "out_channels": try requiredShape(p + "decoder.conv_out.weight", rank: 4)[0], "norm_num_groups": 32,
            "down_block_types": Array(repeating: "DownEncoderBlock2D", count: levels),
            "up_block_types": Array(repeating: "UpDecoderBlock2D", count: levels),
            "scaling_factor": family.isXL ? 0.13025 : 0.18215,
            "sample_size": family.isXL ? 1024 : family == .sd2 ? 768 : 512,
        ]
        return ComponentConfig(values: values, path: path + " (VAE)")
    }

    func vaeWeights(blockCount: Int, dtype: TensorType) -> WeightSource {
        LDMWeights(self, dtype: dtype) { name in LDMKeys.vae(name, blockCount: blockCount) }
    }

    /// The scheduler configuration of the family's Hugging Face model (class name, values).
    var schedulerConfig: (className: String, values: [String: Any]) {
        var values: [String: Any] = ["beta_start": 0.00085, "beta_end": 0.012, "beta_schedule": "scaled_linear", "num_train_timesteps": 1000,
                                     "set_alpha_to_one": false, "skip_prk_steps": true, "steps_offset": 1, "clip_sample": false]
        switch family {
        case .sd1:
            return ("PNDMScheduler", values)
        case .sd2:
            values["prediction_type"] = "v_prediction"
            return ("DDIMScheduler", values)
        case .sdxl, .sdxlRefiner:
            values["interpolation_type"] = "linear"
            values["timestep_spacing"] = "leading"
            values["use_karras_sigmas"] = false
            values["sample_max_value"] = 1.0
            values["prediction_type"] = "epsilon"
            return ("EulerDiscreteScheduler", values)
        }
    }
}

/// A single-file checkpoint's tensors by diffusers' names: each name mapped to its stored key
/// and transform, converted to `dtype`, reshaped where the layouts differ only in unit
/// dimensions (the VAE's attention stored as 1x1 convolutions).
final class LDMWeights: WeightSource {
    let checkpoint: SingleFileCheckpoint
    let dtype: TensorType
    let key: (String) -> LDMKey?

    init(_ checkpoint: SingleFileCheckpoint, dtype: TensorType, key: @escaping (String) -> LDMKey?) {
        self.checkpoint = checkpoint
        self.dtype = dtype
        self.key = key
    }

    /// The model's shape for `name` holds as many values as the stored one, in the same
    /// dimensions but for ones (a 1x1 convolution stored as a matrix).
    private func checkShape(_ stored: [Int], of storedName: String, for name: String, _ shape: [Int]) throws(ModelFileError) {
        guard stored.reduce(1, *) == shape.reduce(1, *), stored.filter({ $0 != 1 }) == shape.filter({ $0 != 1 }) else {
            throw ModelFileError(file: checkpoint.path, tensor: storedName, "has shape \(stored), the model needs \(shape) for \(name)")
        }
    }

    func tensor(_ name: String, shape: [Int], role: WeightRole) throws(ModelFileError) -> Tensor {
        let path = checkpoint.path
        guard let stored = key(name), let info = checkpoint.file.tensors[stored.name] else {
            throw ModelFileError(file: path, tensor: key(name)?.name ?? name, "missing from the checkpoint (for \(name))")
        }
        do {
            let type = try TensorType(info.dtype)
            let raw = try Tensor.borrowing(try checkpoint.file.bytes(of: stored.name), type: type, shape: info.shape,
                                           owner: checkpoint.file)
            let tensor: Tensor
            switch stored.transform {
            case .none:
                // most weights: the file's bytes in place, as ModelWeights reads a folder's
                try checkShape(raw.shape, of: stored.name, for: name, shape)
                let shaped = try raw.reshaped(shape)
                return type == dtype ? shaped : try shaped.converted(to: dtype)
            case .transpose:
                guard info.shape.count == 2 else { throw ModelFileError(file: path, tensor: stored.name, "must be a matrix") }
                tensor = try raw.converted(to: .float32).permuted([1, 0])
            case .third(let part):
                guard let rows = info.shape.first, rows % 3 == 0 else {
                    throw ModelFileError(file: path, tensor: stored.name, "has shape \(info.shape); a fused projection has three equal parts")
                }
                tensor = try raw.converted(to: .float32).sliced(dimension: 0, (part * rows / 3)..<((part + 1) * rows / 3))
            }
            try checkShape(tensor.shape, of: stored.name, for: name, shape)
            // a copy, so that the permuted or sliced tensor is contiguous
            return try tensor.multiplying(1).reshaped(shape).converted(to: dtype)
        } catch let error as ModelFileError {
            throw error
        } catch let error as TorchError {
            throw ModelFileError(file: path, tensor: stored.name, error.message)
        } catch {
            throw ModelFileError(file: path, tensor: stored.name, "\(error)")
        }
    }
}
