/// diffusers' `DDPMScheduler` (fixed small variance): the posterior mean from the predicted
/// clean sample, plus fresh noise scaled by the posterior's standard deviation, on every step
/// but the last.
public final class DDPMScheduler<Tensor: SchedulerTensor>: DiffusionScheduler {
    public let timesteps: [Double]
    public let initNoiseSigma = 1.0
    let alphasCumprod: [Float]
    let stride: Int
    let predictionType: String
    let clipRange: Double?

    public init(config: SchedulerConfig, steps: Int) throws(SchedulerError) {
        let schedule = try NoiseSchedule(config)
        alphasCumprod = schedule.alphasCumprod
        timesteps = try NoiseSchedule.spacedTimesteps(config, steps: steps, defaultSpacing: "leading").map { $0.rounded(.toNearestOrEven) }
        stride = config.numTrainTimesteps / steps
        predictionType = config.predictionType
        clipRange = (config.clipSample ?? true) ? config.clipSampleRange : nil
    }

    public func addNoise(_ original: Tensor, noise: Tensor, step index: Int) -> Tensor {
        noisedByAlphas(original, noise: noise, timestep: timesteps[index], alphasCumprod)
    }

    public func step(modelOutput: Tensor, step index: Int, sample: Tensor, noise: () -> Tensor) -> Tensor {
        let timestep = Int(timesteps[index]), previous = timestep - stride
        // (the timesteps were checked against the table when they were made)
        let (alpha, alphaPrevious) = NoiseSchedule.alphaProducts(alphasCumprod, timestep, previous, final: 1)
        let beta = 1 - alpha, betaPrevious = 1 - alphaPrevious
        let currentAlpha = alpha / alphaPrevious, currentBeta = 1 - currentAlpha
        var original = NoiseSchedule.predictedOriginal(modelOutput, sample, alpha: alpha, predictionType: predictionType)
        if let clipRange { original = original.clamped(-clipRange, clipRange) }
        let originalCoefficient = alphaPrevious.squareRoot() * currentBeta / beta
        let sampleCoefficient = currentAlpha.squareRoot() * betaPrevious / beta
        let mean = original.scaled(by: originalCoefficient) + sample.scaled(by: sampleCoefficient)
        guard timestep > 0 else { return mean }
        let variance = max(betaPrevious / beta * currentBeta, 1e-20)
        return mean + noise().scaled(by: variance.squareRoot())
    }
}
