import Foundation

/// The weights of one model component (the `*.safetensors` files of its folder), read in place
/// from the mapped files and converted to the component's element type (float32 unless asked
/// otherwise) on first use. Asking for a tensor checks that
/// it is there and has the shape the component's configuration implies.
public final class ModelWeights: @unchecked Sendable {
    public let folder: String
    let files: [SafetensorsFile]
    /// The element type tensors are given in.
    public let dtype: TensorType
    private var index: [String: SafetensorsFile] = [:]

    /// The component's weights; `variant` picks `*.VARIANT.safetensors` (`fp16`); tensors are
    /// given in `dtype`.
    public init(folder: String, variant: String? = nil, dtype: TensorType = .float32) throws(ModelFileError) {
        self.folder = folder
        self.dtype = dtype
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let suffix = variant.map { ".\($0).safetensors" } ?? ".safetensors"
        let chosen = names.filter { name in
            guard name.hasSuffix(suffix) else { return false }
            // without a variant, skip the variant files (`model.fp16.safetensors`)
            return variant != nil || name.dropLast(suffix.count).contains(".") == false
        }.sorted()
        guard !chosen.isEmpty else {
            throw ModelFileError(file: folder, "has no \(variant.map { "*.\($0).safetensors" } ?? "*.safetensors") weights")
        }
        var files: [SafetensorsFile] = []
        for name in chosen { files.append(try SafetensorsFile(path: folder + "/" + name)) }
        self.files = files
        for file in files {
            for name in file.tensors.keys { index[name] = file }
        }
    }

    /// The names of all tensors.
    public var names: [String] { index.keys.sorted() }

    /// A tensor (of `dtype`) that must exist with exactly this shape.
    public func tensor(_ name: String, shape: [Int]) throws(ModelFileError) -> Tensor {
        guard let file = index[name], let info = file.tensors[name] else {
            throw ModelFileError(file: files.first?.path ?? folder, tensor: name, "missing from the weights")
        }
        guard info.shape == shape else {
            throw ModelFileError(file: file.path, tensor: name, "has shape \(info.shape), the configuration needs \(shape)")
        }
        do {
            let type = try TensorType(info.dtype)
            let borrowed = try Tensor.borrowing(try file.bytes(of: name), type: type, shape: shape, owner: file)
            return type == dtype ? borrowed : try borrowed.converted(to: dtype)
        } catch let error as TorchError {
            throw ModelFileError(file: file.path, tensor: name, error.message)
        } catch let error as ModelFileError {
            throw error
        } catch {
            throw ModelFileError(file: file.path, tensor: name, "\(error)")
        }
    }
}
