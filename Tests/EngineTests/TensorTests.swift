import Engine
import Foundation
import Testing
import Templating

/// The tensor layer (libtorch through the shim) against torch 2.8 as the reference runs it
/// (`Fixtures/torch/tensor_ops.json`, recorded by `record_tensor_ops.py` there): seeded noise,
/// convolutions, normalisations, attention with and without a mask, upsampling, activations.
@Suite struct TensorTests {
    struct Packed: Decodable {
        var shape: [Int]
        var values: [Double]
        func tensor() throws -> Tensor { try Tensor.floats(values.map { Float($0) }, shape: shape) }
    }

    struct Noise: Decodable {
        var seed: UInt64
        var shape: [Int]
        var values: [Double]
    }

    struct Operation: Decodable {
        var op: String
        var inputs: [Packed]
        var output: Packed
        var stride: Int?
        var padding: Int?
        var groups: Int?
        var eps: Double?
    }

    struct TypedNoise: Decodable {
        var seed: UInt64
        var shape: [Int]
        var dtype: String
        var values: [Double]
    }

    struct Recording: Decodable {
        var randn: [Noise]
        var typed_randn: [TypedNoise]
        var ops: [Operation]
    }

    static let recording: Recording? = {
        guard let url = Bundle.module.url(forResource: "Fixtures/torch/tensor_ops", withExtension: "json"),
              let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(Recording.self, from: data)
    }()

    static func close(_ actual: [Float], _ expected: [Double], tolerance: Double = 1e-5) -> Bool {
        actual.count == expected.count && zip(actual, expected).allSatisfy { abs(Double($0) - $1) <= tolerance * max(1, abs($1)) }
    }

    @Test func seededNoiseIsTorchs() throws {
        let recording = try #require(Self.recording)
        for noise in recording.randn {
            let tensor = try Tensor.randn(seed: noise.seed, shape: noise.shape)
            #expect(tensor.shape == noise.shape)
            #expect(Self.close(try tensor.floats(), noise.values, tolerance: 1e-6), "seed \(noise.seed) \(noise.shape)")
        }
    }

    /// Noise drawn in half precision is torch's half-precision stream, exactly. (float16's
    /// changed after libtorch 1.13, which has no float16 convolutions on the CPU anyway, so
    /// it is compared on libtorch 2 only.)
    @Test func halfPrecisionNoiseIsTorchs() throws {
        let recording = try #require(Self.recording)
        #expect(recording.typed_randn.count == 4)
        let modern = try !NativeLibraries.torchVersion().hasPrefix("1.")
        for noise in recording.typed_randn {
            let type: TensorType = noise.dtype == "bfloat16" ? .bfloat16 : .float16
            let tensor = try RandomGenerator(seed: noise.seed).randn(noise.shape, type: type)
            #expect(tensor.type == type)
            if type == .bfloat16 || modern {
                #expect(try tensor.floats().map(Double.init) == noise.values, "\(noise.dtype) seed \(noise.seed)")
            }
        }
    }

    @Test func operationsMatchTorch() throws {
        let recording = try #require(Self.recording)
        #expect(recording.ops.count >= 12)
        for item in recording.ops {
            let inputs = try item.inputs.map { try $0.tensor() }
            let output: Tensor
            switch item.op {
            case "conv2d", "conv2d_stride2":
                output = try inputs[0].conv2d(inputs[1], inputs[2], stride: item.stride ?? 1, padding: item.padding ?? 0)
            case "group_norm": output = try inputs[0].groupNorm(groups: item.groups ?? 1, inputs[1], inputs[2], eps: item.eps ?? 1e-5)
            case "layer_norm": output = try inputs[0].layerNorm(inputs[1], inputs[2], eps: item.eps ?? 1e-5)
            case "linear": output = try inputs[0].linear(inputs[1], inputs.count > 2 ? inputs[2] : nil)
            case "attention": output = try Tensor.attention(inputs[0], inputs[1], inputs[2])
            case "attention_mask": output = try Tensor.attention(inputs[0], inputs[1], inputs[2], mask: inputs[3])
            case "upsample": output = try inputs[0].upsampledNearest2x()
            case "silu": output = try inputs[0].silu()
            case "gelu": output = try inputs[0].gelu()
            case "quick_gelu": output = try inputs[0].quickGelu()
            case "softmax": output = try inputs[0].softmax(dimension: -1)
            default:
                Issue.record("unknown operation \(item.op)")
                continue
            }
            #expect(output.shape == item.output.shape, "\(item.op)")
            #expect(Self.close(try output.floats(), item.output.values), "\(item.op)")
        }
    }

    /// The recorded attention cases go through the path this libtorch has: the fused kernel on
    /// 2.x, the blocked one on 1.x (Debian's libtorch loads oneDNN, which it needs).
    @Test func attentionTakesThisLibtorchsFastPath() throws {
        let expected: NativeLibraries.AttentionKind = try NativeLibraries.torchVersion().hasPrefix("1.") ? .blocked : .fused
        #expect(try NativeLibraries.attentionKind() == expected)
    }

    /// A query whose scores are all -inf has no softmax: torch gives NaN (its 0/0), and so does
    /// every path here; other rows are untouched.
    @Test func aRowOfMinusInfinityScoresIsNaN() throws {
        let keys = 21 // past one vector of lanes, with a tail
        let q = try Tensor.floats([-.infinity, 1], shape: [1, 2, 1])
        let k = try Tensor.floats((0..<keys).map { Float($0 + 1) }, shape: [1, keys, 1])
        let v = try Tensor.floats((0..<keys).map { Float($0) }, shape: [1, keys, 1])
        let out = try Tensor.attention(q, k, v).floats()
        #expect(out.count == 2 && out[0].isNaN, "\(out)")
        #expect(out.count == 2 && !out[1].isNaN && out[1] > 15, "\(out)")
    }

    @Test func libtorchErrorsComeBackAsErrors() throws {
        let a = try Tensor.floats([1, 2, 3], shape: [3])
        let b = try Tensor.floats([1, 2], shape: [2])
        #expect { try a.adding(b) } throws: { error in
            (error as? TorchError)?.message.hasPrefix("add: ") == true
        }
        #expect(throws: TorchError("3 values do not fill the shape [2, 2]")) { try Tensor.floats([1, 2, 3], shape: [2, 2]) }
        #expect { try a.matmul(b) } throws: { _ in true }
    }
}
