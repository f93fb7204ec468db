import ConfigLanguage
import Foundation

/// A loop-heavy template: nested loops (100 x 1,000 iterations), arithmetic, tests, filters,
/// loop variables and string building.
let benchmarkTemplate = """
{% for i in range(100) %}{% for j in range(1000) %}{{ (i * j) % 7 }}{{ 'ab'|upper if j is even else (j ~ '')|length }}{% if loop.first %}[{{ i }}]{% endif %}{% endfor %}
{% endfor %}
"""

func runTemplateBenchmark() {
    let environment = TemplateEnvironment()
    var best = Double.infinity
    var length = 0
    do {
        let compiled = try environment.compile(benchmarkTemplate)
        for _ in 0..<5 {
            let start = Date()
            let output = try environment.render(compiled)
            best = min(best, Date().timeIntervalSince(start))
            length = output.utf8.count
        }
    } catch {
        print("template benchmark failed: \(error)")
        return
    }
    print("swift:  \(String(format: "%.3f", best)) s for 100,000 iterations (\(length) bytes of output, best of 5)")

    // The same template through Python's Jinja2, timed inside Python (interpreter start excluded).
    let script = """
    import sys, time, jinja2
    t = jinja2.Environment().from_string(sys.stdin.read())
    best = min((lambda s: (t.render(), time.perf_counter() - s)[1])(time.perf_counter()) for _ in range(5))
    print(len(t.render().encode()), best)
    """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    do {
        try process.run()
        input.fileHandleForWriting.write(Data(benchmarkTemplate.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let fields = String(decoding: data, as: UTF8.self).split(separator: " ")
        guard process.terminationStatus == 0, fields.count == 2, let pythonLength = Int(fields[0]),
              let pythonTime = Double(fields[1].trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            print("jinja2: not available (python3 with jinja2 is needed for the comparison)")
            return
        }
        print("jinja2: \(String(format: "%.3f", pythonTime)) s (\(pythonLength) bytes of output\(pythonLength == length ? ", identical length" : ", DIFFERENT length"))")
        print("ratio swift/jinja2: \(String(format: "%.2f", best / pythonTime)) (target: at most 0.5)")
    } catch {
        print("jinja2: could not run python3: \(error)")
    }
}
