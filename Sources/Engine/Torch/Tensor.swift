import CTorchAPI
import Foundation

/// A failed libtorch operation: which one, and libtorch's message.
public struct TorchError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Element types of tensors.
public enum TensorType: Sendable, Equatable {
    case float32, float16, bfloat16, float64, int64, int32, uint8, bool, int8, int16

    var native: ctorch_dtype {
        switch self {
        case .float32: CTORCH_FLOAT32
        case .float16: CTORCH_FLOAT16
        case .bfloat16: CTORCH_BFLOAT16
        case .float64: CTORCH_FLOAT64
        case .int64: CTORCH_INT64
        case .int32: CTORCH_INT32
        case .uint8: CTORCH_UINT8
        case .bool: CTORCH_BOOL
        case .int8: CTORCH_INT8
        case .int16: CTORCH_INT16
        }
    }

    /// The element type a `--dtype`-style name asks for (`auto` is float32 on the CPU); nil
    /// for a name this engine does not compute in.
    public static func named(_ name: String) -> TensorType? {
        switch name.lowercased() {
        case "auto", "float32": .float32
        case "float16": .float16
        case "bfloat16": .bfloat16
        default: nil
        }
    }

    init(_ native: ctorch_dtype) {
        switch native {
        case CTORCH_FLOAT16: self = .float16
        case CTORCH_BFLOAT16: self = .bfloat16
        case CTORCH_FLOAT64: self = .float64
        case CTORCH_INT64: self = .int64
        case CTORCH_INT32: self = .int32
        case CTORCH_UINT8: self = .uint8
        case CTORCH_BOOL: self = .bool
        case CTORCH_INT8: self = .int8
        case CTORCH_INT16: self = .int16
        default: self = .float32
        }
    }

    /// The safetensors type of the same name.
    public init(_ type: SafetensorsDType) throws(TorchError) {
        switch type {
        case .float32: self = .float32
        case .float16: self = .float16
        case .bfloat16: self = .bfloat16
        case .float64: self = .float64
        case .int64: self = .int64
        case .int32: self = .int32
        case .uint8: self = .uint8
        case .bool: self = .bool
        case .int8: self = .int8
        case .int16: self = .int16
        case .float8e4m3, .float8e5m2: throw TorchError("float8 tensors are not supported")
        }
    }
}

/// A libtorch tensor (CPU), owned: the handle is released when the last reference goes.
/// Every operation returns a new tensor or throws the shim's error.
public final class Tensor: @unchecked Sendable {
    let handle: ctorch_tensor
    /// Keeps borrowed memory (a mapped model file) alive as long as the tensor.
    let owner: AnyObject?

    init(_ handle: ctorch_tensor, owner: AnyObject? = nil) {
        self.handle = handle
        self.owner = owner
    }

    deinit {
        (try? TorchLibrary.api())?.pointee.release(handle)
    }

    static func api() throws(TorchError) -> ctorch_api {
        do {
            return try TorchLibrary.api().pointee
        } catch {
            throw TorchError(error.message)
        }
    }

    /// Runs a table call that produces a tensor.
    static func make(_ what: String, owner: AnyObject? = nil,
                     _ body: (ctorch_api, UnsafeMutablePointer<ctorch_tensor?>) -> ctorch_status) throws(TorchError) -> Tensor {
        let api = try api()
        var out: ctorch_tensor? = nil
        guard body(api, &out) == CTORCH_OK, let handle = out else {
            throw TorchError("\(what): \(cText(api.last_error()))")
        }
        return Tensor(handle, owner: owner)
    }

    // MARK: - Making tensors

    /// A tensor holding a copy of `values`.
    public static func floats(_ values: [Float], shape: [Int]) throws(TorchError) -> Tensor {
        guard values.count == shape.reduce(1, *) else {
            throw TorchError("\(values.count) values do not fill the shape \(shape)")
        }
        let result = values.withUnsafeBytes { bytes in
            Result { () throws(TorchError) -> Tensor in
                try make("tensor") { api, out in
                    api.from_data(bytes.baseAddress, CTORCH_FLOAT32, shape.map(Int64.init), Int32(shape.count), 1, out)
                }
            }
        }
        return try result.get()
    }

    /// Integer ids (token ids, indices).
    public static func ids(_ values: [Int], shape: [Int]) throws(TorchError) -> Tensor {
        guard values.count == shape.reduce(1, *) else {
            throw TorchError("\(values.count) ids do not fill the shape \(shape)")
        }
        let wide = values.map(Int64.init)
        let result = wide.withUnsafeBytes { bytes in
            Result { () throws(TorchError) -> Tensor in
                try make("ids") { api, out in
                    api.from_data(bytes.baseAddress, CTORCH_INT64, shape.map(Int64.init), Int32(shape.count), 1, out)
                }
            }
        }
        return try result.get()
    }

    /// A tensor over memory owned by `owner` (a mapped file), without copying.
    public static func borrowing(_ bytes: UnsafeRawBufferPointer, type: TensorType, shape: [Int], owner: AnyObject) throws(TorchError) -> Tensor {
        try make("tensor", owner: owner) { api, out in
            api.from_data(bytes.baseAddress, type.native, shape.map(Int64.init), Int32(shape.count), 0, out)
        }
    }

    /// Standard normal noise as `torch.randn(shape, generator=torch.Generator().manual_seed(seed))`.
    public static func randn(seed: UInt64, shape: [Int]) throws(TorchError) -> Tensor {
        try make("randn") { api, out in api.randn(seed, shape.map(Int64.init), Int32(shape.count), out) }
    }

    public static func full(_ value: Double, shape: [Int], type: TensorType = .float32) throws(TorchError) -> Tensor {
        try make("full") { api, out in api.full(value, shape.map(Int64.init), Int32(shape.count), type.native, out) }
    }

    public static func arange(_ start: Double, _ end: Double, step: Double = 1, type: TensorType = .float32) throws(TorchError) -> Tensor {
        try make("arange") { api, out in api.arange(start, end, step, type.native, out) }
    }

    // MARK: - Reading

    public var rank: Int { (try? Tensor.api()).map { Int($0.rank(handle)) } ?? 0 }
    public var shape: [Int] {
        guard let api = try? Tensor.api() else { return [] }
        return (0..<Int(api.rank(handle))).map { Int(api.size(handle, Int32($0))) }
    }
    public var type: TensorType { (try? Tensor.api()).map { TensorType($0.dtype(handle)) } ?? .float32 }
    public var elementCount: Int { shape.reduce(1, *) }

    /// The elements as float32 (converted when the tensor holds another type).
    public func floats() throws(TorchError) -> [Float] {
        let source = type == .float32 ? self : try converted(to: .float32)
        var values = [Float](repeating: 0, count: source.elementCount)
        let api = try Tensor.api()
        let status = values.withUnsafeMutableBytes { api.read(source.handle, $0.baseAddress, $0.count) }
        guard status == CTORCH_OK else { throw TorchError("read: \(cText(api.last_error()))") }
        return values
    }

    // MARK: - Operations

    func binary(_ op: ctorch_binary_op, _ other: Tensor, _ name: String) throws(TorchError) -> Tensor {
        try Tensor.make(name) { api, out in api.binary(op, handle, other.handle, out) }
    }
    func scalar(_ op: ctorch_scalar_op, _ value: Double, _ name: String) throws(TorchError) -> Tensor {
        try Tensor.make(name) { api, out in api.scalar(op, handle, value, out) }
    }
    func unary(_ op: ctorch_unary_op, _ name: String) throws(TorchError) -> Tensor {
        try Tensor.make(name) { api, out in api.unary(op, handle, out) }
    }

    public func adding(_ other: Tensor) throws(TorchError) -> Tensor { try binary(CTORCH_ADD, other, "add") }
    public func subtracting(_ other: Tensor) throws(TorchError) -> Tensor { try binary(CTORCH_SUB, other, "sub") }
    public func multiplying(_ other: Tensor) throws(TorchError) -> Tensor { try binary(CTORCH_MUL, other, "mul") }
    public func dividing(_ other: Tensor) throws(TorchError) -> Tensor { try binary(CTORCH_DIV, other, "div") }
    public func adding(_ value: Double) throws(TorchError) -> Tensor { try scalar(CTORCH_ADD_SCALAR, value, "add") }
    public func multiplying(_ value: Double) throws(TorchError) -> Tensor { try scalar(CTORCH_MUL_SCALAR, value, "mul") }
    public func power(_ value: Double) throws(TorchError) -> Tensor { try scalar(CTORCH_POW_SCALAR, value, "pow") }
    public func clamped(min lower: Double, max upper: Double) throws(TorchError) -> Tensor {
        try scalar(CTORCH_CLAMP_MIN, lower, "clamp").scalar(CTORCH_CLAMP_MAX, upper, "clamp")
    }
    public func silu() throws(TorchError) -> Tensor { try unary(CTORCH_SILU, "silu") }
    public func gelu() throws(TorchError) -> Tensor { try unary(CTORCH_GELU, "gelu") }
    public func quickGelu() throws(TorchError) -> Tensor { try unary(CTORCH_QUICK_GELU, "quick_gelu") }
    public func exp() throws(TorchError) -> Tensor { try unary(CTORCH_EXP, "exp") }
    public func sin() throws(TorchError) -> Tensor { try unary(CTORCH_SIN, "sin") }
    public func cos() throws(TorchError) -> Tensor { try unary(CTORCH_COS, "cos") }
    public func sigmoid() throws(TorchError) -> Tensor { try unary(CTORCH_SIGMOID, "sigmoid") }

    public func matmul(_ other: Tensor) throws(TorchError) -> Tensor {
        try Tensor.make("matmul") { api, out in api.matmul(handle, other.handle, out) }
    }
    /// `self @ weight.T + bias`.
    public func linear(_ weight: Tensor, _ bias: Tensor?) throws(TorchError) -> Tensor {
        try Tensor.make("linear") { api, out in api.linear(handle, weight.handle, bias?.handle, out) }
    }
    public func conv2d(_ weight: Tensor, _ bias: Tensor?, stride: Int = 1, padding: Int = 0) throws(TorchError) -> Tensor {
        try Tensor.make("conv2d") { api, out in api.conv2d(handle, weight.handle, bias?.handle, Int32(clamping: stride), Int32(clamping: padding), out) }
    }
    public func groupNorm(groups: Int, _ weight: Tensor?, _ bias: Tensor?, eps: Double) throws(TorchError) -> Tensor {
        try Tensor.make("group_norm") { api, out in api.group_norm(handle, Int32(clamping: groups), weight?.handle, bias?.handle, eps, out) }
    }
    public func layerNorm(_ weight: Tensor?, _ bias: Tensor?, eps: Double) throws(TorchError) -> Tensor {
        try Tensor.make("layer_norm") { api, out in api.layer_norm(handle, weight?.handle, bias?.handle, eps, out) }
    }
    public func softmax(dimension: Int) throws(TorchError) -> Tensor {
        try Tensor.make("softmax") { api, out in api.softmax(handle, Int32(clamping: dimension), out) }
    }
    /// Scaled dot-product attention over the last two dimensions.
    public static func attention(_ q: Tensor, _ k: Tensor, _ v: Tensor, mask: Tensor? = nil) throws(TorchError) -> Tensor {
        try make("attention") { api, out in api.attention(q.handle, k.handle, v.handle, mask?.handle, out) }
    }
    public func reshaped(_ shape: [Int]) throws(TorchError) -> Tensor {
        try Tensor.make("reshape", owner: owner) { api, out in api.reshape(handle, shape.map(Int64.init), Int32(shape.count), out) }
    }
    public func permuted(_ order: [Int]) throws(TorchError) -> Tensor {
        try Tensor.make("permute", owner: owner) { api, out in api.permute(handle, order.map(Int64.init), Int32(order.count), out) }
    }
    public static func cat(_ tensors: [Tensor], dimension: Int) throws(TorchError) -> Tensor {
        let handles: [ctorch_tensor?] = tensors.map(\.handle)
        return try make("cat") { api, out in api.cat(handles, Int32(handles.count), Int32(clamping: dimension), out) }
    }
    public func sliced(dimension: Int, _ range: Range<Int>) throws(TorchError) -> Tensor {
        try Tensor.make("slice", owner: owner) { api, out in api.slice(handle, Int32(clamping: dimension), Int64(range.lowerBound), Int64(range.upperBound), out) }
    }
    public func upsampledNearest2x() throws(TorchError) -> Tensor {
        try Tensor.make("upsample") { api, out in api.upsample_nearest2x(handle, out) }
    }
    public func converted(to type: TensorType) throws(TorchError) -> Tensor {
        try Tensor.make("to") { api, out in api.to_dtype(handle, type.native, out) }
    }
    /// Rows of this weight chosen by `ids`.
    public func embedding(_ ids: Tensor) throws(TorchError) -> Tensor {
        try Tensor.make("embedding") { api, out in api.embedding(handle, ids.handle, out) }
    }
    public func mean(dimension: Int) throws(TorchError) -> Tensor {
        try Tensor.make("mean") { api, out in api.mean(handle, Int32(clamping: dimension), out) }
    }
}

/// Tensors step through the schedulers. The protocol's operations cannot throw: a failure there
/// is a shape mismatch the engine never produces, so it stops the program with libtorch's
/// message rather than returning a wrong sample.
extension Tensor: SchedulerTensor {
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor { must { () throws(TorchError) in try lhs.adding(rhs) } }
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor { must { () throws(TorchError) in try lhs.subtracting(rhs) } }
    public func scaled(by factor: Double) -> Tensor { Tensor.must { () throws(TorchError) in try multiplying(factor) } }
    public func clamped(_ lower: Double, _ upper: Double) -> Tensor {
        Tensor.must { () throws(TorchError) in try clamped(min: lower, max: upper) }
    }
    public func divided(by divisor: Double) -> Tensor {
        Tensor.must { () throws(TorchError) in try dividing(Tensor.full(divisor, shape: [], type: type)) }
    }
    public func normal(seed: UInt64) -> Tensor {
        Tensor.must { () throws(TorchError) in try Tensor.randn(seed: seed, shape: shape).converted(to: type) }
    }

    static func must(_ body: () throws(TorchError) -> Tensor) -> Tensor {
        do {
            return try body()
        } catch {
            fatalError("scheduler step: \(error.message)")
        }
    }
}

/// A CPU random generator, as `torch.Generator().manual_seed(seed)`: every draw continues
/// the same stream (the initial latents, then an ancestral scheduler's noise).
public final class RandomGenerator: @unchecked Sendable {
    let handle: ctorch_generator

    public init(seed: UInt64) throws(TorchError) {
        let api = try Tensor.api()
        var out: ctorch_generator? = nil
        guard api.generator_new(seed, &out) == CTORCH_OK, let handle = out else {
            throw TorchError("generator: \(cText(api.last_error()))")
        }
        self.handle = handle
    }

    deinit {
        (try? TorchLibrary.api())?.pointee.generator_release(handle)
    }

    /// Standard normal values of `shape`.
    /// The next standard normal values of the stream, drawn in `type` as torch draws them.
    public func randn(_ shape: [Int], type: TensorType = .float32) throws(TorchError) -> Tensor {
        try Tensor.make("randn") { api, out in api.generator_randn(handle, shape.map(Int64.init), Int32(shape.count), type.native, out) }
    }
}

extension Tensor {
    /// In place: these values plus `other` (broadcast). Only for a tensor the engine computed
    /// and nothing else refers to, never a weight.
    public func addInPlace(_ other: Tensor) throws(TorchError) { try inPlace(CTORCH_ADD, other, "add_") }
    /// In place: these values times `other` (broadcast); the same rule as `addInPlace`.
    public func multiplyInPlace(_ other: Tensor) throws(TorchError) { try inPlace(CTORCH_MUL, other, "mul_") }
    /// In place: SiLU of these values; the same rule as `addInPlace`.
    public func siluInPlace() throws(TorchError) { try inPlace(CTORCH_SILU, "silu_") }
    /// In place: GELU of these values; the same rule as `addInPlace`.
    public func geluInPlace() throws(TorchError) { try inPlace(CTORCH_GELU, "gelu_") }

    private func inPlace(_ op: ctorch_binary_op, _ other: Tensor, _ name: String) throws(TorchError) {
        let api = try Tensor.api()
        guard api.binary_in_place(op, handle, other.handle) == CTORCH_OK else { throw TorchError("\(name): \(cText(api.last_error()))") }
    }

    private func inPlace(_ op: ctorch_unary_op, _ name: String) throws(TorchError) {
        let api = try Tensor.api()
        guard api.unary_in_place(op, handle) == CTORCH_OK else { throw TorchError("\(name): \(cText(api.last_error()))") }
    }

    /// The same values laid out channels-last in memory (a 4-dimensional tensor), which
    /// convolutions run faster on.
    public func channelsLast() throws(TorchError) -> Tensor {
        try Tensor.make("channels_last", owner: owner) { api, out in api.channels_last(handle, out) }
    }

    /// The standard deviation over every dimension but the first, kept for broadcasting.
    public func standardDeviationOfRows() throws(TorchError) -> Tensor {
        try Tensor.make("std") { api, out in api.std_rows(handle, out) }
    }
}
