import Foundation
import LanguageServer

/// `dgenerate-bench lsp`: the language server on a generated 10,000-line script, in process:
/// the time from a `didChange` to its diagnostics, and hover and completion latency (median and
/// p99), then the time from starting the real binary to its `initialize` response.
func runLanguageServerBenchmark() {
    let server = LanguageServer()
    let uri = "file:///bench.dgen"
    func send(_ value: JSONValue) -> [[UInt8]] { server.handle(value.encoded()) }
    func message(_ method: String, id: Int? = nil, _ params: [String: JSONValue]) -> JSONValue {
        var object: [String: JSONValue] = ["jsonrpc": .string("2.0"), "method": .string(method), "params": .object(params)]
        if let id { object["id"] = .int(id) }
        return .object(object)
    }
    func position(_ line: Int, _ character: Int) -> JSONValue { .object(["line": .int(line), "character": .int(character)]) }
    _ = send(message("initialize", id: 0, ["capabilities": .object([:])]))
    let text = makeScript(lines: 10_000)
    _ = send(message("textDocument/didOpen", ["textDocument": .object([
        "uri": .string(uri), "languageId": .string("dgen"), "version": .int(1), "text": .string(text)])]))

    func timed(_ rounds: Int, _ body: (Int) -> Void) -> [Double] {
        (0..<rounds).map { round in
            let start = DispatchTime.now().uptimeNanoseconds
            body(round)
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        }
    }
    func report(_ name: String, _ times: [Double], target: Double) {
        let sorted = times.sorted()
        let median = sorted[sorted.count / 2], p99 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
        print(String(format: "%@: median %.2f ms, p99 %.2f ms (target: p99 under %.0f ms)", name, median, p99, target))
    }

    // an edit on the line of a \set, typed one character at a time, each answered with diagnostics
    let changes = timed(200) { round in
        let line = (round * 37) % 10_000 / 10 * 10
        let published = send(message("textDocument/didChange", ["textDocument": .object(["uri": .string(uri), "version": .int(round + 2)]),
            "contentChanges": .array([.object(["range": .object(["start": position(line, 5), "end": position(line, 5)]), "text": .string("x")])])]))
        precondition(!published.isEmpty, "no diagnostics were published")
    }
    report("didChange to diagnostics (10,000 lines)", changes, target: 30)
    let hovers = timed(500) { round in _ = send(message("textDocument/hover", id: round + 10, ["textDocument": .object(["uri": .string(uri)]), "position": position((round * 10) % 10_000, 1)])) }
    report("hover", hovers, target: 2)
    let completions = timed(500) { round in _ = send(message("textDocument/completion", id: round + 1000, ["textDocument": .object(["uri": .string(uri)]), "position": position((round * 10 + 2) % 10_000, 10)])) }
    report("completion", completions, target: 2)

    // the real binary, from spawn to the initialize response
    guard let binary = builtDgenerate(for: "startup") else { return }
    // timed from just before the spawn to the response's arrival; the exit is not counted
    let startups = (0..<20).map { _ -> Double in
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--lsp"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        let start = DispatchTime.now().uptimeNanoseconds
        try? process.run()
        input.fileHandleForWriting.write(Data(MessageFraming.frame(message("initialize", id: 1, ["capabilities": .object([:])]).encoded())))
        var reader = MessageReader()
        while (try? reader.next()) == nil {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            reader.append(data)
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        return elapsed
    }
    report("startup to the initialize response", startups, target: 20)
}

/// The `dgenerate` built beside this benchmark; nil (said, for `what`) when it is not built.
func builtDgenerate(for what: String) -> String? {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("dgenerate").path
    guard FileManager.default.isExecutableFile(atPath: binary) else {
        print("\(what): \(binary) not built (swift build -c release --product dgenerate)")
        return nil
    }
    return binary
}
