import Foundation
import Testing
import ConfigLanguage
import Templating

/// Deeply nested and very large templates neither crash nor take super-linear time: nesting
/// beyond the engine's limit is an error, large flat templates render.
struct TemplateHostileInputTests {
    static func outcome(_ template: String) -> String {
        do {
            return "output:\(try TemplateEnvironment().render(template, context: ["x": .int(1)]).count)"
        } catch {
            return "error:\(error.kind): \(error.message)"
        }
    }

    /// 10,000 levels of each kind of nesting: a clean error, no crash.
    static let deepTemplates = [
        String(repeating: "{% if x %}", count: 10_000) + String(repeating: "{% endif %}", count: 10_000),
        String(repeating: "{% for i in [1] %}", count: 10_000) + String(repeating: "{% endfor %}", count: 10_000),
        "{{ " + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000) + " }}",
        "{{ " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + " }}",
        "{{ " + String(repeating: "-", count: 10_000) + "1 }}",
        "{{ " + String(repeating: "not ", count: 10_000) + "x }}",
        "{{ 1" + String(repeating: " + 1", count: 10_000) + " }}",
        "{{ x" + String(repeating: ".a", count: 10_000) + " }}",
        "{{ x" + String(repeating: "|string", count: 10_000) + " }}",
        "{{ 'a'" + String(repeating: " ~ 'a'", count: 10_000) + " }}",
    ]

    @Test(arguments: deepTemplates.indices)
    func deepNestingFailsCleanly(_ index: Int) {
        #expect(Self.outcome(Self.deepTemplates[index]).hasPrefix("error:TemplateSyntaxError: template nested too deeply"))
    }

    /// Nesting just inside the limit still works.
    @Test func nestingWithinTheLimitRenders() {
        let template = String(repeating: "{% if x %}", count: 150) + "y" + String(repeating: "{% endif %}", count: 150)
        #expect(Self.outcome(template) == "output:1")
        #expect(Self.outcome("{{ 1" + String(repeating: " + 1", count: 150) + " }}") == "output:3")
        #expect(Self.outcome("{{ " + String(repeating: "(", count: 60) + "1" + String(repeating: ")", count: 60) + " }}") == "output:1")
    }

    /// 1 MB of text, and 1 MB of tags, at two sizes: linear time.
    @Test func largeTemplatesAreLinear() {
        func seconds(_ template: String) -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = Self.outcome(template)
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        for make in [
            { (n: Int) in String(repeating: "plain text ", count: n / 11) },
            { (n: Int) in String(repeating: "{{ x }}", count: n / 7) },
            { (n: Int) in String(repeating: "{% if x %}a{% endif %}", count: n / 22) },
        ] {
            let small = make(125_000), large = make(1_000_000)
            #expect(Self.outcome(large).hasPrefix("output:"))
            let smallTime = [seconds(small), seconds(small)].min()!
            let largeTime = [seconds(large), seconds(large)].min()!
            #expect(largeTime < max(0.05, smallTime) * 20, "\(smallTime)s for 125 KB, \(largeTime)s for 1 MB")
        }
    }
}
