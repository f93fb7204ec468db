import Foundation

/// diffusers' `DEISMultistepScheduler` (order 2, log-rho): the model's noise prediction, by way
/// of the predicted clean sample, integrated with DEIS's exponential-integrator coefficients;
/// the schedule ends at the training table's smallest sigma, not 0. First order at the first
/// step and (below 15 steps) the last.
public final class DEISMultistepScheduler<Tensor: SchedulerTensor>: DiffusionScheduler {
    public let timesteps: [Double]
    let sigmas: [Double]
    public let initNoiseSigma = 1.0
    let predictionType: String
    var previousOutput: Tensor?

    public init(config: SchedulerConfig, steps: Int) throws(SchedulerError) {
        let table = try NoiseSchedule(config).sigmas
        let (timesteps, sigmas) = try DPMSolverMultistepScheduler<Tensor>.schedule(config, steps: steps, table: table)
        self.timesteps = timesteps
        self.sigmas = sigmas.map { Double(Float($0)) } + [Double(table[0])]
        predictionType = config.predictionType
    }

    public func addNoise(_ original: Tensor, noise: Tensor, step index: Int) -> Tensor {
        let (alpha, sigma) = DPMSolverMultistepScheduler<Tensor>.alphaSigma(sigmas[index])
        return original.scaled(by: alpha) + noise.scaled(by: sigma)
    }

    public func step(modelOutput: Tensor, step index: Int, sample: Tensor, noise: () -> Tensor) -> Tensor {
        let (alphaS0, sigmaS0) = DPMSolverMultistepScheduler<Tensor>.alphaSigma(sigmas[index])
        let (alphaT, sigmaT) = DPMSolverMultistepScheduler<Tensor>.alphaSigma(sigmas[index + 1])
        // the clean sample the model predicts, and the noise it implies
        let original: Tensor = predictionType == "v_prediction"
            ? sample.scaled(by: alphaS0) - modelOutput.scaled(by: sigmaS0)
            : (sample - modelOutput.scaled(by: sigmaS0)).scaled(by: 1 / alphaS0)
        let epsilon = (sample - original.scaled(by: alphaS0)).scaled(by: 1 / sigmaS0)
        defer { previousOutput = epsilon }
        let lastLowOrder = index == timesteps.count - 1 && timesteps.count < 15
        guard let previous = previousOutput, !lastLowOrder else {
            let h = (log(alphaT) - log(sigmaT)) - (log(alphaS0) - log(sigmaS0))
            return sample.scaled(by: alphaT / alphaS0) - epsilon.scaled(by: sigmaT * (exp(h) - 1))
        }
        let (alphaS1, sigmaS1) = DPMSolverMultistepScheduler<Tensor>.alphaSigma(sigmas[index - 1])
        let rhoT = Float(sigmaT / alphaT), rho0 = Float(sigmaS0 / alphaS0), rho1 = Float(sigmaS1 / alphaS1)
        // the integral of the Lagrange basis in log rho (float32, as diffusers computes it)
        func integral(_ t: Float, _ b: Float, _ c: Float) -> Float { t * (-log(c) + log(t) - 1) / (log(b) - log(c)) }
        let c1 = integral(rhoT, rho0, rho1) - integral(rho0, rho0, rho1)
        let c2 = integral(rhoT, rho1, rho0) - integral(rho0, rho1, rho0)
        return (sample.scaled(by: 1 / alphaS0) + epsilon.scaled(by: Double(c1)) + previous.scaled(by: Double(c2))).scaled(by: alphaT)
    }
}
