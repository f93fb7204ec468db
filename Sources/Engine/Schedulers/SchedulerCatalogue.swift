import ConfigLanguage

/// The schedulers by diffusers' class names, built from a model's scheduler configuration and
/// the arguments of dgenerate's scheduler URI (`EulerDiscreteScheduler;use-karras-sigmas=true`).
public enum SchedulerCatalogue {
    /// The schedulers this engine has, in diffusers' names (the core's `SchedulerTable`).
    public static var names: [String] { SchedulerTable.names }

    /// The scheduler `name` for `steps` steps. `arguments` are the URI's `key=value` pairs
    /// (dashes or underscores); each overrides the model's configuration.
    public static func make<Tensor: SchedulerTensor>(
        _ name: String, config: SchedulerConfig, arguments: [String: String] = [:], steps: Int, as _: Tensor.Type = Tensor.self,
        noiseSeed: UInt64 = 0, sigmas: [Double]? = nil
    ) throws(SchedulerError) -> any DiffusionScheduler<Tensor> {
        guard steps >= 1 else { throw SchedulerError("the number of inference steps must be at least 1") }
        guard steps <= config.numTrainTimesteps else {
            throw SchedulerError("\(steps) inference steps are more than the \(config.numTrainTimesteps) the model was trained with")
        }
        var config = config
        let accepted = Set(SchedulerTable.entry(name)?.settings.map(\.name) ?? [])
        for (key, value) in arguments {
            guard accepted.contains(key.replacingOccurrences(of: "_", with: "-")) || SchedulerTable.entry(name) == nil else {
                throw SchedulerError("\(name) has no argument \"\(key)\"")
            }
            let setting = key.replacingOccurrences(of: "-", with: "_")
            let flag = ["true", "1", "yes"].contains(value.lowercased())
            switch setting {
            case "use_karras_sigmas": config.useKarrasSigmas = flag
            case "use_exponential_sigmas": config.useExponentialSigmas = flag
            case "use_beta_sigmas": config.useBetaSigmas = flag
            case "algorithm_type": config.algorithmType = value
            case "timestep_spacing": config.timestepSpacing = value
            case "prediction_type": config.predictionType = value
            case "steps_offset":
                guard let number = Int(value), (0..<config.numTrainTimesteps).contains(number) else {
                    throw SchedulerError("\(name): steps-offset must be an integer from 0 to \(config.numTrainTimesteps - 1), not \"\(value)\"")
                }
                config.stepsOffset = number
            case "clip_sample": config.clipSample = flag
            case "set_alpha_to_one": config.setAlphaToOne = flag
            case "solver_order":
                guard let number = Int(value) else { throw SchedulerError("\(name): solver-order must be an integer, not \"\(value)\"") }
                config.solverOrder = number
            case "noise_sampler_seed":
                guard let number = UInt64(value) else { throw SchedulerError("\(name): noise-sampler-seed must be a non-negative integer, not \"\(value)\"") }
                config.noiseSamplerSeed = number
            default: throw SchedulerError("\(name) has no argument \"\(key)\"")
            }
        }
        guard (0..<config.numTrainTimesteps).contains(config.stepsOffset) else {
            throw SchedulerError("steps_offset \(config.stepsOffset) is outside 0...\(config.numTrainTimesteps - 1)")
        }
        if let sigmas {
            // diffusers' schedulers that take a sigma schedule (EDM Euler's is not built here yet)
            guard name == "EulerDiscreteScheduler" else {
                throw SchedulerError("The current primary model scheduler \"\(name)\" does not support custom sigmas schedules. Please ensure that you are using a supported scheduler.")
            }
            return try EulerDiscreteScheduler<Tensor>(config: config, sigmas: sigmas)
        }
        let scheduler: any DiffusionScheduler<Tensor> = name == "DPMSolverSDEScheduler"
            ? try DPMSolverSDEScheduler<Tensor>(config: config, steps: steps, seed: config.noiseSamplerSeed ?? noiseSeed)
            : try build(name, config: config, steps: steps)
        // a schedule that leaves the training range (too many steps for its offset) is an
        // error here, as indexing past it is in diffusers
        guard !scheduler.timestepsAreTrainingSteps || scheduler.timesteps.allSatisfy({ $0 >= 0 && $0 < Double(config.numTrainTimesteps) }) else {
            throw SchedulerError("\(name) with \(steps) steps reaches timestep \(Int(scheduler.timesteps.max() ?? 0)), past the model's \(config.numTrainTimesteps - 1)")
        }
        return scheduler
    }

    private static func build<Tensor: SchedulerTensor>(_ name: String, config: SchedulerConfig, steps: Int) throws(SchedulerError) -> any DiffusionScheduler<Tensor> {
        switch name {
        case "EulerDiscreteScheduler": return try EulerDiscreteScheduler<Tensor>(config: config, steps: steps)
        case "EulerAncestralDiscreteScheduler": return try EulerAncestralDiscreteScheduler<Tensor>(config: config, steps: steps)
        case "DDIMScheduler": return try DDIMScheduler<Tensor>(config: config, steps: steps)
        case "PNDMScheduler": return try PNDMScheduler<Tensor>(config: config, steps: steps)
        case "DPMSolverMultistepScheduler": return try DPMSolverMultistepScheduler<Tensor>(config: config, steps: steps)
        case "LMSDiscreteScheduler": return try LMSDiscreteScheduler<Tensor>(config: config, steps: steps)
        case "HeunDiscreteScheduler": return try HeunDiscreteScheduler<Tensor>(config: config, steps: steps)
        case "DDPMScheduler": return try DDPMScheduler<Tensor>(config: config, steps: steps)
        case "KDPM2DiscreteScheduler": return try KDPM2DiscreteScheduler<Tensor>(config: config, steps: steps)
        case "KDPM2AncestralDiscreteScheduler": return try KDPM2AncestralDiscreteScheduler<Tensor>(config: config, steps: steps)
        case "LCMScheduler": return try LCMScheduler<Tensor>(config: config, steps: steps)
        case "EDMEulerScheduler": return try EDMEulerScheduler<Tensor>(config: config, steps: steps)
        case "DEISMultistepScheduler": return try DEISMultistepScheduler<Tensor>(config: config, steps: steps)
        case "DPMSolverSinglestepScheduler": return try DPMSolverSinglestepScheduler<Tensor>(config: config, steps: steps)
        case "UniPCMultistepScheduler": return try UniPCMultistepScheduler<Tensor>(config: config, steps: steps)
        default:
            throw SchedulerError("unknown scheduler \"\(name)\"; this engine has \(names.joined(separator: ", "))")
        }
    }
}
