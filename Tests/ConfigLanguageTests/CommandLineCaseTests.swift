import ConfigLanguage
import Foundation
import Testing
import Templating

/// The command line's argument errors and help invocations, each as an invocation line of a
/// script (`s_*`) and as a plain command (`c_*`), recorded from the reference
/// (`Fixtures/cli/make_cases.py` writes them and says how to record them). Every case must
/// match byte for byte (output, standard error, exit status) except those listed in
/// `Fixtures/cli/cases/NOT_YET_MATCHING` with the reason.
@Suite struct CommandLineCaseTests {
    static let directory = Fixtures.root.appendingPathComponent("cli/cases")

    static var caseNames: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".dgen") }.map { String($0.dropLast(5)) }.sorted()
    }

    static let notYetMatching: Set<String> = {
        let text = (try? String(contentsOf: directory.appendingPathComponent("NOT_YET_MATCHING"), encoding: .utf8)) ?? ""
        return Set(text.split(separator: "\n").map { String($0.split(separator: " ").first ?? "") }.filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }()

    @Test func atLeast150RecordedCases() {
        #expect(Self.caseNames.count - Self.notYetMatching.count >= 150)
    }

    @Test(arguments: caseNames.filter { !notYetMatching.contains($0) })
    func recordedCase(_ name: String) throws {
        let (expected, actual) = try ConformanceTests.run(name, in: Self.directory)
        #expect(actual.combined == expected.combined, "\(name): output")
        #expect(actual.standardError == expected.standardError, "\(name): standard error")
        #expect(actual.status == expected.status, "\(name): exit status")
    }

    /// The listed cases are run too; those that match now are printed, to be taken off the list.
    @Test func listedCasesProgress() throws {
        for name in Self.caseNames where Self.notYetMatching.contains(name) {
            let (expected, actual) = try ConformanceTests.run(name, in: Self.directory)
            if expected == actual { print("command line: now matching: \(name)") }
        }
    }
}
