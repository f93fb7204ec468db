import Foundation
import Testing

/// `--shard K/N`: N runs of one script, each making its share of the generation steps into one
/// output folder, write exactly the files (byte for byte) one run writes; a line that would read
/// another shard's image stops with an error naming the file.
@Suite(.serialized) struct ShardTests {
    /// Three invocations, 24 generation steps, images, configs beside them and in them.
    static func script(model: String) -> String {
        """
        # 24 generation steps over three invocations
        \(model) --seeds 1 2 3 4 --prompts "a cat" "a dog" --inference-steps 2 --output-size 32 --output-path out --output-configs
        \(model) --seeds 5 6 --guidance-scales 3 5 --inference-steps 2 3 --output-size 32 --output-path out
        \(model) --seeds 7 8 9 10 11 12 13 14 --prompts "a house" --inference-steps 2 --output-size 32 --output-path out/third --output-metadata
        \\print images: {{ last_images | list | length }}

        """
    }

    /// Every file under `folder` by its path below it, with its bytes.
    static func files(_ folder: String) -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let path = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder), !isFolder.boolValue {
                files[path] = FileManager.default.contents(atPath: folder + "/" + path)
            }
        }
        return files
    }

    static func folder(_ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dgenerate-shard-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func fourShardsWriteWhatOneRunWrites() throws {
        let whole = try Self.folder("whole"), sharded = try Self.folder("four")
        defer {
            try? FileManager.default.removeItem(atPath: whole)
            try? FileManager.default.removeItem(atPath: sharded)
        }
        for folder in [whole, sharded] {
            try Self.script(model: TextToImageTests.model).write(toFile: folder + "/script.dgen", atomically: true, encoding: .utf8)
        }
        let one = try DgenerateRun.run(["--file", "script.dgen"], in: whole)
        #expect(one.status == 0, "\(one.errors)")
        for shard in 1...4 {
            let run = try DgenerateRun.run(["--file", "script.dgen", "--shard", "\(shard)/4"], in: sharded)
            #expect(run.status == 0, "shard \(shard): \(run.errors)")
            // each shard's last_images names every image of the invocation, as one run's does
            #expect(run.output.contains("images: 8"), "shard \(shard)")
            #expect(run.output.components(separatedBy: "Left to another shard").count - 1 == 18, "shard \(shard) makes 6 of 24 steps")
        }
        let expected = Self.files(whole + "/out"), written = Self.files(sharded + "/out")
        #expect(expected.count == 32)
        #expect(Set(written.keys) == Set(expected.keys))
        for (path, bytes) in expected { #expect(written[path] == bytes, "\(path) differs") }
    }

    @Test func aLineReadingAnotherShardsImageStops() throws {
        let folder = try Self.folder("reads")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let script = """
            \(TextToImageTests.model) --seeds 1 2 --inference-steps 2 --output-size 32 --output-path out
            \(TextToImageTests.model) --seeds 3 --inference-steps 2 --image-seeds "{{ last_images | first }}" --output-path out

            """
        try script.write(toFile: folder + "/script.dgen", atomically: true, encoding: .utf8)
        let run = try DgenerateRun.run(["--file", "script.dgen", "--shard", "2/2"], in: folder)
        #expect(run.status == 1)
        #expect(run.errors.contains("dgenerate: error: --image-seeds reads \"\(folder)/out/s_1_g_5-0_i_2_step_1.png\", which another shard of --shard 2/2 writes"))
        // the shard that wrote the image reads it (a file of this run, newer than its start)
        let owner = try DgenerateRun.run(["--file", "script.dgen", "--shard", "1/2"], in: folder)
        #expect(owner.status == 0, "\(owner.errors)")
    }

    @Test(arguments: ["3/2", "0/2", "2", "a/b", ""])
    func aShardThatIsNotKOfNIsRefused(_ word: String) throws {
        let folder = try Self.folder("refused")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try DgenerateRun.run([TextToImageTests.model, "--seeds", "1", "--no-stdin", "--shard", word], in: folder)
        #expect(run.status == 1)
        #expect(run.errors.contains("--shard takes K/N"))
    }

    @Test func shardsNeedSeeds() throws {
        let folder = try Self.folder("seeds")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try DgenerateRun.run([TextToImageTests.model, "--no-stdin", "--output-size", "32", "--shard", "1/2"], in: folder)
        #expect(run.status == 1)
        #expect(run.errors.contains("--shard 1/2 needs --seeds on every invocation"))
    }
}
