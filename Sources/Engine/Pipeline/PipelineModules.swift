import ConfigRuntime

/// A pipeline's scheduler as a module `\save_modules` can save: its class and configuration.
public final class SchedulerModule: @unchecked Sendable {
    public let className: String
    public let config: SchedulerConfig
    init(className: String, config: SchedulerConfig) {
        self.className = className
        self.config = config
    }
}

extension StableDiffusionPipeline {
    /// The module names dgenerate's pipelines can have (`\save_modules` refuses others).
    static let moduleNames: Set<String> = ["unet", "vae", "transformer", "text_encoder", "text_encoder_2", "text_encoder_3", "tokenizer",
                                           "tokenizer_2", "tokenizer_3", "safety_checker", "feature_extractor", "image_encoder",
                                           "adapter", "controlnet", "scheduler"]

    /// The modules diffusers' pipeline of this kind has, some of them empty here: a safety
    /// checker and feature extractor (Stable Diffusion), an image encoder (both), a first text
    /// encoder and tokenizer (an SDXL refiner has them, empty).
    var possessedModules: Set<String> {
        isXL ? ["unet", "vae", "scheduler", "text_encoder", "tokenizer", "text_encoder_2", "tokenizer_2", "image_encoder", "feature_extractor"]
            : ["unet", "vae", "scheduler", "text_encoder", "tokenizer", "safety_checker", "feature_extractor", "image_encoder"]
    }

    /// This pipeline's module of that name; nil for one it has empty.
    func module(_ name: String) -> AnyObject? {
        switch name {
        case "unet": return unet
        case "vae": return autoencoder
        case "scheduler": return SchedulerModule(className: defaultScheduler, config: schedulerConfig)
        default:
            return text.encoders.first { $0.modelName == name }?.model ?? text.encoders.first { $0.tokenizerName == name }?.tokenizer
        }
    }

    /// The named modules, with the reference's messages for an unknown name or a module this
    /// kind of pipeline does not have.
    func modules(_ names: [String]) throws(ScriptError) -> [(name: String, module: AnyObject?)] {
        var found: [(name: String, module: AnyObject?)] = []
        for name in names {
            guard Self.moduleNames.contains(name) else { throw ScriptError("\"\(name)\" is not a recognized pipeline module name.") }
            guard possessedModules.contains(name) else { throw ScriptError("Created pipeline does not possess a module named: \"\(name)\".") }
            found.append((name, module(name)))
        }
        return found
    }
}
