import Foundation
import Testing
import Templating

/// `dgenerate --file A B ...` as the reference runs it: one runner for all the scripts (variables,
/// the working directory and the line counter carry on), names containing `*` expanded as globs
/// before the first script runs.
///
/// The expected output was recorded from dgenerate 5.0.0 in a directory holding the same files:
/// `~/.cache/dgenerate-reference/bin/python ~/.cache/dgenerate-reference/dgref_main.py --file ARGS... </dev/null`.
@Suite struct ScriptFilesTests {
    static let files = [
        "m1.dgen": "\\set v 1\n\\print one\n\n",
        "m2.dgen": "\\print {{ v }}\n\\print {{ 1/0 }}\n",
        "n3.dgen": "\\print three\n",
        "hidden/.h.dgen": "\\print hidden\n",
    ]

    static func sandbox() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dgen-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("hidden"), withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let files: [String]
        let out: String
        let err: String
        let status: Int32
        var testDescription: String { files.joined(separator: " ") }
    }

    static let cases = [
        // the second script sees the first's variable; its lines count on from the first's 3
        Case(files: ["m1.dgen", "m2.dgen"], out: "one\n1\n",
             err: "Config Error: Error on line 5:\n    Template Render Error: division by zero\n", status: 1),
        Case(files: ["n*.dgen", "m*.dgen"], out: "three\none\n1\n",
             err: "Config Error: Error on line 6:\n    Template Render Error: division by zero\n", status: 1),
        // a glob without a match runs nothing; hidden names are not matched
        Case(files: ["zz*.dgen"], out: "", err: "", status: 0),
        Case(files: ["hidden/*"], out: "", err: "", status: 0),
        // the missing script is found missing only when its turn comes
        Case(files: ["m1.dgen", "nope.dgen"], out: "one\n",
             err: "dgenerate: error: [Errno 2] No such file or directory: 'nope.dgen'\n", status: 1),
        // only `*` makes a glob
        Case(files: ["n?.dgen"], out: "",
             err: "dgenerate: error: [Errno 2] No such file or directory: 'n?.dgen'\n", status: 1),
    ]

    @Test(arguments: cases) func scripts(_ expected: Case) throws {
        let directory = try Self.sandbox()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CheckCommandEndToEndTests.run(["--file"] + expected.files, in: directory)
        #expect(result.out == expected.out)
        #expect(result.err == expected.err)
        #expect(result.status == expected.status)
    }
}
