import Foundation

/// diffusers' `HeunDiscreteScheduler`: Heun's method on the sigma schedule, two model
/// evaluations a step (every sigma but the first and last visited twice: an Euler step, then
/// its correction with the mean of the two derivatives).
public final class HeunDiscreteScheduler<Tensor: SchedulerTensor>: SigmaScheduler {
    public let timesteps: [Double]
    public let sigmas: [Double]
    public let initNoiseSigma: Double
    public var order: Int { 2 }
    let predictionType: String
    /// The first half of a step: its derivative, its sigma difference and its sample.
    var firstHalf: (derivative: Tensor, dt: Double, sample: Tensor)?

    public init(config: SchedulerConfig, steps: Int) throws(SchedulerError) {
        let (timesteps, sigmas, spacing) = try NoiseSchedule.discreteSigmas(config, steps: steps, table: NoiseSchedule(config).sigmas)
        let all = (sigmas + [0]).map { Double(Float($0)) }
        // [s0, s1, s1, s2, s2, ..., 0]
        self.sigmas = [all[0]] + all.dropFirst().dropLast().flatMap { [$0, $0] } + [all[all.count - 1]]
        let times = timesteps.map { Double(Float($0)) }
        self.timesteps = [times[0]] + times.dropFirst().flatMap { [$0, $0] }
        initNoiseSigma = NoiseSchedule.initNoiseSigma(maxSigma: all.max() ?? 0, spacing: spacing)
        predictionType = config.predictionType
    }

    func sigma(at index: Int) -> Double { sigmas[index] }

    public func step(modelOutput: Tensor, step index: Int, sample: Tensor, noise: () -> Tensor) -> Tensor {
        let firstOrder = firstHalf == nil
        let sigma = firstOrder ? sigmas[index] : sigmas[index - 1]
        let next = firstOrder ? sigmas[index + 1] : sigmas[index]
        let inputSigma = firstOrder ? sigma : next
        let original = NoiseSchedule.predictedOriginal(modelOutput, sample, sigma: inputSigma, predictionType: predictionType)
        if let firstHalf {
            let derivative = (firstHalf.derivative + (sample - original).scaled(by: 1 / next)).scaled(by: 0.5)
            self.firstHalf = nil
            return firstHalf.sample + derivative.scaled(by: firstHalf.dt)
        }
        let derivative = (sample - original).scaled(by: 1 / sigma)
        let dt = next - sigma
        firstHalf = (derivative, dt, sample)
        return sample + derivative.scaled(by: dt)
    }
}
