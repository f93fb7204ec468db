import Foundation

/// The element types a safetensors file can hold, by the format's names.
public enum SafetensorsDType: String, Sendable, CaseIterable {
    case float64 = "F64", float32 = "F32", float16 = "F16", bfloat16 = "BF16"
    case int64 = "I64", int32 = "I32", int16 = "I16", int8 = "I8", uint8 = "U8", bool = "BOOL"
    case float8e4m3 = "F8_E4M3", float8e5m2 = "F8_E5M2"

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .float64, .int64: return 8
        case .float32, .int32: return 4
        case .float16, .bfloat16, .int16: return 2
        case .int8, .uint8, .bool, .float8e4m3, .float8e5m2: return 1
        }
    }
}

/// A model file that cannot be used: the file, the tensor when there is one, and what is wrong.
public struct ModelFileError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var tensor: String?
    public var message: String
    public init(file: String, tensor: String? = nil, _ message: String) {
        self.file = file
        self.tensor = tensor
        self.message = message
    }
    public var description: String {
        tensor.map { "\(file): tensor \"\($0)\": \(message)" } ?? "\(file): \(message)"
    }
}

/// A safetensors file mapped read-only into memory: its tensors' types, shapes and bytes,
/// read in place (nothing is copied). Every offset is checked against the file when it opens,
/// so a truncated or corrupt file is an error that names it, never a crash.
public final class SafetensorsFile: @unchecked Sendable {
    public struct TensorInfo: Sendable, Equatable {
        public var dtype: SafetensorsDType
        public var shape: [Int]
        /// Byte range within the data section.
        public var range: Range<Int>
        public var elementCount: Int { shape.reduce(1, *) }
    }

    public let path: String
    public let tensors: [String: TensorInfo]
    /// The header's `__metadata__` (string to string).
    public let metadata: [String: String]
    private let base: UnsafeMutableRawPointer?
    private let mappedSize: Int
    private let dataStart: Int

    /// The header may be at most 100 MB, as the reference implementation allows.
    static let maximumHeaderSize = 100_000_000

    public init(path: String) throws(ModelFileError) {
        self.path = path
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw ModelFileError(file: path, String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ModelFileError(file: path, String(cString: strerror(errno))) }
        let size = Int(status.st_size)
        guard size >= 8 else { throw ModelFileError(file: path, "too short for a safetensors file (\(size) bytes)") }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            throw ModelFileError(file: path, "cannot be mapped: \(String(cString: strerror(errno)))")
        }
        base = mapped
        mappedSize = size
        do throws(ModelFileError) {
            let declared = mapped.loadUnaligned(as: UInt64.self).littleEndian
            let headerSize = declared > UInt64(Int.max) ? Int.max : Int(declared)
            guard headerSize <= Self.maximumHeaderSize, headerSize <= size - 8 else {
                throw ModelFileError(file: path, "the header says it is \(headerSize) bytes, but the file has \(size - 8) after its length (truncated or not safetensors)")
            }
            dataStart = 8 + headerSize
            let headerData = Data(bytesNoCopy: mapped + 8, count: headerSize, deallocator: .none)
            guard let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any] else {
                throw ModelFileError(file: path, "the header is not a JSON object")
            }
            var tensors: [String: TensorInfo] = [:]
            var metadata: [String: String] = [:]
            let dataSize = size - dataStart
            for (name, entry) in header {
                if name == "__metadata__" {
                    guard let table = entry as? [String: Any] else { throw ModelFileError(file: path, "__metadata__ is not an object") }
                    for (key, value) in table {
                        guard let text = value as? String else { throw ModelFileError(file: path, "__metadata__ value \"\(key)\" is not a string") }
                        metadata[key] = text
                    }
                    continue
                }
                guard let fields = entry as? [String: Any] else { throw ModelFileError(file: path, tensor: name, "its header entry is not an object") }
                guard let typeName = fields["dtype"] as? String, let dtype = SafetensorsDType(rawValue: typeName) else {
                    throw ModelFileError(file: path, tensor: name, "unknown dtype \(String(describing: fields["dtype"] ?? "(none)"))")
                }
                guard let shapeValues = fields["shape"] as? [NSNumber], shapeValues.allSatisfy(Self.isSize) else {
                    throw ModelFileError(file: path, tensor: name, "the shape is not a list of sizes")
                }
                guard let offsets = fields["data_offsets"] as? [NSNumber], offsets.count == 2, offsets.allSatisfy(Self.isSize),
                      offsets[0].intValue <= offsets[1].intValue else {
                    throw ModelFileError(file: path, tensor: name, "data_offsets is not [begin, end]")
                }
                let shape = shapeValues.map { $0.intValue }
                let range = offsets[0].intValue..<offsets[1].intValue
                var count = 1
                for dimension in shape {
                    let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
                    guard !overflow else { throw ModelFileError(file: path, tensor: name, "the shape \(shape) is too large") }
                    count = product
                }
                let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.size)
                guard !overflow else { throw ModelFileError(file: path, tensor: name, "the shape \(shape) is too large") }
                guard bytes == range.count else {
                    throw ModelFileError(file: path, tensor: name, "shape \(shape) of \(typeName) needs \(bytes) bytes, data_offsets give \(range.count)")
                }
                guard range.upperBound <= dataSize else {
                    throw ModelFileError(file: path, tensor: name, "its data ends at byte \(range.upperBound), past the end of the file's data (\(dataSize) bytes; truncated?)")
                }
                tensors[name] = TensorInfo(dtype: dtype, shape: shape, range: range)
            }
            self.tensors = tensors
            self.metadata = metadata
        } catch {
            munmap(mapped, size)
            throw error
        }
    }

    deinit {
        if let base { munmap(base, mappedSize) }
    }

    /// A whole, non-negative JSON number (not a boolean, not a fraction).
    static func isSize(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) != "c" && number.doubleValue >= 0 && number.doubleValue == number.doubleValue.rounded()
            && number.doubleValue < 9.0e18
    }

    /// The tensor's bytes, in place in the mapped file (valid while this object lives).
    public func bytes(of name: String) throws(ModelFileError) -> UnsafeRawBufferPointer {
        guard let info = tensors[name] else { throw ModelFileError(file: path, tensor: name, "not in the file") }
        guard let base else { throw ModelFileError(file: path, tensor: name, "the file is not mapped") }
        return UnsafeRawBufferPointer(start: base + dataStart + info.range.lowerBound, count: info.range.count)
    }
}

/// Writes safetensors files (for the tiny models this project makes, and for tests).
public enum SafetensorsWriter {
    public struct Tensor {
        public var name: String
        public var dtype: SafetensorsDType
        public var shape: [Int]
        public var data: Data
        public init(name: String, dtype: SafetensorsDType, shape: [Int], data: Data) {
            self.name = name
            self.dtype = dtype
            self.shape = shape
            self.data = data
        }
    }

    /// The file's bytes: tensors laid out in name order, the header padded with spaces to a
    /// multiple of 8 bytes, as the reference writer does.
    public static func encode(_ tensors: [Tensor], metadata: [String: String] = [:]) -> Data {
        var entries: [String] = []
        if !metadata.isEmpty {
            let fields = metadata.keys.sorted().map { "\(quote($0)):\(quote(metadata[$0]!))" }
            entries.append("\"__metadata__\":{\(fields.joined(separator: ","))}")
        }
        var offset = 0
        var body = Data()
        for tensor in tensors.sorted(by: { $0.name < $1.name }) {
            let end = offset + tensor.data.count
            entries.append("\(quote(tensor.name)):{\"dtype\":\"\(tensor.dtype.rawValue)\",\"shape\":[\(tensor.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(end)]}")
            body.append(tensor.data)
            offset = end
        }
        var header = Data(("{" + entries.joined(separator: ",") + "}").utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var length = UInt64(header.count).littleEndian
        var file = Data(bytes: &length, count: 8)
        file.append(header)
        file.append(body)
        return file
    }

    static func quote(_ text: String) -> String {
        let data = try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])
        let array = data.flatMap { String(data: $0, encoding: .utf8) } ?? "[\"\"]"
        return String(array.dropFirst().dropLast())
    }
}
