import Foundation
import Testing
import Templating

/// How `dgenerate` treats inputs it cannot run: scripts that are not UTF-8 (divergence R11),
/// and a command whose script came from a non-terminal standard input and was empty (R12).
@Suite struct RunCommandEdgeTests {
    @Test func aScriptThatIsNotUTF8IsRefusedBeforeItRuns() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dgen-utf8-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("\\print hello\n\\print caf\u{FF}".utf8).dropLast(2).followedBy([0xE9, 0x0A]).write(to: directory.appendingPathComponent("bad.dgen"))
        let result = try CheckCommandEndToEndTests.run(["--file", "bad.dgen"], in: directory)
        #expect(result.status == 1)
        #expect(result.out.isEmpty, "nothing may run: \(result.out)")
        #expect(result.err.hasPrefix("bad.dgen:2:11: error: invalid UTF-8: byte 0xE9"), "\(result.err)")
    }

    @Test func anEmptyScriptFromAPipeSaysWhyNothingRan() throws {
        let directory = FileManager.default.temporaryDirectory
        let result = try CheckCommandEndToEndTests.run(["--plan", "examples/models/tiny-sd", "--prompts", "a cat", "--seeds", "1"], stdin: "", in: directory)
        #expect(result.status == 0)
        #expect(result.out.isEmpty)
        #expect(result.err.contains("standard input is not a terminal") && result.err.contains("--no-stdin"), "\(result.err)")
    }
}

/// `last_prompts` holds prompts with `.positive` and `.negative`, and `last_images` absolute
/// paths, as the reference's do. Expected text from dgenerate 5.0.0
/// (`run-dgen t.dgen --device cpu -ofm` on the same script and the tiny model).
@Suite struct LastVariablesAfterAnInvocationTests {
    @Test func promptsAndImagesAreTheReferences() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dgen-last-\(UUID().uuidString)").resolvingSymlinksInPath()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = ReadmeExampleTests.root.appendingPathComponent("examples/models/tiny-sd").path
        let script = """
            \(model) --prompts "a cat;blurry" "a dog" --seeds 1 --inference-steps 2 --output-size 32
            \\print {{ last_prompts }} {{ quote(last(last_prompts).positive) }} {{ first(last_prompts).negative }} {{ last(last_prompts).negative }}
            {% for i in last_images %}
            \\print {{ i }}
            {% endfor %}

            """
        let result = try CheckCommandEndToEndTests.run(["--plan"], stdin: script, in: directory)
        #expect(result.status == 0, "\(result.err)")
        let lines = result.out.split(separator: "\n").suffix(3).map(String.init)
        #expect(lines == ["['a cat; blurry', 'a dog'] 'a dog' blurry None",
                          "\(directory.path)/output/s_1_g_5-0_i_2_step_1.png",
                          "\(directory.path)/output/s_1_g_5-0_i_2_step_2.png"], "\(result.out)")
    }
}

private extension Data {
    func followedBy(_ bytes: [UInt8]) -> Data { self + Data(bytes) }
}
