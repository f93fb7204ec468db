import Foundation
import Testing

/// The built `dgenerate` executable run in a folder, for the tests that go through the command
/// line: its exit status and what it printed.
struct DgenerateRun {
    var status: Int32
    /// Standard output, or both streams in the order printed when they were asked to be merged.
    var output: String
    var errors: String

    static var executable: String {
        Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("dgenerate").path
    }

    /// Runs `dgenerate ARGUMENTS` in `folder` with standard input empty; `environment` is added
    /// to the test's own; `mergingErrors` sends standard error into `output`.
    static func run(_ arguments: [String], in folder: String, environment: [String: String] = [:],
                    mergingErrors: Bool = false) throws -> DgenerateRun {
        try #require(FileManager.default.isExecutableFile(atPath: executable), "the dgenerate executable is built")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        // standard error goes to a file, so that neither stream can fill while the other is read
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("dgenerate-errors-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = mergingErrors ? output : try FileHandle(forWritingTo: errorFile)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errors = (try? Data(contentsOf: errorFile)) ?? Data()
        return DgenerateRun(status: process.terminationStatus, output: String(decoding: printed, as: UTF8.self),
                            errors: String(decoding: errors, as: UTF8.self))
    }

    /// A fresh temporary folder named after `label`.
    static func folder(_ label: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
