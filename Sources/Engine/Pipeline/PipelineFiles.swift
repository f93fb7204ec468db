import Foundation

/// Where a pipeline's components come from: a diffusers folder (`model_index.json` and one
/// folder per component) or a single-file checkpoint (configurations read off its tensors,
/// CLIP's shipped tokenizer, the family's scheduler). The pipeline asks both the same way.
struct PipelineFiles {
    let xl: Bool
    /// The text encoders, first to last, by their folder names.
    let encoders: [(tokenizer: String, encoder: String)]
    let forceZerosForEmptyPrompt: Bool
    let requiresAestheticsScore: Bool
    let tokenizer: (String) throws -> CLIPTokenizer
    let config: (String) throws(ModelFileError) -> ComponentConfig
    /// Where a component's configuration comes from, for messages (read nothing).
    let configPath: (String) -> String
    let weights: (String, ComponentConfig, TensorType) throws(ModelFileError) -> WeightSource
    /// The bytes of a component's weights, for the caches' memory accounting.
    let weightBytes: (String) -> Int
    let scheduler: () throws -> (config: SchedulerConfig, className: String)

    static let pipelineClasses = ["StableDiffusionPipeline", "StableDiffusionImg2ImgPipeline", "StableDiffusionInpaintPipeline"]
    static let xlPipelineClasses = ["StableDiffusionXLPipeline", "StableDiffusionXLImg2ImgPipeline", "StableDiffusionXLInpaintPipeline"]

    /// The components of `path`: a single file when it is one, else a diffusers folder.
    static func open(_ path: String, variant: String?) throws -> PipelineFiles {
        SingleFileCheckpoint.isSingleFile(path) ? checkpoint(try SingleFileCheckpoint(path: path)) : try folder(path, variant: variant)
    }

    static func folder(_ folder: String, variant: String?) throws -> PipelineFiles {
        let index = try ComponentConfig(path: folder + "/model_index.json")
        let pipelineClass = try index.string("_class_name", default: "StableDiffusionPipeline")
        // the same components make text-to-image, img2img and inpainting pipelines
        let xl = xlPipelineClasses.contains(pipelineClass)
        guard xl || pipelineClasses.contains(pipelineClass) else {
            throw ModelFileError(file: index.path, "is a \(pipelineClass); this engine runs \((pipelineClasses + xlPipelineClasses).joined(separator: ", ")) models")
        }
        func present(_ component: String) -> Bool {
            guard let entry = index.values[component] as? [Any] else { return false }
            return entry.contains { !($0 is NSNull) }
        }
        let encoders = (xl ? [("tokenizer", "text_encoder"), ("tokenizer_2", "text_encoder_2")] : [("tokenizer", "text_encoder")])
            .filter { !xl || present($0.1) }
        return PipelineFiles(
            xl: xl, encoders: encoders,
            forceZerosForEmptyPrompt: (index.values["force_zeros_for_empty_prompt"] as? Bool) ?? !pipelineClass.contains("Img2Img"),
            requiresAestheticsScore: xl && (index.values["requires_aesthetics_score"] as? Bool) == true,
            tokenizer: { name in try CLIPTokenizer(folder: folder + "/" + name) },
            config: { name throws(ModelFileError) in try ComponentConfig(path: folder + "/" + name + "/config.json") },
            configPath: { name in folder + "/" + name + "/config.json" },
            weights: { name, _, dtype throws(ModelFileError) in try ModelWeights(folder: folder + "/" + name, variant: variant, dtype: dtype) },
            weightBytes: { name in ObjectCaches.weightBytes(folder + "/" + name) },
            scheduler: {
                let scheduler = try ComponentConfig(path: folder + "/scheduler/scheduler_config.json")
                return (SchedulerConfig(json: scheduler.values), try scheduler.string("_class_name", default: "PNDMScheduler"))
            })
    }

    static func checkpoint(_ checkpoint: SingleFileCheckpoint) -> PipelineFiles {
        let encoders = checkpoint.textEncoders
        func encoder(_ name: String) throws(ModelFileError) -> (tokenizer: String, encoder: String, prefix: String, openCLIP: Bool) {
            guard let found = encoders.first(where: { $0.encoder == name || $0.tokenizer == name }) else {
                throw ModelFileError(file: checkpoint.path, "has no \(name)")
            }
            return found
        }
        let refiner = checkpoint.family == .sdxlRefiner
        return PipelineFiles(
            xl: checkpoint.family.isXL, encoders: encoders.map { ($0.tokenizer, $0.encoder) },
            forceZerosForEmptyPrompt: !refiner, requiresAestheticsScore: refiner,
            tokenizer: { name in try checkpoint.tokenizer(openCLIP: try encoder(name).openCLIP) },
            config: { name throws(ModelFileError) in
                switch name {
                case "unet": return try checkpoint.unetConfig()
                case "vae": return try checkpoint.vaeConfig()
                default:
                    let found = try encoder(name)
                    return try checkpoint.textEncoderConfig(prefix: found.prefix, openCLIP: found.openCLIP, withProjection: name == "text_encoder_2")
                }
            },
            configPath: { name in "\(checkpoint.path) (\(name))" },
            weights: { name, config, dtype throws(ModelFileError) in
                switch name {
                case "unet": return try checkpoint.unetWeights(config: config, dtype: dtype)
                case "vae": return checkpoint.vaeWeights(blockCount: try config.ints("block_out_channels", minimum: 1).count, dtype: dtype)
                default:
                    let found = try encoder(name)
                    return checkpoint.textEncoderWeights(prefix: found.prefix, openCLIP: found.openCLIP, dtype: dtype)
                }
            },
            weightBytes: { name in
                let prefix = name == "unet" ? SingleFileCheckpoint.unetPrefix : name == "vae" ? "first_stage_model." : (try? encoder(name).prefix) ?? name
                return checkpoint.file.tensors.filter { $0.key.hasPrefix(prefix) }.reduce(0) { $0 + $1.value.range.count }
            },
            scheduler: {
                let scheduler = checkpoint.schedulerConfig
                return (SchedulerConfig(json: scheduler.values), scheduler.className)
            })
    }
}
