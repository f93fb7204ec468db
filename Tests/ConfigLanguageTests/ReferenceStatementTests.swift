import Testing
import ConfigLanguage
import Templating

/// Statement boundaries agree with the reference: for every script, the parser's statements
/// have the logical text and reported line that dgenerate 5.0.0's line loop hands to its
/// dispatcher (recorded by Fixtures/statements/record_statements.py).
struct ReferenceStatementTests {
    /// The parser's statements in the recorder's form, up to the first one that halts the
    /// reference (it runs nothing after that; the parser goes on for the editor's sake).
    static func statements(of bytes: [UInt8], name: String) -> [Fixtures.RecordedStatement] {
        var result: [Fixtures.RecordedStatement] = []
        for statement in ScriptParser.parse(SourceText(name: name, bytes: bytes)).statements {
            if let halt = statement.haltError {
                result.append(.init(line: statement.reportedLine, text: nil, error: halt.message))
                break
            }
            result.append(.init(line: statement.reportedLine, text: statement.logicalText, error: nil))
        }
        return result
    }

    /// The reference reports a halting error as "Error on line N:\n    MESSAGE".
    static func normalized(_ recorded: [Fixtures.RecordedStatement]) -> [Fixtures.RecordedStatement] {
        recorded.map { entry in
            guard let error = entry.error, let newline = error.firstIndex(of: "\n") else { return entry }
            let message = error[error.index(after: newline)...].drop { $0 == " " }
            return .init(line: entry.line, text: nil, error: String(message))
        }
    }

    @Test(arguments: try! Fixtures.scripts(in: "reference-cases").map(\.name))
    func sharedReferenceCase(_ name: String) throws {
        let bytes = try #require(try Fixtures.scripts(in: "reference-cases").first { $0.name == name }?.bytes)
        let expected = try #require(try Fixtures.recordedStatements("statements/reference_cases.expected.json")[name])
        #expect(Self.statements(of: bytes, name: name) == Self.normalized(expected))
    }

    @Test func randomCorpus() throws {
        let corpus = try Fixtures.corpus("statements/random_corpus.json")
        let expected = try Fixtures.recordedStatements("statements/random_corpus.expected.json")
        #expect(corpus.count >= 600)
        var mismatches: [String] = []
        for (name, text) in corpus.sorted(by: { $0.key < $1.key }) {
            guard let recorded = expected[name] else { continue }
            let ours = Self.statements(of: Array(text.utf8), name: name)
            if ours != Self.normalized(recorded) { mismatches.append(name) }
        }
        #expect(mismatches.isEmpty, "statements differ from the reference for \(mismatches.count) scripts: \(mismatches.prefix(20))")
    }
}
