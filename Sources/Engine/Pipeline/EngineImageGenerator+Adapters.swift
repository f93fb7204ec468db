import ConfigLanguage
import ConfigRuntime
import Foundation
import Templating

extension EngineImageGenerator {
    /// The invocation's `--loras` (with `--lora-fuse-scale`) read as dgenerate reads them, with
    /// its messages: each URI's path (a file, or a folder with `weight-name` in `subfolder`,
    /// `pytorch_lora_weights.safetensors` by default) and `scale`; nil without LoRAs.
    static func loraStack(_ options: [String: [String]]) throws(ScriptError) -> LoRAStack? {
        guard let uris = options["lora_uris"], !uris.isEmpty, let kind = ConceptURI.table["lora_uris"] else { return nil }
        var files: [(file: LoRAFile, scale: Double, model: String)] = []
        for text in uris {
            let uri = try parsed(text, kind)
            func argument(_ name: String) -> String? { Self.argument(uri, name) }
            var scale = 1.0
            if let word = argument("scale") {
                guard let value = OptionValueType.float(word) else {
                    throw ScriptError("LoRA \"scale\" must be a floating point number, received: \(word)")
                }
                scale = value
            }
            let model = PythonSplitting.strip(uri.concept)
            let path = try modelFilePath(model, subfolder: argument("subfolder"), weightName: argument("weight-name"),
                                         defaultName: "pytorch_lora_weights.safetensors", what: "LoRAs")
            do throws(ModelFileError) {
                files.append((try LoRAFile(path: path), scale, model))
            } catch {
                throw ScriptError("error loading LoRAs: \(error)")
            }
        }
        let fuseScale = options["lora_fuse_scale"]?.first.flatMap(OptionValueType.float) ?? 1.0
        return LoRAStack(files: files, fuseScale: fuseScale)
    }

    /// The file a LoRA or textual inversion URI names: the path itself, or a file in the folder
    /// it names (`defaultName` unless `weight-name` names another); `what` names the kind in
    /// errors.
    static func modelFilePath(_ model: String, subfolder: String?, weightName: String?, defaultName: String,
                              what: String) throws(ScriptError) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: model, isDirectory: &isFolder) else {
            // the reference takes a path that is not there for a Hugging Face repository
            guard isRepositoryName(model) else {
                throw ScriptError("Repo id must be in the form 'repo_name' or 'namespace/repo_name': '\(model)'. Use `repo_type` argument if needed.")
            }
            throw ScriptError("error loading \(what): \"\(model)\" is not a file or folder here, and this build does not download \(what) from Hugging Face")
        }
        guard isFolder.boolValue else { return model }
        let folder = subfolder.map { (model as NSString).appendingPathComponent($0) } ?? model
        let file = (folder as NSString).appendingPathComponent(weightName ?? defaultName)
        guard FileManager.default.fileExists(atPath: file) else {
            throw ScriptError("error loading \(what): no file named \(weightName ?? defaultName) found in directory \(folder).")
        }
        return file
    }

    /// Whether `name` reads as a Hugging Face repository (`name` or `namespace/name`, word
    /// characters, `-` and `.`, at most 96 characters), as `huggingface_hub` checks it.
    static func isRepositoryName(_ name: String) -> Bool {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard name.count <= 96, (1...2).contains(parts.count), !name.contains("--"), !name.contains("..") else { return false }
        return parts.allSatisfy { part in
            guard let first = part.first, let last = part.last, !part.isEmpty else { return false }
            let allowed = part.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }
            return allowed && !"-.".contains(first) && !"-.".contains(last)
        }
    }

    /// The LoRAs, textual inversions and component URIs as a part of a pipeline's key: another
    /// list or fuse scale is another pipeline.
    static func componentsKey(_ options: [String: [String]]) -> String {
        var key = ""
        if let uris = options["lora_uris"], !uris.isEmpty {
            key += ",lora_uris=[\(uris.joined(separator: "|"))],lora_fuse_scale=\(options["lora_fuse_scale"]?.first ?? "None")"
        }
        if let uris = options["textual_inversion_uris"], !uris.isEmpty { key += ",textual_inversion_uris=[\(uris.joined(separator: "|"))]" }
        for dest in ["vae_uri", "unet_uri"] { if let uri = options[dest]?.first { key += ",\(dest)=\(uri)" } }
        if let uris = options["text_encoder_uris"], !uris.isEmpty { key += ",text_encoder_uris=[\(uris.joined(separator: "|"))]" }
        return key
    }

    /// The invocation's `--textual-inversions` read as dgenerate reads them: each URI's path (a
    /// file, or a folder's `learned_embeds.safetensors` unless `weight-name` names another) and
    /// `token`.
    static func textualInversions(_ options: [String: [String]]) throws(ScriptError) -> [TextualInversion] {
        guard let uris = options["textual_inversion_uris"], let kind = ConceptURI.table["textual_inversion_uris"] else { return [] }
        var inversions: [TextualInversion] = []
        for text in uris {
            let uri = try parsed(text, kind)
            func argument(_ name: String) -> String? { Self.argument(uri, name) }
            let model = PythonSplitting.strip(uri.concept)
            let path = try modelFilePath(model, subfolder: argument("subfolder"), weightName: argument("weight-name"),
                                         defaultName: "learned_embeds.safetensors", what: "Textual Inversions")
            do throws(ModelFileError) {
                inversions.append(TextualInversion(file: try TextualInversionFile(path: path), token: argument("token"), model: model))
            } catch {
                throw ScriptError("error loading Textual Inversions: \(error)")
            }
        }
        return inversions
    }
}
