import Engine
import Foundation
import Testing

/// `--inpaint-crop` and inpainting at an output size, through the `dgenerate` executable on the
/// committed tiny model, against dgenerate 5.0.0 (`Fixtures/img2img`, the `inpaint_crop*` and
/// `inpaint_aspect*` cases of `record_img2img.py`; their arguments are in `cases.json`): the
/// written image within 2/255 of the reference's (the crop inpainted and pasted back whole,
/// through the mask, or feathered), what it printed the same, and the reference's messages for
/// the refused cases.
@Suite struct InpaintCropTests {
    static let folder = ImageToImageTests.fixtures

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var arguments: [String]
        var status: Int32
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        guard let data = FileManager.default.contents(atPath: folder + "/cases.json"),
              let entries = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return [] }
        return entries.compactMap { entry in
            guard let name = entry["case"] as? String, name.hasPrefix("inpaint_crop") || name.hasPrefix("inpaint_aspect"),
                  let arguments = entry["args"] as? [String], let status = entry["status"] as? Int else { return nil }
            return Case(name: name, arguments: arguments, status: Int32(status))
        }
    }()

    @Test func theCasesAreRecorded() { #expect(Self.cases.count >= 17) }

    @Test(arguments: cases)
    func runMatchesTheReference(_ test: Case) throws {
        let work = try DgenerateRun.folder("crop")
        defer { try? FileManager.default.removeItem(atPath: work) }
        try FileManager.default.copyItem(atPath: Self.folder + "/inputs", toPath: work + "/inputs")
        let run = try DgenerateRun.run(["--no-stdin", TextToImageTests.model] + test.arguments + ["--output-path", "output/\(test.name)"],
                                       in: work, environment: ["COLUMNS": "80"])
        let printed = run.output, complaints = run.errors
        #expect(run.status == test.status, "\(complaints)")
        let reference = Self.folder + "/output/" + test.name
        let expected = try String(contentsOfFile: reference + "/stdout.txt", encoding: .utf8)
        #expect(printed.replacingOccurrences(of: TextToImageTests.model, with: "MODEL") == expected)
        if test.status != 0 {
            let error = try String(contentsOfFile: reference + "/stderr.txt", encoding: .utf8)
            #expect(complaints.split(separator: "\n").contains { $0 + "\n" == error }, "\(complaints)")
            return
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: reference) where name.hasSuffix(".png") {
            let ours = try RGBImage(pngFile: "\(work)/output/\(test.name)/\(name)")
            let theirs = try RGBImage(pngFile: reference + "/" + name)
            #expect(ours.width == theirs.width && ours.height == theirs.height)
            let worst = zip(ours.pixels, theirs.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 255
            #expect(worst <= 2, "\(name): largest difference \(worst)/255")
        }
    }
}
