import Templating

/// The plan axes of SDXL and its refiner (the second model): second prompts, the refiner's
/// scheduler, steps, guidance and clip skip, the high-noise fraction, and the size and aesthetic
/// micro-conditioning. One table says, for each, how the reference prints it in a step's banner,
/// in its file name and in the reproducing config; a request carries their words by destination
/// (`GenerationRequest.sdxl`).
package enum SDXLAxes {
    /// How an axis's word is printed.
    enum Kind {
        /// A float as Python prints it.
        case float
        /// An integer.
        case int
        /// A size `WxH` (a single number is square).
        case size
        /// A coordinate `X,Y`, printed `XxY`.
        case coordinate
        /// A URI or prompt, printed as given.
        case text
    }

    struct Axis {
        let dest: String
        let kind: Kind
        /// The banner's label, nil for prompts (printed with the prompts).
        let label: String?
        /// The file name's token, nil when the reference names none.
        let fileToken: String?
        /// The reproducing config's option.
        let option: String
    }

    static func conditioning(_ refiner: Bool) -> [Axis] {
        let infix = refiner ? "refiner_" : "", title = refiner ? "SDXL Refiner" : "SDXL", optionInfix = refiner ? "refiner-" : ""
        return [
            Axis(dest: "sdxl_\(infix)aesthetic_scores", kind: .float, label: "\(title) Aesthetic Score:", fileToken: nil, option: "--sdxl-\(optionInfix)aesthetic-scores"),
            Axis(dest: "sdxl_\(infix)original_sizes", kind: .size, label: "\(title) Original Size:", fileToken: nil, option: "--sdxl-\(optionInfix)original-sizes"),
            Axis(dest: "sdxl_\(infix)target_sizes", kind: .size, label: "\(title) Target Size:", fileToken: nil, option: "--sdxl-\(optionInfix)target-sizes"),
            Axis(dest: "sdxl_\(infix)crops_coords_top_left", kind: .coordinate, label: "\(title) Top Left Crop Coords:", fileToken: nil,
                 option: "--sdxl-\(optionInfix)crops-coords-top-left"),
            Axis(dest: "sdxl_\(infix)negative_aesthetic_scores", kind: .float, label: "\(title) Negative Aesthetic Score:", fileToken: nil,
                 option: "--sdxl-\(optionInfix)negative-aesthetic-scores"),
            Axis(dest: "sdxl_\(infix)negative_original_sizes", kind: .size, label: "\(title) Negative Original Size:", fileToken: nil,
                 option: "--sdxl-\(optionInfix)negative-original-sizes"),
            Axis(dest: "sdxl_\(infix)negative_target_sizes", kind: .size, label: "\(title) Negative Target Size:", fileToken: nil,
                 option: "--sdxl-\(optionInfix)negative-target-sizes"),
            Axis(dest: "sdxl_\(infix)negative_crops_coords_top_left", kind: .coordinate, label: "\(title) Negative Top Left Crop Coords:",
                 fileToken: nil, option: "--sdxl-\(optionInfix)negative-crops-coords-top-left"),
        ]
    }

    static let secondScheduler = Axis(dest: "second_model_scheduler_uri", kind: .text, label: "Second Model Scheduler:", fileToken: nil, option: "--second-model-scheduler")
    static let secondPrompts = Axis(dest: "second_prompts", kind: .text, label: nil, fileToken: nil, option: "--second-prompts")
    static let refinerPrompts = Axis(dest: "second_model_prompts", kind: .text, label: nil, fileToken: nil, option: "--second-model-prompts")
    static let refinerSecondPrompts = Axis(dest: "second_model_second_prompts", kind: .text, label: nil, fileToken: nil, option: "--second-model-second-prompts")
    static let highNoiseFractions = Axis(dest: "sdxl_high_noise_fractions", kind: .float, label: "SDXL High Noise Fraction:", fileToken: "hnf",
                                         option: "--sdxl-high-noise-fractions")
    static let refinerSteps = Axis(dest: "second_model_inference_steps", kind: .int, label: "Second Model Inference Steps:", fileToken: "i2",
                                   option: "--second-model-inference-steps")
    static let refinerGuidance = Axis(dest: "second_model_guidance_scales", kind: .float, label: "Second Model Guidance Scale:", fileToken: "g2",
                                      option: "--second-model-guidance-scales")
    static let refinerGuidanceRescales = Axis(dest: "sdxl_refiner_guidance_rescales", kind: .float, label: "SDXL Refiner Guidance Rescale:",
                                              fileToken: "rgr", option: "--sdxl-refiner-guidance-rescales")

    /// Every axis, by destination.
    static let all: [String: Axis] = {
        let axes = [secondScheduler, secondPrompts, refinerPrompts, refinerSecondPrompts, highNoiseFractions,
                    refinerSteps, refinerGuidance, refinerGuidanceRescales] + conditioning(false) + conditioning(true)
        return Dictionary(uniqueKeysWithValues: axes.map { ($0.dest, $0) })
    }()

    /// The destinations the plan knows besides the axes.
    static let settings: Set<String> = ["sdxl_refiner_uri"]

    /// The reference's banner order (its `describe_pipeline_wrapper_args`): lines before
    /// `FreeU Params:`, after it, and before `PAG Scale:`.
    static let beforeFreeU = ["second_model_inference_steps", "second_model_guidance_scales"]
    static let afterFreeU = ["sdxl_high_noise_fractions", "sdxl_refiner_guidance_rescales"]
    static var beforePag: [String] { conditioning(false).map(\.dest) + conditioning(true).map(\.dest) }

    /// The axes' values of an invocation, by destination (a refiner's high-noise fraction is
    /// 0.8 unless given); an axis not given has none.
    static func values(_ values: [String: [String]]) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for dest in all.keys { if let words = values[dest], !words.isEmpty { result[dest] = words } }
        if values["sdxl_refiner_uri"] != nil && result["sdxl_high_noise_fractions"] == nil { result["sdxl_high_noise_fractions"] = ["0.8"] }
        return result
    }

    /// A word as the reference prints it.
    static func printed(_ word: String, _ kind: Kind) -> String {
        switch kind {
        case .float: return PythonFloat.repr(OptionValueType.float(word) ?? 0)
        case .int: return (OptionValueType.int(word) ?? 0).description
        case .size:
            guard case .success(let size) = OptionValueType.imageSize(word) else { return word }
            return "\(size.width)x\(size.height)"
        case .coordinate:
            let parts = word.split(separator: ",", omittingEmptySubsequences: false).map { OptionValueType.int(String($0)) ?? 0 }
            return parts.map(\.description).joined(separator: "x")
        case .text: return word
        }
    }

    /// The banner lines of `dests` that the request has.
    static func lines(_ dests: [String], _ request: GenerationRequest) -> [String] {
        dests.compactMap { dest in
            guard let axis = all[dest], let label = axis.label, let word = request.sdxl[dest] else { return nil }
            return "\(label) \(printed(word, axis.kind))"
        }
    }

    /// The file name's tokens of `dests` that the request has.
    static func fileTokens(_ dests: [String], _ request: GenerationRequest) -> [String] {
        dests.flatMap { dest -> [String] in
            guard let axis = all[dest], let token = axis.fileToken, let word = request.sdxl[dest] else { return [] }
            return [token, printed(word, axis.kind)]
        }
    }
}
