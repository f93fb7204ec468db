import Foundation

/// diffusers' `UniPCMultistepScheduler` as configured by default (order 2, predicting the clean
/// sample, B(h) = e^h - 1): each evaluation first corrects the sample the last step predicted
/// (UniC), then predicts the next one (UniP); first order at the first and last steps.
public final class UniPCMultistepScheduler<Tensor: SchedulerTensor>: DiffusionScheduler {
    public let timesteps: [Double]
    let sigmas: [Double]
    public let initNoiseSigma = 1.0
    let predictionType: String
    /// The last two predictions of the clean sample, the sample the last step started from, and
    /// the order it used.
    var predictions: [Tensor] = []
    var lastSample: Tensor?
    var lastOrder = 1

    public init(config: SchedulerConfig, steps: Int) throws(SchedulerError) {
        let table = try NoiseSchedule(config).sigmas
        let (timesteps, sigmas) = try DPMSolverMultistepScheduler<Tensor>.schedule(config, steps: steps, table: table)
        self.timesteps = timesteps
        self.sigmas = (sigmas + [0]).map { Double(Float($0)) }
        predictionType = config.predictionType
        guard config.solverOrder == 2 else {
            throw SchedulerError("UniPCMultistepScheduler of order \(config.solverOrder) is not supported (2)")
        }
    }

    public func addNoise(_ original: Tensor, noise: Tensor, step index: Int) -> Tensor {
        let (alpha, sigma) = DPMSolverMultistepScheduler<Tensor>.alphaSigma(sigmas[index])
        return original.scaled(by: alpha) + noise.scaled(by: sigma)
    }

    func alphaSigma(_ index: Int) -> (alpha: Double, sigma: Double) { DPMSolverMultistepScheduler<Tensor>.alphaSigma(sigmas[index]) }

    func lambda(_ index: Int) -> Double {
        let (alpha, sigma) = alphaSigma(index)
        return log(alpha) - log(sigma)
    }

    /// UniC: the step from sample `index - 1` to `index` again, with this evaluation's
    /// prediction.
    func corrected(_ sample: Tensor, index: Int, prediction: Tensor) -> Tensor {
        guard let lastSample, let previous = predictions.last else { return sample }
        let (alphaT, sigmaT) = alphaSigma(index), sigmaS = alphaSigma(index - 1).sigma
        let h = lambda(index) - lambda(index - 1), hh = -h
        let phi1 = expm1(hh), bh = expm1(hh)
        let base = lastSample.scaled(by: sigmaT / sigmaS) - previous.scaled(by: alphaT * phi1)
        let change = prediction - previous
        guard lastOrder == 2, predictions.count == 2 else {
            return base - change.scaled(by: alphaT * bh * 0.5)
        }
        let rk = (lambda(index - 2) - lambda(index - 1)) / h
        let d1 = (predictions[0] - previous).scaled(by: 1 / rk)
        // solve [[1, 1], [rk, 1]] rho = [b1, b2] in float32, as diffusers does
        let k1 = phi1 / hh - 1, k2 = k1 / hh - 0.5
        let b1 = Float(k1 * 1 / bh), b2 = Float(k2 * 2 / bh)
        let determinant = Float(1) - Float(rk)
        let rho0 = (b1 - b2) / determinant, rho1 = (b2 - Float(rk) * b1) / determinant
        return base - (d1.scaled(by: Double(rho0)) + change.scaled(by: Double(rho1))).scaled(by: alphaT * bh)
    }

    public func step(modelOutput: Tensor, step index: Int, sample: Tensor, noise: () -> Tensor) -> Tensor {
        let (alphaS, sigmaS) = alphaSigma(index)
        let prediction: Tensor = predictionType == "v_prediction"
            ? sample.scaled(by: alphaS) - modelOutput.scaled(by: sigmaS)
            : (sample - modelOutput.scaled(by: sigmaS)).scaled(by: 1 / alphaS)
        let current = index > 0 ? corrected(sample, index: index, prediction: prediction) : sample
        predictions = Array((predictions + [prediction]).suffix(2))
        // the order of this step: 2 once there are two predictions, 1 at the last step
        let order = min(2, predictions.count, timesteps.count - index)
        lastSample = current
        lastOrder = order
        // UniP
        let (alphaT, sigmaT) = alphaSigma(index + 1)
        let h = lambda(index + 1) - lambda(index), hh = -h
        let phi1 = expm1(hh), bh = expm1(hh)
        let predicted = current.scaled(by: sigmaT / sigmaS) - prediction.scaled(by: alphaT * phi1)
        guard order == 2, predictions.count == 2 else { return predicted }
        let rk = (lambda(index - 1) - lambda(index)) / h
        let d1 = (predictions[0] - prediction).scaled(by: 1 / rk)
        return predicted - d1.scaled(by: alphaT * bh * 0.5)
    }
}
