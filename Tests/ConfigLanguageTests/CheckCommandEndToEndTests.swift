import Foundation
import Testing
import Templating

/// `dgenerate --check` and `--statements` as a user runs them: the built executable, its exit
/// status and its output.
struct CheckCommandEndToEndTests {
    /// The executable built next to the test bundle.
    static var executable: URL {
        Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("dgenerate")
    }

    static func run(_ arguments: [String], stdin: String? = nil, in directory: URL) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    static var scripts: URL { Fixtures.root.appendingPathComponent("scripts") }

    @Test func cleanScriptExitsZero() throws {
        let result = try Self.run(["--check", "check_clean.dgen"], in: Self.scripts)
        #expect(result.status == 0)
        #expect(result.out.isEmpty && result.err.isEmpty)
    }

    @Test func errorsExitOneAndPrintTheGoldenText() throws {
        let result = try Self.run(["--check", "check_directives.dgen", "check_end_tags.dgen"], in: Self.scripts)
        #expect(result.status == 1)
        let golden = try ["check_directives.check", "check_end_tags.check"]
            .map { String(decoding: try Fixtures.data("scripts/" + $0), as: UTF8.self) }.joined()
        #expect(result.out == golden)
    }

    @Test func warningsAloneExitZero() throws {
        let result = try Self.run(["--check", "check_versions.dgen"], in: Self.scripts)
        #expect(result.status == 0)
        #expect(result.out.contains("check_versions.dgen:1:1: warning: major version mismatch"))
    }

    @Test func standardInput() throws {
        let result = try Self.run(["--check", "-"], stdin: "\\print ok\n\\nope\n", in: Self.scripts)
        #expect(result.status == 1)
        #expect(result.out.hasPrefix("<stdin>:2:1: error: unknown directive '\\nope'"))
    }

    /// A pipe on standard input (as in CI jobs) does not keep `--version` or `--help` from
    /// being answered.
    @Test func versionAndHelpWithStandardInputAPipe() throws {
        let version = try Self.run(["--version"], in: Self.scripts)
        #expect(version.status == 0 && version.out == "dgenerate v5.0.0\n")
        let help = try Self.run(["--help"], in: Self.scripts)
        #expect(help.status == 0 && help.out.hasPrefix("usage: dgenerate "))
        let script = try Self.run([], stdin: "\\print piped\n", in: Self.scripts)
        #expect(script.status == 0 && script.out == "piped\n")
    }

    @Test func missingFileIsAnError() throws {
        let result = try Self.run(["--check", "no-such-file.dgen"], in: Self.scripts)
        #expect(result.status == 1)
        #expect(result.err == "no-such-file.dgen: No such file or directory\n")
    }

    @Test func statementsListing() throws {
        let result = try Self.run(["--statements", "-"], stdin: "\\echo a \\\n  b\n{% for i in x %}\n\\print {{ i }}\n{% endfor %}\nm --x\n", in: Self.scripts)
        #expect(result.status == 0)
        #expect(result.out == "2\tdirective\t\\\\echo a b\n5\ttemplateBlock\t{% for i in x %}\\n\\\\print {{ i }}\\n{% endfor %}\n6\tinvocation\tm --x\n")
    }
}
