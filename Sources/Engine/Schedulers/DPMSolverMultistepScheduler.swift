import Foundation

/// diffusers' `DPMSolverMultistepScheduler` as configured by default: DPM-Solver++ of order 2
/// (midpoint), first order at the first and last step; optionally Karras sigmas, and the SDE
/// variant (`algorithm-type=sde-dpmsolver++`, DPM++ 2M SDE), which adds fresh noise each step.
public final class DPMSolverMultistepScheduler<Tensor: SchedulerTensor>: DiffusionScheduler {
    public let timesteps: [Double]
    public let sigmas: [Double]
    public let initNoiseSigma = 1.0
    let predictionType: String
    let solverOrder: Int
    let stochastic: Bool
    let firstIndex: Int
    /// The previous step's predicted clean sample.
    var previousPrediction: Tensor? = nil
    var lowerOrderCount = 0

    public init(config: SchedulerConfig, steps: Int) throws(SchedulerError) {
        let table = try NoiseSchedule(config).sigmas
        let (timesteps, sigmas) = try Self.schedule(config, steps: steps, table: table)
        self.sigmas = (sigmas + [0]).map { Double(Float($0)) }
        self.timesteps = timesteps
        predictionType = config.predictionType
        solverOrder = config.solverOrder
        guard ["dpmsolver++", "sde-dpmsolver++"].contains(config.algorithmType) else {
            throw SchedulerError("DPMSolverMultistepScheduler algorithm_type \"\(config.algorithmType)\" is not supported (dpmsolver++ or sde-dpmsolver++)")
        }
        stochastic = config.algorithmType == "sde-dpmsolver++"
        firstIndex = timesteps.filter { $0 == timesteps.first }.count > 1 ? 1 : 0
        // diffusers starts at the second of two equal first timesteps, and then runs out of
        // sigmas at the last step
        guard firstIndex == 0 else {
            throw SchedulerError("\(steps) steps repeat the first timestep of this schedule; use fewer steps")
        }
        guard solverOrder == 1 || solverOrder == 2 else {
            throw SchedulerError("DPMSolverMultistepScheduler of order \(solverOrder) is not supported (1 or 2)")
        }
    }

    /// The timesteps and sigmas of the DPM-Solver family (DEIS and UniPC share them): its own
    /// "leading" rule (the training steps divided by one more than the steps), optionally Karras
    /// sigmas over the whole training table with their timesteps rounded.
    static func schedule(_ config: SchedulerConfig, steps: Int, table: [Float]) throws(SchedulerError) -> (timesteps: [Double], sigmas: [Double]) {
        let train = config.numTrainTimesteps
        let spacing = config.timestepSpacing ?? "linspace"
        var timesteps: [Double]
        switch spacing {
        case "leading":
            let ratio = train / (steps + 1)
            timesteps = (0...steps).reversed().dropLast().map { Double($0 * ratio + config.stepsOffset) }
        case "linspace":
            timesteps = (0...steps).reversed().dropLast().map { (Double(train - 1) * Double($0) / Double(steps)).rounded(.toNearestOrEven) }
        default:
            timesteps = try NoiseSchedule.spacedTimesteps(spacing, steps: steps, trainSteps: train, offset: 0)
        }
        var sigmas: [Double]
        if config.useKarrasSigmas {
            let logSigmas = table.map { Double(log($0)) }
            sigmas = NoiseSchedule.karras(minimum: Double(table[0]), maximum: Double(table[table.count - 1]), count: steps)
            timesteps = sigmas.map { NoiseSchedule.timestep(forSigma: $0, logSigmas: logSigmas).rounded(.toNearestOrEven) }
        } else {
            sigmas = timesteps.map { NoiseSchedule.interpolate($0, table) }
        }
        return (timesteps, sigmas)
    }

    /// alpha_t and sigma_t of a sigma (variance-preserving).
    static func alphaSigma(_ sigma: Double) -> (alpha: Double, sigma: Double) {
        let alpha = 1 / (sigma * sigma + 1).squareRoot()
        return (alpha, sigma * alpha)
    }

    public func addNoise(_ original: Tensor, noise: Tensor, step index: Int) -> Tensor {
        let (alpha, sigma) = Self.alphaSigma(sigmas[index + firstIndex])
        return original.scaled(by: alpha) + noise.scaled(by: sigma)
    }

    public func step(modelOutput: Tensor, step index: Int, sample: Tensor, noise: () -> Tensor) -> Tensor {
        let position = index + firstIndex
        let (alphaS0, sigmaS0) = Self.alphaSigma(sigmas[position])
        // the model's prediction of the clean sample
        let prediction: Tensor = predictionType == "v_prediction"
            ? sample.scaled(by: alphaS0) - modelOutput.scaled(by: sigmaS0)
            : (sample - modelOutput.scaled(by: sigmaS0)).scaled(by: 1 / alphaS0)
        // the last step is always first order here (its final sigma is 0)
        let lowerOrderFinal = position == timesteps.count - 1
        let (alphaT, sigmaT) = Self.alphaSigma(sigmas[position + 1])
        let lambdaT = log(alphaT) - log(sigmaT), lambdaS0 = log(alphaS0) - log(sigmaS0)
        let h = lambdaT - lambdaS0
        let result: Tensor
        let firstOrder = solverOrder == 1 || lowerOrderCount < 1 || lowerOrderFinal || previousPrediction == nil
        if stochastic {
            // the SDE update draws its noise on every step, first or second order
            let fresh = noise()
            let decay = exp(-h), spread = alphaT * (1 - exp(-2 * h))
            var x = sample.scaled(by: sigmaT / sigmaS0 * decay) + prediction.scaled(by: spread)
            if !firstOrder, let previousPrediction {
                let (alphaS1, sigmaS1) = Self.alphaSigma(sigmas[position - 1])
                let r0 = (lambdaS0 - (log(alphaS1) - log(sigmaS1))) / h
                x = x + (prediction - previousPrediction).scaled(by: 1 / r0).scaled(by: 0.5 * spread)
            }
            result = x + fresh.scaled(by: sigmaT * (1 - exp(-2 * h)).squareRoot())
        } else if firstOrder {
            result = sample.scaled(by: sigmaT / sigmaS0) - prediction.scaled(by: alphaT * (exp(-h) - 1))
        } else {
            let (alphaS1, sigmaS1) = Self.alphaSigma(sigmas[position - 1])
            let lambdaS1 = log(alphaS1) - log(sigmaS1)
            let r0 = (lambdaS0 - lambdaS1) / h
            let d1 = (prediction - previousPrediction!).scaled(by: 1 / r0)
            result = sample.scaled(by: sigmaT / sigmaS0) - prediction.scaled(by: alphaT * (exp(-h) - 1))
                - d1.scaled(by: 0.5 * alphaT * (exp(-h) - 1))
        }
        previousPrediction = prediction
        if lowerOrderCount < solverOrder { lowerOrderCount += 1 }
        return result
    }
}
