import Foundation
import Testing

/// `dgenerate --shell`: commands ended by empty lines, each run as it comes; an error is printed
/// and the next command runs. The output is the reference's (Fixtures/shell/README.md says how
/// it was recorded); at the end of input this project exits with status 0 (divergence C11).
@Suite struct ShellModeTests {
    static var folder: URL { Fixtures.root.appendingPathComponent("shell") }
    /// Every recorded case (`NAME.in` with its `.out` and `.err`).
    static var cases: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".in") }.map { String($0.dropLast(3)) }.sorted()
    }

    @Test(arguments: cases)
    func commandsRunAsTheReferenceRunsThem(_ name: String) throws {
        let input = try String(contentsOf: Self.folder.appendingPathComponent(name + ".in"), encoding: .utf8)
        let result = try CheckCommandEndToEndTests.run(["--shell"], stdin: input, in: Self.folder)
        #expect(result.out == (try String(contentsOf: Self.folder.appendingPathComponent(name + ".out"), encoding: .utf8)))
        #expect(result.err == (try String(contentsOf: Self.folder.appendingPathComponent(name + ".err"), encoding: .utf8)))
        #expect(result.status == 0)
    }

    @Test func exitEndsTheShellWithItsStatus() throws {
        let result = try CheckCommandEndToEndTests.run(["--shell"], stdin: "\\print a\n\n\\exit 4\n\n\\print never\n\n", in: Self.folder)
        #expect(result.out == "a\n")
        #expect(result.status == 4)
    }
}
