import BigInt
import Templating

/// The reference's checks of a parsed command line that come before anything loads
/// (`RenderLoopConfig.check`), in its order and with its words: options that need other
/// options, options a model type does not have, and values that only make sense together.
/// The `--image-seeds` values are read here too (`ImageSeedURI`), with the checks that combine
/// them with the other options.
public struct ConfigurationCheck {
    /// The options given, by dest: their words as typed (none for a flag).
    let values: [String: [String]]
    /// Whether a path (relative to the working directory) names an existing file.
    let fileExists: (String) -> Bool
    /// Whether an image seed's file exists; nil where that is not known (the static checks of
    /// an editor), when every path counts as existing.
    var seedFileExists: ((String) -> Bool)? = nil

    /// The first problem with the options given, as the reference words it; nil when there is
    /// none. `seedFileExists` answers for the image seeds' files (nil: not known, so not checked).
    public static func problem(_ values: [String: [String]], fileExists: (String) -> Bool = { _ in false },
                               seedFileExists: ((String) -> Bool)? = nil) -> String? {
        if case .failure(let problem) = checked(values, fileExists: fileExists, seedFileExists: seedFileExists) { return problem.message }
        return nil
    }

    /// The image seeds, read once by the checks, or the first problem.
    static func checked(_ values: [String: [String]], fileExists: (String) -> Bool,
                        seedFileExists: ((String) -> Bool)?) -> Result<[ImageSeedURI], Problem> {
        withoutActuallyEscaping(fileExists) { (fileExists) -> Result<[ImageSeedURI], Problem> in
            var check = ConfigurationCheck(values: values, fileExists: fileExists)
            check.seedFileExists = seedFileExists
            do throws(Problem) {
                return .success(try check.run())
            } catch {
                return .failure(error)
            }
        }
    }

    /// Whether any option asks for inpaint cropping (each of them implies `--inpaint-crop`).
    static func cropsInpainting(_ values: [String: [String]]) -> Bool {
        ["inpaint_crop", "inpaint_crop_paddings", "inpaint_crop_feathers", "inpaint_crop_masked"].contains { values[$0] != nil }
    }

    struct Problem: Error { var message: String }

    // MARK: - Reading the configuration

    /// The option's name in messages: its last option string, as the reference names it.
    func name(_ dest: String) -> String {
        OptionCatalogue.options.last { $0.dest == dest }?.names.last ?? dest
    }

    /// Whether the reference's attribute is not None. The attributes these checks read default
    /// to None or False, and a given option always holds a value (an option's list is never
    /// empty), so being given is both "not None" and "truthy" here.
    func isSet(_ dest: String) -> Bool { values[dest] != nil }

    /// Whether the attribute is truthy (see `isSet`: the same for these options).
    func isTrue(_ dest: String) -> Bool { isSet(dest) }

    func first(_ dest: String) -> String? { values[dest]?.first }

    func integers(_ dest: String) -> [BigInt] { (values[dest] ?? []).compactMap(OptionValueType.int) }

    /// The attributes with a value whose names start with one of the prefixes, in the
    /// reference's order (Python's `dir()`: sorted).
    func setAttributes(startingWith prefixes: String...) -> [String] {
        values.keys.filter { dest in prefixes.contains { dest.hasPrefix($0) } }.sorted()
    }

    func setAttributes(endingWith suffix: String) -> [String] {
        values.keys.filter { $0.hasSuffix(suffix) }.sorted()
    }

    /// The second-model attributes with a value (`second_model_*`, `second_*` except the
    /// primary model's prompts, and those under `prefix`).
    func setSecondModelAttributes(prefix: String? = nil) -> [String] {
        values.keys.filter { dest in
            if let prefix, dest.hasPrefix(prefix) { return true }
            if dest.hasPrefix("second_model") { return true }
            return dest.hasPrefix("second") && !(dest.hasSuffix("prompts") || dest.hasSuffix("prompt_upscaler_uri"))
        }.sorted()
    }

    /// `--model-type`, as its string (`sd` by default).
    var modelType: String { (first("model_type") ?? "sd").trimmingWhitespace.lowercased() }
    /// The model type as the reference's enum prints inside a message (`ModelType.IFS`).
    var modelTypeEnum: String { "ModelType." + modelType.uppercased().replacingOccurrences(of: "-", with: "_") }

    /// Whether the model type has the option (`ModelTypeSupport`).
    func supports(_ dest: String) -> Bool { ModelTypeSupport.supports(dest, modelType) }

    var isFlux: Bool { modelType.contains("flux") }
    var isSD3: Bool { modelType.contains("sd3") }
    var isPix2Pix: Bool { modelType.contains("pix2pix") }
    var isUpscaler: Bool { modelType.contains("upscaler") }
    var isFloyd: Bool { ["if", "ifs", "ifs-img2img"].contains(modelType) }
    var isFloydSuperResolution: Bool { ["ifs", "ifs-img2img"].contains(modelType) }

    var imageFormat: String { (first("image_format") ?? "png").trimmingWhitespace.lowercased() }
    var animationFormat: String { (first("animation_format") ?? "mp4").trimmingWhitespace.lowercased() }
    /// Whether the images are written as latent tensors.
    var outputsLatents: Bool { OptionRegistries.tensorFormats.contains(imageFormat) }

    func fail(_ message: String) throws(Problem) -> Never { throw Problem(message: message) }

    // MARK: - The checks, in the reference's order

    /// The checks; the image seeds they read.
    func run() throws(Problem) -> [ImageSeedURI] {
        let helpMode = try checkHelpArguments()
        try checkOptimizationFeatures()
        try checkSecondModel()
        try checkConfigurationFiles()
        try checkAdetailer()
        try checkInpaintCrop()
        try checkImageSeedsRequirements(helpMode: helpMode)
        try checkOutput()
        try checkGeneral()
        try checkModelSpecific()
        return try checkImageSeeds()
    }

    /// `help`/`helpargs` as a scheduler or text encoder asks for help, alone.
    func checkHelpArguments() throws(Problem) -> Bool {
        func isHelp(_ value: String) -> Bool { ["help", "helpargs"].contains(value.trimmingWhitespace.lowercased()) }
        let schedulers = values["scheduler_uri"] ?? []
        let secondSchedulers = values["second_model_scheduler_uri"] ?? []
        let encoders = values["text_encoder_uris"] ?? []
        let secondEncoders = values["second_model_text_encoder_uris"] ?? []
        let schedulerHelp = schedulers.contains(where: isHelp)
        let secondSchedulerHelp = secondSchedulers.contains(where: isHelp)
        let encoderHelp = encoders.contains("help"), secondEncoderHelp = secondEncoders.contains("help")
        func multiple(_ dest: String) -> String {
            "You cannot specify \"help\" or \"helpargs\" to \(name(dest)) with multiple values involved."
        }
        if schedulerHelp && schedulers.count > 1 { try fail(multiple("scheduler_uri")) }
        if secondSchedulerHelp && secondSchedulers.count > 1 { try fail(multiple("second_model_scheduler_uri")) }
        if encoderHelp && encoders.count > 1 { try fail(multiple("text_encoder_uris")) }
        if secondEncoderHelp && secondEncoders.count > 1 { try fail(multiple("second_model_text_encoder_uris")) }
        return schedulerHelp || secondSchedulerHelp || encoderHelp || secondEncoderHelp
    }

    func checkOptimizationFeatures() throws(Problem) {
        if isTrue("quantizer_map") && !isTrue("quantizer_uri") {
            try fail("\(name("quantizer_map")) cannot be used without \(name("quantizer_uri"))")
        }
        if isTrue("second_model_quantizer_map") && !isTrue("second_model_quantizer_uri") {
            try fail("\(name("second_model_quantizer_map")) cannot be used without \(name("second_model_quantizer_uri"))")
        }
        let teaCache = isTrue("tea_cache") || !setAttributes(startingWith: "tea_cache_").isEmpty
        if teaCache && !supports("tea_cache") {
            try fail("\(name("tea_cache")) and related arguments are only compatible with \(name("model_type")) flux*")
        }
        if teaCache && isTrue("model_cpu_offload") {
            try fail("\(name("model_cpu_offload")) is not compatible with \(name("tea_cache")) and related arguments.")
        }
        let ras = isTrue("ras") || !setAttributes(startingWith: "ras_").isEmpty
        if ras && !supports("ras") {
            try fail("\(name("ras")) and related arguments are only compatible with \(name("model_type")) sd3")
        }
        if ras && isTrue("model_cpu_offload") {
            try fail("\(name("model_cpu_offload")) is not compatible with \(name("ras")) and related arguments.")
        }
        if isTrue("ras_index_fusion") && isTrue("model_sequential_offload") {
            try fail("\(name("ras_index_fusion")) is not compatible with \(name("model_sequential_offload")).")
        }
        if isTrue("ras_index_fusion") && (isTrue("quantizer_uri") || unetHasQuantizer) {
            try fail("\(name("ras_index_fusion")) is not supported for RAS when UNet quantization is enabled, quantize the text encoders individually using \(name("text_encoder_uris"))")
        }
        if isTrue("hi_diffusion") {
            if !supports("hi_diffusion") {
                try fail("\(name("hi_diffusion")) is only supported for Stable Diffusion, Stable Diffusion XL, and Kolors")
            }
            if isTrue("t2i_adapter_uris") {
                try fail("\(name("hi_diffusion")) is not supported with \(name("t2i_adapter_uris"))")
            }
        } else {
            if isSet("hi_diffusion_no_win_attn") {
                try fail("\(name("hi_diffusion_no_win_attn")) is only supported when \(name("hi_diffusion")) is enabled.")
            }
            if isSet("hi_diffusion_no_raunet") {
                try fail("\(name("hi_diffusion_no_raunet")) is only supported when \(name("hi_diffusion")) is enabled.")
            }
        }
        let deepCache = isTrue("deep_cache") || !setAttributes(startingWith: "deep_cache_").isEmpty
        let sada = isTrue("sada") || !setAttributes(startingWith: "sada_").isEmpty
        if sada && !supports("sada") {
            try fail("SADA arguments are only supported for --model-type sd, sdxl, kolors, and flux*")
        }
        if sada && teaCache { try fail("SADA cannot be used simultaneously with \(name("tea_cache")) and related arguments.") }
        if sada && deepCache { try fail("SADA cannot be used simultaneously with \(name("deep_cache")) and related arguments.") }
        if sada && isTrue("hi_diffusion") { try fail("SADA cannot be used simultaneously with \(name("hi_diffusion"))") }
        if sada {
            let terms = integers("sada_lagrange_terms")
            if terms.contains(where: { $0 != 0 }) {
                let ints = integers("sada_lagrange_ints"), steps = integers("sada_lagrange_steps")
                if ints.isEmpty || steps.isEmpty {
                    try fail("When using SADA Lagrangian interpolation (\(name("sada_lagrange_terms")) != 0), both \(name("sada_lagrange_ints")) and \(name("sada_lagrange_steps")) must be specified")
                }
                for lagrangeInt in ints {
                    for lagrangeStep in steps where lagrangeInt != 0 && lagrangeStep.modulus(lagrangeInt) != 0 {
                        try fail("SADA \(name("sada_lagrange_steps")) (\(lagrangeStep)) must be divisible by \(name("sada_lagrange_ints")) (\(lagrangeInt))")
                    }
                }
            }
        }
        if deepCache && !supports("deep_cache") {
            try fail("\(name("deep_cache")) and related arguments are only supported with Stable Diffusion, Stable Diffusion XL, Stable Diffusion Upscaler X4, Kolors, and Pix2Pix variants.")
        }
        if isSet("freeu_params") && !supports("freeu_params") {
            try fail("\(name("freeu_params")) not supported with \(name("model_type")) \(modelType).")
        }
    }

    /// Whether `--unet` names a quantizer in its URI (`;quantizer=...`).
    var unetHasQuantizer: Bool {
        guard let unet = first("unet_uri") else { return false }
        return unet.split(separator: ";").dropFirst().contains { $0.trimmingWhitespace.lowercased().hasPrefix("quantizer") }
    }

    func checkSecondModel() throws(Problem) {
        if !supports("second_model_") {
            let errors = setSecondModelAttributes().map { "Cannot use \(name($0)) with \(name("model_type")) \(modelType)" }
            if !errors.isEmpty { try fail(errors.joined(separator: "\n")) }
        }
        if !isTrue("sdxl_refiner_uri") && !isTrue("s_cascade_decoder_uri") {
            for dest in ["second_model_scheduler_uri", "second_model_text_encoder_uris"] where isTrue(dest) {
                try fail("Cannot use \(name(dest)) if \(name("sdxl_refiner_uri")) or \(name("s_cascade_decoder_uri")) is not specified.")
            }
        }
    }

    /// The reference's test for a checkpoint file: a URL, an existing file, or a known extension.
    func isSingleFile(_ path: String) -> Bool {
        let (stem, ext) = PythonPath.splitext(path)
        if stem.hasPrefix("http://") || stem.hasPrefix("https://") { return true }
        if fileExists(stem) { return true }
        return [".pt", ".pth", ".bin", ".ckpt", ".safetensors"].contains(ext)
    }

    /// The model of a `MODEL;key=value` URI.
    func uriModel(_ uri: String) -> String { String(uri.split(separator: ";", omittingEmptySubsequences: false).first ?? "").trimmingWhitespace }

    func checkConfigurationFiles() throws(Problem) {
        if !isSingleFile(first("model_path") ?? "") && isTrue("original_config") {
            try fail("You cannot specify \(name("original_config")) when the main model is not a a single file checkpoint.")
        }
        guard isTrue("second_model_original_config") else { return }
        let refiner = first("sdxl_refiner_uri"), decoder = first("s_cascade_decoder_uri")
        if refiner == nil && decoder == nil {
            try fail("You cannot specify \(name("second_model_original_config")) without \(name("sdxl_refiner_uri")) or \(name("s_cascade_decoder_uri")).")
        }
        if let refiner, !isSingleFile(uriModel(refiner)) {
            try fail("You cannot specify \(name("second_model_original_config")) when the \(name("sdxl_refiner_uri")) model is not a single file checkpoint.")
        }
        if let decoder, !isSingleFile(uriModel(decoder)) {
            try fail("You cannot specify \(name("second_model_original_config")) when the \(name("s_cascade_decoder_uri")) model is not a single file checkpoint.")
        }
    }

    func checkAdetailer() throws(Problem) {
        let used = setAttributes(startingWith: "adetailer")
        let detectors = isTrue("adetailer_detector_uris")
        if !detectors && !used.isEmpty {
            let others = used.filter { $0 != "adetailer_detector_uris" }.map(name)
            try fail("May not use \(EnglishList.joined(others, "or")) without \(name("adetailer_detector_uris")).")
        }
        if detectors && !supports("adetailer_detector_uris") {
            try fail("\(name("adetailer_detector_uris")) is only compatible with \(name("model_type")) sd, sdxl, kolors, sd3, and flux")
        }
        if detectors && outputsLatents {
            try fail("Outputting latents with \(name("image_format")) \(imageFormat) is not supported with \(name("adetailer_detector_uris"))")
        }
        for shape in values["adetailer_mask_shapes"] ?? [] {
            let normalized = shape.trimmingWhitespace.lowercased()
            if !["r", "rect", "rectangle", "c", "circle", "e", "ellipse"].contains(normalized) {
                try fail("Unknown adetailer_mask_shapes value: \(shape)")
            }
        }
    }

    func checkInpaintCrop() throws(Problem) {
        let crop = Self.cropsInpainting(values)
        if crop && isTrue("no_aspect") {
            try fail("\(name("inpaint_crop")) is not compatible with \(name("no_aspect"))")
        }
        if crop && !isTrue("image_seeds") {
            try fail("\(name("inpaint_crop")) requires \(name("image_seeds")) to be specified with mask images for inpainting.")
        }
        if isTrue("inpaint_crop_masked") && isTrue("inpaint_crop_feathers") {
            try fail("\(name("inpaint_crop_masked")) and \(name("inpaint_crop_feathers")) are mutually exclusive options.")
        }
        if crop && outputsLatents {
            try fail("Outputting latents with \(name("image_format")) \(imageFormat) is not supported with \(name("inpaint_crop"))")
        }
    }

    func checkImageSeedsRequirements(helpMode: Bool) throws(Problem) {
        guard !isTrue("image_seeds") else { return }
        let seeds = name("image_seeds")
        if isFloydSuperResolution && !helpMode {
            try fail("you cannot specify Deep Floyd IF super-resolution (\(name("model_type")) \"\(modelTypeEnum))\" without \(seeds)")
        }
        if isUpscaler && !helpMode {
            try fail("you cannot specify an upscaler model (\(name("model_type")) \"\(modelTypeEnum))\" without \(seeds).")
        }
        if isPix2Pix && !helpMode {
            try fail("you cannot specify a pix2pix model (\(name("model_type")) \"\(modelTypeEnum))\" without \(seeds).")
        }
        if modelType == "flux-fill" { try fail("you cannot use \(name("model_type")) flux-fill without \(seeds).") }
        if isTrue("adetailer_detector_uris") { try fail("You cannot specify \(name("adetailer_detector_uris")) without \(seeds).") }
        if isTrue("image_seed_strengths") { try fail("you cannot specify \(name("image_seed_strengths")) without \(seeds).") }
        if isTrue("seeds_to_images") { try fail("\(name("seeds_to_images")) cannot be specified without \(seeds).") }
        for dest in ["controlnet_uris", "t2i_adapter_uris", "ip_adapter_uris"] where isTrue(dest) {
            try fail("you cannot specify \(name(dest)) without \(seeds).")
        }
        // processors that have nothing to process, in the order of their attribute names
        let processors = setAttributes(endingWith: "image_processors") + setAttributes(endingWith: "latents_processors")
        if !processors.isEmpty {
            try fail(processors.map { "you cannot specify \(name($0)) without \(seeds)." }.joined(separator: "\n"))
        }
        try checkTextToImagePipeline()
    }

    /// The reference's choice of a text-to-image pipeline refuses these combinations (the
    /// options that need image seeds were refused before).
    func checkTextToImagePipeline() throws(Problem) {
        if isTrue("pag") && !supports("pag") {
            try fail("Perturbed attention guidance (--pag*) is only supported with --model-type sd, sdxl, kolors (txt2img), and sd3.")
        }
        if isFloyd {
            if isTrue("vae_uri") { try fail("Deep Floyd --model-type values are not compatible with --vae.") }
            if isTrue("image_encoder_uri") { try fail("Deep Floyd --model-type values are not compatible with --image-encoder.") }
        }
        if modelType.contains("s-cascade") && isTrue("vae_uri") {
            try fail("Stable Cascade --model-type values are not compatible with --vae.")
        }
        if isSD3 && isTrue("unet_uri") { try fail("--model-type sd3 is not compatible with --unet.") }
        if isTrue("transformer_uri") && !supports("transformer_uri") {
            try fail("--transformer is only supported for --model-type sd3 and flux.")
        }
        if isTrue("image_encoder_uri") && modelType != "s-cascade" {
            try fail("--image-encoder cannot be specified without --ip-adapters if --model-type is not s-cascade.")
        }
        if modelType == "flux-kontext" {
            try fail("Flux Kontext models only work in img2img / inpaint mode and cannot work without --image-seeds.")
        }
    }

    func checkOutput() throws(Problem) {
        if let prefix = first("output_prefix"), prefix.contains("/") || prefix.contains("\\") {
            try fail("\(name("output_prefix")) value may not contain slash characters.")
        }
        if let end = integers("frame_end").first, (integers("frame_start").first ?? 0) > end {
            try fail("\(name("frame_start")) must be less than or equal to \(name("frame_end"))")
        }
        if isTrue("output_metadata") && isTrue("output_auto1111_metadata") {
            try fail("\(name("output_metadata")) and \(name("output_auto1111_metadata")) are mutually exclusive and cannot be used simultaneously.")
        }
        let metadataOption = isTrue("output_metadata") ? "output_metadata" : "output_auto1111_metadata"
        let metadata = isTrue("output_metadata") || isTrue("output_auto1111_metadata")
        if !outputsLatents {
            if isTrue("latents_post_processors") {
                try fail("Cannot specify \(name("latents_post_processors")) when \(name("image_format")) is not a tensor format such as: \(EnglishList.joined(OptionRegistries.tensorFormats, "or"))")
            }
            if !["png", "jpg", "jpeg"].contains(imageFormat) && metadata {
                try fail("\(name("image_format")) value \"\(imageFormat)\" is unsupported when \(name(metadataOption)) is enabled. Only \"png\", \"jpg\", and \"jpeg\" formats are supported with \(name(metadataOption)).")
            }
        }
        if outputsLatents && metadata {
            try fail("\(name(metadataOption)) is not supported when outputting latents. Tensor formats (\(OptionRegistries.tensorFormats.joined(separator: ", "))) do not support metadata.")
        }
        if animationFormat == "frames" && isTrue("no_frames") {
            try fail("Cannot specify \(name("no_frames")) when \(name("animation_format")) is set to \"frames\"")
        }
    }

    func checkGeneral() throws(Problem) {
        if isTrue("sdxl_t2i_adapter_factors") && !isTrue("t2i_adapter_uris") {
            try fail("You may not specify \(name("sdxl_t2i_adapter_factors")) without \(name("t2i_adapter_uris")).")
        }
        if isTrue("model_cpu_offload") && isTrue("model_sequential_offload") {
            try fail("\(name("model_cpu_offload")) and \(name("model_sequential_offload")) may not be enabled simultaneously.")
        }
        if isTrue("second_model_cpu_offload") && isTrue("second_model_sequential_offload") {
            try fail("\(name("second_model_cpu_offload")) and \(name("second_model_sequential_offload")) may not be enabled simultaneously.")
        }
        if isTrue("clip_skips") && !supports("clip_skips") && !isSet("prompt_weighter_uri") {
            try fail("you cannot specify \(name("clip_skips")) for \(name("model_type")) values other than \"sd\", \"sdxl\", or \"sd3\" when a \(name("prompt_weighter_uri")) is not specified.")
        }
        if isSet("batch_grid_size") && outputsLatents {
            try fail("\(name("batch_grid_size")) cannot be used with latents output formats (pt, pth, safetensors). Image grids can only be created from decoded images, not raw latents tensors. Use a standard image format such as \"png\" or \"jpg\" instead.")
        }
    }

    func checkModelSpecific() throws(Problem) {
        // Stable Cascade
        if modelType == "s-cascade" {
            if isTrue("hi_diffusion") { try fail("\(name("hi_diffusion")) is not supported with Stable Cascade.") }
            if let size = sizeValue, !size.allSatisfy({ $0 % 128 == 0 }) {
                try fail("Stable Cascade requires \(name("output_size")) to be aligned by 128.")
            }
        } else if isTrue("s_cascade_decoder_uri") && !supports("s_cascade_decoder_uri") {
            try fail("\(name("s_cascade_decoder_uri")) may only be used with \"s-cascade\"")
        }
        // upscalers
        if !isUpscaler && !isFloydSuperResolution {
            if isTrue("upscaler_noise_levels") {
                try fail("you cannot specify \(name("upscaler_noise_levels")) for a non upscaler model type, see: \(name("model_type")).")
            }
        } else if isSet("upscaler_noise_levels") && modelType != "upscaler-x4" && !isFloydSuperResolution {
            try fail("you cannot specify \(name("upscaler_noise_levels")) for an upscaler model type that is not \"upscaler-x4\" or \"ifs-*\", see: \(name("model_type")).")
        }
        // pix2pix
        if isTrue("image_guidance_scales") && !supports("image_guidance_scales") {
            try fail("argument \(name("image_guidance_scales")) only valid with pix2pix models, see: \(name("model_type")).")
        }
        // transformers
        if isTrue("transformer_uri") && !supports("transformer_uri") {
            try fail("\(name("transformer_uri")) is only supported for \(name("model_type")) sd3 and flux.")
        }
        // Flux
        if !isFlux {
            let invalid = setAttributes(startingWith: "flux").map { "you cannot specify \(name($0)) for a non Flux model type, see: \(name("model_type"))." }
            if !invalid.isEmpty { try fail(invalid.joined(separator: "\n")) }
        } else {
            if isTrue("hi_diffusion") { try fail("\(name("hi_diffusion")) is not supported with Flux.") }
            try checkSequenceLength()
        }
        // SD3
        if !isSD3 {
            let invalid = setAttributes(startingWith: "sd3").map { "you cannot specify \(name($0)) for a non SD3 model type, see: \(name("model_type"))." }
            if !invalid.isEmpty { try fail(invalid.joined(separator: "\n")) }
        } else {
            if isTrue("hi_diffusion") { try fail("\(name("hi_diffusion")) is not supported with Stable Diffusion 3.") }
            if isSet("max_sequence_length") {
                if isTrue("controlnet_uris") {
                    try fail("\(name("max_sequence_length")) is not supported when \(name("controlnet_uris")) is specified.")
                }
                try checkSequenceLength()
            }
            if let size = sizeValue, !size.allSatisfy({ $0 % 16 == 0 }) {
                try fail("Stable Diffusion 3 requires \(name("output_size")) to be aligned to 16.")
            }
            if isTrue("unet_uri") || isTrue("second_model_unet_uri") {
                try fail("Stable Diffusion 3 does not support the use of \(name("unet_uri"))/\(name("second_model_unet_uri")).")
            }
        }
        // SDXL
        if !supports("sdxl_") {
            let invalid = setAttributes(startingWith: "sdxl").map { "you cannot specify \(name($0)) for a non SDXL model type, see: \(name("model_type"))." }
            if !invalid.isEmpty { try fail(invalid.joined(separator: "\n")) }
        } else if !isTrue("sdxl_refiner_uri") {
            var invalid = setSecondModelAttributes(prefix: "sdxl_refiner").map { "you cannot specify \(name($0)) without \(name("sdxl_refiner_uri"))." }
            if isSet("sdxl_high_noise_fractions") {
                invalid.append("you cannot specify \(name("sdxl_high_noise_fractions")) without \(name("sdxl_refiner_uri")).")
            }
            if !invalid.isEmpty { try fail(invalid.joined(separator: "\n")) }
        }
        // Deep Floyd
        if isFloyd && outputsLatents {
            try fail("Outputting latents with \(name("image_format")) \(imageFormat) is not supported with Deep Floyd model types.")
        }
    }

    func checkSequenceLength() throws(Problem) {
        if let length = integers("max_sequence_length").first, length < 1 || length > 512 {
            try fail("\(name("max_sequence_length")) must be greater than or equal to 1 and less than or equal to 512.")
        }
    }

    /// `--output-size` as numbers (one number means a square).
    var sizeValue: [BigInt]? {
        guard let text = first("output_size"), let dimensions = OptionValueType.dimensions(text) else { return nil }
        return dimensions.count == 1 ? [dimensions[0], dimensions[0]] : dimensions
    }
}

extension StringProtocol {
    /// The text without surrounding whitespace, as Python's `str.strip()` leaves it.
    var trimmingWhitespace: String { PythonSplitting.strip(String(self)) }
}
