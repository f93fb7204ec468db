import Foundation
import Testing
import ConfigLanguage
import Templating

/// Malformed templates fail as Jinja2 fails: the same exception, message and line
/// (Fixtures/jinja/syntax_errors.json, recorded by Fixtures/jinja/record_syntax_errors.py).
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
        #expect(cases.count >= 60)
        let mismatches = cases.compactMap { testCase -> String? in
            let expected = "\(testCase.type): \(testCase.message) @\(testCase.lineno.map(String.init) ?? "-")"
            var ours = "no error"
            do throws(TemplateError) {
                _ = try TemplateEnvironment().compile(testCase.template)
            } catch {
                ours = "\(error.kind): \(error.message) @\(error.line.map(String.init) ?? "-")"
            }
            if ours == expected { return nil }
            return "\(testCase.name): \(testCase.template.debugDescription) gave \(ours.debugDescription), Jinja2 \(expected.debugDescription)"
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(cases.count) differ from Jinja2:\n\(mismatches.prefix(30).joined(separator: "\n"))")
    }
}
