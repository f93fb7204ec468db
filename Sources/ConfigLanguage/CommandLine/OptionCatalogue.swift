/// The command line's options as one table (`table`, generated), with lookups.
public enum OptionCatalogue {
    /// Every option of the command line, in the order `--help` lists them.
    public static let options: [CommandOption] = table.split(separator: "\n").map { line in
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        func optional(_ index: Int) -> String? { fields[index].isEmpty ? nil : fields[index] }
        return CommandOption(
            dest: fields[0], names: fields[1].isEmpty ? [] : fields[1].split(separator: ",").map(String.init),
            action: CommandOption.Action(rawValue: fields[2])!, arity: CommandOption.Arity(name: fields[3])!,
            metavar: optional(4), defaultValue: fields[5], valueType: optional(6).map { OptionValueType(caseName: $0)! },
            choices: optional(7).map { $0.split(separator: "|").map(String.init) }, required: fields[8] == "1",
            exclusiveGroup: optional(9).flatMap { Int($0) }, help: fields[10])
    }

    /// The option each option string names (`-ifs` and `--inference-steps` both).
    public static let byName: [String: CommandOption] = {
        var table: [String: CommandOption] = [:]
        for option in options { for name in option.names { table[name] = option } }
        return table
    }()

    /// The mutually exclusive groups: the options of each, in order.
    public static let exclusiveGroups: [[CommandOption]] = {
        let count = (options.compactMap(\.exclusiveGroup).max() ?? -1) + 1
        var groups = [[CommandOption]](repeating: [], count: count)
        for option in options { if let group = option.exclusiveGroup { groups[group].append(option) } }
        return groups
    }()

    /// The options an invocation multiplies into generation steps, by destination, outermost
    /// first: every combination of their values is one step, the last varying fastest (the
    /// reference's `itertools.product` order). `RenderPlan` plans over exactly these.
    public static let planAxes: [String] = [
        "prompts", "scheduler_uri", "second_model_scheduler_uri", "second_prompts", "second_model_prompts", "second_model_second_prompts",
        "seeds", "clip_skips", "image_seed_strengths", "guidance_scales", "freeu_params", "pag_scales",
        "pag_adaptive_scales", "guidance_rescales", "sigmas", "inference_steps", "sdxl_high_noise_fractions", "second_model_inference_steps",
        "second_model_guidance_scales", "sdxl_refiner_guidance_rescales",
    ] + SDXLAxes.conditioning(false).map(\.dest) + SDXLAxes.conditioning(true).map(\.dest) + ["inpaint_crop_paddings", "inpaint_crop_feathers"]

    /// The option whose attribute is `dest` (the first, where two share it).
    public static func option(dest: String) -> CommandOption? { options.first { $0.dest == dest } }
}
