import ConfigLanguage
import ConfigRuntime
import Foundation
import Templating

/// A component the user names in place of the model's own (`--vae`, `--unet`,
/// `--text-encoders`): a diffusers component folder (the URI's model and subfolder) with its
/// variant and element type.
public struct ComponentOverride: Sendable, Equatable {
    public var folder: String
    public var variant: String?
    public var dtype: TensorType?
    public init(folder: String, variant: String? = nil, dtype: TensorType? = nil) {
        self.folder = folder
        self.variant = variant
        self.dtype = dtype
    }
}

extension EngineImageGenerator {
    /// The VAE classes dgenerate names (this engine runs `AutoencoderKL`).
    static let vaeClasses = ["AutoencoderKL", "AsymmetricAutoencoderKL", "AutoencoderTiny", "ConsistencyDecoderVAE"]
    static let textEncoderClasses = ["CLIPTextModel", "CLIPTextModelWithProjection"]

    /// The invocation's component URIs by the component they replace (`vae`, `unet`,
    /// `text_encoder`, `text_encoder_2`), read as dgenerate reads them, with its messages.
    static func componentOverrides(_ options: [String: [String]], xl: Bool, dtype: TensorType) throws(ScriptError) -> [String: ComponentOverride] {
        var overrides: [String: ComponentOverride] = [:]
        if let text = options["vae_uri"]?.first, let kind = ConceptURI.table["vae_uri"] {
            let uri = try parsed(text, kind)
            guard let model = argument(uri, "model") else { throw ScriptError("model argument for torch VAE specification must be defined.") }
            let name = PythonSplitting.strip(uri.concept)
            guard vaeClasses.contains(name) else {
                throw ScriptError("Unknown VAE encoder class \(name), must be one of: AutoencoderKL, AsymmetricAutoencoderKL, AutoencoderTiny, or ConsistencyDecoderVAE")
            }
            guard name == "AutoencoderKL" else { throw ScriptError("--vae \(name) is not supported by this build yet (AutoencoderKL only)") }
            overrides["vae"] = try override(model, uri, what: "vae", dtype: nil)
        }
        if let text = options["unet_uri"]?.first, let kind = ConceptURI.table["unet_uri"] {
            let uri = try parsed(text, kind)
            overrides["unet"] = try override(PythonSplitting.strip(uri.concept), uri, what: "unet", dtype: dtype)
        }
        let encoders = xl ? ["text_encoder", "text_encoder_2"] : ["text_encoder"]
        for (index, text) in (options["text_encoder_uris"] ?? []).enumerated() where PythonSplitting.strip(text) != "+" {
            guard index < encoders.count, let kind = ConceptURI.table["text_encoder_uris"] else {
                throw ScriptError("--text-encoders: this model has \(encoders.count) text encoder\(encoders.count == 1 ? "" : "s"), \(index + 1) were given")
            }
            guard PythonSplitting.strip(text) != "null" else { throw ScriptError("--text-encoders null is not supported by this build yet") }
            let uri = try parsed(text, kind)
            let name = PythonSplitting.strip(uri.concept)
            guard textEncoderClasses.contains(name) else {
                throw ScriptError("--text-encoders \(name) is not supported by this build yet (\(textEncoderClasses.joined(separator: ", ")) only)")
            }
            guard let model = argument(uri, "model") else { throw ScriptError("model argument for text encoder specification must be defined.") }
            overrides[encoders[index]] = try override(model, uri, what: "text encoder", dtype: dtype)
        }
        return overrides
    }

    static func parsed(_ text: String, _ kind: ConceptURI.Kind) throws(ScriptError) -> ConceptURI {
        do throws(ConceptURI.Failure) {
            return try ConceptURI(text, kind)
        } catch {
            throw ScriptError(error.message)
        }
    }

    static func argument(_ uri: ConceptURI, _ name: String) -> String? {
        uri.arguments.first { $0.name == name }.map { PythonSplitting.strip($0.value) }
    }

    /// A URI's component folder, which must hold a `config.json`; `dtype` is the only element
    /// type the component may ask for (nil: any).
    static func override(_ model: String, _ uri: ConceptURI, what: String, dtype: TensorType?) throws(ScriptError) -> ComponentOverride {
        let folder = argument(uri, "subfolder").map { (model as NSString).appendingPathComponent($0) } ?? model
        guard FileManager.default.fileExists(atPath: folder + "/config.json") else {
            throw ScriptError("error loading \(what) \"\(model)\": \(model) does not appear to have a file named config.json.")
        }
        var type: TensorType? = nil
        if let name = argument(uri, "dtype")?.lowercased(), name != "auto" {
            guard let named = TensorType.named(name) else {
                throw ScriptError("error loading \(what) \"\(model)\": dtype must be auto, bfloat16, float16 or float32, received: \(name)")
            }
            type = named
            if let dtype, type != dtype {
                throw ScriptError("error loading \(what) \"\(model)\": a dtype other than the model's (\(name)) is supported for --vae only by this build")
            }
        }
        return ComponentOverride(folder: folder, variant: argument(uri, "variant"), dtype: type)
    }
}
