import Foundation

/// diffusers' `EulerDiscreteScheduler` (Euler's method on the sigma schedule; optionally
/// Karras sigmas), for epsilon and v-prediction models.
public final class EulerDiscreteScheduler<Tensor: SchedulerTensor>: SigmaScheduler {
    public let timesteps: [Double]
    /// One more than the timesteps: the last is 0.
    public let sigmas: [Double]
    public let initNoiseSigma: Double
    let predictionType: String
    /// The index the first step has (diffusers starts at the second of two equal timesteps).
    let firstIndex: Int

    public init(config: SchedulerConfig, steps: Int) throws(SchedulerError) {
        let (timesteps, sigmas, spacing) = try NoiseSchedule.discreteSigmas(config, steps: steps, table: NoiseSchedule(config).sigmas,
                                                                            float32Timesteps: true)
        self.sigmas = (sigmas + [0]).map { Double(Float($0)) }
        self.timesteps = timesteps
        initNoiseSigma = NoiseSchedule.initNoiseSigma(maxSigma: self.sigmas.max() ?? 0, spacing: spacing)
        predictionType = config.predictionType
        firstIndex = timesteps.filter { $0 == timesteps.first }.count > 1 ? 1 : 0
        // diffusers starts at the second of two equal first timesteps, and then runs out of
        // sigmas at the last step
        guard firstIndex == 0 else {
            throw SchedulerError("\(steps) steps repeat the first timestep of this schedule; use fewer steps")
        }
    }

    /// The scheduler on the user's sigmas (`--sigmas`, the last one the final sigma), the
    /// timesteps those sigmas have in the training schedule, as diffusers' `set_timesteps(sigmas=)`.
    public init(config: SchedulerConfig, sigmas custom: [Double]) throws(SchedulerError) {
        guard custom.count >= 2, custom.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw SchedulerError("--sigmas needs at least two non-negative numbers (the last is the final sigma)")
        }
        let logSigmas = try NoiseSchedule(config).sigmas.map { Double(log($0)) }
        sigmas = custom.map { Double(Float($0)) }
        timesteps = sigmas.dropLast().map { Double(Float(NoiseSchedule.timestep(forSigma: $0, logSigmas: logSigmas))) }
        initNoiseSigma = NoiseSchedule.initNoiseSigma(maxSigma: sigmas.max() ?? 0, spacing: config.timestepSpacing ?? "linspace")
        predictionType = config.predictionType
        firstIndex = 0
    }

    func sigma(at index: Int) -> Double { sigmas[index + firstIndex] }

    public func step(modelOutput: Tensor, step index: Int, sample: Tensor, noise: () -> Tensor) -> Tensor {
        let sigma = sigmas[index + firstIndex], next = sigmas[index + firstIndex + 1]
        let denoised = NoiseSchedule.predictedOriginal(modelOutput, sample, sigma: sigma, predictionType: predictionType)
        let derivative = (sample - denoised).scaled(by: 1 / sigma)
        return sample + derivative.scaled(by: next - sigma)
    }
}
