import ConfigLanguage
import ConfigRuntime
import Foundation
import Templating
import Testing

/// Every example in docs/spec (a `dgen` fence and the `output` fence after it) runs here and
/// prints exactly what dgenerate 5.0.0 printed for it (recorded by
/// `Tools/SpecExamples/record.py`): standard output and standard error as they interleave, and
/// `[exit status N]` when the status is not 0.
@Suite struct SpecExampleTests {
    struct Example: CustomTestStringConvertible, Sendable {
        var page: String
        var script: String
        var output: String
        var testDescription: String { "\(page): \(script.split(separator: "\n").first ?? "")" }
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/spec")

    /// The examples of every page, in order.
    static let examples: [Example] = {
        let pages = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
        return pages.flatMap { page -> [Example] in
            let text = (try? String(contentsOf: folder.appendingPathComponent(page), encoding: .utf8)) ?? ""
            return examples(in: text, page: page)
        }
    }()

    /// Pairs of fences: ```dgen, then ```output with at most one line of prose between.
    static func examples(in text: String, page: String) -> [Example] {
        var found: [Example] = []
        let lines = text.components(separatedBy: "\n")
        var index = 0
        func fence(from start: Int) -> (body: String, end: Int)? {
            guard let close = lines[(start + 1)...].firstIndex(of: "```") else { return nil }
            return (lines[(start + 1)..<close].map { $0 + "\n" }.joined(), close)
        }
        while index < lines.count {
            guard lines[index] == "```dgen", let script = fence(from: index) else {
                index += 1
                continue
            }
            var next = script.end + 1
            while next < lines.count, lines[next] != "```output", next - script.end <= 3 { next += 1 }
            if next < lines.count, lines[next] == "```output", let output = fence(from: next) {
                found.append(Example(page: page, script: script.body, output: output.body))
                index = output.end + 1
            } else {
                index = script.end + 1
            }
        }
        return found
    }

    @Test func everyPageHasExamples() {
        let pages = Set(Self.examples.map(\.page))
        for page in ["script-layer.md", "templating.md", "setp.md", "runtime.md", "shell-words.md", "directives.md", "invocations.md"] {
            #expect(pages.contains(page), "\(page) has no example")
        }
    }

    @Test(arguments: examples)
    func examplePrintsWhatTheReferencePrinted(_ example: Example) throws {
        let sandbox = FileManager.default.temporaryDirectory.appendingPathComponent("dgen-spec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: sandbox, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: sandbox) }
        let capture = ConformanceTests.Capture()
        let host = RuntimeHost(output: capture, environment: MemoryEnvironment([("HOME", sandbox.path)]),
                               workingDirectory: VirtualWorkingDirectory(sandbox.path))
        let status = ScriptEntry.run(SourceText(name: "example.dgen", text: example.script), arguments: [], host: host)
        let printed = capture.combined + (status == 0 ? "" : "[exit status \(status)]\n")
        #expect(printed == example.output, "\(example.page):\n\(example.script)")
    }
}
