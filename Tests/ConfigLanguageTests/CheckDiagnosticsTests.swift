import Foundation
import Testing
import ConfigLanguage
import Templating

/// `--check` output for the fixture scripts: every diagnostic rendered with file, line, column
/// and caret, compared with the golden `NAME.check` files next to them. Set
/// `DGENERATE_RECORD_GOLDEN=1` to rewrite the golden files after a deliberate change (and review
/// the diff).
struct CheckDiagnosticsTests {
    /// What `dgenerate --check` prints for one script.
    static func rendered(_ name: String, _ bytes: [UInt8]) -> String {
        let source = SourceText(name: name, bytes: bytes)
        return ScriptParser.parse(source).diagnostics
            .sorted { $0.range.lowerBound < $1.range.lowerBound }
            .map { DiagnosticRenderer.render($0, in: source) }
            .joined()
    }

    @Test(arguments: try! Fixtures.scripts(in: "scripts").map(\.name).filter { $0.hasPrefix("check_") })
    func goldenOutput(_ name: String) throws {
        let bytes = try #require(try Fixtures.scripts(in: "scripts").first { $0.name == name }?.bytes)
        let output = Self.rendered(name, bytes)
        let golden = "scripts/" + name.replacingOccurrences(of: ".dgen", with: ".check")
        if ProcessInfo.processInfo.environment["DGENERATE_RECORD_GOLDEN"] == "1" {
            // Fixtures are copied into the bundle; write to the source tree instead.
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Fixtures").appendingPathComponent(golden)
            try output.write(to: source, atomically: true, encoding: .utf8)
        }
        let expected = String(decoding: try Fixtures.data(golden), as: UTF8.self)
        #expect(output == expected)
    }

    /// Columns count characters, not bytes, and carets line up under wide characters.
    @Test func columnsCountCharacters() throws {
        let source = SourceText(name: "m.dgen", text: "\\print 日本é\n  🙂 \\sett x 1\n")
        let syntax = ScriptParser.parse(source)
        // "🙂 \\sett" is an invocation, not a directive: only line starts dispatch
        #expect(syntax.statements.last?.kind == .invocation)
        let other = SourceText(name: "n.dgen", text: "\\print 日本é\n\t\\sett 日本 1\n")
        let warning = try #require(ScriptParser.parse(other).diagnostics.first)
        let location = other.lineTable.location(of: warning.range.lowerBound, in: other.bytes)
        #expect(location.line == 2 && location.column == 2)
        #expect(DiagnosticRenderer.render(warning, in: other) == """
            n.dgen:2:2: warning: '\\sett' runs as '\\set': built-in directives are matched by prefix
            \t\\sett 日本 1
            \t^~~~~

            """)
    }

    /// The caret sits under the right character after multi-byte text on the same line.
    @Test func caretAfterMultibyteText() throws {
        let source = SourceText(name: "c.dgen", text: "{% for x in ['日本'] %}{% endif %}\n")
        let diagnostic = try #require(ScriptParser.parse(source).diagnostics.first { $0.id.name == "unexpected-end-tag" })
        let location = source.lineTable.location(of: diagnostic.range.lowerBound, in: source.bytes)
        #expect(location.line == 1 && location.column == 25)
        let lines = DiagnosticRenderer.render(diagnostic, in: source).split(separator: "\n", omittingEmptySubsequences: false)
        // 24 characters before the tag name, two of them two cells wide
        #expect(lines[2] == Substring(String(repeating: " ", count: 26) + "^~~~~"))
    }
}
