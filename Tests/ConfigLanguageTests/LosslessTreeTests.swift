import Testing
import ConfigLanguage
import Templating

/// The tree is lossless: printing it gives the input back byte for byte, and its pieces tile
/// the source exactly.
struct LosslessTreeTests {
    /// Checks every structural invariant of a parsed script, returning a description of the
    /// first violation.
    static func violation(in bytes: [UInt8]) -> String? {
        let syntax = ScriptParser.parse(SourceText(name: "t", bytes: bytes))
        if syntax.printedBytes() != bytes { return "printed tree differs from the input" }
        var expectedStart = 0
        var lineIndex = 0
        for item in syntax.items {
            let lines: [PhysicalLine]
            switch item {
            case .trivia(let line): lines = [line]
            case .statement(let statement):
                lines = statement.lines.map { syntax.lines[$0] }
                if let map = statement.sourceMap.anchors.last, map.source > bytes.count {
                    return "source map points past the end"
                }
            }
            for line in lines {
                if line.index != lineIndex { return "line \(line.index) out of order (expected \(lineIndex))" }
                lineIndex += 1
                for piece in line.pieces {
                    if piece.lowerBound != expectedStart { return "gap or overlap at byte \(expectedStart) on line \(line.index)" }
                    expectedStart = piece.upperBound
                }
            }
        }
        if expectedStart != bytes.count { return "pieces end at \(expectedStart), input has \(bytes.count) bytes" }
        if lineIndex != syntax.lines.count { return "items cover \(lineIndex) of \(syntax.lines.count) lines" }
        return nil
    }

    @Test(arguments: try! Fixtures.scripts(in: "reference-cases").map(\.name) + Fixtures.scripts(in: "scripts").map(\.name))
    func fixtureRoundTrip(_ name: String) throws {
        let all = try Fixtures.scripts(in: "reference-cases") + Fixtures.scripts(in: "scripts")
        let bytes = try #require(all.first { $0.name == name }?.bytes)
        #expect(Self.violation(in: bytes) == nil)
    }

    @Test func randomCorpusRoundTrip() throws {
        for (name, text) in try Fixtures.corpus("statements/random_corpus.json") {
            let problem = Self.violation(in: Array(text.utf8))
            #expect(problem == nil, "\(name): \(problem ?? "")")
        }
    }

    /// 10,000 scripts generated from the grammar with a fixed seed.
    @Test func generatedScriptsRoundTrip() {
        var generator = ScriptGenerator(seed: 0x5EED_2026)
        var failures: [String] = []
        for number in 0..<10_000 {
            let bytes = generator.script()
            if let problem = Self.violation(in: bytes) {
                failures.append("#\(number): \(problem): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
                if failures.count >= 5 { break }
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}
