import Foundation

/// diffusers' `KDPM2DiscreteScheduler` (DPM-Solver-2): each step evaluates the model twice, at
/// its sigma and at the geometric mean of its sigma and the next (an interpolated timestep), and
/// moves with the second derivative.
public final class KDPM2DiscreteScheduler<Tensor: SchedulerTensor>: DiffusionScheduler {
    public let timesteps: [Double]
    /// [s0, s1, s1, ..., s(n-1), s(n-1), 0, 0, 0], float32 as diffusers keeps them.
    let sigmas: [Double]
    /// The interpolated sigmas in the same layout (the first is not a number in diffusers and
    /// never read).
    let interpolated: [Double]
    public let initNoiseSigma: Double
    public var order: Int { 2 }
    let predictionType: String
    var firstSample: Tensor?

    public init(config: SchedulerConfig, steps: Int) throws(SchedulerError) {
        let table = try NoiseSchedule(config).sigmas
        let logSigmas = table.map { Double(log($0)) }
        let (times, base, spacing) = try NoiseSchedule.discreteSigmas(config, steps: steps, table: table, roundingTimesteps: true)
        let s = (base + [0]).map { Double(Float($0)) }
        // the geometric mean of each sigma and the one before it (the last: 0)
        let means = s.indices.map { index -> Double in
            index == 0 ? .nan : index == s.count - 1 ? 0 : Double(Float((s[index] * s[index - 1]).squareRoot()))
        }
        func repeated(_ values: [Double]) -> [Double] { [values[0]] + values.dropFirst().flatMap { [$0, $0] } + [values[values.count - 1]] }
        sigmas = repeated(s)
        interpolated = repeated(means)
        let betweens = means.dropFirst().dropLast().map { Double(Float(NoiseSchedule.timestep(forSigma: $0, logSigmas: logSigmas))) }
        let whole = times.map { Double(Float($0)) }
        timesteps = [whole[0]] + zip(betweens, whole.dropFirst()).flatMap { [$0.0, $0.1] }
        initNoiseSigma = NoiseSchedule.initNoiseSigma(maxSigma: s.max() ?? 0, spacing: spacing)
        predictionType = config.predictionType
    }

    public func scaleModelInput(_ sample: Tensor, step index: Int) -> Tensor {
        let sigma = firstSample == nil ? sigmas[index] : interpolated[index]
        return sample.scaled(by: 1 / (sigma * sigma + 1).squareRoot())
    }

    public func addNoise(_ original: Tensor, noise: Tensor, step index: Int) -> Tensor {
        original + noise.scaled(by: sigmas[index])
    }

    public func step(modelOutput: Tensor, step index: Int, sample: Tensor, noise: () -> Tensor) -> Tensor {
        let firstOrder = firstSample == nil
        let sigma = firstOrder ? sigmas[index] : sigmas[index - 1]
        let between = firstOrder ? interpolated[index + 1] : interpolated[index]
        let next = firstOrder ? sigmas[index + 1] : sigmas[index]
        let inputSigma = firstOrder ? sigma : between
        let original = NoiseSchedule.predictedOriginal(modelOutput, sample, sigma: inputSigma, predictionType: predictionType)
        if let firstSample {
            let derivative = (sample - original).scaled(by: 1 / between)
            self.firstSample = nil
            return firstSample + derivative.scaled(by: next - sigma)
        }
        let derivative = (sample - original).scaled(by: 1 / sigma)
        firstSample = sample
        return sample + derivative.scaled(by: between - sigma)
    }
}
