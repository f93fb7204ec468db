import Foundation

/// A textual inversion: learned token embeddings in a safetensors file, in diffusers' layout
/// (one key, the token, holding one or more vectors), A1111's (`emb_params`) or SDXL's
/// (`clip_l` and `clip_g`, one set per text encoder). Pickled files (`.pt`, `.bin`) are
/// refused: reading them would run the code they carry.
public struct TextualInversionFile: @unchecked Sendable {
    public let path: String
    /// Each key's vectors, `[count, width]`, float32, in key order.
    public let vectors: [(key: String, rows: Tensor)]
    /// The mapped file the vectors are read from in place.
    let storage: SafetensorsFile

    public init(path: String) throws(ModelFileError) {
        self.path = path
        guard path.lowercased().hasSuffix(".safetensors") || Self.isSafetensors(path) else {
            throw ModelFileError(file: path, "is not a safetensors file; pickled embeddings (.pt, .bin) are refused because loading them runs code")
        }
        let file = try SafetensorsFile(path: path)
        var vectors: [(key: String, rows: Tensor)] = []
        for key in file.tensors.keys.sorted() {
            let tensor = try LoRAFile.tensor(file, key)
            let shape = tensor.shape
            guard (1...2).contains(shape.count), shape.allSatisfy({ $0 > 0 }) else {
                throw ModelFileError(file: path, tensor: key, "has shape \(shape); an embedding is one vector or a list of vectors")
            }
            do throws(TorchError) {
                vectors.append((key, shape.count == 1 ? try tensor.reshaped([1, shape[0]]) : tensor))
            } catch {
                throw ModelFileError(file: path, tensor: key, error.message)
            }
        }
        guard !vectors.isEmpty else { throw ModelFileError(file: path, "holds no embeddings") }
        self.vectors = vectors
        storage = file
    }

    /// Whether a file starts as safetensors does: an 8-byte header length, then `{`.
    static func isSafetensors(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = handle.readData(ofLength: 9)
        return head.count == 9 && head[head.startIndex + 8] == UInt8(ascii: "{")
    }
}
