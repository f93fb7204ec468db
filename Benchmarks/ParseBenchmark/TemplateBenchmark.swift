import ConfigLanguage
import Foundation
import Templating

/// A loop-heavy template: nested loops (100 x 1,000 iterations), arithmetic, tests, filters,
/// loop variables and string building.
let benchmarkTemplate = """
{% for i in range(100) %}{% for j in range(1000) %}{{ (i * j) % 7 }}{{ 'ab'|upper if j is even else (j ~ '')|length }}{% if loop.first %}[{{ i }}]{% endif %}{% endfor %}
{% endfor %}
"""

func runTemplateBenchmark() {
    let environment = TemplateEnvironment()
    let compiled: CompiledTemplate
    do { compiled = try environment.compile(benchmarkTemplate) } catch {
        print("template benchmark failed: \(error)")
        return
    }
    // Jinja2 runs in one long-lived Python process that renders on request, so that the two
    // sides take turns and see the same machine load (interpreter start is excluded).
    let jinja = JinjaRenderer(template: benchmarkTemplate)
    var swiftBest = Double.infinity, pythonBest = Double.infinity
    var length = 0, pythonLength: Int?
    for _ in 0..<rounds {
        do {
            let start = Date()
            let output = try environment.render(compiled)
            swiftBest = min(swiftBest, Date().timeIntervalSince(start))
            length = output.utf8.count
        } catch {
            print("template benchmark failed: \(error)")
            return
        }
        if let (bytes, seconds) = jinja?.render() {
            pythonLength = bytes
            pythonBest = min(pythonBest, seconds)
        }
    }
    print("swift:  \(String(format: "%.3f", swiftBest)) s for 100,000 iterations (\(length) bytes of output, best of \(rounds))")
    guard let pythonLength else {
        print("jinja2: not available (python3 with jinja2 is needed for the comparison)")
        return
    }
    print("jinja2: \(String(format: "%.3f", pythonBest)) s (\(pythonLength) bytes of output\(pythonLength == length ? ", identical length" : ", DIFFERENT length"), best of \(rounds), renders alternating with ours)")
    print("ratio swift/jinja2: \(String(format: "%.2f", swiftBest / pythonBest)) (target: at most 0.5)")
}

private let rounds = 10

/// A Python process holding the compiled Jinja2 template: each request renders it once and
/// answers the output length and the render time.
private final class JinjaRenderer {
    private let process = Process()
    private let requests = Pipe(), answers = Pipe()
    private var pending = Data()

    init?(template: String) {
        let script = """
        import sys, time, jinja2
        source = sys.stdin.readline()[:-1].encode().decode('unicode_escape')
        t = jinja2.Environment().from_string(source)
        print('ready', flush=True)
        for _ in sys.stdin:
            s = time.perf_counter()
            out = t.render()
            print(len(out.encode()), time.perf_counter() - s, flush=True)
        """
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        process.standardInput = requests
        process.standardOutput = answers
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        // The template travels as one escaped line.
        let escaped = template.unicodeScalars.map { $0 == "\n" ? "\\n" : $0 == "\\" ? "\\\\" : String($0) }.joined()
        requests.fileHandleForWriting.write(Data((escaped + "\n").utf8))
        guard readLine() == "ready" else { return nil }
    }

    deinit {
        try? requests.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    func render() -> (Int, Double)? {
        requests.fileHandleForWriting.write(Data("go\n".utf8))
        guard let line = readLine() else { return nil }
        let fields = line.split(separator: " ")
        guard fields.count == 2, let bytes = Int(fields[0]), let seconds = Double(fields[1]) else { return nil }
        return (bytes, seconds)
    }

    private func readLine() -> String? {
        while true {
            if let newline = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                return line
            }
            let chunk = answers.fileHandleForReading.availableData
            if chunk.isEmpty { return nil }
            pending.append(chunk)
        }
    }
}
