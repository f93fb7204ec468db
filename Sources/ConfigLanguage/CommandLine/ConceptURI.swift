import Templating

/// A model URI of the command line (`AutoencoderKL;model=path;dtype=float16`): a concept (a
/// path or class name) and `name=value` path arguments, read as the reference reads it before
/// it loads anything, with its error messages. Which options take which concept, and the
/// arguments each allows, are in `table` (from the reference's URI parsers).
public struct ConceptURI: Sendable, Equatable {
    /// What an option's URIs are and what they allow.
    public struct Kind: Sendable {
        /// The concept's name in messages (`VAE`, `LoRA`).
        public let concept: String
        public let arguments: Set<String>
        /// Arguments whose value is taken as written (it may be empty).
        public var raw: Set<String> = []
    }

    /// Why a URI does not read: the reference's message.
    public struct Failure: Error, Sendable {
        public let message: String
        init(_ message: String) { self.message = message }
    }

    /// The URI-valued options by destination.
    public static let table: [String: Kind] = {
        let vae = Kind(concept: "VAE", arguments: ["model", "revision", "variant", "subfolder", "dtype"])
        let lora = Kind(concept: "LoRA", arguments: ["scale", "revision", "subfolder", "weight-name"])
        let textEncoder = Kind(concept: "TextEncoder", arguments: ["model", "revision", "variant", "subfolder", "dtype", "quantizer", "mode"])
        let unet = Kind(concept: "UNet", arguments: ["revision", "variant", "subfolder", "dtype", "quantizer"])
        return [
            "vae_uri": vae,
            "lora_uris": lora,
            "textual_inversion_uris": Kind(concept: "Textual Inversion", arguments: ["token", "revision", "subfolder", "weight-name"]),
            "controlnet_uris": Kind(concept: "ControlNet", arguments: ["scale", "start", "end", "mode", "revision", "variant", "subfolder", "dtype", "quantizer"]),
            "t2i_adapter_uris": Kind(concept: "T2IAdapter", arguments: ["scale", "revision", "variant", "subfolder", "dtype"]),
            "ip_adapter_uris": Kind(concept: "IP Adapter", arguments: ["scale", "revision", "subfolder", "weight-name"]),
            "image_encoder_uri": Kind(concept: "ImageEncoder", arguments: ["revision", "variant", "subfolder", "dtype"]),
            "unet_uri": unet,
            "second_model_unet_uri": unet,
            "transformer_uri": Kind(concept: "Transformer", arguments: ["model", "revision", "variant", "subfolder", "dtype", "quantizer"]),
            "text_encoder_uris": textEncoder,
            "second_model_text_encoder_uris": textEncoder,
            "sdxl_refiner_uri": Kind(concept: "SDXL Refiner", arguments: ["revision", "variant", "subfolder", "dtype"]),
            "adetailer_detector_uris": Kind(concept: "Adetailer Detector", arguments: [
                "revision", "subfolder", "weight-name", "confidence", "class-filter", "index-filter", "model-masks", "mask-shape",
                "detector-padding", "mask-padding", "mask-blur", "mask-dilation", "prompt", "negative-prompt", "device", "size",
            ], raw: ["class-filter", "index-filter"]),
            "s_cascade_decoder_uri": Kind(concept: "Stable Cascade decoder", arguments: ["revision", "variant", "subfolder", "dtype"]),
        ]
    }()

    /// Values that are not URIs: a text encoder kept (`+`), left out (`null`), or help.
    static let placeholders: Set<String> = ["+", "null", "help", "helpargs"]

    public let concept: String
    /// The path arguments, stripped names with their raw values, in order.
    public let arguments: [(name: String, value: String)]

    public static func == (lhs: ConceptURI, rhs: ConceptURI) -> Bool {
        lhs.concept == rhs.concept && lhs.arguments.map(\.name) == rhs.arguments.map(\.name)
            && lhs.arguments.map(\.value) == rhs.arguments.map(\.value)
    }

    /// Reads `uri` as `kind`; the error is the reference's message.
    public init(_ uri: String, _ kind: Kind) throws(Failure) {
        let name = kind.concept
        guard !PythonSplitting.strip(uri).isEmpty else { throw Failure("Error parsing \(name) URI, URI was empty.") }
        var options = TokenizedSplit.Options()
        options.separator = ";"
        let parts: [String]
        do {
            parts = try TokenizedSplit.split(uri, options)
        } catch {
            throw Failure("Error parsing \(name) URI \"\(uri)\": \(PythonSplitting.strip(error.message))")
        }
        concept = parts.first ?? ""
        var arguments: [(name: String, value: String)] = []
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard let first = pair.first, !first.isEmpty else {
                throw Failure("Error parsing path arguments for \(name) concept \"\(concept)\", Empty argument space, stray \";\" delimiter?")
            }
            let argument = PythonSplitting.strip(first)
            guard kind.arguments.contains(argument) else {
                throw Failure("Unknown path argument \"\(argument)\" for \(name) concept \"\(concept)\", valid arguments: \(kind.arguments.sorted().joined(separator: ", "))")
            }
            guard pair.count == 2 else {
                throw Failure("Error parsing path arguments for \(name) concept \"\(concept)\", missing value assignment for argument \(first).")
            }
            guard !arguments.contains(where: { $0.name == argument }) else {
                throw Failure("Duplicate argument \"\(argument)\" provided for \(name) concept \"\(concept)\".")
            }
            guard kind.raw.contains(argument) || !PythonSplitting.strip(pair[1]).isEmpty else {
                throw Failure("Syntax error parsing argument \"\(argument)\" for \(name) concept \"\(concept)\", missing assignment value.")
            }
            arguments.append((argument, pair[1]))
        }
        self.arguments = arguments
    }

    /// The first problem in the URIs of parsed option values (by destination), in `order`,
    /// with the destination of the option at fault; nil when every URI reads.
    public static func problem(_ values: [String: [String]], order: [String]) -> (destination: String, message: String)? {
        for destination in order {
            guard let kind = table[destination], let uris = values[destination] else { continue }
            for uri in uris where !placeholders.contains(PythonSplitting.strip(uri)) {
                do throws(Failure) {
                    _ = try ConceptURI(uri, kind)
                } catch {
                    return (destination, error.message)
                }
            }
        }
        return nil
    }
}
