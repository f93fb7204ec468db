import ConfigLanguage
import Foundation
import Testing
import Templating
import ConfigRuntime

/// Runs every script of `Fixtures/conformance` (recorded from the reference with
/// `~/.cache/dgenerate-reference/bin/python Tests/ConfigLanguageTests/Fixtures/conformance/record.py`)
/// through the runtime in a fresh directory and compares standard output and error (interleaved),
/// standard error alone and the exit status, byte for byte.
///
/// The scripts the runtime matches are listed in `Fixtures/conformance/PASSING` and must stay
/// byte-identical; the others (the runtime is being completed) are run and counted, and the
/// `conformanceProgress` test prints which of them now pass so the list can grow.
@Suite struct ConformanceTests {
    /// Output collected as the command line would interleave it.
    final class Capture: ScriptOutput, @unchecked Sendable {
        var combined = ""
        var standardErrorText = ""
        func standardOutput(_ text: String) { combined += text }
        func standardError(_ text: String) {
            combined += text
            standardErrorText += text
        }
    }

    struct Outcome: Equatable {
        var combined: String
        var standardError: String
        var status: Int32
    }

    static let directory = Fixtures.root.appendingPathComponent("conformance")

    static var caseNames: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".dgen") }.map { String($0.dropLast(5)) }.sorted()
    }

    static let passing: Set<String> = {
        let text = (try? String(contentsOf: directory.appendingPathComponent("PASSING"), encoding: .utf8)) ?? ""
        return Set(text.split(separator: "\n").map { String($0.split(separator: " ").first ?? "") }.filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }()

    static func run(_ name: String) throws -> (expected: Outcome, actual: Outcome) {
        try run(name, in: directory)
    }

    /// Runs the case `name` of `directory` as the command line would: a script (from `--file`
    /// or, with a `NAME.stdin` marker, standard input) with the arguments, or, when the
    /// arguments hold `--no-stdin` and there is no `--file`, one invocation from them.
    static func run(_ name: String, in directory: URL) throws -> (expected: Outcome, actual: Outcome) {
        let read = { (suffix: String) -> String? in
            try? String(contentsOf: directory.appendingPathComponent(name + suffix), encoding: .utf8)
        }
        let expected = Outcome(
            combined: read(".out") ?? "", standardError: read(".stderr") ?? "",
            status: Int32((read(".rc") ?? "0").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1)
        let arguments = (read(".args") ?? "").split(separator: "\n", omittingEmptySubsequences: true).map(String.init)

        let sandbox = FileManager.default.temporaryDirectory.appendingPathComponent("dgen-conformance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: sandbox, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: sandbox) }
        let sandboxPath = sandbox.resolvingSymlinksInPath().path

        let capture = Capture()
        let environment = MemoryEnvironment(ProcessEnvironment().all)
        _ = environment.set("PWD", sandboxPath)
        let host = RuntimeHost(output: capture, environment: environment, workingDirectory: VirtualWorkingDirectory(sandboxPath))
        let source = SourceText(name: name + ".dgen", bytes: Array((read(".dgen") ?? "").utf8))
        let meta = ScriptEntry.MetaArguments(arguments)
        let plainCommand = meta.noStandardInput && meta.files.isEmpty
            && FileManager.default.fileExists(atPath: directory.appendingPathComponent(name + ".stdin").path)
        let status: Int32
        if plainCommand, let error = meta.error {
            capture.standardOutput(error + "\n")
            status = 1
        } else {
            status = plainCommand ? ScriptEntry.invoke(arguments, host: host) : ScriptEntry.run(source, arguments: arguments, host: host)
        }
        let home = ProcessInfo.processInfo.environment["HOME"] ?? "<no home>"
        func normalise(_ text: String) -> String {
            text.replacingOccurrences(of: sandboxPath, with: "<SANDBOX>").replacingOccurrences(of: home, with: "<HOME>")
        }
        let actual = Outcome(combined: normalise(capture.combined), standardError: normalise(capture.standardErrorText), status: status)
        return (expected, actual)
    }

    @Test(arguments: caseNames.filter { passing.contains($0) })
    func script(_ name: String) throws {
        let (expected, actual) = try Self.run(name)
        #expect(actual.combined == expected.combined, "\(name): output")
        #expect(actual.standardError == expected.standardError, "\(name): standard error")
        #expect(actual.status == expected.status, "\(name): exit status")
    }

    /// Every script listed as passing exists, and the progress on the others is printed.
    @Test func conformanceProgress() throws {
        let names = Self.caseNames
        #expect(Self.passing.isSubset(of: Set(names)), "PASSING names a script that does not exist")
        var newlyPassing: [String] = []
        for name in names where !Self.passing.contains(name) {
            let (expected, actual) = try Self.run(name)
            if expected == actual { newlyPassing.append(name) }
        }
        print("conformance: \(Self.passing.count) listed as passing, \(newlyPassing.count) more pass now, \(names.count) scripts")
        for name in newlyPassing { print("conformance: now passing: \(name)") }
    }
}
