import ConfigLanguage
import Foundation
import ConfigRuntime
import Templating

/// The engine behind invocations: loads a model folder through its object caches (kept for the
/// next invocation of the same model), turns each planned step into a pipeline request, and
/// writes the images as PNG files. Options this engine does not implement are refused by name
/// before anything is generated.
public final class EngineImageGenerator: ImageGenerator, @unchecked Sendable {
    /// The pipeline of the invocation being run.
    var pipeline: StableDiffusionPipeline?
    /// Its cache key (a refiner's key names the base it shares components with).
    var pipelineKey: String?
    /// The SDXL refiner (`--sdxl-refiner`) of the invocation being run.
    var refiner: StableDiffusionPipeline?
    /// The pipelines and components loaded so far, for every invocation of the process.
    public let caches = ObjectCaches()
    /// `\use_modules`' modules for the next `prepare`.
    var extraModules: [(name: String, module: AnyObject?)] = []

    public func useModules(_ modules: [(name: String, module: AnyObject?)]) { extraModules = modules }

    /// `libtorch 2.8.0 (/path/to/libtorch_cpu.so)`.
    public var verboseDescription: String? {
        guard let version = try? NativeLibraries.torchVersion() else { return nil }
        return "libtorch \(version) (\(NativeLibraries.torchLibraryPath() ?? "path unknown"))"
    }
    private var options: [String: [String]] = [:]
    /// The files of the image seed being run.
    var seedLoader: ImageSeedLoader?
    /// The animations of the animated step being run, one per image of its batch.
    var animationWriters: [AnimationWriter] = []

    public init() {}

    /// Options the plan knows but this engine cannot run yet.
    static let unsupported = ["pag", "pag_scales", "pag_adaptive_scales", "freeu_params", "batch_grid_size",
                              "auth_token"]

    public func prepare(model: ModelSource, options: [String: [String]]) throws(ScriptError) {
        func name(_ dest: String) -> String { OptionCatalogue.options.last { $0.dest == dest }?.displayName ?? dest }
        for dest in Self.unsupported where options[dest] != nil {
            throw ScriptError("\(name(dest)) is not supported for --model-type sd by this build yet")
        }
        if let format = options["image_format"]?.first, format.lowercased() != "png" {
            throw ScriptError("\(name("image_format")) \(format) is not supported by this build yet (png only)")
        }
        // the components loaded from now on are for this device (part of their cache keys)
        caches.device = try Self.useDevice(options["device"]?.first, optionName: name("device"))
        let dtypeName = options["dtype"]?.first?.lowercased() ?? "auto"
        guard let dtype = TensorType.named(dtypeName) else { throw ScriptError("\(name("dtype")) \(dtypeName) is not supported by this build") }
        var folder: String
        switch model {
        case .folder(let path):
            folder = path
            // a local folder has no revisions: --revision is kept for the reproducing config only
            if let subfolder = options["subfolder"]?.first { folder = (folder as NSString).appendingPathComponent(subfolder) }
        case .file(let path):
            folder = path
        case .hubRepository(let name):
            throw ScriptError("\(name) is a Hugging Face repository; this build loads local diffusers folders and single-file checkpoints only")
        }
        self.options = options
        let variant = options["variant"]?.first
        let modelType = PythonSplitting.strip(options["model_type"]?.first ?? "sd").lowercased()
        (pipeline, pipelineKey, refiner) = (nil, nil, nil)
        let key = "model_path=\(folder),model_type=\(modelType),pipeline_type=\(Self.pipelineType(options["image_seeds"])),"
            + "revision=\(options["revision"]?.first ?? "main"),variant=\(variant ?? "None"),dtype=\(dtypeName),device=\(caches.device)"
            + Self.extraModulesKey(extraModules) + Self.componentsKey(options)
        let loras = try Self.loraStack(options)
        let inversions = try Self.textualInversions(options)
        let overrides = try Self.componentOverrides(options, xl: modelType == "sdxl", dtype: dtype)
        let modules = Dictionary(extraModules.compactMap { saved in saved.module.map { (saved.name, $0) } }) { _, last in last }
        pipeline = try loadPipeline("the model", key: key, dtypeOption: name("dtype"), given: options["dtype"]?.first) { caches throws in
            try StableDiffusionPipeline(folder: folder, variant: variant, dtype: dtype, caches: caches, dtypeName: dtypeName, modules: modules, loras: loras,
                                        textualInversions: inversions, overrides: overrides)
        }
        caches.lastPipeline = pipeline
        pipelineKey = key
        try prepareRefiner(options["sdxl_refiner_uri"]?.first, dtype: dtype, dtypeName: dtypeName)
        try checkModelType(modelType)
    }

    /// Makes the engine's tensors on the invocation's device (`--device`, else dgenerate's
    /// default: CUDA where libtorch has it) and returns its one name (`cpu`, `cuda:N`); the
    /// validation of the command line has already refused devices this machine lacks.
    static func useDevice(_ given: String?, optionName: String) throws(ScriptError) -> String {
        do {
            return try NativeLibraries.useDevice(given ?? OptionRegistries.defaultDevice)
        } catch {
            throw ScriptError("\(optionName) \(error.message)")
        }
    }

    /// The pipeline cached under `key`, or the one `make` loads (its compute type checked
    /// before it is cached: a libtorch without half-precision kernels fails here, by name);
    /// `what` names it in a load error.
    func loadPipeline(_ what: String, key: String, dtypeOption: String, given: String?,
                      make: @escaping (ObjectCaches) throws -> StableDiffusionPipeline) throws(ScriptError) -> StableDiffusionPipeline {
        do {
            return try caches.cached("pipeline", key: key, bytes: 0) {
                let made = try make(caches)
                do throws(TorchError) {
                    if made.dtype != .float32 { try made.checkComputeType() }
                } catch {
                    throw ScriptError("\(dtypeOption) \(given ?? "") is not supported on this device by this libtorch: \(error.message)")
                }
                return made
            }
        } catch let error as ScriptError {
            throw error
        } catch {
            throw ScriptError("cannot load \(what): \(error)")
        }
    }

    /// The modules a pipeline was built with, by identity, as a part of its key (dgenerate's
    /// `extra_modules`): another saved module makes another pipeline.
    static func extraModulesKey(_ modules: [(name: String, module: AnyObject?)]) -> String {
        guard !modules.isEmpty else { return "" }
        let parts = modules.sorted { $0.name < $1.name }.map { saved in
            "\(saved.name)=" + (saved.module.map { "<\(type(of: $0)): \(UInt(bitPattern: ObjectIdentifier($0)))>" } ?? "None")
        }
        return ",extra_modules={" + parts.joined(separator: ",") + "}"
    }

    /// dgenerate's pipeline type for the invocation's image seeds: inpainting when a seed has
    /// a mask, img2img for other seeds, text to image without.
    static func pipelineType(_ seeds: [String]?) -> String {
        guard let seeds, !seeds.isEmpty else { return "txt2img" }
        let masked = seeds.contains { (try? ImageSeedURI($0, exists: { _ in true }))?.masks?.isEmpty == false }
        return masked ? "inpaint" : "img2img"
    }

    /// Refuses a batch that cannot fit in this machine's memory, before any of it is made: at
    /// the least, each image needs its latents through the UNet's widest layers and its decoded
    /// pixels in floats. (Without this, a batch size of a million grows until the kernel kills
    /// the process, with no message.)
    public static func checkMemory(for request: StableDiffusionPipeline.Request) throws(ScriptError) {
        let latentPixels = Double(request.width / 8) * Double(request.height / 8)
        let perImage = latentPixels * 4 * 2560 + Double(request.width) * Double(request.height) * 3 * 4
        let needed = perImage * Double(request.batchSize)
        let available = Double(sysconf(Int32(_SC_PHYS_PAGES))) * Double(sysconf(Int32(_SC_PAGESIZE)))
        guard available > 0, needed > available else { return }
        let gib = { (bytes: Double) in String(format: "%.1f GiB", bytes / Double(1 << 30)) }
        throw ScriptError("--batch-size \(request.batchSize) at \(request.width)x\(request.height) needs at least \(gib(needed)) of memory, "
                          + "more than this machine's \(gib(available)); use a smaller batch")
    }

    public func openImageSeed(_ seed: ImageSeedURI, context: ImageSeedContext) throws(ScriptError) -> ImageSeedInfo {
        seedLoader = nil
        let loader = try ImageSeedLoader(seed, context: context)
        seedLoader = loader
        return loader.info
    }

    /// The step's seed images and masks (of `frame`, for an animation), and the strength
    /// dgenerate runs them at (raised to one step's worth when less, with its warning).
    func seedInput(_ planned: GenerationRequest, frame: Int, steps: Int, outputSize: (width: Int, height: Int)?,
                   report: GenerationReport) throws(ScriptError) -> (input: ImageSeedInput, pasteBack: ImageSeedLoader.PasteBack?)? {
        guard planned.imageSeed != nil else { return nil }
        guard let seedLoader else { throw ScriptError("the image seed was not opened") }
        var strength = planned.imageSeedStrength ?? 0.8
        if strength * Double(steps) < 1 {
            strength = 1 / Double(steps)
            report.warning("image-seed-strength * inference-steps was calculated at < 1, image-seed-strength defaulting to (1.0 / inference-steps): \(PythonFloat.repr(strength))")
        }
        let crop = planned.inpaintCrop
            ? InpaintCrop(padding: planned.inpaintCropPadding, masked: planned.inpaintCropMasked, feather: planned.inpaintCropFeather) : nil
        return try seedLoader.input(frame: frame, outputSize: outputSize, noAspect: planned.noAspect, strength: strength, crop: crop)
    }

    /// A scheduler URI as the pipeline takes it: the class name (nil for the model's own) and
    /// the arguments by name (the last of a repeated one).
    static func scheduler(_ text: String?) throws(ScriptError) -> (name: String?, arguments: [String: String]) {
        guard let text else { return (nil, [:]) }
        do throws(SchedulerTable.URI.Failure) {
            let uri = try SchedulerTable.URI(text)
            var arguments: [String: String] = [:]
            for argument in uri.arguments { arguments[argument.key] = argument.value }
            return (uri.name.isEmpty ? nil : uri.name, arguments)
        } catch {
            throw ScriptError(error.message)
        }
    }

    /// `--sigmas`: numbers, or an `expr:` over the scheduler's own sigmas for `steps` (which
    /// only a scheduler that takes custom sigmas has: the reference's message otherwise).
    static func sigmas(_ text: String?, scheduler: String, arguments: [String: String], steps: Int,
                       pipeline: StableDiffusionPipeline) throws(ScriptError) -> [Double]? {
        guard let text else { return nil }
        let stripped = PythonSplitting.strip(text)
        guard stripped.lowercased().hasPrefix("expr:") else {
            var values: [Double] = []
            for part in text.split(separator: ",", omittingEmptySubsequences: false) {
                guard let value = OptionValueType.float(String(part)) else { throw ScriptError("--sigmas: \"\(part)\" is not a number") }
                values.append(value)
            }
            return values
        }
        guard scheduler == "EulerDiscreteScheduler" else {
            throw ScriptError("The current primary model scheduler \"\(scheduler)\" does not support custom sigmas schedules. Please ensure that you are using a supported scheduler.")
        }
        do {
            let own = try pipeline.eulerSigmas(arguments: arguments, steps: steps)
            return try SigmasExpression.evaluate(PythonSplitting.strip(String(stripped.dropFirst("expr:".count))), sigmas: own)
        } catch let error as SigmasExpression.Failure {
            throw ScriptError(error.message)
        } catch {
            throw ScriptError("\(error)")
        }
    }

    public func generate(_ step: RenderPlan.Step, files: [String], report: GenerationReport) throws(ScriptError) {
        let images = try images(for: step, frame: 0, files: files, report: report)
        try write(images, step: step, files: files)
    }

    /// The images of a step (or of one frame of an animated step), after checking that the
    /// plan's file names (when `files` has them) fit the batch.
    func images(for step: RenderPlan.Step, frame: Int, files: [String], report: GenerationReport) throws(ScriptError) -> [RGBImage] {
        guard let pipeline else { throw ScriptError("no model is loaded") }
        let planned = step.request
        // the plan has checked every value; one the engine cannot hold is an error, never a default
        let numbers: GenerationRequest.Fitted
        do throws(GenerationRequest.Unfit) {
            numbers = try planned.fitted()
        } catch {
            throw ScriptError(error.message)
        }
        let seeded = try seedInput(planned, frame: frame, steps: numbers.inferenceSteps, outputSize: numbers.outputSize, report: report)
        let seedInput = seeded?.input
        // an image-seeded step makes images of its (resized) seed's size
        let (width, height) = seedInput?.images.first.map { ($0.width, $0.height) }
            ?? numbers.outputSize ?? (pipeline.defaultSize, pipeline.defaultSize)
        let (schedulerName, schedulerArguments) = try Self.scheduler(planned.scheduler)
        var request = StableDiffusionPipeline.Request(
            prompt: planned.prompt, negativePrompt: planned.negativePrompt, seed: numbers.seed,
            steps: numbers.inferenceSteps, guidanceScale: planned.guidanceScale, guidanceRescale: planned.guidanceRescale ?? 0.0,
            width: width, height: height, batchSize: numbers.batchSize,
            scheduler: schedulerName, schedulerArguments: schedulerArguments, clipSkip: numbers.clipSkip, imageSeed: seedInput)
        // the plan and the request must agree before anything is generated
        let imageFiles = files.filter { !$0.hasSuffix(".dgen") }, configFiles = files.filter { $0.hasSuffix(".dgen") }
        let expected = planned.batchGridSize == nil ? request.batchSize : 1
        guard imageFiles.isEmpty || imageFiles.count == expected else {
            throw ScriptError("the step makes \(expected) images for \(imageFiles.count) file names")
        }
        guard (!planned.embedsConfig && configFiles.isEmpty) || step.configs.count == expected, configFiles.count <= step.configs.count else {
            throw ScriptError("the plan has \(step.configs.count) reproducing configs for \(expected) images")
        }
        try checkConditioningOptions(planned)
        request.prompt2 = planned.sdxl["second_prompts"].map { PlanPrompt($0).positive }
        request.negativePrompt2 = planned.sdxl["second_prompts"].flatMap { PlanPrompt($0).negative }
        request.sizeConditioning = Self.sizeConditioning(planned, prefix: "sdxl_")
        request.vaeMemory = VAEMemoryOptions(tiling: options["vae_tiling"] != nil, slicing: options["vae_slicing"] != nil)
        if let sigmas = try Self.sigmas(planned.sigmas, scheduler: schedulerName ?? pipeline.defaultScheduler, arguments: schedulerArguments,
                                        steps: numbers.inferenceSteps, pipeline: pipeline) {
            guard seedInput == nil else { throw ScriptError("--sigmas with --image-seeds is not supported by this build yet") }
            request.sigmas = sigmas
            request.steps = sigmas.count - 1
        }
        try Self.checkMemory(for: request)
        pipeline.promptWarnings(request).forEach(report.warning)
        let start = Date()
        do {
            let images = try run(request, planned: planned) { done, total in
                let elapsed = Date().timeIntervalSince(start)
                let rate = Double(done) / max(elapsed, 1e-9)
                let left = Double(total - done) / max(rate, 1e-9)
                report.progress(String(format: "Step %d/%d: %.2f it/s, ETA %.1f s\n", done, total, rate, left))
                // Ctrl-C at the prompt: stop between steps, writing nothing
                if done < total, report.interrupted() { throw GenerationInterrupted(step: done, of: total) }
            }
            // an inpaint-cropped result goes back into the seed it was cut from
            guard let pasteBack = seeded?.pasteBack else { return images }
            return images.map(pasteBack.paste)
        } catch {
            throw ScriptError("\(error)")
        }
    }

    /// Writes a step's images as PNG files, with their configs beside them or embedded.
    func write(_ images: [RGBImage], step: RenderPlan.Step, files: [String]) throws(ScriptError) {
        let imageFiles = files.filter { !$0.hasSuffix(".dgen") }, configFiles = files.filter { $0.hasSuffix(".dgen") }
        guard imageFiles.count == images.count else {
            throw ScriptError("the step made \(images.count) images for \(imageFiles.count) file names")
        }
        let embed = step.request.embedsConfig
        for (index, (image, file)) in zip(images, imageFiles).enumerated() {
            do {
                try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try image.writePNG(to: file, text: embed ? [("DgenerateConfig", step.configs[index])] : [])
            } catch {
                throw ScriptError("cannot write \(file): \(error)")
            }
            if index < configFiles.count { try Self.writeText(step.configs[index], to: configFiles[index]) }
        }
    }

    /// A config file, written whole under a temporary name, then renamed.
    static func writeText(_ text: String, to file: String) throws(ScriptError) {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
        } catch {
            throw ScriptError("cannot write \(file): \(error.localizedDescription)")
        }
    }
}

/// A generation stopped between steps because the user asked.
struct GenerationInterrupted: Error, CustomStringConvertible {
    let step: Int
    let of: Int
    var description: String { "interrupted after step \(step) of \(of); no image was written" }
}
