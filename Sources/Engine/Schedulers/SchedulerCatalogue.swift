/// The schedulers by diffusers' class names, built from a model's scheduler configuration and
/// the arguments of dgenerate's scheduler URI (`EulerDiscreteScheduler;use-karras-sigmas=true`).
public enum SchedulerCatalogue {
    /// The schedulers this engine has, in diffusers' names.
    public static let names = [
        "DDIMScheduler", "DPMSolverMultistepScheduler", "EulerAncestralDiscreteScheduler", "EulerDiscreteScheduler",
        "PNDMScheduler",
    ]

    /// The scheduler `name` for `steps` steps. `arguments` are the URI's `key=value` pairs
    /// (dashes or underscores); each overrides the model's configuration.
    public static func make<Tensor: SchedulerTensor>(
        _ name: String, config: SchedulerConfig, arguments: [String: String] = [:], steps: Int, as _: Tensor.Type = Tensor.self
    ) throws(SchedulerError) -> any DiffusionScheduler<Tensor> {
        guard steps >= 1 else { throw SchedulerError("the number of inference steps must be at least 1") }
        var config = config
        for (key, value) in arguments {
            let setting = key.replacingOccurrences(of: "-", with: "_")
            let flag = ["true", "1", "yes"].contains(value.lowercased())
            switch setting {
            case "use_karras_sigmas": config.useKarrasSigmas = flag
            case "timestep_spacing": config.timestepSpacing = value
            case "prediction_type": config.predictionType = value
            case "steps_offset":
                guard let number = Int(value) else { throw SchedulerError("\(name): steps-offset must be an integer, not \"\(value)\"") }
                config.stepsOffset = number
            case "clip_sample": config.clipSample = flag
            case "set_alpha_to_one": config.setAlphaToOne = flag
            case "solver_order":
                guard let number = Int(value) else { throw SchedulerError("\(name): solver-order must be an integer, not \"\(value)\"") }
                config.solverOrder = number
            default: throw SchedulerError("\(name) has no argument \"\(key)\"")
            }
        }
        switch name {
        case "EulerDiscreteScheduler": return try EulerDiscreteScheduler<Tensor>(config: config, steps: steps)
        case "EulerAncestralDiscreteScheduler": return try EulerAncestralDiscreteScheduler<Tensor>(config: config, steps: steps)
        case "DDIMScheduler": return try DDIMScheduler<Tensor>(config: config, steps: steps)
        case "PNDMScheduler": return try PNDMScheduler<Tensor>(config: config, steps: steps)
        case "DPMSolverMultistepScheduler": return try DPMSolverMultistepScheduler<Tensor>(config: config, steps: steps)
        default:
            throw SchedulerError("unknown scheduler \"\(name)\"; this engine has \(names.joined(separator: ", "))")
        }
    }
}
