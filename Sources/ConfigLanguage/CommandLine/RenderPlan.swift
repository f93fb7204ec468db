import BigInt
import Foundation
import Templating

/// The generation steps a command line asks for, worked out without loading anything: one
/// step for every combination of the values of the schema's plan axes
/// (`OptionCatalogue.planAxes`), in the reference's order, each with its typed request, its
/// description (the banner the reference prints before it) and the files it writes.
public struct RenderPlan: Sendable {
    /// One generation step.
    public struct Step: Sendable, Equatable {
        /// 1-based.
        public var number: Int
        /// The lines under `Generation Step: N / TOTAL` (`Seed: 1`, `Prompt: "a cat"`...).
        public var description: [String]
        /// The files the step writes, relative to the working directory (images, then their
        /// configuration files when `--output-configs` is given).
        public var files: [String]
        /// What the engine runs for this step.
        public var request: GenerationRequest
        /// The config script that reproduces each image (in the order of the image files), made
        /// when `--output-configs` or `--output-metadata` asks for it; empty otherwise.
        public var configs: [String] = []
        /// Whether the step is the first of its image seed (the reference announces the seed,
        /// `Processing Image Seed: "..."`, and opens its files before the step's banner).
        public var startsImageSeed = false
    }

    public var steps: [Step]
    /// The invocation's option words by destination (animation frames are named and described
    /// from them when a seed turns out to be animated).
    var values: [String: [String]] = [:]
    /// How many generation steps the reference counts (its `Beginning N generation steps`).
    public var count: Int { steps.count }

    /// Why a command line has no plan.
    public struct Failure: Error, Equatable, Sendable {
        public var message: String
        public init(_ message: String) { self.message = message }
    }

    /// Options the plan knows; any other option given makes the plan fail, naming it.
    static let plannedDestinations: Set<String> = [
        "model_path", "prompts", "seeds", "seeds_to_images", "guidance_scales", "inference_steps", "output_size",
        "output_path", "output_prefix", "output_overwrite", "output_configs", "batch_size", "batch_grid_size",
        "image_format", "scheduler_uri", "clip_skips", "guidance_rescales", "device", "dtype", "offline_mode",
        "verbose", "model_type", "pag", "pag_scales", "pag_adaptive_scales", "freeu_params", "sigmas", "no_aspect",
        "auth_token", "revision", "variant", "subfolder", "output_metadata", "image_seeds", "image_seed_strengths",
        "seeds_to_images", "frame_start", "frame_end", "animation_format", "no_frames", "inpaint_crop", "inpaint_crop_paddings",
        "inpaint_crop_feathers", "inpaint_crop_masked", "vae_tiling", "vae_slicing", "lora_uris", "lora_fuse_scale", "textual_inversion_uris", "vae_uri", "unet_uri",
        "text_encoder_uris",
    ]

    /// Plans `parsed` (a successful parse of a command line). `existingFile` says whether a
    /// path (relative to the working directory) exists, for the `_duplicate_N` names.
    /// Without `--seeds`, a plan fails unless `randomSeeds` lets it draw seeds as the reference
    /// does (one, or `--gen-seeds N`).
    /// `seedFileExists` answers for the image seeds' files (nil: not known, every path counts as
    /// existing).
    public static func make(_ parsed: CommandLineParser.Parsed, parser: CommandLineParser, columns: Int,
                            randomSeeds: Bool = false,
                            existingFile: (String) -> Bool = { _ in false },
                            seedFileExists: ((String) -> Bool)? = nil) throws(Failure) -> RenderPlan {
        var values: [String: [String]] = [:]
        var given: [String: CommandOption] = [:]
        for (index, words) in parsed.values {
            let option = parser.options[index]
            values[option.dest] = words
            given[option.dest] = option
        }
        let parsedSeeds: [ImageSeedURI]
        switch ConfigurationCheck.checked(values, fileExists: existingFile, seedFileExists: seedFileExists) {
        case .success(let seeds): parsedSeeds = seeds
        case .failure(let problem): throw Failure(problem.message)
        }
        let modelType = PythonSplitting.strip(values["model_type"]?.first ?? "sd").lowercased()
        if modelType != "sd" && modelType != "sdxl" {
            throw Failure("--model-type \(modelType) is not supported by this build yet (only sd and sdxl)")
        }
        for dest in given.keys.sorted() where !plannedDestinations.contains(dest) && SDXLAxes.all[dest] == nil && !SDXLAxes.settings.contains(dest) {
            throw Failure("\(given[dest]?.displayName ?? dest) is not supported for --model-type \(modelType) by this build yet")
        }
        let axes = try PlanAxes(values, given: given, randomSeeds: randomSeeds)
        let settings = InvocationSettings(values)
        // the seeds as the check read them; an invocation without seeds is one pass with none
        let seeds: [ImageSeedURI?] = parsedSeeds.isEmpty ? [nil] : parsedSeeds

        var steps: [Step] = []
        var taken: Set<String> = []
        for (seedIndex, seed) in seeds.enumerated() {
            var seedAxes = axes
            // --seeds-to-images: the Nth image seed runs with the Nth seed only
            if values["seeds_to_images"] != nil, !axes.seeds.isEmpty { seedAxes.seeds = [axes.seeds[seedIndex % axes.seeds.count]] }
            try plan(seed, seedAxes, settings, values, columns: columns, existingFile: existingFile, into: &steps, taken: &taken)
        }
        return RenderPlan(steps: steps, values: values)
    }

    /// The steps of one image seed (or of an invocation without one), appended to `steps`.
    static func plan(_ seed: ImageSeedURI?, _ axes: PlanAxes, _ settings: InvocationSettings, _ values: [String: [String]],
                     columns: Int, existingFile: (String) -> Bool, into steps: inout [Step], taken: inout Set<String>) throws(Failure) {
        // an `images:` batch of k images makes k images unless the batch size is a multiple of k
        var settings = settings
        if let count = seed?.images?.count, count > 1, settings.batchSize % BigInt(count) != 0 {
            settings.batchSize = BigInt(count)
            settings.imageCount = count
        }
        let first = steps.count
        for combination in PlanAxes.combinations(OptionCatalogue.planAxes.map { axes.counts[$0] ?? 1 }) {
            let index = Dictionary(uniqueKeysWithValues: zip(OptionCatalogue.planAxes, combination))
            var request = axes.request(index, settings)
            request.imageSeed = seed
            let number = steps.count + 1
            var files: [String] = []
            var reproducing: [String] = []
            let images = settings.imageCount > 1 && request.batchGridSize == nil
                ? (1...settings.imageCount).map { fileComponents(request, number) + ["image", "\($0)"] }
                : [fileComponents(request, number)]
            for (position, image) in images.enumerated() {
                if settings.reproduce {
                    let comment = images.count > 1 ? "Image \(position + 1) from a batch of \(images.count)" : nil
                    reproducing.append(ReproducingConfig.text(values: values, request: request, comment: comment))
                }
                var names = [Self.fileName(image, prefix: settings.prefix, extension: settings.imageFormat, outputPath: settings.outputPath)]
                if settings.configs { names.append(Self.fileName(image, prefix: settings.prefix, extension: "dgen", outputPath: settings.outputPath)) }
                if !settings.overwrite {
                    names = Self.avoidingDuplicates(names) { taken.contains($0) || existingFile($0) }
                }
                taken.formUnion(names)
                files += names
            }
            steps.append(Step(number: number, description: describe(request, columns: columns), files: files,
                              request: request, configs: reproducing, startsImageSeed: seed != nil && steps.count == first))
        }
    }

    /// The banner lines of a step, in the reference's order.
    static func describe(_ request: GenerationRequest, columns: Int) -> [String] {
        var description: [String] = []
        if let scheduler = request.scheduler { description.append("Scheduler: \(scheduler)") }
        description += SDXLAxes.lines(["second_model_scheduler_uri"], request)
        description.append("Seed: \(request.seedText)")
        if let clipSkip = request.clipSkipText { description.append("Clip Skip: \(clipSkip)") }
        if let strength = request.imageSeedStrengthText { description.append("Image Seed Strength: \(strength)") }
        if let padding = request.inpaintCropPaddingText { description.append("Inpaint Crop Padding: \(padding)") }
        if let feather = request.inpaintCropFeather { description.append("Inpaint Crop Feather: \(feather)") }
        description += SDXLAxes.lines(SDXLAxes.beforeFreeU, request)
        if let freeu = request.freeuParams { description.append("FreeU Params: \(Self.freeuText(freeu))") }
        description += SDXLAxes.lines(SDXLAxes.afterFreeU, request)
        description += SDXLAxes.lines(SDXLAxes.beforePag, request)
        if let pagScale = request.pagScaleText { description.append("PAG Scale: \(pagScale)") }
        if let pagAdaptive = request.pagAdaptiveScaleText { description.append("PAG Adaptive Scale: \(pagAdaptive)") }
        description.append("Guidance Scale: \(request.guidanceScaleText)")
        if let sigmas = request.sigmas { description.append("Sigmas: \(Self.sigmasText(sigmas))") }
        if let rescale = request.guidanceRescaleText { description.append("Guidance Rescale: \(rescale)") }
        description.append("Inference Steps: \(request.inferenceStepsText)")
        description += PlanPrompt(positive: request.prompt, negative: request.negativePrompt).describe(columns: columns)
        for (dest, titles) in [("second_prompts", ("Secondary Prompt", "Secondary Negative Prompt")),
                               ("second_model_prompts", ("Second Model Prompt", "Second Model Negative Prompt")),
                               ("second_model_second_prompts", ("Second Model Second Prompt", "Second Model Second Negative Prompt"))] {
            if let text = request.sdxl[dest] { description += PlanPrompt(text).describe(columns: columns, titles: titles) }
        }
        return description
    }

    /// The parts of a step's file name before the image number and extension.
    static func fileComponents(_ request: GenerationRequest, _ number: Int) -> [String] {
        var components: [String] = []
        if let scheduler = request.scheduler {
            components.append(PythonSplitting.strip(String(scheduler.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0])))
        }
        if let scheduler = request.sdxl["second_model_scheduler_uri"] {
            components.append(PythonSplitting.strip(String(scheduler.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0])))
        }
        components += ["s", request.seedText]
        if let strength = request.imageSeedStrengthText { components += ["st", strength] }
        components += ["g", request.guidanceScaleText]
        components += SDXLAxes.fileTokens(["second_model_guidance_scales"], request)
        if let rescale = request.guidanceRescaleText { components += ["gr", rescale] }
        if let pagScale = request.pagScaleText { components += ["ps", pagScale] }
        if let pagAdaptive = request.pagAdaptiveScaleText { components += ["pas", pagAdaptive] }
        components += ["i", request.inferenceStepsText]
        components += SDXLAxes.fileTokens(["second_model_inference_steps"], request)
        if let clipSkip = request.clipSkipText { components += ["cs", clipSkip] }
        components += SDXLAxes.fileTokens(["sdxl_high_noise_fractions", "sdxl_refiner_guidance_rescales"], request)
        return components + ["step", "\(number)"]
    }

    /// `PREFIX_` + the components joined by `_` (dots made dashes) + `.EXT`, under the output path.
    static func fileName(_ components: [String], prefix: String?, extension ext: String, outputPath: String) -> String {
        let name = (prefix.map { $0 + "_" } ?? "") + components.map { $0.replacingOccurrences(of: ".", with: "-") }.joined(separator: "_")
            + "." + String(ext.drop { $0 == "." })
        return PythonPath.normpath(outputPath.isEmpty ? name : PosixPath.join(outputPath, name))
    }

    /// The names with `_duplicate_N` before their extensions (the same N for all), for the first
    /// N that makes none of them taken.
    static func avoidingDuplicates(_ names: [String], taken: (String) -> Bool) -> [String] {
        if !names.contains(where: taken) { return names }
        var attempt = 1
        while true {
            let candidates = names.map { name -> String in
                let (root, ext) = PythonPath.splitext(name)
                return "\(root)_duplicate_\(attempt)\(ext)"
            }
            if !candidates.contains(where: taken) { return candidates }
            attempt += 1
        }
    }

    /// A comma-separated list of numbers, each as Python prints the float.
    static func printedFloats(_ text: String) -> [String] {
        text.split(separator: ",", omittingEmptySubsequences: false).map { PythonFloat.repr(OptionValueType.float(String($0)) ?? 0) }
    }

    static func freeuText(_ text: String) -> String {
        let values = printedFloats(text)
        guard values.count == 4 else { return text }
        return "s1=\(values[0]), s2=\(values[1]), b1=\(values[2]), b2=\(values[3])"
    }

    static func sigmasText(_ text: String) -> String {
        if text.hasPrefix("expr:") { return PythonSplitting.strip(String(text.dropFirst(5))) }
        return "[" + printedFloats(text).joined(separator: ", ") + "]"
    }
}

/// A prompt as the reference splits it: positive and negative at the first `;`, both stripped.
package struct PlanPrompt: Sendable {
    package var positive: String
    package var negative: String?

    package init(positive: String, negative: String?) {
        self.positive = positive
        self.negative = negative
    }

    package init(_ text: String) {
        if let separator = text.firstIndex(of: ";") {
            positive = PythonSplitting.strip(String(text[..<separator]))
            negative = PythonSplitting.strip(String(text[text.index(after: separator)...]))
        } else {
            positive = PythonSplitting.strip(text)
            negative = nil
        }
    }

    /// The prompt as the reference prints it in a config: `positive; negative`, or `;negative`.
    var text: String {
        let negative = negative ?? ""
        switch (positive.isEmpty, negative.isEmpty) {
        case (false, false): return "\(positive); \(negative)"
        case (false, true): return positive
        case (true, false): return ";" + negative
        case (true, true): return ""
        }
    }

    /// `Prompt: "..."` and `Negative Prompt: "..."`, wrapped to `columns` (the reference's long
    /// text width: `COLUMNS`, else 150) with continuation lines indented under the text.
    func describe(columns: Int, titles: (String, String) = ("Prompt", "Negative Prompt")) -> [String] {
        var lines: [String] = []
        for (title, value) in [(titles.0, positive), (titles.1, negative ?? "")] where !value.isEmpty {
            let header = "\(title): "
            let spaced = TextWrap.munged(value)
            let wrapped = TextWrap.wrap(spaced, width: columns - header.count, breakLongWords: false, breakOnHyphens: false,
                                        subsequentIndent: String(repeating: " ", count: header.count))
            lines.append(header + "\"" + wrapped.joined(separator: "\n") + "\"")
        }
        return lines
    }
}
