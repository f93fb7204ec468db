/// The reference's checks of a parsed command line that come before any generation
/// (`RenderLoopConfig.check`), in its order. Ported so far: the options that need
/// `--image-seeds`.
public enum ConfigurationCheck {
    /// The first problem with the options given (by dest), as the reference words it.
    public static func problem(_ given: Set<String>) -> String? {
        guard !given.contains("image_seeds") else { return nil }
        func name(_ dest: String) -> String { OptionCatalogue.option(dest: dest)?.names.last ?? dest }
        let seeds = name("image_seeds")
        if given.contains("adetailer_detector_uris") {
            return "You cannot specify \(name("adetailer_detector_uris")) without \(seeds)."
        }
        if given.contains("image_seed_strengths") { return "you cannot specify \(name("image_seed_strengths")) without \(seeds)." }
        if given.contains("seeds_to_images") { return "\(name("seeds_to_images")) cannot be specified without \(seeds)." }
        for dest in ["controlnet_uris", "t2i_adapter_uris", "ip_adapter_uris"] where given.contains(dest) {
            return "you cannot specify \(name(dest)) without \(seeds)."
        }
        // processors that have nothing to process, in the order of their attribute names
        let processors = ["control_image_processors", "mask_image_processors", "seed_image_processors",
                          "img2img_latents_processors", "latents_processors"].filter(given.contains)
        if !processors.isEmpty {
            return processors.map { "you cannot specify \(name($0)) without \(seeds)." }.joined(separator: "\n")
        }
        return nil
    }
}
