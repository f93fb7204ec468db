import ConfigLanguage
import Foundation
import TestSupport
import Testing
import Templating
import ConfigRuntime

/// Scripts that try to break the runtime: each must end with an exit status and a message, in
/// bounded time, without crashing the process.
@Suite struct RuntimeHostileInputTests {
    final class Capture: ScriptOutput, @unchecked Sendable {
        var text = ""
        func standardOutput(_ text: String) { self.text += text }
        func standardError(_ text: String) { self.text += text }
    }

    /// Runs `bytes` as a script in a fresh directory.
    static func run(_ bytes: [UInt8], arguments: [String] = [], setup: (URL) throws -> Void = { _ in }) throws -> (status: Int32, output: String, seconds: Double) {
        let sandbox = FileManager.default.temporaryDirectory.appendingPathComponent("dgen-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: sandbox, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: sandbox) }
        try setup(sandbox)
        let capture = Capture()
        let host = RuntimeHost(output: capture, environment: MemoryEnvironment([("HOME", sandbox.path)]),
                               workingDirectory: VirtualWorkingDirectory(sandbox.path))
        let start = Date()
        let status = ScriptEntry.run(SourceText(name: "hostile.dgen", bytes: bytes), arguments: arguments, host: host)
        return (status, capture.text, Date().timeIntervalSince(start))
    }

    static func run(_ text: String) throws -> (status: Int32, output: String, seconds: Double) {
        try run(Array(text.utf8))
    }

    @Test func templateBlockThatRendersItselfStops() throws {
        // a block whose output is the same block again, forever
        let result = try Self.run("{{ '{{ \"{\" }}' }}\n")
        #expect(result.status == 1)
        #expect(result.output.contains("maximum recursion depth exceeded"), "\(result.output.suffix(300))")
        #expect(result.seconds < 20)
    }

    @Test func commentLineBlockRecursionStops() throws {
        let result = try Self.run("{# a comment #}\n\\print never\n")
        #expect(result.status == 1)
        #expect(!result.output.contains("never\n"))
    }

    @Test(arguments: ["\\exit junk", "\\exit 1.5", "\\exit 99999999999999999999", "\\exit ''", "\\exit \"\""])
    func exitWithJunkIsAnErrorOrAStatus(_ line: String) throws {
        let result = try Self.run(line + "\n\\print after\n")
        #expect(!result.output.contains("after"))
        #expect(result.status != 0 || result.output.isEmpty)
    }

    @Test func invalidUTF8IsAnError() throws {
        let result = try Self.run(Array("\\print ok\n\\print ".utf8) + [0xFF, 0xFE, 0x80] + Array("\n".utf8))
        #expect(result.output.hasPrefix("ok\n"))
    }

    @Test func hugeGlobIsBounded() throws {
        // 20,000 files and globs over all of them
        let script = "\\sete files many/*\n\\print {{ files | length }}\n\\echo many/*.txt many/f1*.txt\n"
        let result = try Self.run(Array(script.utf8)) { sandbox in
            let many = sandbox.appendingPathComponent("many")
            try FileManager.default.createDirectory(at: many, withIntermediateDirectories: true)
            for index in 0..<20_000 {
                _ = FileManager.default.createFile(atPath: many.appendingPathComponent("f\(index).txt").path, contents: nil)
            }
        }
        #expect(result.seconds < 20)
        #expect(result.status == 0, "\(result.output.suffix(300))")
        #expect(result.output.hasPrefix("20000\n"))
    }

    @Test func zeroMatchGlobAndBackslashSpaceAreErrors() throws {
        #expect(try Self.run("\\echo nothing/*.none\n").output.contains("returned zero files"))
        #expect(try Self.run("\\echo a\\ b\n").output.contains("un-finished escape sequence"))
    }

    @Test func deepSetpAndTemplateNestingFailCleanly() throws {
        let deepSetp = "\\setp x " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n"
        let result = try Self.run(deepSetp)
        #expect(result.seconds < 20)
        let deepTemplate = "\\print " + String(repeating: "{{ (", count: 1) + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5001) + " }}\n"
        let templated = try Self.run(deepTemplate)
        #expect(templated.status == 1)
    }

    /// Seeded byte mutations of the conformance scripts that touch no files or processes.
    @Test func mutatedScriptsEndCleanly() throws {
        let directory = Fixtures.root.appendingPathComponent("conformance")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".dgen") }.sorted()
        let forbidden = ["\\exec", "\\rm", "\\mv", "\\cp", "\\cd", "\\pushd", "\\popd", "\\mkdir", "\\download", "download(", "\\exit"]
        var generator = SeededRandom(state: 2026)
        let alphabet = Array("{}%#\\\"'$*~[]()|;:= \n\tx1".utf8) + [0xFF, 0x00, 0xC3]
        var ran = 0
        for name in names {
            let original = Array(try Data(contentsOf: directory.appendingPathComponent(name)))
            for _ in 0..<3 {
                var bytes = original
                for _ in 0..<(1 + generator.next() % 4) {
                    let position = bytes.isEmpty ? 0 : Int(generator.next() % UInt64(bytes.count + 1))
                    let byte = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                    if generator.next() % 2 == 0 || bytes.isEmpty {
                        bytes.insert(byte, at: position)
                    } else {
                        bytes[min(position, bytes.count - 1)] = byte
                    }
                }
                let text = String(decoding: bytes, as: UTF8.self)
                if forbidden.contains(where: { text.contains($0) }) { continue }
                let result = try Self.run(bytes)
                #expect(result.seconds < 20, "\(name) took \(result.seconds) s")
                ran += 1
            }
        }
        #expect(ran > 500)
    }
}
