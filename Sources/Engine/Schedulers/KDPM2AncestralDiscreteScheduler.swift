import Foundation

/// diffusers' `KDPM2AncestralDiscreteScheduler`: DPM-Solver-2 to the ancestral step's lower
/// sigma, then fresh noise up to the next sigma; two model evaluations a step (the last step is
/// a plain Euler step to 0). Its numbers are float32, as diffusers computes them.
public final class KDPM2AncestralDiscreteScheduler<Tensor: SchedulerTensor>: SigmaScheduler {
    public let timesteps: [Double]
    /// The steps' sigmas (the last 0), the midpoints, and the ancestral step's down and up sigmas.
    let base: [Double]
    let midpoints: [Double]
    let down: [Double]
    let up: [Double]
    public let initNoiseSigma: Double
    public var order: Int { 2 }
    let predictionType: String
    var firstSample: Tensor?

    public init(config: SchedulerConfig, steps: Int) throws(SchedulerError) {
        let schedule = try NoiseSchedule(config)
        let table = schedule.sigmas
        let logSigmas = table.map { Double(log($0)) }
        let spacing = config.timestepSpacing ?? "linspace"
        let times = try NoiseSchedule.spacedTimesteps(config, steps: steps, defaultSpacing: spacing)
        let s = (times.map { Float(NoiseSchedule.interpolate($0, table)) } + [0])
        var ups: [Float] = [], downs: [Float] = [], mids: [Float] = []
        for index in 0..<(s.count - 1) {
            let sigma = s[index], next = s[index + 1]
            let upValue = (next * next * (sigma * sigma - next * next) / (sigma * sigma)).squareRoot()
            let downValue = (next * next - upValue * upValue).squareRoot()
            ups.append(upValue)
            downs.append(downValue)
            // exp(lerp(ln sigma, ln down, 0.5)), as torch's lerp computes it at one half
            let logDown = log(downValue), logSigma = log(sigma)
            mids.append(downValue > 0 ? exp(logDown - 0.5 * (logDown - logSigma)) : 0)
        }
        base = s.map(Double.init)
        midpoints = mids.map(Double.init)
        down = downs.map(Double.init)
        up = ups.map(Double.init)
        let whole = times.map { Double(Float($0)) }
        let betweens = mids.dropLast().map { Double(Float(NoiseSchedule.timestep(forSigma: Double($0), logSigmas: logSigmas))) }
        timesteps = zip(whole.dropLast(), betweens).flatMap { [$0.0, $0.1] } + [whole[whole.count - 1]]
        initNoiseSigma = NoiseSchedule.initNoiseSigma(maxSigma: Double(s.max() ?? 0), spacing: spacing)
        predictionType = config.predictionType
    }

    /// The sigma the model sees at evaluation `index`: a step's own, or its midpoint.
    func sigma(at index: Int) -> Double { index % 2 == 0 ? base[index / 2] : midpoints[index / 2] }

    func prediction(_ modelOutput: Tensor, _ sample: Tensor, sigma: Double) -> Tensor {
        NoiseSchedule.predictedOriginal(modelOutput, sample, sigma: sigma, predictionType: predictionType)
    }

    public func step(modelOutput: Tensor, step index: Int, sample: Tensor, noise: () -> Tensor) -> Tensor {
        let stepIndex = index / 2, sigma = base[stepIndex]
        if index % 2 == 1, let firstSample {
            let midpoint = midpoints[stepIndex]
            let derivative = (sample - prediction(modelOutput, sample, sigma: midpoint)).scaled(by: 1 / midpoint)
            self.firstSample = nil
            let moved = firstSample + derivative.scaled(by: down[stepIndex] - sigma)
            return moved + noise().scaled(by: up[stepIndex])
        }
        let derivative = (sample - prediction(modelOutput, sample, sigma: sigma)).scaled(by: 1 / sigma)
        // the last step goes straight to zero
        guard index < timesteps.count - 1 else { return sample + derivative.scaled(by: 0 - sigma) }
        firstSample = sample
        return sample + derivative.scaled(by: midpoints[stepIndex] - sigma)
    }
}
