/// diffusers' `DDIMScheduler` with eta 0 (deterministic): predicts the clean sample, then
/// moves to the previous timestep along the predicted noise.
public final class DDIMScheduler<Tensor: SchedulerTensor>: DiffusionScheduler {
    public let timesteps: [Double]
    public let initNoiseSigma = 1.0
    let alphasCumprod: [Float]
    let finalAlphaCumprod: Double
    let stride: Int
    let predictionType: String
    let clipRange: Double?

    public init(config: SchedulerConfig, steps: Int) throws(SchedulerError) {
        let schedule = try NoiseSchedule(config)
        alphasCumprod = schedule.alphasCumprod
        timesteps = try NoiseSchedule.spacedTimesteps(config, steps: steps, defaultSpacing: "leading").map { $0.rounded(.toNearestOrEven) }
        finalAlphaCumprod = schedule.finalAlphaProduct(config)
        stride = config.numTrainTimesteps / steps
        predictionType = config.predictionType
        clipRange = (config.clipSample ?? true) ? config.clipSampleRange : nil
    }

    public func addNoise(_ original: Tensor, noise: Tensor, step index: Int) -> Tensor {
        noisedByAlphas(original, noise: noise, timestep: timesteps[index], alphasCumprod)
    }

    public func step(modelOutput: Tensor, step index: Int, sample: Tensor, noise: () -> Tensor) -> Tensor {
        let timestep = Int(timesteps[index]), previous = timestep - stride
        let (alpha, alphaPrevious) = NoiseSchedule.alphaProducts(alphasCumprod, timestep, previous, final: finalAlphaCumprod)
        var original = NoiseSchedule.predictedOriginal(modelOutput, sample, alpha: alpha, predictionType: predictionType)
        let epsilon = predictionType == "v_prediction"
            ? modelOutput.scaled(by: alpha.squareRoot()) + sample.scaled(by: (1 - alpha).squareRoot()) : modelOutput
        if let clipRange { original = original.clamped(-clipRange, clipRange) }
        let direction = epsilon.scaled(by: (1 - alphaPrevious).squareRoot())
        return original.scaled(by: alphaPrevious.squareRoot()) + direction
    }
}
