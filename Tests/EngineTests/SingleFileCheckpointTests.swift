import Engine
import Foundation
import Testing

/// Single-file checkpoints the engine cannot load are refused with a message that says why,
/// and the ones it can are read back as the families they are. (Their pixels against the
/// reference are in `ModelFamilyTests`, the `single_file_*` cases.)
@Suite struct SingleFileCheckpointTests {
    static func temporaryFile(_ name: String, _ bytes: Data) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("checkpoint-\(UUID().uuidString)-\(name)").path
        try bytes.write(to: URL(fileURLWithPath: path))
        return path
    }

    static func safetensors(_ names: [String]) -> Data {
        SafetensorsWriter.encode(names.map { SafetensorsWriter.Tensor(name: $0, dtype: .float32, shape: [1, 1, 1, 1], data: Data(count: 4)) })
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        var file: String
        var bytes: Data
        var message: String
        var testDescription: String { file }
    }

    static let refusals: [Refusal] = [
        // torch.save's zip format and an older bare pickle: loading either runs code
        Refusal(file: "model.ckpt", bytes: Data("PK\u{3}\u{4}archive/data.pkl".utf8),
                message: "is a pickled checkpoint; loading it would run the code it carries, so this build refuses it: convert it to .safetensors first"),
        Refusal(file: "model.pt", bytes: Data([0x80, 0x02, 0x7d, 0x71, 0x00, 0x28, 0x58, 0x0a, 0x00, 0x00]),
                message: "is a pickled checkpoint; loading it would run the code it carries, so this build refuses it: convert it to .safetensors first"),
        Refusal(file: "notes.txt", bytes: Data("hello".utf8), message: "is not a safetensors file"),
        Refusal(file: "lora.safetensors", bytes: safetensors(["lora_unet_down_blocks_0.lora_down.weight"]),
                message: "is not a Stable Diffusion checkpoint in the original (LDM) layout: it has no model.diffusion_model.input_blocks"),
        Refusal(file: "unet-only.safetensors", bytes: safetensors(["model.diffusion_model.input_blocks.0.0.weight"]),
                message: "has a UNet but no text encoder of a layout this build knows (SD 1.x, 2.x, SDXL, SDXL refiner)"),
    ]

    @Test(arguments: refusals)
    func unreadableCheckpointsAreRefused(_ refusal: Refusal) throws {
        let path = try Self.temporaryFile(refusal.file, refusal.bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: ModelFileError.self) { _ = try SingleFileCheckpoint(path: path) }
        #expect(error.message == refusal.message)
    }

    @Test(arguments: [(TinyModel.Kind.sd1Checkpoint, SingleFileCheckpoint.Family.sd1), (.sd2Checkpoint, .sd2), (.sdxlCheckpoint, .sdxl)])
    func theWrittenCheckpointsReadAsTheirFamilies(_ kind: TinyModel.Kind, _ family: SingleFileCheckpoint.Family) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("checkpoint-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try TinyModel.write(kind, to: folder)
        try TinyModel.writeSingleFile(folder: folder, to: folder + "/model.safetensors")
        #expect(try SingleFileCheckpoint(path: folder + "/model.safetensors").family == family)
    }
}
