import Foundation

/// The training noise schedule that every scheduler derives its numbers from, and the
/// scheduler settings of a model's `scheduler_config.json` (diffusers' names).
public struct SchedulerConfig: Sendable, Equatable {
    public var numTrainTimesteps = 1000
    public var betaStart = 0.0001
    public var betaEnd = 0.02
    /// `linear` or `scaled_linear`.
    public var betaSchedule = "linear"
    /// `epsilon` or `v_prediction`.
    public var predictionType = "epsilon"
    /// `leading`, `linspace` or `trailing`; each scheduler class has its own default.
    public var timestepSpacing: String? = nil
    public var stepsOffset = 0
    public var setAlphaToOne: Bool? = nil
    public var clipSample: Bool? = nil
    public var clipSampleRange = 1.0
    public var skipPrkSteps: Bool? = nil
    public var useKarrasSigmas = false
    public var useExponentialSigmas = false
    public var useBetaSigmas = false
    /// DPM-Solver's `algorithm_type`: `dpmsolver++`, or `sde-dpmsolver++` (fresh noise each step).
    public var algorithmType = "dpmsolver++"
    public var solverOrder = 2
    /// DPM++ SDE's Brownian tree seed (`noise-sampler-seed`); nil: the generation's seed.
    public var noiseSamplerSeed: UInt64? = nil

    public init() {}

    /// The settings of a `scheduler_config.json` object; unknown keys are ignored, as
    /// diffusers ignores them.
    public init(json: [String: Any]) {
        func double(_ key: String) -> Double? { (json[key] as? NSNumber)?.doubleValue }
        func bool(_ key: String) -> Bool? { (json[key] as? NSNumber)?.boolValue }
        if let value = json["num_train_timesteps"] as? NSNumber { numTrainTimesteps = value.intValue }
        betaStart = double("beta_start") ?? betaStart
        betaEnd = double("beta_end") ?? betaEnd
        betaSchedule = json["beta_schedule"] as? String ?? betaSchedule
        predictionType = json["prediction_type"] as? String ?? predictionType
        timestepSpacing = json["timestep_spacing"] as? String
        if let value = json["steps_offset"] as? NSNumber { stepsOffset = value.intValue }
        setAlphaToOne = bool("set_alpha_to_one")
        clipSample = bool("clip_sample")
        clipSampleRange = double("clip_sample_range") ?? clipSampleRange
        skipPrkSteps = bool("skip_prk_steps")
        useKarrasSigmas = bool("use_karras_sigmas") ?? false
        useExponentialSigmas = bool("use_exponential_sigmas") ?? false
        useBetaSigmas = bool("use_beta_sigmas") ?? false
        if let value = json["algorithm_type"] as? String { algorithmType = value }
        if let value = json["solver_order"] as? NSNumber { solverOrder = value.intValue }
    }
}

/// Betas, alphas and their cumulative products, in float32 as diffusers keeps them.
struct NoiseSchedule {
    let alphasCumprod: [Float]

    init(_ config: SchedulerConfig) throws(SchedulerError) {
        let count = config.numTrainTimesteps
        guard (2...100_000).contains(count) else {
            throw SchedulerError("num_train_timesteps must be from 2 to 100000, not \(count)")
        }
        var betas: [Float]
        switch config.betaSchedule {
        case "linear":
            betas = Self.linspace(Float(config.betaStart), Float(config.betaEnd), count)
        case "scaled_linear":
            betas = Self.linspace(Float(config.betaStart.squareRoot()), Float(config.betaEnd.squareRoot()), count).map { $0 * $0 }
        default:
            throw SchedulerError("beta_schedule \"\(config.betaSchedule)\" is not supported (linear or scaled_linear)")
        }
        // torch's CPU cumprod multiplies in double and rounds each result to float32
        var product: Double = 1
        alphasCumprod = betas.map { beta in
            product *= Double(1 - beta)
            return Float(product)
        }
    }

    /// `torch.linspace(start, end, count, dtype=float32)`: from both ends towards the middle.
    static func linspace(_ start: Float, _ end: Float, _ count: Int) -> [Float] {
        guard count > 1 else { return [start] }
        let step = (end - start) / Float(count - 1)
        let half = count / 2
        return (0..<count).map { index in
            index < half ? start + step * Float(index) : end - step * Float(count - index - 1)
        }
    }

    /// The value DDIM and PNDM step to past timestep 0: 1 with `set_alpha_to_one` (their
    /// default), else the first cumulative product.
    func finalAlphaProduct(_ config: SchedulerConfig) -> Double {
        (config.setAlphaToOne ?? true) ? 1 : Double(alphasCumprod[0])
    }

    /// The cumulative alpha products at `timestep` and at `previous` (the final value when
    /// `previous` is below 0).
    static func alphaProducts(_ table: [Float], _ timestep: Int, _ previous: Int, final: Double) -> (current: Double, previous: Double) {
        (Double(table[timestep]), previous >= 0 ? Double(table[previous]) : final)
    }

    /// `((1 - alphas_cumprod) / alphas_cumprod) ** 0.5`, in float32.
    var sigmas: [Float] { alphasCumprod.map { ((1 - $0) / $0).squareRoot() } }

    /// `np.interp(x, arange(len(table)), table)`.
    static func interpolate(_ x: Double, _ table: [Float]) -> Double {
        if x <= 0 { return Double(table[0]) }
        if x >= Double(table.count - 1) { return Double(table[table.count - 1]) }
        let low = Int(x.rounded(.down))
        let fraction = x - Double(low)
        return Double(table[low]) + (Double(table[low + 1]) - Double(table[low])) * fraction
    }

    /// diffusers' `_sigma_to_t`: the (fractional) timestep whose sigma is `sigma`, interpolated in
    /// log space.
    static func timestep(forSigma sigma: Double, logSigmas: [Double]) -> Double {
        let logSigma = log(max(sigma, 1e-10))
        // the last index whose log sigma is at most this one
        var low = 0
        for (index, value) in logSigmas.enumerated() where logSigma - value >= 0 { low = index }
        low = min(low, logSigmas.count - 2)
        let lowValue = logSigmas[low], highValue = logSigmas[low + 1]
        let weight = min(max((lowValue - logSigma) / (lowValue - highValue), 0), 1)
        return (1 - weight) * Double(low) + weight * Double(low + 1)
    }

    /// Karras et al.'s sigmas from `maximum` down to `minimum` (rho 7).
    static func karras(minimum: Double, maximum: Double, count: Int) -> [Double] {
        let rho = 7.0
        let minInverse = pow(minimum, 1 / rho), maxInverse = pow(maximum, 1 / rho)
        return (0..<count).map { index in
            let ramp = count > 1 ? Double(index) / Double(count - 1) : 0
            return pow(maxInverse + ramp * (minInverse - maxInverse), rho)
        }
    }

    /// The sigma schedule of the k-diffusion schedulers (Euler, Heun, LMS, KDPM2): timesteps by
    /// the spacing rule (`linspace` unless configured), their sigmas interpolated in the training
    /// table, or Karras, exponential or beta sigmas between the schedule's ends with the timesteps
    /// that have them (rounded where the scheduler rounds them).
    /// `float32Timesteps`: the spaced timesteps are float32 before their sigmas are looked up (as
    /// Euler's are); `roundingTimesteps`: the timesteps of Karras-style sigmas are rounded (KDPM2).
    static func discreteSigmas(_ config: SchedulerConfig, steps: Int, table: [Float], float32Timesteps: Bool = false,
                               roundingTimesteps: Bool = false) throws(SchedulerError) -> (timesteps: [Double], sigmas: [Double], spacing: String) {
        let spacing = config.timestepSpacing ?? "linspace"
        var timesteps = try spacedTimesteps(config, steps: steps, defaultSpacing: spacing)
        if float32Timesteps { timesteps = timesteps.map { Double(Float($0)) } }
        var sigmas = timesteps.map { interpolate($0, table) }
        if config.useKarrasSigmas || config.useExponentialSigmas || config.useBetaSigmas {
            let logSigmas = table.map { Double(log($0)) }
            let (low, high) = (sigmas.last ?? 0, sigmas.first ?? 0)
            sigmas = config.useKarrasSigmas ? karras(minimum: low, maximum: high, count: steps)
                : config.useExponentialSigmas ? exponential(minimum: low, maximum: high, count: steps)
                : beta(minimum: low, maximum: high, count: steps)
            timesteps = sigmas.map { sigma in
                let timestep = timestep(forSigma: sigma, logSigmas: logSigmas)
                return roundingTimesteps ? timestep.rounded(.toNearestOrEven) : float32Timesteps ? Double(Float(timestep)) : timestep
            }
        }
        return (timesteps, sigmas, spacing)
    }

    /// The initial noise scale of a k-diffusion schedule: its largest sigma, or (with `leading`
    /// spacing) sqrt(sigma^2 + 1), in float32.
    static func initNoiseSigma(maxSigma: Double, spacing: String) -> Double {
        spacing == "linspace" || spacing == "trailing" ? maxSigma : Double(Float((maxSigma * maxSigma + 1).squareRoot()))
    }

    /// The clean sample a k-diffusion model's output predicts at `sigma`.
    /// The predicted clean sample from a model output at cumulative alpha `alpha` (the
    /// alpha-parameterised schedulers: DDIM, DDPM, LCM).
    static func predictedOriginal<Tensor: SchedulerTensor>(_ modelOutput: Tensor, _ sample: Tensor, alpha: Double, predictionType: String) -> Tensor {
        let beta = 1 - alpha
        if predictionType == "v_prediction" {
            return sample.scaled(by: alpha.squareRoot()) - modelOutput.scaled(by: beta.squareRoot())
        }
        return (sample - modelOutput.scaled(by: beta.squareRoot())).scaled(by: 1 / alpha.squareRoot())
    }

    static func predictedOriginal<Tensor: SchedulerTensor>(_ modelOutput: Tensor, _ sample: Tensor, sigma: Double, predictionType: String) -> Tensor {
        if predictionType == "v_prediction" {
            return modelOutput.scaled(by: -sigma / (sigma * sigma + 1).squareRoot()) + sample.scaled(by: 1 / (sigma * sigma + 1))
        }
        return sample - modelOutput.scaled(by: sigma)
    }

    /// Sigmas evenly spaced in log space from `maximum` down to `minimum`.
    static func exponential(minimum: Double, maximum: Double, count: Int) -> [Double] {
        let high = log(maximum), low = log(minimum)
        return (0..<count).map { index in
            exp(count > 1 ? high + (low - high) * Double(index) / Double(count - 1) : high)
        }
    }

    /// Sigmas from `maximum` down to `minimum` at the quantiles of a Beta(0.6, 0.6) distribution
    /// (more steps at both ends), as diffusers places them.
    static func beta(minimum: Double, maximum: Double, count: Int, alpha: Double = 0.6, beta: Double = 0.6) -> [Double] {
        (0..<count).map { index in
            let probability = 1 - (count > 1 ? Double(index) / Double(count - 1) : 0)
            return minimum + BetaDistribution.quantile(probability, alpha, beta) * (maximum - minimum)
        }
    }

    /// The training timesteps a run of `steps` steps visits, largest first, by the spacing
    /// rule (`leading`, `linspace`, `trailing`), before any offset or rounding the caller adds.
    /// The spaced timesteps of `config`'s spacing (`defaultSpacing` where it names none); only
    /// "leading" adds the steps offset.
    static func spacedTimesteps(_ config: SchedulerConfig, steps: Int, defaultSpacing: String) throws(SchedulerError) -> [Double] {
        let spacing = config.timestepSpacing ?? defaultSpacing
        return try spacedTimesteps(spacing, steps: steps, trainSteps: config.numTrainTimesteps, offset: spacing == "leading" ? config.stepsOffset : 0)
    }

    static func spacedTimesteps(_ spacing: String, steps: Int, trainSteps: Int, offset: Int) throws(SchedulerError) -> [Double] {
        switch spacing {
        case "leading":
            let ratio = trainSteps / steps
            return (0..<steps).reversed().map { Double($0 * ratio + offset) }
        case "linspace":
            return (0..<steps).reversed().map { steps > 1 ? Double(trainSteps - 1) * Double($0) / Double(steps - 1) : 0 }
        case "trailing":
            let ratio = Double(trainSteps) / Double(steps)
            // np.arange(trainSteps, 0, -ratio): start + k * step while above 0
            var values: [Double] = []
            var k = 0
            while Double(trainSteps) - Double(k) * ratio > 0 {
                values.append((Double(trainSteps) - Double(k) * ratio).rounded(.toNearestOrEven) - 1)
                k += 1
            }
            return values
        default:
            throw SchedulerError("timestep_spacing \"\(spacing)\" is not supported (leading, linspace or trailing)")
        }
    }
}

/// A scheduler that cannot be built from its configuration.
public struct SchedulerError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The Beta distribution's regularized incomplete beta function and its inverse, to double
/// precision: the continued fraction of the incomplete beta, inverted by bisection.
enum BetaDistribution {
    /// I_x(a, b), the probability that a Beta(a, b) value is at most `x`.
    static func cumulative(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logNormalizer: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let front = exp(logNormalizer + logPowers)
        // the continued fraction converges quickly below the mean; use the symmetry above it
        if x < (a + 1) / (a + b + 2) { return front * continuedFraction(x, a, b) / a }
        return 1 - front * continuedFraction(1 - x, b, a) / b
    }

    /// Lentz's evaluation of the incomplete beta's continued fraction.
    static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...500 {
            let m = Double(m), m2 = 2 * m
            var term = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + term * d; if abs(d) < tiny { d = tiny }
            c = 1 + term / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            term = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + term * d; if abs(d) < tiny { d = tiny }
            c = 1 + term / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let change = d * c
            result *= change
            if abs(change - 1) < 1e-16 { break }
        }
        return result
    }

    /// The `p` quantile of Beta(a, b).
    static func quantile(_ p: Double, _ a: Double, _ b: Double) -> Double {
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        var low = 0.0, high = 1.0
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if middle == low || middle == high { break }
            if cumulative(middle, a, b) < p { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }
}
