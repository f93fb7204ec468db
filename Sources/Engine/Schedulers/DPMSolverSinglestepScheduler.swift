import Foundation

/// diffusers' `DPMSolverSinglestepScheduler` (DPM-Solver++ of order 2, single-step): steps in
/// pairs, a first-order step from an anchor, then a second-order step from the same anchor with
/// both predictions (orders 1, 2, 1, 2, ..., ending in first order). Its timesteps are evenly
/// spaced over the whole training range whatever the spacing setting.
public final class DPMSolverSinglestepScheduler<Tensor: SchedulerTensor>: DiffusionScheduler {
    public let timesteps: [Double]
    let sigmas: [Double]
    public let initNoiseSigma = 1.0
    let predictionType: String
    /// The solver order of each step.
    let orders: [Int]
    var predictions: [Tensor] = []
    var anchor: Tensor?

    public init(config: SchedulerConfig, steps: Int) throws(SchedulerError) {
        let table = try NoiseSchedule(config).sigmas
        let last = Double(config.numTrainTimesteps - 1)
        // numpy's linspace: index times (stop / steps), the last exactly the stop
        let stride = last / Double(steps)
        timesteps = (0...steps).reversed().dropLast().map { ($0 == steps ? last : Double($0) * stride).rounded(.toNearestOrEven) }
        sigmas = (timesteps.map { NoiseSchedule.interpolate($0, table) } + [0]).map { Double(Float($0)) }
        predictionType = config.predictionType
        guard config.solverOrder == 2 else {
            throw SchedulerError("DPMSolverSinglestepScheduler of order \(config.solverOrder) is not supported (2)")
        }
        // lower order at the end, and the last step always first order (its sigma is 0)
        let pairs = steps % 2 == 0 ? steps / 2 - 1 : steps / 2
        var orders = (0..<max(pairs, 0)).flatMap { _ in [1, 2] } + (steps % 2 == 0 ? [1, 1] : [1])
        orders[orders.count - 1] = 1
        self.orders = Array(orders.prefix(steps))
    }

    public func addNoise(_ original: Tensor, noise: Tensor, step index: Int) -> Tensor {
        let (alpha, sigma) = DPMSolverMultistepScheduler<Tensor>.alphaSigma(sigmas[index])
        return original.scaled(by: alpha) + noise.scaled(by: sigma)
    }

    static func lambda(_ sigma: Double) -> Double {
        let (alpha, sigmaT) = DPMSolverMultistepScheduler<Tensor>.alphaSigma(sigma)
        return log(alpha) - log(sigmaT)
    }

    public func step(modelOutput: Tensor, step index: Int, sample: Tensor, noise: () -> Tensor) -> Tensor {
        let (alphaS0, sigmaS0) = DPMSolverMultistepScheduler<Tensor>.alphaSigma(sigmas[index])
        let prediction: Tensor = predictionType == "v_prediction"
            ? sample.scaled(by: alphaS0) - modelOutput.scaled(by: sigmaS0)
            : (sample - modelOutput.scaled(by: sigmaS0)).scaled(by: 1 / alphaS0)
        predictions = Array((predictions + [prediction]).suffix(2))
        let order = index < orders.count ? orders[index] : 1
        if order == 1 { anchor = sample }
        let (alphaT, sigmaT) = DPMSolverMultistepScheduler<Tensor>.alphaSigma(sigmas[index + 1])
        let lambdaT = Self.lambda(sigmas[index + 1])
        guard order == 2, index >= 1, predictions.count == 2, let anchor else {
            let h = lambdaT - Self.lambda(sigmas[index])
            return sample.scaled(by: sigmaT / sigmaS0) - prediction.scaled(by: alphaT * (exp(-h) - 1))
        }
        // from the anchor, one sigma back, with both predictions (midpoint)
        let sigmaS1 = DPMSolverMultistepScheduler<Tensor>.alphaSigma(sigmas[index - 1]).sigma
        let lambdaS1 = Self.lambda(sigmas[index - 1])
        let h = lambdaT - lambdaS1, r0 = (Self.lambda(sigmas[index]) - lambdaS1) / h
        let d0 = predictions[0], d1 = (predictions[1] - predictions[0]).scaled(by: 1 / r0)
        return anchor.scaled(by: sigmaT / sigmaS1) - d0.scaled(by: alphaT * (exp(-h) - 1)) - d1.scaled(by: 0.5 * alphaT * (exp(-h) - 1))
    }
}
