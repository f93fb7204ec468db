import Foundation

/// SDXL's micro-conditioning: the sizes (and, for a refiner, aesthetic scores) the UNet is told
/// the image has. Each size defaults to the generated image's; the negative side to the positive.
public struct SizeConditioning: Sendable, Equatable {
    public struct Size: Sendable, Equatable {
        public var width: Int
        public var height: Int
        public init(width: Int, height: Int) {
            self.width = width
            self.height = height
        }
    }
    /// The crop's top-left corner the UNet is told of (x is left, y is top).
    public struct Corner: Sendable, Equatable {
        public var left: Int
        public var top: Int
        public init(left: Int, top: Int) {
            self.left = left
            self.top = top
        }
    }

    public var originalSize: Size?
    public var targetSize: Size?
    public var cropsTopLeft: Corner?
    public var negativeOriginalSize: Size?
    public var negativeTargetSize: Size?
    public var negativeCropsTopLeft: Corner?
    /// A refiner's scores (diffusers' defaults 6 and 2.5).
    public var aestheticScore: Double?
    public var negativeAestheticScore: Double?

    public init() {}
}

extension StableDiffusionPipeline {
    /// The timesteps a request runs, as indices into the scheduler's: an image seed's start, a
    /// refiner's `denoisingStart` and a base's `denoisingEnd` (diffusers' rules: a cutoff at
    /// `round(T - fraction x T)` training steps; a second-order scheduler never stops between
    /// its two evaluations).
    func window(_ request: Request, scheduler: any DiffusionScheduler<Tensor>, seededStart: Int?) throws(TorchError) -> (start: Int, end: Int) {
        let timesteps = scheduler.timesteps
        let trainingSteps = Double(schedulerConfig.numTrainTimesteps)
        func cutoff(_ fraction: Double) -> Double { (trainingSteps - fraction * trainingSteps).rounded(.toNearestOrEven) }
        var start = seededStart ?? 0
        if let denoisingStart = request.startLatents?.denoisingStart {
            guard denoisingStart > 0, denoisingStart < 1 else { throw TorchError("denoising start must be between 0 and 1 (exclusive)") }
            var remaining = timesteps.filter { $0 < cutoff(denoisingStart) }.count
            if scheduler.order == 2 && remaining % 2 == 0 { remaining += 1 }
            start = max(0, timesteps.count - remaining)
        }
        var end = timesteps.count
        if let denoisingEnd = request.denoisingEnd {
            guard denoisingEnd > 0, denoisingEnd < 1 else { throw TorchError("denoising end must be between 0 and 1 (exclusive)") }
            end = timesteps.filter { $0 >= cutoff(denoisingEnd) }.count
        }
        guard start < end else { throw TorchError("no denoising steps are left between the start and the end") }
        return (start, end)
    }

    /// SDXL's added conditions for the UNet, negative then positive when guided; nil for other
    /// families. Sizes are given to the UNet as (height, width).
    func addedConditions(_ request: Request, positive: TextConditioning.Conditioning, negative: TextConditioning.Conditioning?,
                         batch: Int) throws(TorchError) -> UNet2DConditionModel.AddedConditions? {
        guard isXL else { return nil }
        guard let pooled = positive.pooled else { throw TorchError("the SDXL conditioning has no pooled text") }
        let sizes = request.sizeConditioning
        let image = SizeConditioning.Size(width: request.width, height: request.height)
        let original = sizes.originalSize ?? image
        let crops = sizes.cropsTopLeft ?? .init(left: 0, top: 0)
        let target = sizes.targetSize ?? image
        func numbers(_ original: SizeConditioning.Size, _ crops: SizeConditioning.Corner, last: [Double]) -> [Double] {
            [Double(original.height), Double(original.width), Double(crops.top), Double(crops.left)] + last
        }
        let positiveIds: [Double], negativeIds: [Double]
        if requiresAestheticsScore {
            positiveIds = numbers(original, crops, last: [sizes.aestheticScore ?? 6])
            negativeIds = numbers(sizes.negativeOriginalSize ?? original, sizes.negativeCropsTopLeft ?? .init(left: 0, top: 0),
                                  last: [sizes.negativeAestheticScore ?? 2.5])
        } else {
            positiveIds = numbers(original, crops, last: [Double(target.height), Double(target.width)])
            // diffusers uses its own negative sizes only when both are given
            if let negativeOriginal = sizes.negativeOriginalSize, let negativeTarget = sizes.negativeTargetSize {
                negativeIds = numbers(negativeOriginal, sizes.negativeCropsTopLeft ?? .init(left: 0, top: 0),
                                      last: [Double(negativeTarget.height), Double(negativeTarget.width)])
            } else {
                negativeIds = positiveIds
            }
        }
        let positiveRows = Array(repeating: positiveIds, count: batch)
        guard let negative else { return .init(pooledText: pooled, timeIds: positiveRows) }
        guard let negativePooled = negative.pooled else { throw TorchError("the SDXL negative conditioning has no pooled text") }
        return .init(pooledText: try Tensor.cat([negativePooled, pooled], dimension: 0),
                     timeIds: Array(repeating: negativeIds, count: batch) + positiveRows)
    }
}
