import BigInt
import Foundation
import Templating

/// The generation steps a command line asks for, worked out without loading anything: every
/// combination of the multi-valued options in the reference's order, each step's description
/// (the banner the reference prints before it) and the files it writes.
public struct RenderPlan: Sendable {
    /// One generation step.
    public struct Step: Sendable, Equatable {
        /// 1-based.
        public var number: Int
        /// The lines under `Generation Step: N / TOTAL` (`Seed: 1`, `Prompt: "a cat"`...).
        public var description: [String]
        /// The files the step writes, relative to the working directory (images, then their
        /// configuration files when `--output-configs` is given).
        public var files: [String]
        /// The values the step runs with, by parameter (`seed`, `guidance_scale`...), as text.
        public var parameters: [String: String]
        /// The config script that reproduces each image (in the order of the image files), made
        /// when `--output-configs` or `--output-metadata` asks for it; empty otherwise.
        public var configs: [String] = []
    }

    public var steps: [Step]
    /// How many generation steps the reference counts (its `Beginning N generation steps`).
    public var count: Int { steps.count }

    /// Why a command line has no plan.
    public struct Failure: Error, Equatable, Sendable {
        public var message: String
        public init(_ message: String) { self.message = message }
    }

    /// Options the plan knows; any other option given makes the plan fail, naming it.
    static let plannedDestinations: Set<String> = [
        "model_path", "prompts", "seeds", "seeds_to_images", "guidance_scales", "inference_steps", "output_size",
        "output_path", "output_prefix", "output_overwrite", "output_configs", "batch_size", "batch_grid_size",
        "image_format", "scheduler_uri", "clip_skips", "guidance_rescales", "device", "dtype", "offline_mode",
        "verbose", "model_type", "pag", "pag_scales", "pag_adaptive_scales", "freeu_params", "sigmas", "no_aspect",
        "auth_token", "revision", "variant", "subfolder", "output_metadata",
    ]

    /// Plans `parsed` (a successful parse of a command line). `existingFile` says whether a
    /// path (relative to the working directory) exists, for the `_duplicate_N` names.
    /// Without `--seeds`, a plan fails unless `randomSeeds` lets it draw seeds as the reference
    /// does (one, or `--gen-seeds N`).
    public static func make(_ parsed: CommandLineParser.Parsed, parser: CommandLineParser, columns: Int,
                            randomSeeds: Bool = false,
                            existingFile: (String) -> Bool = { _ in false }) throws(Failure) -> RenderPlan {
        var values: [String: [String]] = [:]
        var given: [String: CommandOption] = [:]
        for (index, words) in parsed.values {
            let option = parser.options[index]
            values[option.dest] = words
            given[option.dest] = option
        }
        if let problem = ConfigurationCheck.problem(values, fileExists: existingFile) { throw Failure(problem) }
        let modelType = PythonSplitting.strip(values["model_type"]?.first ?? "sd").lowercased()
        if modelType != "sd" {
            throw Failure("--model-type \(modelType) is not supported by this build yet (only sd)")
        }
        for dest in given.keys.sorted() where !plannedDestinations.contains(dest) {
            throw Failure("\(given[dest]!.displayName) is not supported for --model-type \(modelType) by this build yet")
        }
        func floats(_ dest: String) -> [String]? {
            values[dest].map { $0.map { PythonFloat.repr(OptionValueType.float($0) ?? 0) } }
        }
        func integers(_ dest: String) -> [String]? {
            values[dest].map { $0.map { OptionValueType.int($0).map { "\($0)" } ?? $0 } }
        }

        let prompts = (values["prompts"] ?? [""]).map(PlanPrompt.init)
        let seeds: [String]
        if given["seeds"]?.names.contains("--seeds") == true, let fixed = integers("seeds") {
            seeds = fixed
        } else if randomSeeds {
            // one seed, or --gen-seeds N, from 0 to 99999999999999 as the reference draws them
            let count = given["seeds"]?.names.contains("--gen-seeds") == true ? (values["seeds"]?.first.flatMap { Int($0) } ?? 1) : 1
            seeds = (0..<max(count, 0)).map { _ in String(Int.random(in: 0...99_999_999_999_999)) }
        } else {
            throw Failure("a plan needs --seeds (without them the seed is random)")
        }
        let guidanceScales = floats("guidance_scales") ?? ["5.0"]
        let inferenceSteps = integers("inference_steps") ?? ["30"]
        let schedulers = values["scheduler_uri"] ?? [""]
        let clipSkips = integers("clip_skips") ?? [""]
        let guidanceRescales = floats("guidance_rescales") ?? [""]
        var pagScales = floats("pag_scales") ?? [""]
        var pagAdaptiveScales = floats("pag_adaptive_scales") ?? [""]
        // the reference's check gives --pag alone its default scales
        if values["pag"] != nil && values["pag_scales"] == nil && values["pag_adaptive_scales"] == nil {
            (pagScales, pagAdaptiveScales) = (["3.0"], ["0.0"])
        }
        let freeu = values["freeu_params"] ?? [""]
        let sigmas = values["sigmas"] ?? [""]

        let outputPath = values["output_path"]?.first ?? "output"
        let prefix = values["output_prefix"]?.first
        let imageFormat = (values["image_format"]?.first ?? "png").lowercased()
        let batchSize = Int(values["batch_size"]?.first.flatMap { OptionValueType.int($0) }.map { "\($0)" } ?? "1") ?? 1
        let grid = values["batch_grid_size"] != nil
        let overwrite = values["output_overwrite"] != nil
        let configs = values["output_configs"] != nil
        let reproduce = configs || values["output_metadata"] != nil

        var steps: [Step] = []
        var taken: Set<String> = []
        // itertools.product over the reference's argument order: the last varies fastest
        for prompt in prompts {
            for scheduler in schedulers {
                for seed in seeds {
                    for clipSkip in clipSkips {
                        for guidance in guidanceScales {
                            for freeuParams in freeu {
                                for pagScale in pagScales {
                                    for pagAdaptive in pagAdaptiveScales {
                                        for rescale in guidanceRescales {
                                            for sigma in sigmas {
                                                for steps_ in inferenceSteps {
                                                    var parameters: [String: String] = ["seed": seed, "guidance_scale": guidance,
                                                                                        "inference_steps": steps_, "prompt": prompt.positive]
                                                    if let negative = prompt.negative { parameters["negative_prompt"] = negative }
                                                    if !scheduler.isEmpty { parameters["scheduler"] = scheduler }
                                                    if !clipSkip.isEmpty { parameters["clip_skip"] = clipSkip }
                                                    if !rescale.isEmpty { parameters["guidance_rescale"] = rescale }
                                                    if !pagScale.isEmpty { parameters["pag_scale"] = pagScale }
                                                    if !pagAdaptive.isEmpty { parameters["pag_adaptive_scale"] = pagAdaptive }
                                                    if !freeuParams.isEmpty { parameters["freeu_params"] = freeuParams }
                                                    if !sigma.isEmpty { parameters["sigmas"] = sigma }
                                                    let number = steps.count + 1
                                                    var description: [String] = []
                                                    if !scheduler.isEmpty { description.append("Scheduler: \(scheduler)") }
                                                    description.append("Seed: \(seed)")
                                                    if !clipSkip.isEmpty { description.append("Clip Skip: \(clipSkip)") }
                                                    if !freeuParams.isEmpty { description.append("FreeU Params: \(Self.freeuText(freeuParams))") }
                                                    if !pagScale.isEmpty { description.append("PAG Scale: \(pagScale)") }
                                                    if !pagAdaptive.isEmpty { description.append("PAG Adaptive Scale: \(pagAdaptive)") }
                                                    description.append("Guidance Scale: \(guidance)")
                                                    if !sigma.isEmpty { description.append("Sigmas: \(Self.sigmasText(sigma))") }
                                                    if !rescale.isEmpty { description.append("Guidance Rescale: \(rescale)") }
                                                    description.append("Inference Steps: \(steps_)")
                                                    description += prompt.describe(columns: columns)

                                                    var components: [String] = []
                                                    if !scheduler.isEmpty {
                                                        components.append(PythonSplitting.strip(String(scheduler.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0])))
                                                    }
                                                    components += ["s", seed, "g", guidance]
                                                    if !rescale.isEmpty { components += ["gr", rescale] }
                                                    if !pagScale.isEmpty { components += ["ps", pagScale] }
                                                    if !pagAdaptive.isEmpty { components += ["pas", pagAdaptive] }
                                                    components += ["i", steps_]
                                                    if !clipSkip.isEmpty { components += ["cs", clipSkip] }
                                                    components += ["step", "\(number)"]

                                                    var files: [String] = []
                                                    let images = batchSize > 1 && !grid ? (1...batchSize).map { components + ["image", "\($0)"] } : [components]
                                                    var reproducing: [String] = []
                                                    for (index, image) in images.enumerated() {
                                                        if reproduce {
                                                            let comment = images.count > 1 ? "Image \(index + 1) from a batch of \(images.count)" : nil
                                                            reproducing.append(ReproducingConfig.text(values: values, parameters: parameters, comment: comment))
                                                        }
                                                        var names = [Self.fileName(image, prefix: prefix, extension: imageFormat, outputPath: outputPath)]
                                                        if configs { names.append(Self.fileName(image, prefix: prefix, extension: "dgen", outputPath: outputPath)) }
                                                        if !overwrite {
                                                            names = Self.avoidingDuplicates(names) { taken.contains($0) || existingFile($0) }
                                                        }
                                                        taken.formUnion(names)
                                                        files += names
                                                    }
                                                    steps.append(Step(number: number, description: description, files: files,
                                                                      parameters: parameters, configs: reproducing))
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return RenderPlan(steps: steps)
    }

    /// `PREFIX_` + the components joined by `_` (dots made dashes) + `.EXT`, under the output path.
    static func fileName(_ components: [String], prefix: String?, extension ext: String, outputPath: String) -> String {
        let name = (prefix.map { $0 + "_" } ?? "") + components.map { $0.replacingOccurrences(of: ".", with: "-") }.joined(separator: "_")
            + "." + String(ext.drop { $0 == "." })
        return PythonPath.normpath(outputPath.isEmpty ? name : PosixPath.join(outputPath, name))
    }

    /// The names with `_duplicate_N` before their extensions (the same N for all), for the first
    /// N that makes none of them taken.
    static func avoidingDuplicates(_ names: [String], taken: (String) -> Bool) -> [String] {
        if !names.contains(where: taken) { return names }
        var attempt = 1
        while true {
            let candidates = names.map { name -> String in
                let (root, ext) = PythonPath.splitext(name)
                return "\(root)_duplicate_\(attempt)\(ext)"
            }
            if !candidates.contains(where: taken) { return candidates }
            attempt += 1
        }
    }

    /// A comma-separated list of numbers, each as Python prints the float.
    static func printedFloats(_ text: String) -> [String] {
        text.split(separator: ",", omittingEmptySubsequences: false).map { PythonFloat.repr(OptionValueType.float(String($0)) ?? 0) }
    }

    static func freeuText(_ text: String) -> String {
        let values = printedFloats(text)
        guard values.count == 4 else { return text }
        return "s1=\(values[0]), s2=\(values[1]), b1=\(values[2]), b2=\(values[3])"
    }

    static func sigmasText(_ text: String) -> String {
        if text.hasPrefix("expr:") { return PythonSplitting.strip(String(text.dropFirst(5))) }
        return "[" + printedFloats(text).joined(separator: ", ") + "]"
    }
}

/// A prompt as the reference splits it: positive and negative at the first `;`, both stripped.
struct PlanPrompt: Sendable {
    var positive: String
    var negative: String?

    init(_ text: String) {
        if let separator = text.firstIndex(of: ";") {
            positive = PythonSplitting.strip(String(text[..<separator]))
            negative = PythonSplitting.strip(String(text[text.index(after: separator)...]))
        } else {
            positive = PythonSplitting.strip(text)
            negative = nil
        }
    }

    /// `Prompt: "..."` and `Negative Prompt: "..."`, wrapped to `columns` (the reference's long
    /// text width: `COLUMNS`, else 150) with continuation lines indented under the text.
    func describe(columns: Int) -> [String] {
        var lines: [String] = []
        for (title, value) in [("Prompt", positive), ("Negative Prompt", negative ?? "")] where !value.isEmpty {
            let header = "\(title): "
            let spaced = TextWrap.munged(value)
            let wrapped = TextWrap.wrap(spaced, width: columns - header.count, breakLongWords: false, breakOnHyphens: false,
                                        subsequentIndent: String(repeating: " ", count: header.count))
            lines.append(header + "\"" + wrapped.joined(separator: "\n") + "\"")
        }
        return lines
    }
}
