import Foundation

/// diffusers' `LMSDiscreteScheduler`: a linear multistep method on the sigma schedule over the
/// last four derivatives, each weighted by the integral of its Lagrange basis polynomial between
/// this sigma and the next (sigmas kept in double precision, as diffusers keeps them).
public final class LMSDiscreteScheduler<Tensor: SchedulerTensor>: SigmaScheduler {
    public let timesteps: [Double]
    /// One more than the timesteps: the last is 0.
    public let sigmas: [Double]
    public let initNoiseSigma: Double
    let predictionType: String
    /// How many derivatives the method combines (diffusers' `order` argument of `step`).
    let history = 4
    var derivatives: [Tensor] = []

    public init(config: SchedulerConfig, steps: Int) throws(SchedulerError) {
        let (timesteps, sigmas, spacing) = try NoiseSchedule.discreteSigmas(config, steps: steps, table: NoiseSchedule(config).sigmas)
        self.sigmas = sigmas + [0]
        self.timesteps = timesteps.map { Double(Float($0)) }
        let maxSigma = self.sigmas.max() ?? 0
        // LMS keeps its sigmas, and this scale, in double precision
        initNoiseSigma = spacing == "linspace" || spacing == "trailing" ? maxSigma : (maxSigma * maxSigma + 1).squareRoot()
        predictionType = config.predictionType
    }

    /// The integral from sigma `index` to the next of the Lagrange basis polynomial of the
    /// derivative `current` steps back, over the last `order` sigmas (Gauss-Legendre, exact for
    /// these polynomials of degree three at most).
    func coefficient(order: Int, index: Int, current: Int) -> Double {
        func basis(_ tau: Double) -> Double {
            var product = 1.0
            for k in 0..<order where k != current {
                product *= (tau - sigmas[index - k]) / (sigmas[index - current] - sigmas[index - k])
            }
            return product
        }
        let a = sigmas[index], b = sigmas[index + 1]
        let nodes = [(-0.8611363115940526, 0.3478548451374538), (-0.3399810435848563, 0.6521451548625461),
                     (0.3399810435848563, 0.6521451548625461), (0.8611363115940526, 0.3478548451374538)]
        let half = (b - a) / 2, middle = (a + b) / 2
        return nodes.reduce(0.0) { $0 + $1.1 * basis(middle + half * $1.0) } * half
    }

    func sigma(at index: Int) -> Double { sigmas[index] }

    public func step(modelOutput: Tensor, step index: Int, sample: Tensor, noise: () -> Tensor) -> Tensor {
        let sigma = sigmas[index]
        let original = NoiseSchedule.predictedOriginal(modelOutput, sample, sigma: sigma, predictionType: predictionType)
        derivatives.append((sample - original).scaled(by: 1 / sigma))
        if derivatives.count > history { derivatives.removeFirst() }
        let currentOrder = min(index + 1, history)
        var result = sample
        for (current, derivative) in derivatives.reversed().prefix(currentOrder).enumerated() {
            result = result + derivative.scaled(by: coefficient(order: currentOrder, index: index, current: current))
        }
        return result
    }
}
