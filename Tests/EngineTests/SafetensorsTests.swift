import Engine
import Foundation
import Testing
import Templating

/// The safetensors reader: a file written by the reference's `safetensors` library
/// (`Fixtures/safetensors/sample.safetensors`, written by `record_safetensors.py` there), our
/// own writer's files read back, and every kind of broken file refused with an error that names
/// the file and, where there is one, the tensor.
@Suite struct SafetensorsTests {
    static let sample = Bundle.module.url(forResource: "Fixtures/safetensors/sample", withExtension: "safetensors")?.path ?? ""

    func temporary(_ data: Data) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID().uuidString).safetensors").path
        _ = FileManager.default.createFile(atPath: path, contents: data)
        return path
    }

    func floats(_ buffer: UnsafeRawBufferPointer) -> [Float] {
        (0..<buffer.count / 4).map { buffer.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) }
    }

    @Test func readsTheReferenceLibrarysFile() throws {
        let file = try SafetensorsFile(path: Self.sample)
        #expect(file.metadata == ["format": "pt", "note": "test"])
        #expect(Set(file.tensors.keys) == ["weight", "half", "bf", "ids", "flag", "empty"])
        #expect(file.tensors["weight"]?.shape == [2, 3])
        #expect(file.tensors["weight"]?.dtype == .float32)
        #expect(floats(try file.bytes(of: "weight")) == [-1, -0.5, 0, 0.5, 1, 1.5])
        let half = try file.bytes(of: "half")
        #expect((0..<4).map { half.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self) } == [0x3C00, 0xC000, 0x3800, 0x7BFF])
        let bf = try file.bytes(of: "bf")
        #expect((0..<2).map { bf.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self) } == [0x3F80, 0xC040])
        let ids = try file.bytes(of: "ids")
        #expect((0..<3).map { ids.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self) } == [7, -1, 1 << 40])
        #expect(Array(try file.bytes(of: "flag")) == [1, 0])
        #expect(file.tensors["empty"]?.elementCount == 0)
        #expect(throws: ModelFileError(file: Self.sample, tensor: "nope", "not in the file")) { try file.bytes(of: "nope") }
    }

    @Test func writerRoundTrips() throws {
        let values: [Float] = [1, 2, 3, 4]
        let data = values.withUnsafeBytes { Data($0) }
        let path = temporary(SafetensorsWriter.encode([
            .init(name: "b.weight", dtype: .float32, shape: [2, 2], data: data),
            .init(name: "a", dtype: .uint8, shape: [3], data: Data([9, 8, 7])),
        ], metadata: ["format": "pt"]))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try SafetensorsFile(path: path)
        #expect(floats(try file.bytes(of: "b.weight")) == values)
        #expect(Array(try file.bytes(of: "a")) == [9, 8, 7])
        #expect(file.metadata == ["format": "pt"])
    }

    /// A valid file's bytes with the header replaced.
    func withHeader(_ header: String, body: Data = Data(count: 16)) -> Data {
        var length = UInt64(header.utf8.count).littleEndian
        var data = Data(bytes: &length, count: 8)
        data.append(Data(header.utf8))
        data.append(body)
        return data
    }

    @Test(arguments: [
        ("short", "too short"),
        ("length past end", "the header says it is"),
        ("not json", "the header is not a JSON object"),
        ("bad dtype", "tensor \"w\": unknown dtype"),
        ("bad shape", "tensor \"w\": the shape is not a list of sizes"),
        ("bad offsets", "tensor \"w\": data_offsets is not [begin, end]"),
        ("size mismatch", "tensor \"w\": shape [2, 2] of F32 needs 16 bytes, data_offsets give 12"),
        ("truncated", "tensor \"w\": its data ends at byte 16, past the end of the file's data (8 bytes; truncated?)"),
        ("bad metadata", "__metadata__ value \"a\" is not a string"),
    ])
    func brokenFilesAreRefusedByName(_ kind: String, _ expected: String) {
        let good = #"{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}"#
        let data: Data
        switch kind {
        case "short": data = Data([1, 2, 3])
        case "length past end":
            var huge = UInt64(1 << 40).littleEndian
            data = Data(bytes: &huge, count: 8) + Data(count: 32)
        case "not json": data = withHeader("{\"w\": [1, 2")
        case "bad dtype": data = withHeader(good.replacingOccurrences(of: "F32", with: "F33"))
        case "bad shape": data = withHeader(good.replacingOccurrences(of: "[2,2]", with: "[2,-2]"))
        case "bad offsets": data = withHeader(good.replacingOccurrences(of: "[0,16]", with: "[16,0]"))
        case "size mismatch": data = withHeader(good.replacingOccurrences(of: "[0,16]", with: "[0,12]"))
        case "truncated": data = withHeader(good, body: Data(count: 8))
        default: data = withHeader(#"{"__metadata__":{"a":1}}"#)
        }
        let path = temporary(data)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try SafetensorsFile(path: path)
            Issue.record("\(kind): opened")
        } catch {
            #expect(error.description.hasPrefix(path + ": "), "\(error.description)")
            #expect(error.description.contains(expected), "\(kind): \(error.description)")
        }
    }

    @Test func missingFileIsNamed() {
        #expect(throws: ModelFileError(file: "/no/such/file.safetensors", "No such file or directory")) {
            try SafetensorsFile(path: "/no/such/file.safetensors")
        }
    }
}
