import Templating

/// The config script that reproduces one generated image, as `--output-configs` writes it next
/// to the image and `--output-metadata` embeds it: the version lines, an optional comment, then
/// one invocation with each option on its own line. Options are written in the reference's
/// order and forms (floats as Python prints them, sizes as `WxH`, values shell-quoted only when
/// they would split, prompts wrapped at 75 columns), so the text matches dgenerate's byte for
/// byte.
enum ReproducingConfig {
    /// The config for one image of a planned step. `values` are the invocation's option words by
    /// destination; `request` the step's values; `comment` goes after the version lines
    /// (`Image 1 from a batch of 2`).
    /// `extra` options go before `--image-seeds` (an animation frame's range, an animation's
    /// format).
    static func text(values: [String: [String]], request: GenerationRequest, comment: String?,
                     extra: [(name: String, value: String)] = [], version: String = ScriptParser.versionText) -> String {
        var options: [(name: String, value: Value?)] = []
        func add(_ name: String, _ value: Value? = nil) { options.append((name, value)) }
        func given(_ dest: String) -> String? { values[dest]?.first }
        func sdxlOptions(_ dests: [String]) {
            for dest in dests {
                if let word = request.sdxl[dest], let axis = SDXLAxes.all[dest] { add(axis.option, .word(SDXLAxes.printed(word, axis.kind))) }
            }
        }

        add(ShellQuoting.quote(given("model_path") ?? "", double: false, quotes: true))
        add("--model-type", .word(PythonSplitting.strip(given("model_type") ?? "sd").lowercased()))
        if let original = given("original_config") { add("--original-config", .word(original)) }
        add("--inference-steps", .word(request.inferenceStepsText))
        add("--guidance-scales", .word(request.guidanceScaleText))
        if let sigmas = request.sigmas {
            if sigmas.hasPrefix("expr:") {
                add("--sigmas", .word("expr: " + PythonSplitting.strip(String(sigmas.dropFirst(5)))))
            } else {
                add("--sigmas", .word(RenderPlan.printedFloats(sigmas).joined(separator: ",")))
            }
        }
        add("--seeds", .word(request.seedText))
        if let dtype = given("dtype").map({ PythonSplitting.strip($0).lowercased() }), dtype != "auto" {
            add("--dtype", .word(dtype))
        }
        if let batch = given("batch_size").flatMap(OptionValueType.int), batch > 1 { add("--batch-size", .word("\(batch)")) }
        if let rescale = request.guidanceRescaleText { add("--guidance-rescales", .word(rescale)) }
        add("--prompts", .prompt(request.promptText))
        for dest in ["second_prompts", "second_model_prompts", "second_model_second_prompts"] {
            if let text = request.sdxl[dest], let axis = SDXLAxes.all[dest] { add(axis.option, .prompt(PlanPrompt(text).text)) }
        }
        if let clipSkip = request.clipSkipText { add("--clip-skips", .word(clipSkip)) }
        if request.inpaintCrop { add("--inpaint-crop") }
        if let padding = request.inpaintCropPadding, padding != [32] {
            add("--inpaint-crop-paddings", .word(padding.map(String.init).joined(separator: "x")))
        }
        if request.inpaintCropMasked { add("--inpaint-crop-masked") }
        if let feather = request.inpaintCropFeather { add("--inpaint-crop-feathers", .word("\(feather)")) }
        if let encoders = values["text_encoder_uris"] { add("--text-encoders", .words(encoders)) }
        if let revision = given("revision"), revision != "main" { add("--revision", .word(revision)) }
        if let variant = given("variant") { add("--variant", .word(variant)) }
        if let subfolder = given("subfolder") { add("--subfolder", .word(subfolder)) }
        if let unet = given("unet_uri") { add("--unet", .word(unet)) }
        if let vae = given("vae_uri") { add("--vae", .word(vae)) }
        if values["vae_tiling"] != nil { add("--vae-tiling") }
        if values["vae_slicing"] != nil { add("--vae-slicing") }
        if let refiner = given("sdxl_refiner_uri") { add("--sdxl-refiner", .word(refiner)) }
        if let loras = values["lora_uris"] { add("--loras", .words(loras)) }
        if let fuse = given("lora_fuse_scale").flatMap(OptionValueType.float) { add("--lora-fuse-scale", .word(PythonFloat.repr(fuse))) }
        if let embeddings = values["textual_inversion_uris"] { add("--textual-inversions", .words(embeddings)) }
        if let scheduler = request.scheduler { add("--scheduler", .word(scheduler)) }
        if let second = request.sdxl["second_model_scheduler_uri"], second != request.scheduler { add("--second-model-scheduler", .word(second)) }
        if let freeu = request.freeuParams {
            add("--freeu-params", .word(RenderPlan.printedFloats(freeu).joined(separator: ",")))
        }
        // --pag stands for exactly its default scales (which the plan fills in for --pag alone)
        let pagScale = request.pagScaleText, pagAdaptive = request.pagAdaptiveScaleText
        if pagScale == "3.0" && pagAdaptive == "0.0" {
            add("--pag")
        } else {
            if let pagScale { add("--pag-scales", .word(pagScale)) }
            if let pagAdaptive { add("--pag-adaptive-scales", .word(pagAdaptive)) }
        }
        sdxlOptions(["sdxl_high_noise_fractions", "second_model_inference_steps", "second_model_guidance_scales",
                     "sdxl_refiner_guidance_rescales"] + SDXLAxes.beforePag)
        let size = given("output_size").flatMap { try? OptionValueType.imageSize($0).get() }
        if let size { add("--output-size", .word("\(size.width)x\(size.height)")) }
        // the reference corrects the aspect ratio only when a size is given
        if size == nil || values["no_aspect"] != nil { add("--no-aspect") }
        if let strength = request.imageSeedStrength, strength != 0.8 { add("--image-seed-strengths", .word(PythonFloat.repr(strength))) }
        if let prefix = given("output_prefix"), !prefix.isEmpty { add("--output-prefix", .word(prefix)) }
        // a grid is named only for a batch (a single image has no grid)
        if let grid = given("batch_grid_size"), let size = try? OptionValueType.imageSize(grid).get(),
           let batch = given("batch_size").flatMap(OptionValueType.int), batch > 1 {
            add("--batch-grid-size", .word("\(size.width)x\(size.height)"))
        }
        for option in extra { add(option.name, .word(option.value)) }
        if let seed = request.imageSeed { add("--image-seeds", .word(seed.uri)) }

        var config = "#! /usr/bin/env dgenerate --file\n#! dgenerate \(version)\n\n"
        if let comment {
            config += comment.split(separator: "\n", omittingEmptySubsequences: false)
                .map { "# " + PythonStrip.strip(String($0), nil, leading: false, trailing: true) }.joined() + "\n\n"
        }
        config += options.map { line($0.name, $0.value) }.joined(separator: " \\\n")
        return config
    }

    /// How a value is written after its option name.
    enum Value {
        /// Shell-quoted when it would split.
        case word(String)
        /// A list: each shell-quoted, separated by spaces.
        case words([String])
        /// Shell-quoted, then wrapped at 75 columns under the option name.
        case prompt(String)
    }

    /// One option as the reference writes it: the name alone, or the name and its value.
    static func line(_ name: String, _ value: Value?) -> String {
        switch value {
        case nil: return name
        case .word(let text): return "\(name) \(ShellQuoting.quote(text, double: false, quotes: true))"
        case .words(let texts): return "\(name) " + texts.map { ShellQuoting.quote($0, double: false, quotes: true) }.joined(separator: " ")
        case .prompt(let text):
            let quoted = ShellQuoting.quote(text, double: false, quotes: true)
            let spaced = TextWrap.munged(quoted)
            let lines = TextWrap.wrap(spaced, width: 75, breakLongWords: false, breakOnHyphens: false,
                                      subsequentIndent: String(repeating: " ", count: name.count + 2))
            var wrapped = lines.joined(separator: " \\\n")
            // a comment token would end a continued line early
            if lines.count > 1 { wrapped = wrapped.replacingOccurrences(of: "#", with: "\\#") }
            return "\(name) \(wrapped)"
        }
    }
}
