import Engine
import Foundation
import Testing

/// The `dgenerate` executable on the recorded `--image-seeds` cases (`Fixtures/image-seeds-cases`,
/// recorded from dgenerate 5.0.0 by `record.py` there): each script runs in a fresh copy of the
/// inputs, with `--set model=` the committed tiny model, and must print what the reference
/// printed (stdout and stderr in one stream), exit with its status, and write the same files
/// (names, image sizes, config texts).
@Suite struct ImageSeedCasesTests {
    static let folder = Bundle.module.url(forResource: "Fixtures/image-seeds-cases", withExtension: nil)?.path ?? ""

    static let cases: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        .filter { $0.hasSuffix(".dgen") }.map { String($0.dropLast(5)) }.sorted()

    /// Cases whose only difference is a documented divergence (`docs/spec/divergences.md`): the
    /// rest of the output must match, and the differing line must be the one named.
    static let divergent: [String: (divergence: String, line: String)] = [
        "40_run_url_refused": ("E5", #"dgenerate: error: Failed to download "http://127.0.0.1:1/x.png": "#),
    ]

    /// The recorder ran the reference with this model path; the wrapped and underlined echo of
    /// the arguments depends on its length, so the test links the model under a path as long.
    static let recordedModelPathLength = "/work/main/examples/models/tiny-sd".count

    /// A link to the tiny model at a path of the recorded length, or nil where the temporary
    /// folder's own path is too long for one.
    static let modelLink: String? = {
        let base = FileManager.default.temporaryDirectory.path
        let stem = base + "/dgenerate-seed-model-" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        guard stem.count >= recordedModelPathLength else { return nil }
        let link = String(stem.prefix(recordedModelPathLength))
        try? FileManager.default.removeItem(atPath: link)
        guard (try? FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: TextToImageTests.model)) != nil else { return nil }
        return link
    }()

    /// What the executable printed, as the recorder normalised the reference's output.
    static func normalized(_ text: String, model: String, folder: String) -> String {
        var text = text.replacingOccurrences(of: model, with: "MODEL").replacingOccurrences(of: folder, with: "CASEDIR")
        text = text.replacingOccurrences(of: #"0x[0-9a-fA-F]{6,}"#, with: "0xADDR", options: .regularExpression)
        // an animation's ETA (its underline keeps the length, which has the same form here)
        text = text.replacingOccurrences(of: #"Completion ETA: \d+:\d\d:\d\d(\.\d+)?"#, with: "Completion ETA: ETA", options: .regularExpression)
        // this engine's progress lines stand where the reference's progress bars were removed
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.range(of: #"^Step \d+/\d+: .* it/s, ETA .*$"#, options: .regularExpression) == nil }
            .joined(separator: "\n")
    }

    /// The files under `output/` as the recorder lists them: images with their size, configs
    /// with their text indented.
    static func listing(_ folder: String, model: String) throws -> String {
        let output = folder + "/output"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: output) else { return "" }
        var lines: [String] = []
        for name in names.sorted() {
            if name.hasSuffix(".dgen") {
                lines.append("output/\(name)")
                let text = try String(contentsOfFile: output + "/" + name, encoding: .utf8).replacingOccurrences(of: model, with: "MODEL")
                lines += text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
            } else if name.hasSuffix(".png") {
                let image = try RGBImage(pngFile: output + "/" + name)
                lines.append("output/\(name) \(image.width)x\(image.height)")
            } else {
                let reader = try MediaReader(path: output + "/" + name)
                let frames = try reader.frames().count
                lines.append("output/\(name) \(reader.info.width)x\(reader.info.height) frames=\(frames)")
            }
        }
        return lines.joined(separator: "\n")
    }

    @Test(arguments: cases)
    func runMatchesTheReference(_ name: String) throws {
        let model = try #require(Self.modelLink, "a link to the model at a path of the recorded length")
        let work = try DgenerateRun.folder("seed-case")
        defer { try? FileManager.default.removeItem(atPath: work) }
        for input in try FileManager.default.contentsOfDirectory(atPath: Self.folder + "/inputs") {
            try FileManager.default.copyItem(atPath: Self.folder + "/inputs/" + input, toPath: work + "/" + input)
        }
        try FileManager.default.copyItem(atPath: Self.folder + "/\(name).dgen", toPath: work + "/\(name).dgen")
        // the web cache lives under the case's own home, empty
        let run = try DgenerateRun.run(["--file", "\(name).dgen", "--set", "model=\(model)"], in: work,
                                       environment: ["COLUMNS": "150", "HOME": work], mergingErrors: true)
        let text = Self.normalized(run.output, model: model, folder: work)
        let expected = try String(contentsOfFile: Self.folder + "/\(name).out", encoding: .utf8)
        let status = try String(contentsOfFile: Self.folder + "/\(name).rc", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        if let divergent = Self.divergent[name] {
            // every line the same but the error, which is this project's wording (see the divergence)
            let ours = text.split(separator: "\n", omittingEmptySubsequences: false)
            let theirs = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let differing = zip(ours, theirs).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
            #expect(ours.count == theirs.count && differing.count == 1, "\(name) (\(divergent.divergence)) differs in \(differing)")
            #expect(differing.allSatisfy { ours[$0].hasPrefix(divergent.line) }, "\(name): \(text)")
        } else {
            #expect(text == expected)
        }
        #expect("\(run.status)" == status)
        if FileManager.default.fileExists(atPath: Self.folder + "/\(name).files") {
            let files = try String(contentsOfFile: Self.folder + "/\(name).files", encoding: .utf8)
            #expect(try Self.listing(work, model: model) == files.trimmingCharacters(in: .newlines))
        }
    }
}
