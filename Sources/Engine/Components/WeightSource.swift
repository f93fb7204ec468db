import Foundation

/// What a weight is for, so that a made-up model can give it a sensible random value.
public enum WeightRole: Sendable {
    /// A linear or convolution weight: scaled by 1/sqrt(fan-in).
    case projection
    /// A bias.
    case bias
    /// A normalisation's scale (around 1) or shift (around 0).
    case normScale, normShift
    /// An embedding table.
    case embedding
}

/// Where a component's weights come from: a model's files, or (for the project's own tiny
/// models) seeded random numbers.
public protocol WeightSource: AnyObject {
    /// The float32 tensor `name`, which must have `shape`.
    func tensor(_ name: String, shape: [Int], role: WeightRole) throws(ModelFileError) -> Tensor
}

extension ModelWeights: WeightSource {
    public func tensor(_ name: String, shape: [Int], role: WeightRole) throws(ModelFileError) -> Tensor {
        try tensor(name, shape: shape)
    }
}

/// Seeded random weights, recorded in the order they are asked for, so that building a
/// component from them both makes the component and lists its parameters for writing.
public final class RandomWeights: WeightSource {
    public private(set) var made: [(name: String, shape: [Int], values: [Float])] = []
    private var seed: UInt64
    /// Whether to keep the values for writing (a benchmark's full-size model does not).
    private let keepsValues: Bool

    public init(seed: UInt64, keepsValues: Bool = true) {
        self.seed = seed
        self.keepsValues = keepsValues
    }

    public func tensor(_ name: String, shape: [Int], role: WeightRole) throws(ModelFileError) -> Tensor {
        seed &+= 1
        do {
            let noise = try Tensor.randn(seed: seed, shape: shape).floats()
            let fanIn = shape.dropFirst().reduce(1, *)
            let values: [Float]
            switch role {
            case .projection: values = noise.map { $0 / Float(max(fanIn, 1)).squareRoot() }
            case .bias, .normShift: values = noise.map { $0 * 0.05 }
            case .normScale: values = noise.map { 1 + $0 * 0.05 }
            case .embedding: values = noise.map { $0 * 0.5 }
            }
            if keepsValues { made.append((name, shape, values)) }
            return try Tensor.floats(values, shape: shape)
        } catch {
            throw ModelFileError(file: "(random weights)", tensor: name, error.message)
        }
    }

    /// The weights as a safetensors file's tensors.
    public var safetensors: [SafetensorsWriter.Tensor] {
        made.map { item in
            SafetensorsWriter.Tensor(name: item.name, dtype: .float32, shape: item.shape,
                                     data: item.values.withUnsafeBytes { Data($0) })
        }
    }
}
