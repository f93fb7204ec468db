import Foundation

/// diffusers' Stable Diffusion pipelines (1.x, 2.x, SDXL and its refiner; text to image, img2img,
/// inpainting) on a diffusers model folder: the prompts through the tokenizers and text encoders,
/// seeded initial noise, the scheduler's denoising loop with classifier-free guidance, and the
/// VAE decoder.
public final class StableDiffusionPipeline: @unchecked Sendable {
    /// One generation: `batchSize` images of one prompt from one seed.
    public struct Request: Sendable {
        public var prompt: String
        public var negativePrompt: String?
        public var seed: UInt64
        public var steps: Int
        public var guidanceScale: Double
        public var guidanceRescale: Double
        public var width: Int
        public var height: Int
        public var batchSize: Int
        /// A scheduler by diffusers' class name, with URI arguments; nil keeps the model's.
        public var scheduler: String?
        public var schedulerArguments: [String: String]
        public var clipSkip: Int?
        /// Seed images (img2img) and masks (inpainting); nil generates from noise.
        public var imageSeed: ImageSeedInput?
        /// SDXL's prompts for the second text encoder (the first prompts when nil).
        public var prompt2: String?
        public var negativePrompt2: String?
        /// SDXL's size and aesthetic conditioning.
        public var sizeConditioning = SizeConditioning()
        /// Stop when this fraction of the noise is removed (SDXL base before a refiner); the
        /// result is then the latents (`generateLatents`).
        public var denoisingEnd: Double?
        /// Start from these latents at the point where this fraction of the noise is removed
        /// (a refiner after the base).
        public var startLatents: (latents: Tensor, denoisingStart: Double)?
        /// `--vae-tiling` and `--vae-slicing`.
        public var vaeMemory = VAEMemoryOptions()
        /// `--sigmas`: the scheduler's sigma schedule (the last the final sigma); the steps are
        /// then one fewer than its length.
        public var sigmas: [Double]?

        public init(prompt: String, negativePrompt: String? = nil, seed: UInt64, steps: Int = 30, guidanceScale: Double = 5,
                    guidanceRescale: Double = 0, width: Int, height: Int, batchSize: Int = 1, scheduler: String? = nil,
                    schedulerArguments: [String: String] = [:], clipSkip: Int? = nil, imageSeed: ImageSeedInput? = nil) {
            self.imageSeed = imageSeed
            self.prompt = prompt
            self.negativePrompt = negativePrompt
            self.seed = seed
            self.steps = steps
            self.guidanceScale = guidanceScale
            self.guidanceRescale = guidanceRescale
            self.width = width
            self.height = height
            self.batchSize = batchSize
            self.scheduler = scheduler
            self.schedulerArguments = schedulerArguments
            self.clipSkip = clipSkip
        }
    }

    public let folder: String
    let text: TextConditioning
    /// An SDXL refiner's conditioning: aesthetic scores instead of target sizes.
    let requiresAestheticsScore: Bool
    /// Whether this is an SDXL pipeline (pooled text and size conditioning).
    public var isXL: Bool { if case .xl = text.family { true } else { false } }
    let unet: UNet2DConditionModel
    /// The VAE's two halves, cached and shared (with a refiner) as one.
    let autoencoder: AutoencoderKL
    let vae: AutoencoderKLDecoder
    let encoder: AutoencoderKLEncoder
    let schedulerConfig: SchedulerConfig
    /// The model's own scheduler class (`scheduler_config.json`'s `_class_name`).
    public let defaultScheduler: String
    /// How many pixels one latent cell covers (2 to the number of VAE blocks minus one).
    public let vaeScaleFactor: Int
    /// The image size the model makes when none is asked for (diffusers' default).
    public var defaultSize: Int { unet.sampleSize * vaeScaleFactor }

    /// The element type the components compute in (float32, float16 or bfloat16); the
    /// scheduler works in float32 on latents rounded to this type between steps, as diffusers
    /// keeps them in it.
    public let dtype: TensorType

    /// Loads a diffusers Stable Diffusion folder (`model_index.json` and its components), the
    /// weights converted to `dtype`, taking each component from `caches` where it is cached there
    /// (and caching it there when loaded), keyed by `dtypeName` as the user gave it (`auto` and
    /// `float32` are two keys, as they are for dgenerate). An SDXL refiner given its `base` takes
    /// the base's second text encoder and VAE instead of its own. `modules` (`\use_modules`)
    /// replace the components of their names. `textualInversions` extend the tokenizers and
    /// copies of the text encoders' embedding tables. `loras` are fused into the UNet and the text
    /// encoders, which are then loaded for this pipeline alone. `overrides` name folders whose
    /// components replace the model's (`--vae`, `--unet`, `--text-encoders`).
    public init(folder: String, variant: String? = nil, dtype: TensorType = .float32, base: StableDiffusionPipeline? = nil,
                caches: ObjectCaches? = nil, dtypeName: String? = nil, modules: [String: AnyObject] = [:], loras: LoRAStack? = nil,
                textualInversions: [TextualInversion] = [], overrides: [String: ComponentOverride] = [:]) throws {
        let files = try PipelineFiles.open(folder, variant: variant)
        func component<Component: AnyObject>(_ cache: String, _ subfolder: String, _ load: () throws -> Component) throws -> Component {
            guard let caches else { return try load() }
            if let source = overrides[subfolder] {
                let key = "model=\(source.folder),variant=\(source.variant ?? "None"),dtype=\(source.dtype.map { "\($0)" } ?? dtypeName ?? "\(dtype)"),device=\(caches.device)"
                return try caches.cached(cache, key: key, bytes: ObjectCaches.weightBytes(source.folder), load: load)
            }
            let key = "model=\(folder),subfolder=\(subfolder),variant=\(variant ?? "None"),dtype=\(dtypeName ?? "\(dtype)"),device=\(caches.device)"
            return try caches.cached(cache, key: key, bytes: files.weightBytes(subfolder), load: load)
        }
        /// A component's configuration and weights: the user's folder for it, else the model's.
        func configAndWeights(_ name: String) throws(ModelFileError) -> (ComponentConfig, WeightSource) {
            if let source = overrides[name] {
                return (try ComponentConfig(path: source.folder + "/config.json"),
                        try ModelWeights(folder: source.folder, variant: source.variant, dtype: source.dtype ?? dtype))
            }
            let config = try files.config(name)
            return (config, try files.weights(name, config, dtype))
        }
        let fusion = loras.map(LoRAFusion.init)
        /// A component from its configuration and weights, cached unless LoRAs are fused into it.
        func load<Component: AnyObject>(_ cache: String, _ name: String, className: String,
                                        make: @escaping (ComponentConfig, WeightSource) throws(ModelFileError) -> Component) throws -> Component {
            if let fusion, cache != "vae" {
                let (config, weights) = try configAndWeights(name)
                return try fusion.component(name, className: className, config: config, weights: weights, make: make)
            }
            return try component(cache, name) {
                let (config, weights) = try configAndWeights(name)
                return try make(config, weights)
            }
        }
        self.folder = folder
        self.dtype = dtype
        let xl = files.xl
        var encoders: [TextConditioning.Encoder] = []
        for (tokenizer, encoder) in files.encoders {
            let shared = modules[encoder] as? CLIPTextEncoder ?? (encoder == "text_encoder_2" ? base?.text.encoders.last?.model : nil)
            let model = try shared ?? load("text_encoder", encoder, className: xl && encoder == "text_encoder_2" ? "CLIPTextModelWithProjection" : "CLIPTextModel") {
                config, weights throws(ModelFileError) in try CLIPTextEncoder(config: config, weights: weights)
            }
            encoders.append(.init(tokenizer: try modules[tokenizer] as? CLIPTokenizer ?? files.tokenizer(tokenizer),
                                  model: model, tokenizerName: tokenizer, modelName: encoder))
        }
        encoders = try Self.loading(textualInversions, into: encoders, xl: xl)
        text = TextConditioning(encoders: encoders, family: xl ? .xl(forceZerosForEmptyPrompt: files.forceZerosForEmptyPrompt) : .single)
        requiresAestheticsScore = files.requiresAestheticsScore
        let unetConfigPath = modules["unet"] != nil ? "unet" : overrides["unet"].map { $0.folder + "/config.json" } ?? files.configPath("unet")
        unet = try modules["unet"] as? UNet2DConditionModel ?? load("unet", "unet", className: "UNet2DConditionModel") {
            config, weights throws(ModelFileError) in try UNet2DConditionModel(config: config, weights: weights)
        }
        try fusion?.checkUsed()
        let autoencoder = try modules["vae"] as? AutoencoderKL ?? base?.autoencoder ?? load("vae", "vae", className: "AutoencoderKL") {
            config, weights throws(ModelFileError) in
            AutoencoderKL(decoder: try AutoencoderKLDecoder(config: config, weights: weights), encoder: try AutoencoderKLEncoder(config: config, weights: weights))
        }
        self.autoencoder = autoencoder
        vae = autoencoder.decoder
        encoder = autoencoder.encoder
        vaeScaleFactor = 1 << max(0, min(vae.blockCount, 8) - 1)
        if let saved = modules["scheduler"] as? SchedulerModule {
            (schedulerConfig, defaultScheduler) = (saved.config, saved.className)
        } else {
            (schedulerConfig, defaultScheduler) = try files.scheduler()
        }
        guard text.contextWidth == unet.crossAttentionDimension else {
            throw ModelFileError(file: unetConfigPath, "cross_attention_dim \(unet.crossAttentionDimension) does not match the text encoders' hidden size \(text.contextWidth)")
        }
        if xl {
            let pooled = encoders.last?.model.pooledSize ?? 0
            let sizeNumbers = requiresAestheticsScore ? 5 : 6
            guard unet.additionInputDimension > 0, let timeDimension = unet.additionTimeDimension,
                  unet.additionInputDimension == pooled + sizeNumbers * timeDimension else {
                throw ModelFileError(file: unetConfigPath,
                                     "an SDXL UNet needs addition_embed_type \"text_time\" with projection_class_embeddings_input_dim = the pooled text (\(pooled)) + \(sizeNumbers) x addition_time_embed_dim")
            }
        }
    }

    /// Runs each kind of operation the components use once, on small tensors of the compute
    /// type: a libtorch without half-precision kernels for this device fails here, before any
    /// generation, with its own message.
    public func checkComputeType() throws(TorchError) {
        let image = try Tensor.full(0.5, shape: [1, 4, 4, 4], type: dtype).channelsLast()
        let kernel = try Tensor.full(0.1, shape: [4, 4, 3, 3], type: dtype).channelsLast()
        let bias = try Tensor.full(0.1, shape: [4], type: dtype)
        let convolved = try image.conv2d(kernel, bias, padding: 1).groupNorm(groups: 2, bias, bias, eps: 1e-5).silu()
        _ = try convolved.upsampledNearest2x()
        let rows = try convolved.reshaped([1, 4, 16]).permuted([0, 2, 1])
        let projected = try rows.layerNorm(bias, bias, eps: 1e-5).linear(kernel.reshaped([4, 36]).sliced(dimension: 1, 0..<4), bias)
        let heads = try projected.reshaped([1, 1, 16, 4])
        _ = try Tensor.attention(heads, heads, heads).gelu().quickGelu().floats()
    }

    /// The sigmas (the final one included) Euler's scheduler gives for `steps` steps with the
    /// URI's `arguments`, as `scheduler.sigmas` after `set_timesteps(steps)`.
    func eulerSigmas(arguments: [String: String], steps: Int) throws(SchedulerError) -> [Double] {
        let scheduler = try SchedulerCatalogue.make("EulerDiscreteScheduler", config: schedulerConfig, arguments: arguments, steps: steps, as: Tensor.self)
        guard let euler = scheduler as? EulerDiscreteScheduler<Tensor> else { throw SchedulerError("EulerDiscreteScheduler has no sigmas") }
        return euler.sigmas
    }

    /// The reference's warnings for prompts of more tokens than the tokenizer's limit.
    public func promptWarnings(_ request: Request) -> [String] {
        text.promptWarnings(prompt: request.prompt, negativePrompt: request.negativePrompt)
    }

    /// The images of one request; `progress` is called after each denoising step (step, of).
    public func generate(_ request: Request, generator: RandomGenerator? = nil, progress: (Int, Int) throws -> Void = { _, _ in }) throws -> [RGBImage] {
        try Self.images(vae.decode(generateLatents(request, generator: generator, progress: progress), memory: request.vaeMemory))
    }

    /// The denoised latents of one request (what the VAE decodes; what an SDXL base hands its
    /// refiner). `generator` continues a random stream (a refiner draws after its base, as
    /// diffusers hands both the same generator); nil starts one from the request's seed.
    public func generateLatents(_ request: Request, generator: RandomGenerator? = nil, progress: (Int, Int) throws -> Void = { _, _ in }) throws -> Tensor {
        guard request.width % vaeScaleFactor == 0, request.height % vaeScaleFactor == 0, request.width > 0, request.height > 0 else {
            throw TorchError("the output size must be a positive multiple of \(vaeScaleFactor) for this model")
        }
        guard request.batchSize >= 1, request.steps >= 1 else { throw TorchError("batch size and inference steps must be at least 1") }
        let guided = request.guidanceScale > 1
        let batch = request.batchSize
        // the conditioning: [negative x batch, positive x batch] with guidance
        let (positive, negative) = try text.encode(prompt: request.prompt, prompt2: request.prompt2, negativePrompt: request.negativePrompt,
                                                   negativePrompt2: request.negativePrompt2, batch: batch, clipSkip: request.clipSkip, guided: guided)
        let context = try negative.map { n throws(TorchError) in try Tensor.cat([n.context, positive.context], dimension: 0) } ?? positive.context
        let added = try addedConditions(request, positive: positive, negative: negative, batch: batch)
        let scheduler = try SchedulerCatalogue.make(request.scheduler ?? defaultScheduler, config: schedulerConfig,
                                                    arguments: request.schedulerArguments, steps: request.steps, as: Tensor.self,
                                                    noiseSeed: request.seed, sigmas: request.sigmas)
        let generator = try generator ?? RandomGenerator(seed: request.seed)
        let shape = [batch, vae.latentChannels, request.height / vaeScaleFactor, request.width / vaeScaleFactor]
        // noise is drawn in the compute type, as diffusers draws it (a different stream in
        // half precision), and the latents kept at that precision between steps
        func rounded(_ x: Tensor) throws(TorchError) -> Tensor {
            dtype == .float32 ? x : try x.converted(to: dtype).converted(to: .float32)
        }
        let seeded = try request.imageSeed.map { input throws(TorchError) in
            try seededStart(input, scheduler: scheduler, steps: request.steps, shape: shape, generator: generator, memory: request.vaeMemory)
        }
        let extraChannels = unet.inChannels - vae.latentChannels
        guard extraChannels == 0 || (extraChannels == vae.latentChannels + 1 && seeded?.inpaint != nil) else {
            throw TorchError(extraChannels == vae.latentChannels + 1
                ? "this model is an inpainting model: it needs --image-seeds with a mask"
                : "the UNet's \(unet.inChannels) input channels do not fit the VAE's \(vae.latentChannels) latent channels")
        }
        var latents = try request.startLatents?.latents ?? seeded?.latents
            ?? generator.randn(shape, type: dtype).multiplying(scheduler.initNoiseSigma).converted(to: .float32)
        // a 9-channel inpainting UNet reads the mask and the masked image beside the latents
        let inpaintChannels = try seeded?.inpaint.flatMap { inpaint throws(TorchError) -> Tensor? in
            guard extraChannels > 0 else { return nil }
            let both = try Tensor.cat([inpaint.mask, inpaint.maskedImageLatents], dimension: 1)
            return guided ? try Tensor.cat([both, both], dimension: 0) : both
        }
        let (start, end) = try window(request, scheduler: scheduler, seededStart: seeded?.start)
        let runSteps = request.denoisingEnd != nil || request.startLatents != nil
            ? (end - start + scheduler.order - 1) / scheduler.order : request.steps - start / scheduler.order
        var noiseFailure: TorchError? = nil
        var progressDone = 0
        for index in start..<end {
            let timestep = scheduler.timesteps[index]
            let input = guided ? try Tensor.cat([latents, latents], dimension: 0) : latents
            var scaled = scheduler.scaleModelInput(input, step: index)
            if let inpaintChannels { scaled = try Tensor.cat([scaled, inpaintChannels], dimension: 1) }
            var noise = try unet(scaled, timestep: timestep, context: context, added: added)
            if guided {
                let unconditional = try noise.sliced(dimension: 0, 0..<batch)
                let conditional = try noise.sliced(dimension: 0, batch..<(2 * batch))
                noise = try unconditional.adding(conditional.subtracting(unconditional).multiplying(request.guidanceScale))
                if request.guidanceRescale > 0 {
                    noise = try Self.rescale(noise, conditional: conditional, by: request.guidanceRescale)
                }
            }
            latents = scheduler.step(modelOutput: noise, step: index, sample: latents) {
                do throws(TorchError) {
                    return try generator.randn(shape, type: dtype).converted(to: .float32)
                } catch {
                    noiseFailure = error
                    return latents
                }
            }
            if let noiseFailure { throw noiseFailure }
            if let inpaint = seeded?.inpaint, extraChannels == 0, let imageLatents = inpaint.imageLatents {
                // outside the mask, the original noised to the next step's level
                let original = index < scheduler.timesteps.count - 1 ? scheduler.addNoise(imageLatents, noise: inpaint.noise, step: index + 1) : imageLatents
                let keep = try Tensor.full(1, shape: [1]).subtracting(inpaint.mask)
                latents = try keep.multiplying(original).adding(inpaint.mask.multiplying(latents))
            }
            latents = try rounded(latents)
            // diffusers' progress: counted in inference steps; a scheduler with extra warm-up
            // timesteps (PNDM's) advances it only after them, one of two evaluations (Heun's)
            // every other timestep
            let position = index - start
            let warmUp = (end - start) - runSteps * scheduler.order
            if index == end - 1 || (position + 1 > warmUp && (position + 1) % scheduler.order == 0) {
                progressDone += 1
                try progress(min(progressDone, runSteps), runSteps)
            }
        }
        return latents
    }

    /// diffusers' `rescale_noise_cfg`: the guided prediction's spread brought back towards the
    /// conditional prediction's.
    static func rescale(_ guided: Tensor, conditional: Tensor, by factor: Double) throws(TorchError) -> Tensor {
        let rescaled = try guided.multiplying(conditional.standardDeviationOfRows().dividing(guided.standardDeviationOfRows()))
        return try rescaled.multiplying(factor).adding(guided.multiplying(1 - factor))
    }

    /// Decoded images (about -1...1) as 8-bit RGB: `(x / 2 + 0.5)` clamped to 0...1, times 255,
    /// rounded half to even as numpy rounds.
    static func images(_ decoded: Tensor) throws(TorchError) -> [RGBImage] {
        let shape = decoded.shape
        let batch = shape[0], channels = shape[1], height = shape[2], width = shape[3]
        let values = try decoded.multiplying(0.5).adding(0.5).clamped(min: 0, max: 1).floats()
        var images: [RGBImage] = []
        for image in 0..<batch {
            var pixels = [UInt8](repeating: 0, count: width * height * 3)
            for y in 0..<height {
                for x in 0..<width {
                    for c in 0..<min(channels, 3) {
                        let value = values[((image * channels + c) * height + y) * width + x] * 255
                        // NaN (a broken model) becomes 0, as numpy's cast makes it
                        pixels[(y * width + x) * 3 + c] = value.isNaN ? 0 : UInt8(min(max(value, 0), 255).rounded(.toNearestOrEven))
                    }
                }
            }
            images.append(RGBImage(width: width, height: height, pixels: pixels))
        }
        return images
    }
}
