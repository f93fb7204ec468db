import Foundation

/// diffusers' `EDMEulerScheduler` (Karras et al.'s EDM): its own Karras sigmas from 80 down to
/// 0.002 (the model's betas are not used), the model seeing `ln(sigma) / 4` as its timestep and
/// EDM's preconditioning, with Euler steps.
public final class EDMEulerScheduler<Tensor: SchedulerTensor>: DiffusionScheduler {
    public let timesteps: [Double]
    let sigmas: [Double]
    public let initNoiseSigma: Double
    public var timestepsAreTrainingSteps: Bool { false }
    let predictionType: String
    static var sigmaMinimum: Double { 0.002 }
    static var sigmaMaximum: Double { 80 }
    static var sigmaData: Double { 0.5 }

    public init(config: SchedulerConfig, steps: Int) throws(SchedulerError) {
        let schedule = NoiseSchedule.karras(minimum: Self.sigmaMinimum, maximum: Self.sigmaMaximum, count: steps).map { Double(Float($0)) }
        sigmas = schedule + [0]
        timesteps = schedule.map { Double(Float(0.25 * log($0))) }
        initNoiseSigma = (Self.sigmaMaximum * Self.sigmaMaximum + 1).squareRoot()
        predictionType = config.predictionType
    }

    public func scaleModelInput(_ sample: Tensor, step index: Int) -> Tensor {
        let sigma = sigmas[index]
        return sample.scaled(by: 1 / (sigma * sigma + Self.sigmaData * Self.sigmaData).squareRoot())
    }

    public func addNoise(_ original: Tensor, noise: Tensor, step index: Int) -> Tensor {
        original + noise.scaled(by: sigmas[index])
    }

    public func step(modelOutput: Tensor, step index: Int, sample: Tensor, noise: () -> Tensor) -> Tensor {
        let sigma = sigmas[index], next = sigmas[index + 1], data = Self.sigmaData
        let skip = data * data / (sigma * sigma + data * data)
        let out = predictionType == "v_prediction"
            ? -sigma * data / (sigma * sigma + data * data).squareRoot()
            : sigma * data / (sigma * sigma + data * data).squareRoot()
        let original = sample.scaled(by: skip) + modelOutput.scaled(by: out)
        let derivative = (sample - original).scaled(by: 1 / sigma)
        return sample + derivative.scaled(by: next - sigma)
    }
}
