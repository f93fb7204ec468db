import Foundation

extension TinyModel {
    /// The configurations of a checkpoint kind: its family's layout with CLIP's vocabulary
    /// (49408 tokens), 64-wide text encoders of one head, 32 norm groups, UNet heads as
    /// `SingleFileCheckpoint` assumes them (SD 1.x: eight; others: one per 64 channels, at least
    /// one), and the family's sample sizes.
    static func checkpointConfigs(_ kind: Kind)
        -> (index: [String: Any], scheduler: [String: Any], textEncoders: [(folder: String, config: [String: Any])], unet: [String: Any], vae: [String: Any]) {
        var (index, scheduler, encoders, unet, vae) = configs(kind.family, vocabularySize: 49408, bos: 49406, eos: 2)
        unet["block_out_channels"] = [32, 64]
        unet["norm_num_groups"] = 32
        unet["attention_head_dim"] = kind == .sd1Checkpoint ? 8 : [1, 1] as Any
        unet["sample_size"] = kind == .sd1Checkpoint ? 64 : kind == .sd2Checkpoint ? 96 : 128
        unet["cross_attention_dim"] = kind == .sdxlCheckpoint ? 128 : 64
        if kind == .sdxlCheckpoint { unet["projection_class_embeddings_input_dim"] = 64 + 6 * 8 }
        vae["block_out_channels"] = [32, 64]
        vae["norm_num_groups"] = 32
        vae["sample_size"] = kind == .sd1Checkpoint ? 512 : kind == .sd2Checkpoint ? 768 : 1024
        encoders = encoders.map { encoder in
            var config = encoder.config
            config["hidden_size"] = 64
            config["num_attention_heads"] = 1
            config["pad_token_id"] = 1
            if encoder.folder == "text_encoder_2" {
                // OpenCLIP's activation, as the checkpoint's reader assumes for it
                config["projection_dim"] = 64
                config["hidden_act"] = "gelu"
            }
            return (encoder.folder, config)
        }
        return (index, scheduler, encoders, unet, vae)
    }

    /// CLIP's shipped tokenizer files in `folder`, padding with `padText`.
    static func writeCLIPTokenizer(to folder: String, padText: String) throws {
        guard let source = EngineResources.folder("clip-tokenizer") else {
            throw ModelFileError(file: "clip-tokenizer", "CLIP's tokenizer files are missing beside the executable")
        }
        let manager = FileManager.default
        for file in ["vocab.json", "merges.txt"] {
            if manager.fileExists(atPath: folder + "/" + file) { try manager.removeItem(atPath: folder + "/" + file) }
            try manager.copyItem(atPath: source + "/" + file, toPath: folder + "/" + file)
        }
        let special: [String: Any] = ["bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>", "pad_token": padText, "unk_token": "<|endoftext|>"]
        var config = special
        config["model_max_length"] = 77
        config["tokenizer_class"] = "CLIPTokenizer"
        for (name, value) in [("tokenizer_config.json", config), ("special_tokens_map.json", special)] {
            let data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys])
            try data.write(to: URL(fileURLWithPath: folder + "/" + name), options: .atomic)
        }
    }

    /// Writes the diffusers model in `folder` (an SD 1.x, 2.x or SDXL base folder) as one
    /// safetensors checkpoint in the original (LDM) layout at `file`, as model sites distribute
    /// them: the inverse of `SingleFileCheckpoint`'s reading (attention projections fused for
    /// OpenCLIP, its text projection transposed, the VAE's attention as 1x1 convolutions, and
    /// SD 2.x's unused last text encoder block).
    public static func writeSingleFile(folder: String, to file: String) throws {
        var tensors: [String: (shape: [Int], values: [Float])] = [:]
        var fused: [String: [Int: (shape: [Int], values: [Float])]] = [:]
        let index = try ComponentConfig(path: folder + "/model_index.json")
        let xl = try index.string("_class_name", default: "") == "StableDiffusionXLPipeline"
        func read(_ component: String) throws -> [(name: String, shape: [Int], values: [Float])] {
            let weights = try ModelWeights(folder: folder + "/" + component)
            var result: [(name: String, shape: [Int], values: [Float])] = []
            for name in weights.names {
                guard let info = weights.files.lazy.compactMap({ $0.tensors[name] }).first else { continue }
                result.append((name, info.shape, try weights.tensor(name, shape: info.shape).floats()))
            }
            return result
        }
        func store(_ key: LDMKey?, _ name: String, _ shape: [Int], _ values: [Float]) throws {
            guard let key else { throw ModelFileError(file: folder, tensor: name, "has no place in the single-file layout") }
            switch key.transform {
            case .none: tensors[key.name] = (shape, values)
            case .transpose:
                guard shape.count == 2 else { throw ModelFileError(file: folder, tensor: name, "must be a matrix") }
                let rows = shape[0], columns = shape[1]
                var transposed = [Float](repeating: 0, count: values.count)
                for row in 0..<rows { for column in 0..<columns { transposed[column * rows + row] = values[row * columns + column] } }
                tensors[key.name] = ([columns, rows], transposed)
            case .third(let part): fused[key.name, default: [:]][part] = (shape, values)
            }
        }
        let unetConfig = try ComponentConfig(path: folder + "/unet/config.json")
        let layers = try unetConfig.int("layers_per_block", minimum: 1)
        let upTypes = try unetConfig.strings("up_block_types")
        for tensor in try read("unet") {
            let key = LDMKeys.unet(tensor.name, layersPerBlock: layers) { block in upTypes.indices.contains(block) && upTypes[block].hasPrefix("CrossAttn") ? 2 : 1 }
            try store(key, tensor.name, tensor.shape, tensor.values)
        }
        let vaeBlocks = try ComponentConfig(path: folder + "/vae/config.json").ints("block_out_channels").count
        for tensor in try read("vae") {
            let attention = tensor.name.contains("mid_block.attentions") && tensor.shape.count == 2
            try store(LDMKeys.vae(tensor.name, blockCount: vaeBlocks), tensor.name, attention ? tensor.shape + [1, 1] : tensor.shape, tensor.values)
        }
        let first = try ComponentConfig(path: folder + "/text_encoder/config.json")
        let openCLIP = try first.string("hidden_act", default: "quick_gelu") == "gelu"
        let encoders: [(String, String, Bool)] = xl
            ? [("text_encoder", "conditioner.embedders.0.transformer.", false), ("text_encoder_2", "conditioner.embedders.1.model.", true)]
            : [("text_encoder", openCLIP ? "cond_stage_model.model." : "cond_stage_model.transformer.", openCLIP)]
        for (component, prefix, open) in encoders {
            for tensor in try read(component) where !tensor.name.hasSuffix("position_ids") {
                try store(open ? LDMKeys.openCLIP(tensor.name, prefix: prefix) : LDMKeys.clip(tensor.name, prefix: prefix), tensor.name, tensor.shape, tensor.values)
            }
        }
        for (name, parts) in fused {
            guard let q = parts[0], let k = parts[1], let v = parts[2] else { throw ModelFileError(file: folder, tensor: name, "lacks a projection") }
            guard let rows = q.shape.first, q.shape == k.shape, q.shape == v.shape else {
                throw ModelFileError(file: folder, tensor: name, "has projections of different shapes")
            }
            tensors[name] = ([rows * 3] + q.shape.dropFirst(), q.values + k.values + v.values)
        }
        if !xl && openCLIP {
            // SD 2.x checkpoints carry OpenCLIP's last block, which the penultimate conditioning never reads
            let blocks = "cond_stage_model.model.transformer.resblocks."
            let count = Set(tensors.keys.filter { $0.hasPrefix(blocks) }.compactMap { Int($0.dropFirst(blocks.count).prefix { $0 != "." }) }).count
            for (name, tensor) in tensors where name.hasPrefix(blocks + "\(count - 1).") {
                tensors[blocks + "\(count)." + name.dropFirst((blocks + "\(count - 1).").count)] = tensor
            }
        }
        let written = tensors.keys.sorted().compactMap { name -> SafetensorsWriter.Tensor? in
            guard let tensor = tensors[name] else { return nil }
            return SafetensorsWriter.Tensor(name: name, dtype: .float32, shape: tensor.shape, data: tensor.values.withUnsafeBytes { Data($0) })
        }
        try SafetensorsWriter.encode(written, metadata: ["format": "pt"]).write(to: URL(fileURLWithPath: file), options: .atomic)
    }
}
