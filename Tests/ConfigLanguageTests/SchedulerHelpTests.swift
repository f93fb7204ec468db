import ConfigLanguage
import Foundation
import Testing
import Templating
import ConfigRuntime

/// `--scheduler help` and `helpargs`: after the first step's banner, the schedulers (with their
/// settings) instead of a generation; the invocation ends there with status 0 and nothing is
/// loaded, and the script goes on. Shape recorded from dgenerate 5.0.0:
/// `printf 'some/model --scheduler help --seeds 1 2\n\\print after\n' > s.dgen && run-dgen s.dgen`
/// (its order of the names changes from run to run: it comes from a Python set).
@Suite struct SchedulerHelpTests {
    static func run(_ script: String) -> (status: Int32, out: String) {
        let capture = PlanModeTests.Capture()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dgen-sch-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let host = RuntimeHost(output: capture, environment: MemoryEnvironment([("COLUMNS", "80")]),
                               workingDirectory: VirtualWorkingDirectory(directory.path))
        let status = ScriptEntry.run(SourceText(name: "s.dgen", text: script), arguments: [], host: host)
        return (status, capture.out + capture.err)
    }

    @Test func helpListsTheSchedulersAndTheScriptGoesOn() {
        let result = Self.run("some/model --scheduler help --seeds 1 2\n\\print after\n")
        #expect(result.status == 0)
        let lines = result.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: "Schedulers compatible with: some/model") else {
            Issue.record("no scheduler list in \(result.out)")
            return
        }
        #expect(lines.prefix(start).contains("Generation Step: 1 / 2"))
        #expect(!lines.contains("Generation Step: 2 / 2"))
        #expect(lines[start + 1] == "")
        let listed = Array(lines[(start + 2)...].prefix { $0.hasPrefix("    \"") })
        #expect(listed == SchedulerTable.names.map { "    \"\($0)\"" })
        #expect(lines[start + 2 + listed.count] == "after")
    }

    @Test func helpargsShowsEachSchedulersSettings() {
        let result = Self.run("some/model --scheduler HelpArgs\n")
        #expect(result.status == 0)
        #expect(result.out.contains("""
            EulerDiscreteScheduler:
                    prediction-type: str = epsilon
                    use-karras-sigmas: bool | None = False
                    use-exponential-sigmas: bool | None = False
                    use-beta-sigmas: bool | None = False
                    timestep-spacing: str = linspace
                    steps-offset: int = 0
            """))
    }
}
