import Foundation
import ConfigLanguage

/// The tool directives (`\image_process`, `\to_diffusers`, `\prompt_upscale`,
/// `\civitai_links`, `\auto1111_metadata`), which run the reference's sub-commands.
///
/// Their arguments are parsed and checked here with the reference's usage and errors, so a
/// script with a wrong argument fails the same way everywhere. What they do needs parts this
/// build does not have yet (image processors, model loading, prompt upscalers, the CivitAI and
/// metadata tools): after a successful parse they stop with an error that says so
/// (divergence R9).
extension ScriptRuntime {
    func installToolDirectives() {
        directives["image_process"] = Self.imageProcessDirective
        directives["to_diffusers"] = Self.toDiffusersDirective
        directives["prompt_upscale"] = Self.promptUpscaleDirective
        directives["civitai_links"] = Self.civitaiLinksDirective
        directives["auto1111_metadata"] = Self.auto1111MetadataDirective
    }

    /// Ends a tool directive whose work this build cannot do yet.
    private static func unavailable(_ runtime: ScriptRuntime, _ program: String, _ what: String) -> Int32 {
        runtime.errorMessage("\(program): error: \(what) is not available in this build yet.")
        return 1
    }

    static func imageProcessDirective(_ runtime: ScriptRuntime, _ words: [String]) throws(ScriptError) -> Int32 {
        var parser = DirectiveArgumentParser(program: "\\image_process",
                                             description: "Run image processors on image and animation files.")
        parser.nestedErrors = true
        parser.allowsAbbreviations = false
        parser.positional("input", count: .oneOrMore, help: "Image or animation files to process; URLs are downloaded first.")
        parser.option(["-p", "--processors"], "processors", count: .oneOrMore,
                      help: "Image processor URIs; several run one after another. See --image-processor-help.")
        parser.option(["--plugin-modules"], "plugin_module_paths", metavar: "PATH", count: .oneOrMore,
                      help: "Folders of plugin modules to load.")
        parser.option(["-o", "--output"], "output", count: .oneOrMore,
                      help: "Output files, one per input; missing parent folders are made. Without it each result is written beside its input with a suffix.")
        parser.option(["-ff", "--frame-format"], "frame_format", help: "The image format of animation frames.")
        parser.flag(["-ox", "--output-overwrite"], "output_overwrite", help: "Overwrite existing files instead of adding a number to the name.")
        parser.option(["-r", "--resize"], "resize", help: "Resize the images (WIDTHxHEIGHT).")
        parser.flag(["-na", "--no-aspect"], "no_aspect", help: "Let --resize change the aspect ratio.")
        parser.option(["-al", "--align"], "align", help: "Align the dimensions to this many pixels (default 1).")
        parser.option(["-d", "--device"], "device", help: "The device the processors run on.")
        parser.option(["-fs", "--frame-start"], "frame_start", metavar: "FRAME_NUMBER", help: "First frame of an animation to process (from 0).")
        parser.option(["-fe", "--frame-end"], "frame_end", metavar: "FRAME_NUMBER", help: "Last frame of an animation to process (inclusive).")
        parser.flag(["-nf", "--no-frames"], "no_frames", help: "Write only the animation file, no frames.")
        parser.flag(["-naf", "--no-animation-file"], "no_animation_file", help: "Write only the frames, no animation file.")
        parser.exclusive(["no_frames", "no_animation_file"])
        parser.flag(["-ofm", "--offline-mode"], "offline_mode", help: "Do not download anything that is not on disk already.")
        let outcome = parser.parse(words, runtime: runtime)
        guard let arguments = outcome.values else { return outcome.status }
        for input in arguments.list("input") where !input.contains("://") {
            guard runtime.host.files.status(runtime.host.workingDirectory.resolve(input)) != nil else {
                runtime.errorMessage("\\image_process: error: File input \"\(input)\" does not exist.")
                return 1
            }
        }
        return unavailable(runtime, "\\image_process", "Image processing")
    }

    static func toDiffusersDirective(_ runtime: ScriptRuntime, _ words: [String]) throws(ScriptError) -> Int32 {
        var parser = DirectiveArgumentParser(program: "\\to_diffusers",
                                             description: "Save a model as a diffusers model folder.")
        parser.positional("model_path", help: "The model, as an invocation names it.")
        parser.option(["-mt", "--model-type"], "model_type", help: "The model's type, as --model-type gives it.")
        parser.option(["-rev", "--revision"], "revision", help: "The revision of a Hugging Face repository.")
        parser.option(["-sbf", "--subfolder"], "subfolder", help: "The subfolder of a Hugging Face repository.")
        parser.option(["-t", "--dtypes"], "dtypes", count: .zeroOrMore, help: "The data types to save (float16, float32); each is a variant.")
        parser.option(["-olc", "--original-config"], "original_config", help: "The original LDM configuration file (.yaml).")
        parser.option(["-atk", "--auth-token"], "auth_token", help: "A Hugging Face access token.")
        parser.option(["-o", "--output"], "output", required: true, help: "The folder to write the model to.")
        parser.flag(["-v", "--verbose"], "verbose", help: "Print debugging output.")
        parser.flag(["-ofm", "--offline-mode"], "offline_mode", help: "Do not download anything that is not on disk already.")
        let outcome = parser.parse(words, runtime: runtime)
        guard outcome.values != nil else { return outcome.status }
        return unavailable(runtime, "\\to_diffusers", "Model conversion")
    }

    static func promptUpscaleDirective(_ runtime: ScriptRuntime, _ words: [String]) throws(ScriptError) -> Int32 {
        var parser = DirectiveArgumentParser(program: "\\prompt_upscale",
                                             description: "Run prompt upscalers on prompts and print or save the results.")
        parser.option(["-p", "--prompts"], "prompts", required: true, count: .oneOrMore, help: "The prompts to upscale.")
        parser.option(["-u", "--upscaler", "--upscalers"], "upscaler", metavar: "PROMPT_UPSCALER_URI", count: .oneOrMore,
                      help: "Prompt upscaler URIs; several run one after another.")
        parser.option(["-d", "--device"], "device", help: "The device the upscalers run on.")
        parser.option(["-of", "--output-format"], "output_format", help: "text or json.")
        parser.option(["-o", "--output"], "output", help: "A file to write the prompts to instead of printing them.")
        parser.option(["-q", "--quote"], "quote", help: "How to quote the prompts: none, shell or dgenerate.")
        parser.flag(["-ofm", "--offline-mode"], "offline_mode", help: "Do not download anything that is not on disk already.")
        let outcome = parser.parse(words, runtime: runtime)
        guard outcome.values != nil else { return outcome.status }
        return unavailable(runtime, "\\prompt_upscale", "Prompt upscaling")
    }

    static func civitaiLinksDirective(_ runtime: ScriptRuntime, _ words: [String]) throws(ScriptError) -> Int32 {
        var parser = DirectiveArgumentParser(program: "\\civitai_links",
                                             description: "List the download links of the models on a CivitAI page.")
        parser.positional("url", help: "The CivitAI model page.")
        parser.option(["--token"], "token", help: "An API token to add to each link.")
        let outcome = parser.parse(words, runtime: runtime)
        guard outcome.values != nil else { return outcome.status }
        return unavailable(runtime, "\\civitai_links", "Listing CivitAI links")
    }

    static func auto1111MetadataDirective(_ runtime: ScriptRuntime, _ words: [String]) throws(ScriptError) -> Int32 {
        var parser = DirectiveArgumentParser(program: "\\auto1111_metadata",
                                             description: "Turn the generation parameters an AUTOMATIC1111 image carries into a dgenerate script.")
        parser.positional("image", help: "The image file.")
        parser.option(["-o", "--output"], "output", help: "Where to write the script (default: print it).")
        parser.option(["-c", "--config"], "config", help: "A JSON file mapping checkpoint names to model paths.")
        parser.flag(["-v", "--verbose"], "verbose", help: "Print debugging output.")
        parser.flag(["-ofm", "--offline-mode"], "offline_mode", help: "Do not download anything that is not on disk already.")
        let outcome = parser.parse(words, runtime: runtime)
        guard outcome.values != nil else { return outcome.status }
        return unavailable(runtime, "\\auto1111_metadata", "Reading AUTOMATIC1111 metadata")
    }
}
