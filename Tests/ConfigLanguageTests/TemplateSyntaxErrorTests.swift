import Foundation
import Testing
import ConfigLanguage

/// Malformed templates fail as Jinja2 fails: the same exception, message and line
/// (Fixtures/jinja/syntax_errors.json, recorded by Fixtures/jinja/record_syntax_errors.py).
/// `known_syntax_mismatches.txt` lists the cases that do not match yet; like the render corpus,
/// the list may only shrink.
struct TemplateSyntaxErrorTests {
    struct Case: Decodable {
        var name: String
        var template: String
        var type: String
        var message: String
        var lineno: Int?
    }

    @Test func syntaxErrorsMatchJinja2() throws {
        let cases = try JSONDecoder().decode([Case].self, from: Fixtures.data("jinja/syntax_errors.json"))
        let known = Set(String(decoding: try Fixtures.data("jinja/known_syntax_mismatches.txt"), as: UTF8.self)
            .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty })
        #expect(cases.count >= 60)
        var regressions: [String] = []
        var fixed: [String] = []
        var mismatches: [String] = []
        for testCase in cases {
            let expected = "\(testCase.type): \(testCase.message) @\(testCase.lineno.map(String.init) ?? "-")"
            var ours = "no error"
            do {
                _ = try TemplateEnvironment().compile(testCase.template)
            } catch {
                ours = "\(error.kind): \(error.message) @\(error.line.map(String.init) ?? "-")"
            }
            let matches = ours == expected
            if !matches { mismatches.append(testCase.name) }
            if !matches && !known.contains(testCase.name) {
                regressions.append("\(testCase.name): \(testCase.template.debugDescription) gave \(ours.debugDescription), Jinja2 \(expected.debugDescription)")
            }
            if matches && known.contains(testCase.name) { fixed.append(testCase.name) }
        }
        if ProcessInfo.processInfo.environment["DGENERATE_RECORD_MISMATCHES"] == "1" {
            let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Fixtures/jinja/known_syntax_mismatches.txt")
            try ("# syntax-error cases the template engine does not match yet; regenerate with DGENERATE_RECORD_MISMATCHES=1\n"
                + mismatches.joined(separator: "\n") + "\n").write(to: path, atomically: true, encoding: .utf8)
        }
        #expect(regressions.isEmpty, "\(regressions.count) regressions:\n\(regressions.prefix(30).joined(separator: "\n"))")
        #expect(fixed.isEmpty, "now matching, remove from known_syntax_mismatches.txt: \(fixed)")
        print("template syntax errors: \(cases.count - mismatches.count) of \(cases.count) match Jinja2")
    }
}
