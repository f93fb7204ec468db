import Foundation

/// diffusers' `EulerDiscreteScheduler` (Euler's method on the sigma schedule; optionally
/// Karras sigmas), for epsilon and v-prediction models.
public final class EulerDiscreteScheduler<Tensor: SchedulerTensor>: DiffusionScheduler {
    public let timesteps: [Double]
    /// One more than the timesteps: the last is 0.
    public let sigmas: [Double]
    public let initNoiseSigma: Double
    let predictionType: String
    /// The index the first step has (diffusers starts at the second of two equal timesteps).
    let firstIndex: Int

    public init(config: SchedulerConfig, steps: Int) throws(SchedulerError) {
        let schedule = try NoiseSchedule(config)
        let table = schedule.sigmas
        let spacing = config.timestepSpacing ?? "linspace"
        var timesteps = try NoiseSchedule.spacedTimesteps(spacing, steps: steps, trainSteps: config.numTrainTimesteps,
                                                          offset: spacing == "leading" ? config.stepsOffset : 0)
            .map { Double(Float($0)) }
        var sigmas = timesteps.map { NoiseSchedule.interpolate($0, table) }
        if config.useKarrasSigmas || config.useExponentialSigmas || config.useBetaSigmas {
            let logSigmas = table.map { Double(log($0)) }
            let (low, high) = (sigmas.last ?? 0, sigmas.first ?? 0)
            sigmas = config.useKarrasSigmas ? NoiseSchedule.karras(minimum: low, maximum: high, count: steps)
                : config.useExponentialSigmas ? NoiseSchedule.exponential(minimum: low, maximum: high, count: steps)
                : NoiseSchedule.beta(minimum: low, maximum: high, count: steps)
            timesteps = sigmas.map { Double(Float(NoiseSchedule.timestep(forSigma: $0, logSigmas: logSigmas))) }
        }
        self.sigmas = (sigmas + [0]).map { Double(Float($0)) }
        self.timesteps = timesteps
        let maxSigma = self.sigmas.max() ?? 0
        initNoiseSigma = spacing == "linspace" || spacing == "trailing" ? maxSigma : Double(Float((maxSigma * maxSigma + 1).squareRoot()))
        predictionType = config.predictionType
        firstIndex = timesteps.filter { $0 == timesteps.first }.count > 1 ? 1 : 0
        // diffusers starts at the second of two equal first timesteps, and then runs out of
        // sigmas at the last step
        guard firstIndex == 0 else {
            throw SchedulerError("\(steps) steps repeat the first timestep of this schedule; use fewer steps")
        }
    }

    public func scaleModelInput(_ sample: Tensor, step index: Int) -> Tensor {
        let sigma = sigmas[index + firstIndex]
        return sample.scaled(by: 1 / (sigma * sigma + 1).squareRoot())
    }

    public func addNoise(_ original: Tensor, noise: Tensor, step index: Int) -> Tensor {
        original + noise.scaled(by: sigmas[index + firstIndex])
    }

    public func step(modelOutput: Tensor, step index: Int, sample: Tensor, noise: () -> Tensor) -> Tensor {
        let sigma = sigmas[index + firstIndex], next = sigmas[index + firstIndex + 1]
        let denoised: Tensor
        if predictionType == "v_prediction" {
            denoised = modelOutput.scaled(by: -sigma / (sigma * sigma + 1).squareRoot()) + sample.scaled(by: 1 / (sigma * sigma + 1))
        } else {
            denoised = sample - modelOutput.scaled(by: sigma)
        }
        let derivative = (sample - denoised).scaled(by: 1 / sigma)
        return sample + derivative.scaled(by: next - sigma)
    }
}
