/// diffusers' `EulerAncestralDiscreteScheduler`: an Euler step to a lower sigma, then fresh
/// noise up to the next sigma.
public final class EulerAncestralDiscreteScheduler<Tensor: SchedulerTensor>: SigmaScheduler {
    public let timesteps: [Double]
    public let sigmas: [Double]
    public let initNoiseSigma: Double
    let predictionType: String

    public init(config: SchedulerConfig, steps: Int) throws(SchedulerError) {
        let schedule = try NoiseSchedule(config)
        let spacing = config.timestepSpacing ?? "linspace"
        timesteps = try NoiseSchedule.spacedTimesteps(config, steps: steps, defaultSpacing: spacing).map { Double(Float($0)) }
        let table = schedule.sigmas
        sigmas = (timesteps.map { NoiseSchedule.interpolate($0, table) } + [0]).map { Double(Float($0)) }
        let maxSigma = sigmas.max() ?? 0
        initNoiseSigma = NoiseSchedule.initNoiseSigma(maxSigma: maxSigma, spacing: spacing)
        predictionType = config.predictionType
    }

    func sigma(at index: Int) -> Double { sigmas[index] }

    public func step(modelOutput: Tensor, step index: Int, sample: Tensor, noise: () -> Tensor) -> Tensor {
        let sigma = sigmas[index], next = sigmas[index + 1]
        let denoised = NoiseSchedule.predictedOriginal(modelOutput, sample, sigma: sigma, predictionType: predictionType)
        let sigmaUp = (next * next * (sigma * sigma - next * next) / (sigma * sigma)).squareRoot()
        let sigmaDown = (next * next - sigmaUp * sigmaUp).squareRoot()
        let derivative = (sample - denoised).scaled(by: 1 / sigma)
        let moved = sample + derivative.scaled(by: sigmaDown - sigma)
        return moved + noise().scaled(by: sigmaUp)
    }
}
