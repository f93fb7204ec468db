import Foundation

/// diffusers' `DPMSolverSDEScheduler` (k-diffusion's DPM++ SDE): each step evaluates the model at
/// its sigma and at the midpoint in log-sigma, and moves ancestrally with noise from a Brownian
/// tree (torchsde's, seeded by `noise-sampler-seed`), so that the noise of a step does not depend
/// on the number of steps. The per-step numbers are float32, as diffusers computes them on
/// 0-dimensional tensors.
public final class DPMSolverSDEScheduler<Tensor: SchedulerTensor>: DiffusionScheduler {
    public let timesteps: [Double]
    /// [s0, s1, s1, ..., s(n-1), s(n-1), 0], float32.
    let sigmas: [Float]
    public let initNoiseSigma: Double
    public var order: Int { 2 }
    let predictionType: String
    let seed: UInt64
    /// The first stage's sample and midpoint sigma, while the second evaluation is due.
    var firstSample: Tensor?
    var midpointSigma: Float = 0
    var noiseSampler: BrownianInterval<Tensor>?

    /// `seed`: the Brownian tree's entropy (dgenerate's `noise-sampler-seed`).
    public init(config: SchedulerConfig, steps: Int, seed: UInt64) throws(SchedulerError) {
        let table = try NoiseSchedule(config).sigmas
        let logSigmas = table.map { Double(log($0)) }
        let (times, base, spacing) = try NoiseSchedule.discreteSigmas(config, steps: steps, table: table)
        // the midpoint (in log sigma) between each sigma and the next, as a timestep
        let middles = zip(base, base.dropFirst()).map { pair -> Double in
            let (t, next) = (-log(pair.0), -log(pair.1))
            return NoiseSchedule.timestep(forSigma: exp(-(t + (next - t) * 0.5)), logSigmas: logSigmas)
        }
        let s = (base + [0]).map { Float($0) }
        sigmas = [s[0]] + s.dropFirst().dropLast().flatMap { [$0, $0] } + [s[s.count - 1]]
        let whole = times.map { Double(Float($0)) }
        timesteps = [whole[0]] + zip(middles, whole.dropFirst()).flatMap { [Double(Float($0.0)), $0.1] }
        initNoiseSigma = NoiseSchedule.initNoiseSigma(maxSigma: Double(s.max() ?? 0), spacing: spacing)
        predictionType = config.predictionType
        self.seed = seed
    }

    public func scaleModelInput(_ sample: Tensor, step index: Int) -> Tensor {
        let sigma = firstSample == nil ? sigmas[index] : midpointSigma
        return sample.divided(by: Double((sigma * sigma + 1).squareRoot()))
    }

    public func addNoise(_ original: Tensor, noise: Tensor, step index: Int) -> Tensor {
        original + noise.scaled(by: Double(sigmas[index]))
    }

    public func step(modelOutput: Tensor, step index: Int, sample: Tensor, noise: () -> Tensor) -> Tensor {
        let sampler: BrownianInterval<Tensor>
        if let existing = noiseSampler {
            sampler = existing
        } else {
            let positive = sigmas.filter { $0 > 0 }
            sampler = BrownianInterval(t0: Double(positive.min() ?? 0), t1: Double(sigmas.max() ?? 0), entropy: seed, like: sample)
            noiseSampler = sampler
        }
        let firstOrder = firstSample == nil
        let sigma = firstOrder ? sigmas[index] : sigmas[index - 1]
        let next = firstOrder ? sigmas[index + 1] : sigmas[index]
        func sigmaOf(_ t: Float) -> Float { exp(-t) }
        func timeOf(_ sigma: Float) -> Float { -log(sigma) }
        let t = timeOf(sigma)
        var tNext = timeOf(next)
        let proposed = t + (tNext - t) * 0.5
        let inputSigma = firstOrder ? sigma : sigmaOf(proposed)
        let original: Tensor
        if predictionType == "v_prediction" {
            let squared = inputSigma * inputSigma + 1
            original = modelOutput.scaled(by: Double(-inputSigma / squared.squareRoot())) + sample.divided(by: Double(squared))
        } else {
            original = sample - modelOutput.scaled(by: Double(inputSigma))
        }
        if next == 0 {
            return sample + (sample - original).divided(by: Double(sigma)).scaled(by: Double(next - sigma))
        }
        var start = sample
        if firstOrder { tNext = proposed } else if let firstSample { start = firstSample }
        let from = sigmaOf(t), to = sigmaOf(tNext)
        let up = min(to, (to * to * (from * from - to * to) / (from * from)).squareRoot())
        let down = (to * to - up * up).squareRoot()
        let ancestral = timeOf(down)
        var moved = start.scaled(by: Double(sigmaOf(ancestral) / sigmaOf(t))) - original.scaled(by: Double(expm1(t - ancestral)))
        moved = moved + Self.brownianNoise(sampler, from: from, to: to).scaled(by: Double(up))
        if firstOrder {
            firstSample = start
            midpointSigma = to
        } else {
            firstSample = nil
        }
        return moved
    }

    /// diffusers' `BrownianTreeNoiseSampler(sigma, sigma_next)`: the tree's increment between
    /// the two, signed by their order, over the square root of their distance.
    static func brownianNoise(_ sampler: BrownianInterval<Tensor>, from sigma: Float, to next: Float) -> Tensor {
        let (low, high) = sigma < next ? (sigma, next) : (next, sigma)
        var increment = sampler.increment(Double(low), Double(high))
        if sigma > next { increment = increment.scaled(by: -1) }
        return increment.divided(by: Double(abs(next - sigma).squareRoot()))
    }
}
