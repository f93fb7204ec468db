/// What a scheduler's step needs of a tensor: sums, differences, scaling by a number and
/// clamping. The engine's tensors conform, and so do plain arrays (tests).
public protocol SchedulerTensor {
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    /// Every element times `factor` (computed in the tensor's own precision).
    func scaled(by factor: Double) -> Self
    /// Every element clamped to `lower...upper`.
    func clamped(_ lower: Double, _ upper: Double) -> Self
    /// Every element divided by `divisor` (computed in the tensor's own precision).
    func divided(by divisor: Double) -> Self
    /// Standard normal numbers of this tensor's shape, as `torch.randn` draws them from a
    /// generator seeded with `seed` (DPM++ SDE's Brownian tree).
    func normal(seed: UInt64) -> Self
}

/// A scheduler: the timesteps of a denoising loop and how each step moves the sample, as
/// diffusers' scheduler of the same name computes them.
public protocol DiffusionScheduler<Tensor>: AnyObject {
    associatedtype Tensor: SchedulerTensor
    /// The model's timestep at each step, in order.
    var timesteps: [Double] { get }
    /// The factor the initial noise is multiplied by.
    var initNoiseSigma: Double { get }
    /// Model evaluations a step takes (2 for Heun's method); diffusers' `order`.
    var order: Int { get }
    /// Whether the timesteps are the training schedule's (EDM's are `ln(sigma) / 4`).
    var timestepsAreTrainingSteps: Bool { get }
    /// The sample as the model should see it at step `index`.
    func scaleModelInput(_ sample: Tensor, step index: Int) -> Tensor
    /// The sample after step `index`, from the model's output; `noise` draws fresh noise of the
    /// sample's shape (only ancestral schedulers call it).
    func step(modelOutput: Tensor, step index: Int, sample: Tensor, noise: () -> Tensor) -> Tensor
    /// A clean sample noised to the level of step `index` (diffusers' `add_noise`), which
    /// img2img starts from and inpainting blends with.
    func addNoise(_ original: Tensor, noise: Tensor, step index: Int) -> Tensor
}

extension DiffusionScheduler {
    public func scaleModelInput(_ sample: Tensor, step index: Int) -> Tensor { sample }
    public var order: Int { 1 }
    public var timestepsAreTrainingSteps: Bool { true }
}

/// `add_noise` of the schedulers that work on the training timesteps (DDIM, PNDM): the
/// square roots of the cumulative alpha product at the step's timestep, in float32 as diffusers
/// takes them.
func noisedByAlphas<Tensor: SchedulerTensor>(_ original: Tensor, noise: Tensor, timestep: Double, _ alphasCumprod: [Float]) -> Tensor {
    let alpha = alphasCumprod[min(max(Int(timestep), 0), alphasCumprod.count - 1)]
    return original.scaled(by: Double(alpha.squareRoot())) + noise.scaled(by: Double((1 - alpha).squareRoot()))
}

/// A scheduler on a sigma schedule (the k-diffusion family): the model sees the sample scaled by
/// 1 / sqrt(sigma^2 + 1), and noising adds the noise times sigma.
protocol SigmaScheduler: DiffusionScheduler {
    /// The sigma of evaluation `index`.
    func sigma(at index: Int) -> Double
}

extension SigmaScheduler {
    public func scaleModelInput(_ sample: Tensor, step index: Int) -> Tensor {
        let sigma = sigma(at: index)
        return sample.scaled(by: 1 / (sigma * sigma + 1).squareRoot())
    }

    public func addNoise(_ original: Tensor, noise: Tensor, step index: Int) -> Tensor {
        original + noise.scaled(by: sigma(at: index))
    }
}
