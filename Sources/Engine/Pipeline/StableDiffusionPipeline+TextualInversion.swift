import ConfigRuntime
import Foundation

/// A textual inversion to load: its file, the token it is given (`token=`), and the model as
/// the user named it (for messages).
public struct TextualInversion: @unchecked Sendable {
    public var file: TextualInversionFile
    public var token: String?
    public var model: String
    public init(file: TextualInversionFile, token: String?, model: String) {
        self.file = file
        self.token = token
        self.model = model
    }
}

extension StableDiffusionPipeline {
    /// The text encoders with `inversions` loaded as dgenerate loads them, in order: each
    /// token (and `TOKEN_1`... for further vectors) added to the tokenizer, its vectors to a
    /// copy of the encoder's embedding table. SDXL files give `clip_l` to the first encoder
    /// and `clip_g` to the second, under the file's name when no token is given.
    static func loading(_ inversions: [TextualInversion], into encoders: [TextConditioning.Encoder], xl: Bool) throws -> [TextConditioning.Encoder] {
        var encoders = encoders
        for inversion in inversions {
            if xl {
                let byKey = Dictionary(inversion.file.vectors.map { ($0.key, $0.rows) }) { first, _ in first }
                guard let large = byKey["clip_l"], let giant = byKey["clip_g"] else {
                    throw ScriptError("error loading Textual Inversions: clip_l or clip_g not found in SDXL textual inversion model "
                                      + "\"\(inversion.model)\" state dict, unsupported model format.")
                }
                let name = ((inversion.file.path as NSString).lastPathComponent as NSString).deletingPathExtension
                let token = inversion.token ?? name.replacingOccurrences(of: " ", with: "_")
                for (index, rows) in [large, giant].enumerated() where index < encoders.count {
                    encoders[index] = try adding(rows, token: token, to: encoders[index])
                }
                continue
            }
            guard inversion.file.vectors.count == 1, let only = inversion.file.vectors.first, let first = encoders.first else {
                throw ScriptError("error loading Textual Inversions: \"\(inversion.model)\" holds \(inversion.file.vectors.count) embeddings "
                                  + "(\(inversion.file.vectors.map(\.key).joined(separator: ", "))); a Stable Diffusion embedding has one key")
            }
            encoders[0] = try adding(only.rows, token: inversion.token ?? only.key, to: first)
        }
        return encoders
    }

    /// One encoder with `rows` ([count, width]) added under `token`, with diffusers' checks.
    static func adding(_ rows: Tensor, token: String, to encoder: TextConditioning.Encoder) throws -> TextConditioning.Encoder {
        let prefix = "error loading Textual Inversions: "
        guard !encoder.tokenizer.contains(token) else {
            throw ScriptError(prefix + "Token \(token) already in tokenizer vocabulary. Please choose a different token name or remove \(token) and embedding from the tokenizer and text encoder.")
        }
        let count = rows.shape[0], width = rows.shape[1]
        let tokens = [token] + (1..<max(1, count)).map { "\(token)_\($0)" }
        guard !encoder.tokenizer.contains("\(token)_1") else {
            throw ScriptError(prefix + "Multi-vector Token \(tokens) already in tokenizer vocabulary. Please choose a different token name or remove the \(tokens) and embedding from the tokenizer and text encoder.")
        }
        // dgenerate prints diffusers' unformatted message
        guard width == encoder.model.hiddenSize else {
            throw ScriptError(prefix + "Loaded embeddings are of incorrect shape. Expected each textual inversion embedding to be of shape {input_embeddings.shape[-1]}, but are {embeddings.shape[-1]}")
        }
        let firstID = encoder.tokenizer.count
        let table = encoder.model.tokenEmbedding
        guard table.shape[0] >= firstID else {
            throw ScriptError(prefix + "the text encoder has \(table.shape[0]) token embeddings for a tokenizer of \(firstID) tokens")
        }
        do throws(TorchError) {
            let extended = try Tensor.cat([table.sliced(dimension: 0, 0..<firstID), rows.converted(to: table.type)], dimension: 0)
            return TextConditioning.Encoder(tokenizer: encoder.tokenizer.adding(tokens), model: CLIPTextEncoder(encoder.model, tokenEmbedding: extended),
                                            tokenizerName: encoder.tokenizerName, modelName: encoder.modelName)
        } catch {
            throw ScriptError(prefix + error.message)
        }
    }
}
