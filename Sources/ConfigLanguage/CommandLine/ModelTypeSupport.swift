/// Which `--model-type` values have each option: the feature table of the reference's
/// manual, as data. `ConfigurationCheck` refuses an option on a model type outside its row with
/// the reference's message; the language server and the REPL read the same rows.
///
/// Options without a row work with every model type.
public enum ModelTypeSupport {
    /// Every `--model-type` value, in the reference's order.
    public static var allModelTypes: [String] { OptionRegistries.modelTypes }

    static let flux = ["flux", "flux-fill", "flux-kontext"]
    static let sd3 = ["sd3", "sd3-pix2pix"]
    static let sdxl = ["sdxl", "sdxl-pix2pix", "kolors"]

    /// One row: the options it covers (a dest, or every dest under a prefix ending in `_`)
    /// and the model types that have them. The first matching row wins.
    struct Row {
        var options: [String]
        var modelTypes: [String]

        func covers(_ dest: String) -> Bool {
            options.contains { $0.hasSuffix("_") ? dest.hasPrefix($0) || dest + "_" == $0 : dest == $0 }
        }
    }

    static let rows: [Row] = [
        Row(options: ["tea_cache_"], modelTypes: flux),
        Row(options: ["ras_"], modelTypes: sd3),
        Row(options: ["hi_diffusion_"], modelTypes: ["sd", "sdxl", "kolors"]),
        Row(options: ["sada_"], modelTypes: ["sd", "sdxl", "kolors"] + flux),
        Row(options: ["deep_cache_"], modelTypes: ["sd", "pix2pix", "sdxl", "sdxl-pix2pix", "kolors", "upscaler-x4"]),
        Row(options: ["freeu_params"], modelTypes: ["sd", "pix2pix", "sdxl", "sdxl-pix2pix", "kolors", "upscaler-x2", "upscaler-x4"]),
        Row(options: ["adetailer_"], modelTypes: ["sd", "sdxl", "kolors", "sd3", "flux", "flux-fill"]),
        Row(options: ["second_model_"], modelTypes: sdxl + ["s-cascade"]),
        Row(options: ["sdxl_"], modelTypes: sdxl),
        Row(options: ["s_cascade_decoder_uri"], modelTypes: ["s-cascade"]),
        Row(options: ["upscaler_noise_levels"], modelTypes: ["upscaler-x4", "ifs", "ifs-img2img"]),
        Row(options: ["image_guidance_scales"], modelTypes: ["pix2pix", "sdxl-pix2pix", "sd3-pix2pix"]),
        Row(options: ["transformer_uri"], modelTypes: sd3 + flux),
        Row(options: ["pag"], modelTypes: ["sd", "sdxl", "kolors", "sd3"]),
        Row(options: ["unet_uri"], modelTypes: OptionRegistries.modelTypes.filter { !sd3.contains($0) }),
        // other model types take clip skips only through a prompt weighter
        Row(options: ["clip_skips"], modelTypes: ["sd", "sdxl"] + sd3),
    ]

    /// The model types that have the option (by dest); nil when every model type has it.
    public static func modelTypes(for dest: String) -> [String]? {
        rows.first { $0.covers(dest) }?.modelTypes
    }

    /// Whether `modelType` has the option.
    public static func supports(_ dest: String, _ modelType: String) -> Bool {
        modelTypes(for: dest)?.contains(modelType) ?? true
    }
}

extension CommandOption {
    /// The model types that have this option; nil when every model type has it.
    public var modelTypes: [String]? { ModelTypeSupport.modelTypes(for: dest) }
}
