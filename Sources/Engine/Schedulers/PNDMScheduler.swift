/// diffusers' `PNDMScheduler` in its PLMS form (`skip_prk_steps`, as Stable Diffusion
/// configures it): a linear multistep method over the last four model outputs.
public final class PNDMScheduler<Tensor: SchedulerTensor>: DiffusionScheduler {
    public let timesteps: [Double]
    public let initNoiseSigma = 1.0
    let alphasCumprod: [Float]
    let finalAlphaCumprod: Double
    let stride: Int
    let predictionType: String
    /// Earlier model outputs (at most four), and the sample the first step started from.
    var outputs: [Tensor] = []
    var firstSample: Tensor? = nil
    var counter = 0

    public init(config: SchedulerConfig, steps: Int) throws(SchedulerError) {
        guard config.skipPrkSteps ?? false else {
            throw SchedulerError("PNDMScheduler with Runge-Kutta warm-up steps (skip_prk_steps false) is not supported")
        }
        let schedule = try NoiseSchedule(config)
        alphasCumprod = schedule.alphasCumprod
        // ascending, then the second to last repeated: the first PLMS step runs twice
        let ascending = try NoiseSchedule.spacedTimesteps(config, steps: steps, defaultSpacing: "leading")
            .reversed().map { $0.rounded(.toNearestOrEven) }
        // (numpy's [-2:-1] is empty for a single step)
        let secondToLast = ascending.count >= 2 ? [ascending[ascending.count - 2]] : []
        let plms = Array(ascending.dropLast()) + secondToLast + Array(ascending.suffix(1))
        timesteps = plms.reversed()
        finalAlphaCumprod = schedule.finalAlphaProduct(config)
        stride = config.numTrainTimesteps / steps
        predictionType = config.predictionType
    }

    public func addNoise(_ original: Tensor, noise: Tensor, step index: Int) -> Tensor {
        noisedByAlphas(original, noise: noise, timestep: timesteps[index], alphasCumprod)
    }

    public func step(modelOutput: Tensor, step index: Int, sample: Tensor, noise: () -> Tensor) -> Tensor {
        var timestep = Int(timesteps[index])
        var previous = timestep - stride
        if counter != 1 {
            outputs = Array(outputs.suffix(3)) + [modelOutput]
        } else {
            previous = timestep
            timestep += stride
        }
        var output = modelOutput, current = sample
        if outputs.count == 1 && counter == 0 {
            firstSample = sample
        } else if outputs.count == 1 && counter == 1 {
            output = (modelOutput + outputs[0]).scaled(by: 0.5)
            current = firstSample ?? sample
            firstSample = nil
        } else if outputs.count == 2 {
            output = (outputs[1].scaled(by: 3) - outputs[0]).scaled(by: 0.5)
        } else if outputs.count == 3 {
            output = (outputs[2].scaled(by: 23) - outputs[1].scaled(by: 16) + outputs[0].scaled(by: 5)).scaled(by: 1.0 / 12)
        } else {
            let sum = outputs[3].scaled(by: 55) - outputs[2].scaled(by: 59) + outputs[1].scaled(by: 37) - outputs[0].scaled(by: 9)
            output = sum.scaled(by: 1.0 / 24)
        }
        counter += 1
        return previousSample(current, timestep, previous, output)
    }

    func previousSample(_ sample: Tensor, _ timestep: Int, _ previous: Int, _ modelOutput: Tensor) -> Tensor {
        let (alpha, alphaPrevious) = NoiseSchedule.alphaProducts(alphasCumprod, timestep, previous, final: finalAlphaCumprod)
        let beta = 1 - alpha, betaPrevious = 1 - alphaPrevious
        var output = modelOutput
        if predictionType == "v_prediction" {
            output = modelOutput.scaled(by: alpha.squareRoot()) + sample.scaled(by: beta.squareRoot())
        }
        let sampleCoefficient = (alphaPrevious / alpha).squareRoot()
        let denominator = alpha * betaPrevious.squareRoot() + (alpha * beta * alphaPrevious).squareRoot()
        return sample.scaled(by: sampleCoefficient) - output.scaled(by: (alphaPrevious - alpha) / denominator)
    }
}
