import Foundation

/// `dgenerate-bench repl`: the time from starting `dgenerate --repl` to the end of a session
/// whose only entry is `\exit 0` (standard input a pipe, so that no terminal is needed): the
/// start-up a user waits for before the first prompt, plus one entry.
func runREPLBenchmark() {
    guard let binary = builtDgenerate(for: "repl") else { return }
    let times = (0..<20).map { _ -> Double in
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--repl"]
        var environment = ProcessInfo.processInfo.environment
        environment["DGENERATE_HISTORY"] = ""
        process.environment = environment
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let start = DispatchTime.now().uptimeNanoseconds
        try? process.run()
        input.fileHandleForWriting.write(Data("\\exit 0\n".utf8))
        try? input.fileHandleForWriting.close()
        // the end of its output is the end of the session (Foundation's waitUntilExit polls)
        _ = output.fileHandleForReading.readDataToEndOfFile()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        process.waitUntilExit()
        return elapsed
    }.sorted()
    print(String(format: "REPL start to the end of a one-entry session: median %.2f ms, max %.2f ms (target: start under 50 ms)",
                 times[times.count / 2], times[times.count - 1]))
}
