import Engine
import Foundation
import Testing

/// `--device`: the executable asks its libtorch how many CUDA devices it has. Without one (a
/// CPU-only libtorch, as Debian's, or no NVIDIA driver) CUDA devices are refused with the
/// reference's messages (recorded in `Tests/ConfigLanguageTests/Fixtures/cli/cases/s_device_cuda*`)
/// and status 1; with one, the tiny model runs there in half precision.
@Suite struct DeviceTests {
    static let scriptErrorPrefix = "dgenerate: error: argument -d/--device: "

    static func runLine(_ line: String) throws -> DgenerateRun {
        let folder = try DgenerateRun.folder("device")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try (line + "\n").write(toFile: folder + "/script.dgen", atomically: true, encoding: .utf8)
        return try DgenerateRun.run(["--file", "script.dgen"], in: folder, mergingErrors: true)
    }

    @Test func cudaIsRefusedWithoutADeviceAndUsedWithOne() throws {
        let model = TextToImageTests.model
        let generation = "--prompts 'a cat' --seeds 1 --inference-steps 2 --output-size 32x32 --output-path out"
        if NativeLibraries.cudaDeviceCount() == 0 {
            let plain = try Self.runLine("\(model) --device cuda \(generation)")
            #expect(plain.status == 1)
            #expect(plain.output.contains(Self.scriptErrorPrefix
                + "Must be one of: cpu, Optionally with a device ordinal, for example (cpu:0, cpu:1, etc..). Unknown value: cuda\n"),
                    "\(plain.output)")
            let ordinal = try Self.runLine("\(model) --device cuda:3 \(generation)")
            #expect(ordinal.status == 1)
            #expect(ordinal.output.contains(Self.scriptErrorPrefix + "CUDA device ordinal 3 is invalid, no such device exists.\n"),
                    "\(ordinal.output)")
            #expect(throws: NativeLibraryError(message: "CUDA device ordinal 0 is invalid, no such device exists.")) {
                try NativeLibraries.useDevice("cuda")
            }
        } else {
            let run = try Self.runLine("\(model) --device cuda --dtype float16 \(generation)")
            #expect(run.status == 0, "\(run.output)")
            #expect(run.output.contains("Wrote Image File: \"out/"), "\(run.output)")
        }
        try NativeLibraries.useDevice("cpu")
    }
}
