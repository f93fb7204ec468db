import ConfigLanguage
import ConfigRuntime
import Foundation
import Testing

/// `\exec` runs programs through the host's launcher: a host that fakes or refuses processes
/// sees exactly the pipeline the script asked for, and nothing is spawned behind its back.
@Suite struct ProcessHostTests {
    /// A launcher that runs nothing: it writes down what it was asked and answers with canned text.
    final class Recording: ProcessLauncher, @unchecked Sendable {
        final class File: ProcessFile, @unchecked Sendable {
            let path: String
            let append: Bool
            init(_ path: String, append: Bool) { self.path = path; self.append = append }
        }
        var lookedUp: [String] = []
        var opened: [String] = []
        var ran: [[ProcessCommand]] = []
        var sinks: [String] = []
        func executablePath(_ name: String, searchPath: String, directory: String) -> String? {
            lookedUp.append(name)
            return name == "missing" ? nil : "/fake/bin/" + name
        }
        func openInput(_ path: String) throws(SystemCallFailure) -> ProcessFile {
            opened.append("< " + path)
            return File(path, append: false)
        }
        func openOutput(_ path: String, append: Bool) throws(SystemCallFailure) -> ProcessFile {
            guard !path.hasSuffix("/denied") else { throw SystemCallFailure(code: EACCES) }
            opened.append((append ? ">> " : "> ") + path)
            return File(path, append: append)
        }
        func runPipeline(_ commands: [ProcessCommand], input: ProcessFile?, output: ProcessSink, error: ProcessSink,
                         environment: [String: String], directory: String,
                         deliver: @escaping @Sendable (String, Bool) -> Void) throws(PipelineStartFailure) -> Int32 {
            ran.append(commands)
            sinks = [output, error].map { sink in
                switch sink {
                case .standardOutput: "stdout"
                case .standardError: "stderr"
                case .file(let file): (file as? File).map { "file " + PosixPath.split($0.path).tail } ?? "?"
                }
            }
            deliver("out from \(commands.last?.name ?? "")\n", false)
            deliver("err from \(commands.last?.name ?? "")\n", true)
            return 3
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var line: String
        var commands: [[String]]
        var sinks: [String]
        var opened: [String]
        var testDescription: String { line }
    }

    static let cases: [Case] = [
        Case(line: "\\exec echo hi", commands: [["echo", "hi"]], sinks: ["stdout", "stderr"], opened: []),
        // the reference sends standard error to the file too on a bare `>` (only `1>` keeps it)
        Case(line: "\\exec cat < in.txt | sort -r > out.txt", commands: [["cat"], ["sort", "-r"]],
             sinks: ["file out.txt", "file out.txt"], opened: ["< /w/in.txt", "> /w/out.txt"]),
        Case(line: "\\exec tool 2>&1 &>> log.txt", commands: [["tool"]], sinks: ["file log.txt", "file log.txt"],
             opened: [">> /w/log.txt"]),
        Case(line: "\\exec tool 1> a.txt", commands: [["tool"]], sinks: ["file a.txt", "stderr"], opened: ["> /w/a.txt"]),
        Case(line: "\\exec tool 1>&2", commands: [["tool"]], sinks: ["stderr", "stderr"], opened: []),
    ]

    @Test(arguments: cases)
    func theLauncherGetsThePipeline(_ example: Case) {
        let launcher = Recording()
        let capture = ConformanceTests.Capture()
        var host = RuntimeHost(output: capture, environment: MemoryEnvironment([("PATH", "/fake/bin")]),
                               workingDirectory: VirtualWorkingDirectory("/w"))
        host.processes = launcher
        let status = ScriptEntry.run(SourceText(name: "t.dgen", text: example.line + "\n"), arguments: [], host: host)
        #expect(status == 1)
        #expect(launcher.ran.map { $0.map { [$0.name] + $0.arguments } } == [example.commands])
        #expect(launcher.ran.first?.first?.executable == "/fake/bin/" + (example.commands.first?.first ?? ""))
        #expect(launcher.sinks == example.sinks)
        #expect(launcher.opened == example.opened)
        let last = example.commands.last?.first ?? ""
        #expect(capture.combined.contains("out from \(last)\nerr from \(last)\n"))
        #expect(capture.combined.contains("Invocation error return code: 3") || capture.combined.contains("return code: 3"))
    }

    @Test func refusalsAreWordedAsTheReferenceWordsThem() {
        let launcher = Recording()
        let capture = ConformanceTests.Capture()
        var host = RuntimeHost(output: capture, environment: MemoryEnvironment(), workingDirectory: VirtualWorkingDirectory("/w"))
        host.processes = launcher
        #expect(ScriptEntry.run(SourceText(name: "t.dgen", text: "\\exec echo | missing\n"), arguments: [], host: host) == 1)
        #expect(capture.combined.contains("Command \"missing\" not found on system."))
        #expect(launcher.ran.isEmpty, "nothing runs once a program is missing")

        let denied = ConformanceTests.Capture()
        host.output = denied
        #expect(ScriptEntry.run(SourceText(name: "t.dgen", text: "\\exec echo > denied\n"), arguments: [], host: host) == 1)
        #expect(denied.combined.contains("[Errno 13] Permission denied: 'denied'"))

        let refused = ConformanceTests.Capture()
        host.output = refused
        host.processes = NoProcesses()
        #expect(ScriptEntry.run(SourceText(name: "t.dgen", text: "\\exec true\n"), arguments: [], host: host) == 1)
        #expect(refused.combined.contains("Command \"true\" not found on system."))
    }
}
