import Engine
import Foundation
import Testing

/// The shipped example `examples/image-seeds.dgen` runs as its comment says, from a folder that
/// has the repository's `examples/`: text to image, then img2img from its first image at two
/// strengths, all 64x64.
@Suite struct ExampleScriptTests {
    @Test func imageSeedsExampleRuns() throws {
        let examples = (TextToImageTests.root as NSString).appendingPathComponent("examples")
        let work = try DgenerateRun.folder("example")
        defer { try? FileManager.default.removeItem(atPath: work) }
        try FileManager.default.createSymbolicLink(atPath: work + "/examples", withDestinationPath: examples)
        let run = try DgenerateRun.run(["--file", "examples/image-seeds.dgen"], in: work)
        #expect(run.status == 0, "\(run.errors)")
        let written = try FileManager.default.contentsOfDirectory(atPath: work + "/output/image-seeds").sorted()
        #expect(written == ["s_1_g_5-0_i_4_step_1.png", "s_2_st_0-4_g_5-0_i_4_step_1.png", "s_2_st_0-7_g_5-0_i_4_step_2.png"])
        for name in written {
            let image = try RGBImage(pngFile: work + "/output/image-seeds/" + name)
            #expect(image.width == 64 && image.height == 64, "\(name)")
        }
    }
}
