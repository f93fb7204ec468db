import BigInt
import Templating

/// The typed values of each plan axis of one invocation (`OptionCatalogue.planAxes`), with the
/// reference's defaults where an option is not given.
package struct PlanAxes {
    var prompts: [PlanPrompt]
    var schedulers: [String?]
    var seeds: [BigInt]
    var clipSkips: [BigInt?]
    /// The strengths where image seeds are given (dgenerate's 0.8 by default), else one nil.
    var imageSeedStrengths: [Double?]
    /// Inpaint crop paddings (dgenerate's 32 when cropping with neither paddings nor feathers)
    /// and feathers.
    var inpaintCropPaddings: [[Int]?]
    var inpaintCropFeathers: [Int?]
    var guidanceScales: [Double]
    var freeuParams: [String?]
    var pagScales: [Double?]
    var pagAdaptiveScales: [Double?]
    var guidanceRescales: [Double?]
    var sigmas: [String?]
    var inferenceSteps: [BigInt]
    /// The SDXL and refiner axes' words, by destination (only those given, or defaulted).
    var sdxl: [String: [String]]

    package init(_ values: [String: [String]], given: [String: CommandOption], randomSeeds: Bool) throws(RenderPlan.Failure) {
        // the parser has checked every value; these read them
        func floats(_ dest: String) -> [Double]? { values[dest].map { $0.map { OptionValueType.float($0) ?? 0 } } }
        func integers(_ dest: String) -> [BigInt]? { values[dest].map { $0.map { OptionValueType.int($0) ?? 0 } } }
        func optional<T>(_ list: [T]?) -> [T?] { list.map { $0.map(Optional.some) } ?? [nil] }

        prompts = (values["prompts"] ?? [""]).map(PlanPrompt.init)
        if given["seeds"]?.names.contains("--seeds") == true, let fixed = integers("seeds") {
            seeds = fixed
        } else if randomSeeds {
            // one seed, or --gen-seeds N, from 0 to 99999999999999 as the reference draws them
            let count = given["seeds"]?.names.contains("--gen-seeds") == true ? (values["seeds"]?.first.flatMap { Int($0) } ?? 1) : 1
            seeds = (0..<max(count, 0)).map { _ in BigInt(Int.random(in: 0...99_999_999_999_999)) }
        } else {
            throw RenderPlan.Failure("a plan needs --seeds (without them the seed is random)")
        }
        guidanceScales = floats("guidance_scales") ?? [5.0]
        inferenceSteps = integers("inference_steps") ?? [30]
        schedulers = optional(values["scheduler_uri"])
        clipSkips = optional(integers("clip_skips"))
        imageSeedStrengths = values["image_seeds"] == nil ? [nil] : (floats("image_seed_strengths") ?? [0.8]).map(Optional.some)
        // the parser has checked each padding (1, 2 or 4 integers) and feather
        let paddings = values["inpaint_crop_paddings"].map { $0.map { OptionValueType.dimensions($0)?.compactMap { Int(exactly: $0) } } }
        inpaintCropFeathers = values["inpaint_crop_feathers"].map { $0.map { OptionValueType.int($0).flatMap { Int(exactly: $0) } } } ?? [nil]
        let cropping = ConfigurationCheck.cropsInpainting(values)
        inpaintCropPaddings = paddings ?? (cropping && values["inpaint_crop_feathers"] == nil ? [[32]] : [nil])
        guidanceRescales = optional(floats("guidance_rescales"))
        pagScales = optional(floats("pag_scales"))
        pagAdaptiveScales = optional(floats("pag_adaptive_scales"))
        // the reference's check gives --pag alone its default scales
        if values["pag"] != nil && values["pag_scales"] == nil && values["pag_adaptive_scales"] == nil {
            (pagScales, pagAdaptiveScales) = ([3.0], [0.0])
        }
        freeuParams = optional(values["freeu_params"])
        sigmas = optional(values["sigmas"])
        sdxl = SDXLAxes.values(values)
    }

    /// How many values each axis has, by the option's destination.
    package var counts: [String: Int] {
        let planned: [String: Int] = [
            "prompts": prompts.count, "scheduler_uri": schedulers.count, "seeds": seeds.count,
            "clip_skips": clipSkips.count, "image_seed_strengths": imageSeedStrengths.count, "guidance_scales": guidanceScales.count, "freeu_params": freeuParams.count,
            "pag_scales": pagScales.count, "pag_adaptive_scales": pagAdaptiveScales.count,
            "guidance_rescales": guidanceRescales.count, "sigmas": sigmas.count, "inference_steps": inferenceSteps.count,
            "inpaint_crop_paddings": inpaintCropPaddings.count, "inpaint_crop_feathers": inpaintCropFeathers.count,
        ]
        // an SDXL axis not given is one pass without a value
        let sdxlCounts = Dictionary(uniqueKeysWithValues: SDXLAxes.all.keys.map { ($0, sdxl[$0]?.count ?? 1) })
        return sdxlCounts.merging(planned) { _, planned in planned }
    }

    /// The request for one combination: an index into each axis, by destination.
    func request(_ index: [String: Int], _ settings: InvocationSettings) -> GenerationRequest {
        func at<T>(_ list: [T], _ dest: String) -> T { list[index[dest] ?? 0] }
        let prompt = at(prompts, "prompts")
        var request = GenerationRequest(
            prompt: prompt.positive, negativePrompt: prompt.negative, seed: at(seeds, "seeds"),
            guidanceScale: at(guidanceScales, "guidance_scales"), inferenceSteps: at(inferenceSteps, "inference_steps"),
            scheduler: at(schedulers, "scheduler_uri"), clipSkip: at(clipSkips, "clip_skips"),
            guidanceRescale: at(guidanceRescales, "guidance_rescales"), pagScale: at(pagScales, "pag_scales"),
            pagAdaptiveScale: at(pagAdaptiveScales, "pag_adaptive_scales"), freeuParams: at(freeuParams, "freeu_params"),
            sigmas: at(sigmas, "sigmas"), outputSize: settings.outputSize, batchSize: settings.batchSize,
            batchGridSize: settings.batchGridSize, embedsConfig: settings.embedsConfig,
            imageSeedStrength: at(imageSeedStrengths, "image_seed_strengths"), noAspect: settings.noAspect,
            inpaintCrop: settings.inpaintCrop, inpaintCropPadding: at(inpaintCropPaddings, "inpaint_crop_paddings"),
            inpaintCropFeather: at(inpaintCropFeathers, "inpaint_crop_feathers"), inpaintCropMasked: settings.inpaintCropMasked)
        request.modelType = settings.modelType
        for (dest, words) in sdxl { request.sdxl[dest] = at(words, dest) }
        return request
    }

    /// Every combination of indices for axes of these sizes, the last varying fastest.
    static func combinations(_ sizes: [Int]) -> [[Int]] {
        guard !sizes.contains(where: { $0 <= 0 }) else { return [] }
        var result: [[Int]] = []
        var current = [Int](repeating: 0, count: sizes.count)
        while true {
            result.append(current)
            var axis = sizes.count - 1
            while axis >= 0 {
                current[axis] += 1
                if current[axis] < sizes[axis] { break }
                current[axis] = 0
                axis -= 1
            }
            if axis < 0 { return result }
        }
    }
}

/// The invocation's settings that every step shares: output naming and what the engine needs.
struct InvocationSettings {
    var outputPath: String
    var prefix: String?
    var imageFormat: String
    var batchSize: BigInt
    /// How many image files a batch writes (1 when the size does not fit an Int).
    var imageCount: Int
    var outputSize: GenerationRequest.Dimensions?
    var batchGridSize: GenerationRequest.Dimensions?
    var overwrite: Bool
    var configs: Bool
    var embedsConfig: Bool
    var noAspect: Bool
    var inpaintCrop: Bool
    var inpaintCropMasked: Bool
    var modelType: String
    var reproduce: Bool { configs || embedsConfig }

    init(_ values: [String: [String]]) {
        func dimensions(_ dest: String) -> GenerationRequest.Dimensions? {
            guard let text = values[dest]?.first, case .success(let size) = OptionValueType.imageSize(text) else { return nil }
            return GenerationRequest.Dimensions(width: size.width, height: size.height)
        }
        outputPath = values["output_path"]?.first ?? "output"
        prefix = values["output_prefix"]?.first
        imageFormat = (values["image_format"]?.first ?? "png").lowercased()
        batchSize = values["batch_size"]?.first.flatMap(OptionValueType.int) ?? 1
        imageCount = Int(exactly: batchSize) ?? 1
        outputSize = dimensions("output_size")
        batchGridSize = values["batch_grid_size"] != nil ? (dimensions("batch_grid_size") ?? GenerationRequest.Dimensions(width: 0, height: 0)) : nil
        overwrite = values["output_overwrite"] != nil
        configs = values["output_configs"] != nil
        embedsConfig = values["output_metadata"] != nil
        noAspect = values["no_aspect"] != nil
        inpaintCropMasked = values["inpaint_crop_masked"] != nil
        inpaintCrop = ConfigurationCheck.cropsInpainting(values)
        modelType = PythonSplitting.strip(values["model_type"]?.first ?? "sd").lowercased()
    }
}
