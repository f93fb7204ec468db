import BigInt
import Templating

/// The check each value of an option goes through before anything runs: one case per value
/// type of dgenerate's command line, each refusing bad values with dgenerate's own wording.
public enum OptionValueType: String, Sendable, CaseIterable {
    case modelType = "model_type", dtype, mainPrompts = "main_prompts", secondaryPrompts = "secondary_prompts"
    case promptWeighter = "prompt_weighter", promptUpscaler = "prompt_upscaler"
    case latentsProcessor = "latents_processor", imageProcessor = "image_processor"
    case maxSequenceLength = "max_sequence_length", clipSkip = "clip_skip", adapterFactor = "adapter_factor"
    case inferenceSteps = "inference_steps", guidanceScale = "guidance_scale", size, outputSize = "output_size"
    case imageCoordinate = "image_coordinate", sdxlHighNoiseFractions = "sdxl_high_noise_fractions", device
    case seeds, genSeeds = "gen_seeds", animationFormat = "animation_format", imageFormat = "image_format"
    case frameStart = "frame_start", frameEnd = "frame_end", imageSeedStrengths = "image_seed_strengths"
    case teaCacheRelL1Thresh = "tea_cache_rel_l1_thresh", upscalerNoiseLevels = "upscaler_noise_levels"
    case imageGuidanceScale = "image_guidance_scale", batchSize = "batch_size", textEncoder = "text_encoder"
    case adetailerIndexFilterValue = "adetailer_index_filter_value", adetailerClassFilterValue = "adetailer_class_filter_value"
    case adetailerMaskShape = "adetailer_mask_shape", adetailerMaskPadding = "adetailer_mask_padding"
    case adetailerMaskBlur = "adetailer_mask_blur", adetailerSize = "adetailer_size"
    case adetailerMaskDilation = "adetailer_mask_dilation", inpaintCropPadding = "inpaint_crop_padding"
    case inpaintCropFeather = "inpaint_crop_feather"
    case rasSampleRatio = "ras_sample_ratio", rasHighRatio = "ras_high_ratio", rasStarvationScale = "ras_starvation_scale"
    case rasErrorResetSteps = "ras_error_reset_steps", rasMetric = "ras_metric", rasStartSteps = "ras_start_steps"
    case rasEndSteps = "ras_end_steps", rasSkipNumStep = "ras_skip_num_step", rasSkipNumStepLength = "ras_skip_num_step_length"
    case deepCacheInterval = "deep_cache_interval", deepCacheBranchId = "deep_cache_branch_id"
    case sadaMaxDownsamples = "sada_max_downsamples", sadaSxs = "sada_sxs", sadaSys = "sada_sys"
    case sadaAccRanges = "sada_acc_ranges", sadaLagrangeTerms = "sada_lagrange_terms", sadaLagrangeInts = "sada_lagrange_ints"
    case sadaLagrangeSteps = "sada_lagrange_steps", sadaMaxFixes = "sada_max_fixes", sadaMaxIntervals = "sada_max_intervals"
    case sigmas, freeuParams = "freeu_params", quantizerMap = "quantizer_map", denoisingFraction = "denoising_fraction"
    /// Python's `float` and `str`, used as they are.
    case float, str

    /// The case by its Swift name (`inferenceSteps`), as the generated option table names it.
    init?(caseName: String) {
        guard let match = Self.byCaseName[caseName] else { return nil }
        self = match
    }

    private static let byCaseName: [String: OptionValueType] = Dictionary(uniqueKeysWithValues: allCases.map { ("\($0)", $0) })

    /// Why a value is refused: a message of the option's own (`Must be an integer`), or
    /// Python's generic `invalid float value: 'x'`.
    public enum Refusal: Error, Equatable {
        case message(String)
        case invalid(typeName: String, value: String)
    }

    /// Checks one value; nil when it is acceptable.
    public func refusal(_ value: String) -> Refusal? {
        switch self {
        case .str, .mainPrompts, .secondaryPrompts, .textEncoder, .adetailerClassFilterValue: return nil
        case .float: return Self.float(value) == nil ? .invalid(typeName: "float", value: value) : nil
        case .modelType:
            return OptionRegistries.modelTypes.contains(value.lowercased()) ? nil
                : .message("Must be one of: \(Self.list(OptionRegistries.modelTypes)). Unknown value: \(value.lowercased())")
        case .dtype:
            return OptionRegistries.dataTypes.contains(value.lowercased()) ? nil : .message("Must be \(Self.list(OptionRegistries.dataTypes))")
        case .promptWeighter: return Self.plugin(value, "prompt weighter", OptionRegistries.promptWeighters)
        case .promptUpscaler: return Self.plugin(value, "prompt upscaler", OptionRegistries.promptUpscalers)
        case .latentsProcessor: return value == "+" ? nil : Self.plugin(value, "latents processor", OptionRegistries.latentsProcessors)
        case .imageProcessor: return value == "+" ? nil : Self.plugin(value, "image processor", OptionRegistries.imageProcessors)
        case .maxSequenceLength: return Self.integer(value, minimum: 1, maximum: 512)
        case .clipSkip, .frameStart, .frameEnd, .upscalerNoiseLevels, .adetailerMaskBlur, .adetailerMaskDilation,
             .inpaintCropFeather, .rasSkipNumStepLength, .deepCacheBranchId, .sadaMaxDownsamples, .sadaSxs, .sadaSys,
             .sadaLagrangeTerms, .sadaMaxFixes:
            return Self.integer(value, minimum: 0)
        case .inferenceSteps, .deepCacheInterval, .sadaLagrangeInts, .sadaLagrangeSteps, .sadaMaxIntervals:
            return Self.integer(value, above: 0)
        case .batchSize, .rasStartSteps, .rasEndSteps: return Self.integer(value, minimum: 1)
        case .seeds, .genSeeds, .rasSkipNumStep: return Self.integer(value)
        case .adetailerSize: return Self.integer(value, above: 1)
        case .adetailerIndexFilterValue:
            guard let number = Self.int(value) else { return .message("Must be an integer value") }
            return number < 0 ? .message("Must be greater than or equal to zero") : nil
        case .adapterFactor:
            guard let number = Self.float(value) else { return .message("Must be a float") }
            return number < 0 || number > 1 ? .message("Must be greater than or equal to 0.0 and less than or equal to 1.0") : nil
        case .guidanceScale, .sdxlHighNoiseFractions:
            guard let number = Self.float(value) else { return .message("Must be a floating point number") }
            return number < 0 ? .message("Must be greater than or equal to 0") : nil
        case .imageGuidanceScale:
            guard let number = Self.float(value) else { return .message("Must be a floating point number") }
            return number < 1 ? .message("Must be greater than or equal to 1") : nil
        case .imageSeedStrengths, .teaCacheRelL1Thresh:
            guard let number = Self.float(value) else { return .message("Must be a floating point number") }
            return number < 0 || number > 1 ? .message("Must be greater than or equal to zero, and less than or equal to one") : nil
        case .rasSampleRatio, .rasHighRatio, .rasStarvationScale:
            guard let number = Self.float(value) else { return .message("Must be a floating point number") }
            return number >= 0 && number <= 1 ? nil : .message("Must be between 0.0 and 1.0")
        case .denoisingFraction:
            guard let number = Self.float(value) else { return .message("Must be a floating point number") }
            return number < 0 || number > 1 ? .message("Must be between 0.0 and 1.0 (inclusive)") : nil
        case .size:
            if case .failure(let error) = Self.imageSize(value) { return .message(error.message) }
            return nil
        case .outputSize:
            switch Self.imageSize(value) {
            case .failure(let error): return .message(error.message)
            case .success(let size):
                if size.width % 8 != 0 { return .message("Output X dimension must be divisible by 8") }
                if size.height % 8 != 0 { return .message("Output Y dimension must be divisible by 8") }
                return nil
            }
        case .imageCoordinate:
            let parts = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 2, Self.int(parts[0]) != nil, Self.int(parts[1]) != nil else {
                return .message("Coordinates must be integer values")
            }
            return nil
        case .device:
            return OptionRegistries.isDevice(value) ? nil : .message(OptionRegistries.invalidDeviceMessage(value))
        case .animationFormat:
            let formats = OptionRegistries.animationFormats + ["frames"]
            return formats.contains(value.lowercased()) ? nil
                : .message("Must be \(Self.list(OptionRegistries.animationFormats)). Unknown value: \(value.lowercased())")
        case .imageFormat:
            return OptionRegistries.imageFormats.contains(value.lowercased()) ? nil : .message("Must be one of \(Self.list(OptionRegistries.imageFormats))")
        case .adetailerMaskShape:
            return ["r", "rect", "rectangle", "c", "circle", "ellipse"].contains(value.lowercased()) ? nil
                : .message("Must be one of: \"r\", \"rect\", \"rectangle\", or \"c\", \"circle\", \"ellipse\"")
        case .adetailerMaskPadding, .inpaintCropPadding:
            guard let dimensions = Self.dimensions(value), [1, 2, 4].contains(dimensions.count) else {
                return .message("Must be an integer value, WIDTHxHEIGHT, or LEFTxTOPxRIGHTxBOTTOM")
            }
            return nil
        case .rasErrorResetSteps:
            let parts = value.contains(",") ? value.split(separator: ",", omittingEmptySubsequences: false).map(String.init) : [value]
            let steps = parts.map { Self.int($0) }
            guard steps.allSatisfy({ $0 != nil }) else {
                return .message("RAS steps must be a comma-separated list of positive integers, or a single integer")
            }
            return steps.allSatisfy { $0! >= 0 } ? nil : .message("All RAS step numbers must be positive")
        case .rasMetric:
            return ["std", "l2norm"].contains(value.lowercased()) ? nil : .message("Must be one of: std or l2norm")
        case .sadaAccRanges:
            guard value.contains(",") else { return .message("SADA acceleration ranges must possess at least two values") }
            let ranges = value.split(separator: ",", omittingEmptySubsequences: false).map { Self.int(String($0)) }
            guard ranges.allSatisfy({ $0 != nil }) else {
                return .message("SADA acceleration ranges must be a comma-separated list of integers >= 3, or a single integer >= 3")
            }
            let numbers = ranges.map { $0! }
            if numbers.count == 2 && numbers[0] > numbers[1] {
                return .message("SADA acceleration range start value (\(numbers[0])) must be less than or equal to end value (\(numbers[1]))")
            }
            return numbers.allSatisfy { $0 >= 3 } ? nil : .message("All SADA acceleration range values must be at least 3")
        case .sigmas:
            if value.hasPrefix("expr:") { return nil }
            let parts = value.contains(",") ? value.split(separator: ",", omittingEmptySubsequences: false).map(String.init) : [value]
            return parts.allSatisfy({ Self.float($0) != nil }) ? nil
                : .message("Sigmas must be a comma-separated list of floating point numbers, a single float, or an expression involving \"sigmas\" denoted by \"expr: ... \"")
        case .freeuParams:
            let parts = value.split(separator: ",", omittingEmptySubsequences: false).map { Self.float(String($0)) }
            guard parts.allSatisfy({ $0 != nil }) else { return .message("FreeU parameters must be a comma-separated list of four floats") }
            return parts.count == 4 ? nil
                : .message("Not enough FreeU parameters supplied, requires 4 floats in CSV format, got: \(value)")
        case .quantizerMap:
            let names = ["unet", "transformer", "text_encoder", "text_encoder_2", "text_encoder_3", "controlnet"]
            return names.contains(value) ? nil
                : .message("Quantizer map values must be one of: \(Self.list(names)), received invalid value: \(value)")
        }
    }

    // MARK: - Python's number parsing and dgenerate's value forms

    /// Python's `int(text)`.
    package static func int(_ text: String) -> BigInt? {
        PythonNumbers.integer(text, base: 10)
    }

    /// Python's `float(text)`.
    package static func float(_ text: String) -> Double? {
        PythonNumbers.float(text)
    }

    /// `WxH` dimensions, each an integer (`parse_dimensions`).
    static func dimensions(_ text: String) -> [BigInt]? {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false).map { int(String($0)) }
        guard parts.allSatisfy({ $0 != nil }) else { return nil }
        return parts.map { $0! }
    }

    /// An image size: `W` or `WxH`, neither dimension zero.
    package static func imageSize(_ text: String) -> Result<(width: BigInt, height: BigInt), SizeError> {
        guard let dimensions = dimensions(text) else { return .failure(SizeError("Dimensions must consist of integer values.")) }
        if dimensions.count > 2 { return .failure(SizeError("An image size cannot possess over 2 dimensions.")) }
        if dimensions.reduce(BigInt(1), *) == 0 { return .failure(SizeError("The product of an image sizes dimensions cannot be 0.")) }
        return .success(dimensions.count == 1 ? (dimensions[0], dimensions[0]) : (dimensions[0], dimensions[1]))
    }

    package struct SizeError: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    private static func integer(_ value: String, minimum: BigInt? = nil, above: BigInt? = nil, maximum: BigInt? = nil) -> Refusal? {
        guard let number = int(value) else { return .message("Must be an integer") }
        if let minimum, number < minimum { return .message("Must be greater than or equal to \(minimum)") }
        if let above, number <= above { return .message("Must be greater than \(above)") }
        if let maximum, number > maximum { return .message("Must be less than or equal to \(maximum)") }
        return nil
    }

    private static func plugin(_ uri: String, _ kind: String, _ names: [String]) -> Refusal? {
        let name = PythonSplitting.strip(String(uri.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""))
        return names.contains(name) ? nil : .message("Unknown \(kind) implementation: \(name), must be one of: \(list(names))")
    }

    /// "a, b, or c", as dgenerate lists alternatives.
    package static func list(_ items: [String]) -> String { EnglishList.joined(items, "or") }
}

