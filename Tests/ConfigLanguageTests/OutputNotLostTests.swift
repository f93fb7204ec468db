import Foundation
import Testing
import Templating

/// What a script printed reaches the pipe, in order, however the run ends: at a script error,
/// or when the process dies of a fatal signal (standard output is buffered when it is a pipe).
@Suite struct OutputNotLostTests {
    static let thousandLines = """
        {% for i in range(1000) %}
        \\print line {{ i }}
        {% endfor %}

        """

    static func sandbox() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dgen-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func expectThousandLines(_ output: String) {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count >= 1000)
        let printed = lines.filter { $0.hasPrefix("line ") }
        #expect(printed.count == 1000)
        #expect(printed == (0..<1000).map { "line \($0)"[...] }, "lines missing or out of order")
    }

    /// 1,000 lines, then a render error in the middle of a template block: every line is there,
    /// in order, before the error on standard error, and the status is the reference's 1.
    @Test func linesBeforeATemplateErrorAreKept() throws {
        let directory = try Self.sandbox()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = Self.thousandLines + """
            {% for i in range(3) %}
            \\print block {{ i }}
            \\print {{ 10 // (1 - i) }}
            {% endfor %}
            \\print never

            """
        let result = try CheckCommandEndToEndTests.run([], stdin: script, in: directory)
        #expect(result.status == 1)
        Self.expectThousandLines(result.out)
        #expect(!result.out.contains("never"))
        #expect(result.err.contains("integer division or modulo by zero"), "\(result.err)")
    }

    /// 1,000 lines, then the process is killed with SIGABRT while it waits for `\exec`: the
    /// buffered lines are written out before it dies.
    @Test func linesBeforeAFatalSignalAreKept() throws {
        let directory = try Self.sandbox()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("slow.dgen")
        try (Self.thousandLines + "\\exec sh -c 'touch started; sleep 20'\n\\print never\n").write(to: script, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = CheckCommandEndToEndTests.executable
        process.arguments = ["--file", script.path]
        process.currentDirectoryURL = directory
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        // wait until the script reached `\exec` (its child made the file), then abort it
        let started = directory.appendingPathComponent("started").path
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !FileManager.default.fileExists(atPath: started) { usleep(20_000) }
        kill(process.processIdentifier, SIGABRT)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGABRT)
        let output = String(decoding: data, as: UTF8.self)
        Self.expectThousandLines(output)
        #expect(!output.contains("never"))
    }
}

/// Ctrl-C ends a run as the reference's does: what was printed is kept, then
/// `Exiting dgenerate due to keyboard interrupt!` on standard error and status 1 (recorded:
/// `run-dgen` on a script waiting in `\exec`, interrupted with SIGINT).
@Suite struct InterruptTests {
    @Test func interruptPrintsTheReferenceLineAndExitsOne() throws {
        let directory = try OutputNotLostTests.sandbox()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("slow.dgen")
        try "\\print before\n\\exec sh -c 'touch started; sleep 20'\n\\print never\n".write(to: script, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = CheckCommandEndToEndTests.executable
        process.arguments = ["--file", script.path]
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let started = directory.appendingPathComponent("started").path
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !FileManager.default.fileExists(atPath: started) { usleep(20_000) }
        kill(process.processIdentifier, SIGINT)
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 1)
        #expect(output.hasPrefix("before\n") && !output.contains("never"))
        #expect(errors.hasSuffix("Exiting dgenerate due to keyboard interrupt!\n"), "\(errors)")
    }
}
