import BigInt
import Templating

/// What one generation step runs with, typed: the values of the plan's axes for this step and
/// the invocation's settings the engine needs. The engine reads these and nothing else of the
/// command line, so no option text is parsed twice.
public struct GenerationRequest: Sendable, Equatable {
    /// Width and height, as `WxH` gives them.
    public struct Dimensions: Sendable, Equatable {
        public var width: BigInt
        public var height: BigInt
        public init(width: BigInt, height: BigInt) {
            self.width = width
            self.height = height
        }
    }

    /// The positive prompt, stripped.
    public var prompt: String
    /// The negative prompt (after the first `;`), stripped; nil when the prompt has no `;`.
    public var negativePrompt: String?
    public var seed: BigInt
    public var guidanceScale: Double
    public var inferenceSteps: BigInt
    /// The scheduler URI as given (`euler;timestep_spacing=trailing`), nil for the model's own.
    public var scheduler: String?
    public var clipSkip: BigInt?
    public var guidanceRescale: Double?
    public var pagScale: Double?
    public var pagAdaptiveScale: Double?
    /// `--freeu-params` as given (`s1,s2,b1,b2`).
    public var freeuParams: String?
    /// `--sigmas` as given (numbers, or `expr: ...`).
    public var sigmas: String?
    /// `--output-size`, nil for the model's default.
    public var outputSize: Dimensions?
    public var batchSize: BigInt
    /// `--batch-grid-size`: the batch is written as one grid image.
    public var batchGridSize: Dimensions?
    /// `--output-metadata`: each image carries the config that reproduces it.
    public var embedsConfig: Bool
    /// The step's `--image-seeds` value, read; nil generates from noise.
    public var imageSeed: ImageSeedURI? = nil
    /// `--image-seed-strengths`' value for this step (0.8 where image seeds are given without).
    public var imageSeedStrength: Double? = nil
    /// `--no-aspect`: seeds are resized to the output size without keeping their aspect.
    public var noAspect = false
    /// `--inpaint-crop` (or one of its options): inpaint the mask's region, cropped, then paste it.
    public var inpaintCrop = false
    /// `--inpaint-crop-paddings`' value for this step: 1, 2 or 4 numbers (nil: dgenerate's 32).
    public var inpaintCropPadding: [Int]? = nil
    /// `--inpaint-crop-feathers`' value for this step.
    public var inpaintCropFeather: Int? = nil
    public var inpaintCropMasked = false
    /// `--model-type`, lowercased (`sd`, `sdxl`).
    public var modelType = "sd"
    /// The SDXL and refiner axes' words for this step, by destination (`SDXLAxes`).
    public var sdxl: [String: String] = [:]

    // MARK: - The values as dgenerate prints them

    public var seedText: String { seed.description }
    public var guidanceScaleText: String { PythonFloat.repr(guidanceScale) }
    public var inferenceStepsText: String { inferenceSteps.description }
    public var clipSkipText: String? { clipSkip?.description }
    public var guidanceRescaleText: String? { guidanceRescale.map(PythonFloat.repr) }
    public var pagScaleText: String? { pagScale.map(PythonFloat.repr) }
    public var pagAdaptiveScaleText: String? { pagAdaptiveScale.map(PythonFloat.repr) }
    public var imageSeedStrengthText: String? { imageSeedStrength.map(PythonFloat.repr) }
    /// The padding as the reference prints it in a banner: `8`, or a list `[4, 12]`.
    public var inpaintCropPaddingText: String? {
        inpaintCropPadding.map { $0.count == 1 ? "\($0[0])" : "[" + $0.map(String.init).joined(separator: ", ") + "]" }
    }

    /// The prompt as the reference prints it in a config: `positive; negative`, or `;negative`.
    public var promptText: String { PlanPrompt(positive: prompt, negative: negativePrompt).text }
}

extension GenerationRequest {
    /// The request's numbers in the machine sizes an engine computes with.
    public struct Fitted: Sendable, Equatable {
        /// The 64-bit seed torch's `manual_seed` takes (a negative seed wraps).
        public var seed: UInt64
        public var inferenceSteps: Int
        public var batchSize: Int
        public var clipSkip: Int?
        /// Width and height, nil for the model's default size.
        public var outputSize: (width: Int, height: Int)? { outputWidth.flatMap { width in outputHeight.map { (width, $0) } } }
        var outputWidth: Int?
        var outputHeight: Int?

        public static func == (lhs: Fitted, rhs: Fitted) -> Bool {
            lhs.seed == rhs.seed && lhs.inferenceSteps == rhs.inferenceSteps && lhs.batchSize == rhs.batchSize
                && lhs.clipSkip == rhs.clipSkip && lhs.outputWidth == rhs.outputWidth && lhs.outputHeight == rhs.outputHeight
        }
    }

    /// A number of the request that no machine size holds.
    public struct Unfit: Error, Equatable, Sendable {
        public var message: String
    }

    /// The numbers in machine sizes; throws naming the first that does not fit.
    public func fitted() throws(Unfit) -> Fitted {
        func fit(_ value: BigInt, _ what: String) throws(Unfit) -> Int {
            guard let fitted = Int(exactly: value) else { throw Unfit(message: "cannot use \(what) \(value)") }
            return fitted
        }
        guard let seed = UInt64(exactly: seed) ?? Int64(exactly: seed).map({ UInt64(bitPattern: $0) }) else {
            throw Unfit(message: "cannot use seed \(self.seed)")
        }
        var result = Fitted(seed: seed, inferenceSteps: try fit(inferenceSteps, "inference steps"),
                            batchSize: try fit(batchSize, "batch size"))
        if let clipSkip { result.clipSkip = try fit(clipSkip, "clip skip") }
        if let outputSize {
            result.outputWidth = try fit(outputSize.width, "output width")
            result.outputHeight = try fit(outputSize.height, "output height")
        }
        return result
    }
}
