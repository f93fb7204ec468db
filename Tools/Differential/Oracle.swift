import Foundation

/// The Python side (`oracle.py`) as a child process: one JSON line out, one JSON line back.
final class Oracle {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer: [UInt8] = []

    /// Starts `python oracle.py`; nil (with the reason on standard error) if it cannot start.
    init?(python: String, script: String) {
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script]
        var environment = ProcessInfo.processInfo.environment
        // string hashes (and so the order of sets of strings) as this engine computes them
        environment["PYTHONHASHSEED"] = "0"
        process.environment = environment
        process.standardInput = input
        process.standardOutput = output
        do {
            try process.run()
        } catch {
            FileHandle.standardError.write(Data("cannot start \(python) \(script): \(error.localizedDescription)\n".utf8))
            return nil
        }
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    /// Sends one request (a JSON object) and returns the answer, or nil if the process died.
    func ask(_ request: [String: Any]) -> [String: Any]? {
        guard let data = try? JSONSerialization.data(withJSONObject: request) else { return nil }
        do {
            try input.fileHandleForWriting.write(contentsOf: data + Data("\n".utf8))
        } catch {
            return nil
        }
        guard let line = readLine() else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any]
    }

    private func readLine() -> [UInt8]? {
        let descriptor = output.fileHandleForReading.fileDescriptor
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[..<end])
                buffer.removeSubrange(...end)
                return line
            }
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { return nil }
            buffer += chunk[..<count]
        }
    }
}
