import Foundation
import Testing
import Templating

/// The examples in README.md run as the README says: the ten-line script (planned, so that no
/// model is loaded) and each `$ dgenerate ...` command, whose output must begin with the lines
/// the README shows (up to its `...`).
@Suite struct ReadmeExampleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The README's fenced code blocks, in order.
    static func blocks() throws -> [String] {
        let text = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        var blocks: [String] = []
        var current: [Substring]? = nil
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                if let lines = current { blocks.append(lines.joined(separator: "\n") + "\n"); current = nil } else { current = [] }
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    /// The executable run in the repository root; standard error follows standard output.
    static func run(_ arguments: [String], script: String? = nil) throws -> (status: Int32, out: String) {
        let result = try CheckCommandEndToEndTests.run(arguments, stdin: script, in: root)
        return (result.status, result.out + result.err)
    }

    @Test func theLanguageInTenLinesRuns() throws {
        let script = try #require(try Self.blocks().first { $0.hasPrefix("#! dgenerate") })
        let result = try Self.run(["--plan"], script: script)
        #expect(result.status == 0, "\(result.out)")
        #expect(result.out.hasPrefix("seed 1\nseed 2\nseed 3\n"), "\(result.out)")
        #expect(result.out.contains("Beginning 3 generation steps..."))
        #expect(result.out.components(separatedBy: "Prompt: \"a fox in the snow\"\n").count == 4, "\(result.out)")
    }

    @Test func commandExamplesPrintWhatTheReadmeShows() throws {
        let examples = try Self.blocks().filter { $0.hasPrefix("$ dgenerate ") }
        #expect(!examples.isEmpty)
        for example in examples {
            let lines = example.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let command = String(lines[0].dropFirst("$ dgenerate ".count))
            let shown = lines.dropFirst().prefix { $0 != "..." && !$0.isEmpty }
            // the README's commands use only plain words and double quotes
            // the README shows a terminal; here standard input is a pipe, which --no-stdin ignores
            let arguments = ["--no-stdin"] + Self.words(command)
            let result = try Self.run(arguments)
            #expect(result.status == 0, "\(command): \(result.out)")
            let printed = result.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(Array(printed.prefix(shown.count)) == Array(shown), "\(command) printed:\n\(result.out)")
        }
    }

    /// Words of a command line with double quotes, as a shell splits them.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false, started = false
        for character in text {
            if character == "\"" { quoted.toggle(); started = true; continue }
            if character == " " && !quoted {
                if started { words.append(current) }
                current = ""
                started = false
                continue
            }
            current.append(character)
            started = true
        }
        if started { words.append(current) }
        return words
    }
}
