import Foundation

/// A 4,000-line script heavy in directives and templates: variables, `\setp` arithmetic and
/// comprehensions, shell words, template functions, and template blocks that generate
/// directives.
func makeRuntimeScript(lines: Int) -> String {
    var text = "\\set base photo\n\\setp counter 0\n"
    var index = 2
    while index < lines {
        switch index % 8 {
        case 0: text += "\\set name_\(index) {{ base }} number \(index)\n"
        case 1: text += "\\setp value_\(index) [x * \(index % 7 + 1) for x in range(10) if x % 2 == 0]\n"
        case 2: text += "\\print {{ name_\(index - 2) | upper }} {{ value_\(index - 1) | sum }} {{ quote('a b') }}\n"
        case 3: text += "\\echo \"quoted words\" plain 'single' $HOME\n"
        case 4: text += "{% for i in range(3) %}\n"
        case 5: text += "\\setp counter counter + {{ i }}\n"
        case 6: text += "{% endfor %}\n"
        default: text += "\\print {{ csv(value_\(index - 6)) }} {{ format_size((512, 768)) }} {{ counter }}\n"
        }
        index += 1
    }
    return text
}

/// Runs the script through this build's `dgenerate` and, when `DGENERATE_REFERENCE` names a
/// command that runs a script through the reference (for example the reference's `run-dgen`),
/// through that too; prints both wall times, process start included, and their ratio.
func runScriptBenchmark() {
    let script = makeRuntimeScript(lines: 4000)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dgen-bench-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("bench.dgen")
    try? script.write(to: file, atomically: true, encoding: .utf8)

    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("dgenerate")
    func time(_ command: [String]) -> (seconds: Double, status: Int32, bytes: Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let start = Date()
        do { try process.run() } catch { return (0, -1, 0) }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (Date().timeIntervalSince(start), process.terminationStatus, data.count)
    }
    var best = Double.infinity
    var ours = (seconds: 0.0, status: Int32(0), bytes: 0)
    for _ in 0..<3 {
        ours = time([executable.path, "--file", file.path])
        best = min(best, ours.seconds)
    }
    print("dgenerate (this build): \(String(format: "%.3f", best)) s for 4,000 lines, status \(ours.status), \(ours.bytes) bytes of output (best of 3)")
    guard let reference = ProcessInfo.processInfo.environment["DGENERATE_REFERENCE"] else {
        print("reference: not run (set DGENERATE_REFERENCE to a command that runs a script through dgenerate 5.0.0)")
        return
    }
    let theirs = time([reference, file.path])
    print("reference: \(String(format: "%.3f", theirs.seconds)) s, status \(theirs.status), \(theirs.bytes) bytes of output\(theirs.bytes == ours.bytes ? " (same length)" : " (DIFFERENT length)")")
    print("ratio reference/this: \(String(format: "%.0f", theirs.seconds / best))x (target: at least 100x)")
}
