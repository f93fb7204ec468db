import ConfigLanguage
import Foundation
import Testing
import Templating
import ConfigRuntime

/// The render plan against the reference's render loop: for each recorded invocation
/// (`Fixtures/cli/plan/plan_cases.json`, recorded by `record_plan.py` there with a tiny model),
/// the same number of steps, the same banner for every step (seed, parameters, prompts, in
/// order) and the same files, in the order they were written.
@Suite struct RenderPlanTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        var name: String
        var args: [String]
        var stdout: String
        var stderr: String
        var status: Int
        var files: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        let url = Fixtures.root.appendingPathComponent("cli/plan/plan_cases.json")
        guard let data = try? Data(contentsOf: url) else { return [] }
        return (try? JSONDecoder().decode([Case].self, from: data)) ?? []
    }()

    /// The reference's output split into the step count, each step's banner lines and the
    /// files it reported writing.
    static func reference(_ stdout: String) -> (count: Int?, banners: [[String]], files: [String]) {
        let lines = stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var count: Int?
        var banners: [[String]] = []
        var files: [String] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix("Beginning "), let number = Int(line.split(separator: " ")[1]) { count = number }
            if line.hasPrefix("Generation Step: ") {
                var banner: [String] = []
                index += 1
                while index < lines.count, !lines[index].allSatisfy({ $0 == "=" }) || lines[index].isEmpty {
                    banner.append(lines[index])
                    index += 1
                }
                banners.append(banner.joined(separator: "\n").split(separator: "\n").map(String.init))
            }
            for kind in ["Wrote Image File: \"", "Wrote Config File: \""] where line.hasPrefix(kind) {
                files.append(String(line.dropFirst(kind.count).dropLast()))
            }
            index += 1
        }
        return (count, banners, files)
    }

    @Test func atLeast40RecordedInvocations() {
        #expect(Self.cases.count >= 40)
    }

    @Test(arguments: cases)
    func planMatchesTheReference(_ recorded: Case) throws {
        let parser = CommandLineParser()
        let parsed = try parser.parse(["model"] + recorded.args)
        let (count, banners, files) = Self.reference(recorded.stdout)
        let plan: RenderPlan
        do {
            plan = try RenderPlan.make(parsed, parser: parser, columns: 80)
        } catch {
            // the reference stopped before its first step with this message
            #expect(count == nil, "\(recorded.name): the reference planned \(count ?? 0) steps")
            #expect(recorded.stderr.contains("dgenerate: error: \(error.message)"), "\(recorded.name): \(error.message)")
            return
        }
        #expect(plan.count == count, "\(recorded.name): step count")
        // a run that failed part-way printed the banners of the steps it began
        for (step, banner) in zip(plan.steps, banners) {
            #expect(step.description.joined(separator: "\n").split(separator: "\n").map(String.init) == banner,
                    "\(recorded.name): step \(step.number)")
        }
        if recorded.status == 0 {
            #expect(count != nil && !banners.isEmpty && !files.isEmpty, "\(recorded.name): nothing recorded")
            #expect(banners.count == plan.count, "\(recorded.name): banners")
            #expect(plan.steps.flatMap(\.files) == files, "\(recorded.name): files written")
            #expect(plan.steps.flatMap(\.files).sorted() == recorded.files, "\(recorded.name): files left")
        }
    }
}

/// `--plan` in a script: each invocation line prints its steps and files instead of running.
@Suite struct PlanModeTests {
    final class Capture: ScriptOutput, @unchecked Sendable {
        var out = "", err = ""
        func standardOutput(_ text: String) { out += text }
        func standardError(_ text: String) { err += text }
    }

    @Test func scriptInvocationsPrintTheirPlan() {
        let capture = Capture()
        var host = RuntimeHost(output: capture, environment: MemoryEnvironment([("COLUMNS", "80")]),
                               workingDirectory: VirtualWorkingDirectory(NSTemporaryDirectory()))
        host.planOnly = true
        let script = """
            \\set p a cat
            models/tiny --prompts "{{ p }}; blurry" --seeds 4 5 --output-prefix x
            models/tiny --seeds 1 --inference-steps nope
            """
        let status = ScriptEntry.run(SourceText(name: "plan.dgen", text: script), arguments: [], host: host)
        #expect(status == 1)
        #expect(capture.out.contains("""
            Beginning 2 generation steps...
            ===============================
            Generation Step: 1 / 2
            Seed: 4
            Guidance Scale: 5.0
            Inference Steps: 30
            Prompt: "a cat"
            Negative Prompt: "blurry"
            =========================
            Would write Image File: "output/x_s_4_g_5-0_i_30_step_1.png"
            """))
        #expect(capture.out.contains("Would write Image File: \"output/x_s_5_g_5-0_i_30_step_2.png\""))
        #expect(capture.err.contains("dgenerate: error: argument -ifs/--inference-steps: Must be an integer"))
    }

    struct LastVariablesCase: Decodable {
        var name: String
        var args: [String]
        var variables: [String: [String]]
    }

    /// The `last_*` variables after an invocation, against those the reference left after
    /// running the same invocation (`Fixtures/cli/plan/last_variables.json`, recorded by
    /// `record_last_variables.py` with the tiny model): each variable's type and value as
    /// `\templates_help` prints them. The model path is the case's own; the written images
    /// are objects with addresses, compared by type.
    @Test func lastVariablesMatchTheReference() throws {
        let cases = try JSONDecoder().decode([LastVariablesCase].self, from: try Fixtures.data("cli/plan/last_variables.json"))
        #expect(cases.count >= 4)
        for item in cases {
            let capture = Capture()
            var host = RuntimeHost(output: capture, environment: MemoryEnvironment([("COLUMNS", "80")]),
                                   workingDirectory: VirtualWorkingDirectory(NSTemporaryDirectory()))
            host.planOnly = true
            let names = item.variables.keys.sorted()
            let words = (["models/tiny"] + item.args).map { $0.contains(" ") || $0.contains(";") || $0.isEmpty ? "\"\($0)\"" : $0 }
            let script = words.joined(separator: " ") + "\n\\templates_help " + names.joined(separator: " ") + "\n"
            let status = ScriptEntry.run(SourceText(name: "last.dgen", text: script), arguments: [], host: host)
            #expect(status == 0, "\(item.name): \(capture.err)")
            var printed: [String: [String]] = [:]
            var current: String? = nil
            for line in capture.out.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("    Name: \"") {
                    current = String(line.dropFirst(11).dropLast())
                    printed[current!] = []
                } else if let name = current, line.hasPrefix("        ") {
                    printed[name]!.append(line.trimmingCharacters(in: .whitespaces))
                }
            }
            for name in names {
                var expected = item.variables[name]!
                var actual = printed[name] ?? []
                if name == "last_model_path" { expected = [expected[0], "Value: 'models/tiny'"] }
                if name == "last_images" || name == "last_animations" {
                    expected = Array(expected.prefix(1))
                    actual = Array(actual.prefix(1))
                }
                #expect(actual == expected, "\(item.name): \(name)")
            }
        }
    }

    @Test func unsupportedOptionsAreNamed() {
        let capture = Capture()
        var host = RuntimeHost(output: capture, environment: MemoryEnvironment(), workingDirectory: VirtualWorkingDirectory(NSTemporaryDirectory()))
        host.planOnly = true
        let status = ScriptEntry.invoke(["models/tiny", "--seeds", "1", "--hi-diffusion"], host: host)
        #expect(status == 1)
        #expect(capture.err == "dgenerate: error: -hd/--hi-diffusion is not supported for --model-type sd by this build yet\n")
    }
}
