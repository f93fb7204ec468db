import ConfigLanguage
import ConfigRuntime
import Foundation
import Templating

/// SDXL in the engine: the model type checked against the loaded model, the refiner loaded
/// beside the base, and a step run as base then refiner (dgenerate's split of the denoising at
/// the high-noise fraction, the base handing its latents over).
extension EngineImageGenerator {
    /// Refuses a model of another family than `--model-type` names.
    func checkModelType(_ modelType: String) throws(ScriptError) {
        guard let pipeline else { return }
        if modelType == "sdxl" && !pipeline.isXL {
            throw ScriptError("--model-type sdxl needs an SDXL model; \(pipeline.folder) is a Stable Diffusion 1.x/2.x model")
        }
        if modelType == "sd" && pipeline.isXL {
            throw ScriptError("\(pipeline.folder) is an SDXL model; run it with --model-type sdxl")
        }
        if let refiner, !refiner.isXL { throw ScriptError("--sdxl-refiner needs an SDXL model; \(refiner.folder) is not one") }
    }

    /// Refuses, as the reference does when it calls the pipeline, the aesthetic scores for an
    /// SDXL text-to-image base (only img2img pipelines and refiners take them).
    func checkConditioningOptions(_ planned: GenerationRequest) throws(ScriptError) {
        guard let pipeline, pipeline.isXL, planned.imageSeed == nil else { return }
        for (dest, option) in [("sdxl_aesthetic_scores", "--sdxl-aesthetic-scores"), ("sdxl_negative_aesthetic_scores", "--sdxl-negative-aesthetic-scores")]
        where planned.sdxl[dest] != nil {
            throw ScriptError("\(option) cannot be used with --model-type \"\(planned.modelType)\" in txt2img mode with the current combination of arguments and model.")
        }
    }

    /// Loads (or takes from the cache) the refiner named by `uri` (a folder or single file, with
    /// `subfolder`, `variant` and `dtype` arguments; `revision` is kept for the config only, as
    /// a local model has none) on the loaded base's second text encoder and VAE.
    func prepareRefiner(_ uri: String?, dtype: TensorType, dtypeName: String) throws(ScriptError) {
        guard let uri, let base = pipeline, let baseKey = pipelineKey, let kind = ConceptURI.table["sdxl_refiner_uri"] else { return }
        let parsed = try Self.parsed(uri, kind)
        var folder = PythonSplitting.strip(parsed.concept)
        if let subfolder = Self.argument(parsed, "subfolder") { folder = (folder as NSString).appendingPathComponent(subfolder) }
        let variant = Self.argument(parsed, "variant")
        var refinerType = dtype, refinerTypeName = dtypeName
        if let name = Self.argument(parsed, "dtype")?.lowercased(), name != "auto" {
            guard let type = TensorType.named(name) else {
                throw ScriptError("SDXL Refiner \"dtype\" must be auto, bfloat16, float16 or float32, received: \(name)")
            }
            (refinerType, refinerTypeName) = (type, name)
        }
        let key = "model_path=\(folder),model_type=sdxl,pipeline_type=img2img,variant=\(variant ?? "None"),dtype=\(refinerTypeName),device=\(caches.device),base={\(baseKey)}"
        refiner = try loadPipeline("the SDXL refiner", key: key, dtypeOption: "--sdxl-refiner dtype", given: refinerTypeName) { caches in
            try StableDiffusionPipeline(folder: folder, variant: variant, dtype: refinerType, base: base, caches: caches, dtypeName: refinerTypeName)
        }
    }

    /// SDXL's size and aesthetic conditioning from the step's `--sdxl-*` (or, with `prefix`
    /// `sdxl_refiner_`, `--sdxl-refiner-*`) values.
    static func sizeConditioning(_ planned: GenerationRequest, prefix: String) -> SizeConditioning {
        var sizes = SizeConditioning()
        func size(_ name: String) -> SizeConditioning.Size? {
            guard let word = planned.sdxl[prefix + name], case .success(let size) = OptionValueType.imageSize(word),
                  let width = Int(exactly: size.width), let height = Int(exactly: size.height) else { return nil }
            return .init(width: width, height: height)
        }
        // dgenerate hands its X,Y to diffusers as the pair diffusers reads as (top, left)
        func corner(_ name: String) -> SizeConditioning.Corner? {
            guard let word = planned.sdxl[prefix + name] else { return nil }
            let parts = word.split(separator: ",", omittingEmptySubsequences: false).compactMap { OptionValueType.int(String($0)).flatMap { Int(exactly: $0) } }
            return parts.count >= 2 ? .init(left: parts[1], top: parts[0]) : nil
        }
        func score(_ name: String) -> Double? { planned.sdxl[prefix + name].flatMap { OptionValueType.float($0) } }
        sizes.originalSize = size("original_sizes")
        sizes.targetSize = size("target_sizes")
        sizes.cropsTopLeft = corner("crops_coords_top_left")
        sizes.negativeOriginalSize = size("negative_original_sizes")
        sizes.negativeTargetSize = size("negative_target_sizes")
        sizes.negativeCropsTopLeft = corner("negative_crops_coords_top_left")
        sizes.aestheticScore = score("aesthetic_scores")
        sizes.negativeAestheticScore = score("negative_aesthetic_scores")
        return sizes
    }

    /// The images of one request: the base alone, or the base to the high-noise fraction and
    /// the refiner from there (each reporting its own steps).
    func run(_ request: StableDiffusionPipeline.Request, planned: GenerationRequest,
             progress: @escaping (Int, Int) throws -> Void) throws -> [RGBImage] {
        guard let pipeline else { throw ScriptError("no model is loaded") }
        guard let refiner else { return try pipeline.generate(request, progress: progress) }
        // with an image seed the base runs img2img to the high-noise fraction (dgenerate's
        // cooperative mode); inpainting runs the refiner as an editor (`--sdxl-refiner-edit`),
        // which the plan refuses by name
        guard request.imageSeed?.masks.isEmpty ?? true else {
            throw ScriptError("--sdxl-refiner with an inpainting --image-seeds is not supported by this build yet")
        }
        let fraction = planned.sdxl["sdxl_high_noise_fractions"].flatMap { OptionValueType.float($0) } ?? 0.8
        var base = request
        base.denoisingEnd = fraction
        let generator = try RandomGenerator(seed: request.seed)
        let latents = try pipeline.generateLatents(base, generator: generator, progress: progress)
        var second = request
        second.denoisingEnd = nil
        second.imageSeed = nil
        second.startLatents = (latents, fraction)
        // the refiner's own prompts, else the base's; its second prompt is never the base's
        if let text = planned.sdxl["second_model_prompts"] {
            let prompt = PlanPrompt(text)
            second.prompt = prompt.positive
            second.negativePrompt = prompt.negative.flatMap { $0.isEmpty ? nil : $0 }
        }
        second.prompt2 = planned.sdxl["second_model_second_prompts"].map { PlanPrompt($0).positive }
        second.negativePrompt2 = planned.sdxl["second_model_second_prompts"].flatMap { PlanPrompt($0).negative }
        second.sizeConditioning = Self.sizeConditioning(planned, prefix: "sdxl_refiner_")
        second.guidanceRescale = planned.sdxl["sdxl_refiner_guidance_rescales"].flatMap { OptionValueType.float($0) } ?? 0
        if let steps = planned.sdxl["second_model_inference_steps"].flatMap({ OptionValueType.int($0) }) {
            guard let fitted = Int(exactly: steps) else { throw ScriptError("cannot use second model inference steps \(steps)") }
            second.steps = fitted
        }
        if let guidance = planned.sdxl["second_model_guidance_scales"].flatMap({ OptionValueType.float($0) }) { second.guidanceScale = guidance }
        if let scheduler = planned.sdxl["second_model_scheduler_uri"] {
            (second.scheduler, second.schedulerArguments) = try Self.scheduler(scheduler)
        }
        return try refiner.generate(second, generator: generator, progress: progress)
    }
}
