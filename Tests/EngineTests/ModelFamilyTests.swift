import Engine
import Foundation
import Testing

/// The `dgenerate` executable on the project's tiny SD 2.x (v-prediction), SDXL and SDXL refiner
/// models against dgenerate 5.0.0's runs of the same models and arguments
/// (`Fixtures/model-families/cases.json` and `cases/`, recorded by `record.py` there): the same
/// exit status, the same standard output (its progress lines aside) and error lines, the same
/// file names and config texts, and every image within 2/255 of the reference's. The
/// `*-checkpoint` models run here as single-file checkpoints (`TinyModel.writeSingleFile`) of
/// the weights the reference ran as folders.
@Suite(.serialized) struct ModelFamilyTests {
    struct Case: Decodable {
        var name: String
        var arguments: [String]
        var status: Int32
        var files: [String]
        var output: String
        var errors: [String]
    }

    static let folder = Bundle.module.url(forResource: "Fixtures/model-families", withExtension: nil)?.path ?? ""

    static let cases: [Case] = {
        guard let data = FileManager.default.contents(atPath: folder + "/cases.json") else { return [] }
        return (try? JSONDecoder().decode([Case].self, from: data)) ?? []
    }()

    /// The tiny models, written once for the suite, by the words the recorder used for them.
    static let models: [String: String]? = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dgenerate-families-\(UUID().uuidString)").path
        var models = ["SD1": TextToImageTests.model, "FILES": folder + "/files"]
        // second tiny models (seed 7), whose components replace the first ones'
        for (word, kind) in [("SD1B", TinyModel.Kind.sd1), ("SDXLB", .sdxl)] {
            let path = root + "/" + word.lowercased()
            guard (try? TinyModel.write(kind, to: path, seed: 7)) != nil else { return nil }
            models[word] = path
        }
        for (word, kind) in [("SD2", TinyModel.Kind.sd2), ("SDXL", .sdxl), ("REFINER", .sdxlRefiner)] {
            let path = root + "/" + kind.rawValue
            guard (try? TinyModel.write(kind, to: path)) != nil else { return nil }
            models[word] = path
        }
        // the reference ran these kinds as folders; the engine runs the same weights as single files
        for (word, kind) in [("SD1CK", TinyModel.Kind.sd1Checkpoint), ("SD2CK", .sd2Checkpoint), ("SDXLCK", .sdxlCheckpoint)] {
            let path = root + "/" + kind.rawValue
            guard (try? TinyModel.write(kind, to: path)) != nil,
                  (try? TinyModel.writeSingleFile(folder: path, to: path + ".safetensors")) != nil else { return nil }
            models[word] = path + ".safetensors"
        }
        return models
    }()

    /// `word` with a leading model or folder word (`SD1`, `FILES/x.png`) as its path, in a URI's
    /// first part and in its `model=` argument.
    static func expanded(_ word: String, _ models: [String: String]) -> String {
        func path(_ part: Substring) -> String {
            let head = part.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? String(part)
            guard let path = models[head] else { return String(part) }
            return path + part.dropFirst(head.count)
        }
        let parts = word.split(separator: ";", omittingEmptySubsequences: false)
        guard let first = parts.first else { return word }
        return ([path(first)] + parts.dropFirst().map { $0.hasPrefix("model=") ? "model=" + path($0.dropFirst(6)) : String($0) })
            .joined(separator: ";")
    }

    @Test func everyCaseIsRecorded() {
        #expect(Self.cases.count >= 24)
    }

    @Test(arguments: cases.map(\.name))
    func caseMatchesTheReference(_ name: String) throws {
        let recorded = try #require(Self.cases.first { $0.name == name })
        let models = try #require(Self.models, "the tiny models are written")
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("dgenerate-family-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let arguments = ["--no-stdin"] + recorded.arguments.map { Self.expanded($0, models) }
        let run = try DgenerateRun.run(arguments, in: work, environment: ["COLUMNS": "80"])
        #expect(run.status == recorded.status, "\(name): \(run.errors)")
        var output = run.output
        for (word, path) in models.sorted(by: { $0.value.count > $1.value.count }) { output = output.replacingOccurrences(of: path, with: word) }
        output = output.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.range(of: #"^Step \d+/\d+: .* it/s, ETA .*$"#, options: .regularExpression) == nil }
            .joined(separator: "\n")
        #expect(output == recorded.output, "\(name): standard output")
        var errors = run.errors.split(separator: "\n").map(String.init).filter { $0.hasPrefix("dgenerate: error:") }
        for (word, path) in models.sorted(by: { $0.value.count > $1.value.count }) {
            errors = errors.map { $0.replacingOccurrences(of: path, with: word) }
        }
        #expect(errors == recorded.errors, "\(name): errors")
        let written = ((try? FileManager.default.contentsOfDirectory(atPath: work + "/out")) ?? []).sorted()
        #expect(written == recorded.files, "\(name): files")
        for file in recorded.files where written.contains(file) {
            let reference = Self.folder + "/cases/\(name)/out/" + file
            if file.hasSuffix(".dgen") {
                var text = try String(contentsOfFile: work + "/out/" + file, encoding: .utf8)
                for (word, path) in models.sorted(by: { $0.value.count > $1.value.count }) { text = text.replacingOccurrences(of: path, with: word) }
                #expect(text == (try String(contentsOfFile: reference, encoding: .utf8)), "\(name): \(file)")
                continue
            }
            let ours = try RGBImage(pngFile: work + "/out/" + file), theirs = try RGBImage(pngFile: reference)
            try #require(ours.width == theirs.width && ours.height == theirs.height, "\(name): \(file) size")
            let largest = zip(ours.pixels, theirs.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
            #expect(largest <= 2, "\(name): \(file) differs by up to \(largest)/255")
        }
    }
}
