/// diffusers' `LCMScheduler` (latent consistency): timesteps picked from the 50 of its original
/// schedule (spacing and offset do not apply), each step the consistency model's denoised
/// sample, noised again to the next timestep with fresh noise (all but the last step).
public final class LCMScheduler<Tensor: SchedulerTensor>: DiffusionScheduler {
    public let timesteps: [Double]
    public let initNoiseSigma = 1.0
    let alphasCumprod: [Float]
    let finalAlphaCumprod: Double
    let predictionType: String
    static var originalSteps: Int { 50 }
    static var timestepScaling: Double { 10 }

    public init(config: SchedulerConfig, steps: Int) throws(SchedulerError) {
        let schedule = try NoiseSchedule(config)
        alphasCumprod = schedule.alphasCumprod
        finalAlphaCumprod = schedule.finalAlphaProduct(config)
        let stride = config.numTrainTimesteps / Self.originalSteps
        guard steps <= Self.originalSteps, stride >= 1 else {
            throw SchedulerError("LCMScheduler runs at most \(Self.originalSteps) steps, not \(steps)")
        }
        // 999, 979, ... (the original schedule, largest first), indexed at floor(linspace(0, 50, steps))
        let origin = (1...Self.originalSteps).reversed().map { $0 * stride - 1 }
        timesteps = (0..<steps).map { Double(origin[Int((Double(Self.originalSteps) * Double($0) / Double(steps)).rounded(.down))]) }
        predictionType = config.predictionType
    }

    public func addNoise(_ original: Tensor, noise: Tensor, step index: Int) -> Tensor {
        noisedByAlphas(original, noise: noise, timestep: timesteps[index], alphasCumprod)
    }

    public func step(modelOutput: Tensor, step index: Int, sample: Tensor, noise: () -> Tensor) -> Tensor {
        let timestep = Int(timesteps[index])
        let last = index == timesteps.count - 1
        let next = last ? timestep : Int(timesteps[index + 1])
        let (alpha, alphaNext) = NoiseSchedule.alphaProducts(alphasCumprod, timestep, next, final: finalAlphaCumprod)
        let scaled = Double(timestep) * Self.timestepScaling
        let skip = 0.25 / (scaled * scaled + 0.25), out = scaled / (scaled * scaled + 0.25).squareRoot()
        let original = NoiseSchedule.predictedOriginal(modelOutput, sample, alpha: alpha, predictionType: predictionType)
        let denoised = original.scaled(by: out) + sample.scaled(by: skip)
        guard !last else { return denoised }
        return denoised.scaled(by: alphaNext.squareRoot()) + noise().scaled(by: (1 - alphaNext).squareRoot())
    }
}
