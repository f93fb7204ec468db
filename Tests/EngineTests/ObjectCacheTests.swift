import ConfigLanguage
import ConfigRuntime
import Engine
import Foundation
import Testing

/// The engine's object caches: what a script's invocations load and keep, and the directives
/// that show and clear them, against dgenerate 5.0.0 (`Fixtures/object-caches`, recorded by
/// `record.py` there the way the image-seed cases are), and the cache's own counters.
@Suite(.serialized) struct ObjectCacheTests {
    static let folder = Bundle.module.url(forResource: "Fixtures/object-caches", withExtension: nil)?.path ?? ""

    static let cases: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        .filter { $0.hasSuffix(".dgen") }.map { String($0.dropLast(5)) }.sorted()

    /// `\list_object_caches`' sizes, which differ by design (divergence E9: the reference
    /// reports 0B for the components of a local folder), as one word.
    static func sizesHidden(_ text: String) -> String {
        text.replacingOccurrences(of: #"cpu side RAM - \S+"#, with: "cpu side RAM - SIZE", options: .regularExpression)
    }

    @Test func everyCaseIsRecorded() {
        #expect(Self.cases.count >= 3)
    }

    @Test(arguments: cases)
    func scriptMatchesTheReference(_ name: String) throws {
        let model = try #require(ImageSeedCasesTests.modelLink, "a link to the model at a path of the recorded length")
        let work = try DgenerateRun.folder("cache-case")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let inputs = ImageSeedCasesTests.folder + "/inputs"
        for input in try FileManager.default.contentsOfDirectory(atPath: inputs) {
            try FileManager.default.copyItem(atPath: inputs + "/" + input, toPath: work + "/" + input)
        }
        try FileManager.default.copyItem(atPath: Self.folder + "/\(name).dgen", toPath: work + "/\(name).dgen")
        let run = try DgenerateRun.run(["--file", "\(name).dgen", "--set", "model=\(model)"], in: work,
                                       environment: ["COLUMNS": "150", "HOME": work], mergingErrors: true)
        let text = ImageSeedCasesTests.normalized(run.output, model: model, folder: work)
        let expected = try String(contentsOfFile: Self.folder + "/\(name).out", encoding: .utf8)
        #expect(Self.sizesHidden(text) == Self.sizesHidden(expected))
        let status = try String(contentsOfFile: Self.folder + "/\(name).rc", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect("\(run.status)" == status)
        if FileManager.default.fileExists(atPath: Self.folder + "/\(name).files") {
            let files = try String(contentsOfFile: Self.folder + "/\(name).files", encoding: .utf8)
            #expect(try ImageSeedCasesTests.listing(work, model: model) == files.trimmingCharacters(in: .newlines))
        }
        // this engine's sizes: the weight files of what a component cache holds, none for an empty one
        for line in text.split(separator: "\n") where line.contains(" objects, cpu side RAM - ") {
            let empty = line.contains(": 0 objects")
            let component = ["\"unet\"", "\"vae\"", "\"text_encoder\""].contains { line.contains($0) }
            #expect(empty ? line.hasSuffix(" - 0B") : (!component || !line.hasSuffix(" - 0B")), "\(name): \(line)")
        }
    }

    /// Output kept for the counters test.
    final class Capture: ScriptOutput, @unchecked Sendable {
        var text = ""
        func standardOutput(_ text: String) { self.text += text }
        func standardError(_ text: String) { self.text += text }
    }

    /// A script of 20 invocations of one model loads its pipeline and each component once;
    /// after `\clear_object_cache` the next invocation loads them again.
    @Test func twentyInvocationsLoadTheModelOnce() throws {
        let work = try DgenerateRun.folder("cache-counters")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let invocation = "\(TextToImageTests.model) --device cpu --prompts \"a cat\" --inference-steps 1 --output-size 32 --output-path out"
        let generator = EngineImageGenerator()
        let capture = Capture()
        var host = RuntimeHost(output: capture, environment: MemoryEnvironment([("COLUMNS", "80")]),
                               workingDirectory: VirtualWorkingDirectory(work))
        host.generator = generator
        host.modelCaches = generator.caches
        func run(_ lines: [String]) -> Int32 {
            ScriptEntry.run(SourceText(name: "caches.dgen", bytes: Array((lines.joined(separator: "\n") + "\n").utf8)), arguments: [], host: host)
        }
        #expect(run((1...20).map { "\(invocation) --seeds \($0)" }) == 0, "\(capture.text)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work + "/out").count == 20)
        #expect(generator.caches.loads == ["pipeline": 1, "unet": 1, "vae": 1, "text_encoder": 1])
        #expect(run(["\\clear_object_cache", "\(invocation) --seeds 21"]) == 0, "\(capture.text)")
        #expect(generator.caches.loads == ["pipeline": 2, "unet": 2, "vae": 2, "text_encoder": 2])
    }

    /// dgenerate's limit: before an object that would take more than three quarters of the
    /// memory available is loaded, its cache is emptied; a cached object is never reloaded.
    @Test func aCacheIsEmptiedBeforeALoadOverItsLimit() {
        final class Object {}
        let caches = ObjectCaches()
        caches.availableMemory = { 100 }
        let first = caches.cached("unet", key: "a", bytes: 70) { Object() }
        _ = caches.cached("unet", key: "b", bytes: 70) { Object() }
        #expect(caches.objectCaches.first { $0.name == "unet" }.map { ($0.objects, $0.bytes) } ?? (0, 0) == (2, 140))
        #expect(caches.cached("unet", key: "a", bytes: 70) { Object() } === first)
        _ = caches.cached("unet", key: "c", bytes: 80) { Object() }
        #expect(caches.objectCaches.first { $0.name == "unet" }.map { ($0.objects, $0.bytes) } ?? (0, 0) == (1, 80))
        #expect(caches.loads == ["unet": 3])
    }
}
