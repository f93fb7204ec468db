#if canImport(Glibc)
import Glibc
#endif
import ConfigLanguage
import Foundation

/// The real process launcher: `access` for the `PATH` search, Foundation's `Process` and pipes.
public struct SystemProcesses: ProcessLauncher {
    public init() {}

    private final class OpenFile: ProcessFile, @unchecked Sendable {
        let handle: FileHandle
        init(_ handle: FileHandle) { self.handle = handle }
        deinit { try? handle.close() }
    }

    public func executablePath(_ name: String, searchPath: String, directory: String) -> String? {
        let files = SystemDirectories()
        func isExecutable(_ candidate: String) -> Bool {
            !candidate.utf8.contains(0) && access(candidate, X_OK) == 0 && !files.isDirectory(candidate)
        }
        func resolve(_ path: String) -> String {
            path.hasPrefix("/") ? path : (directory.hasSuffix("/") ? directory + path : directory + "/" + path)
        }
        if name.contains("/") {
            let candidate = resolve(name)
            return isExecutable(candidate) ? candidate : nil
        }
        for entry in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
            let base = entry.isEmpty ? directory : resolve(String(entry))
            let candidate = PosixPath.join(base, name)
            if isExecutable(candidate) { return candidate }
        }
        return nil
    }

    public func openInput(_ path: String) throws(SystemCallFailure) -> ProcessFile {
        guard !path.utf8.contains(0), let handle = FileHandle(forReadingAtPath: path) else {
            throw SystemCallFailure(code: SystemDirectories().isDirectory(path) ? EISDIR : ENOENT)
        }
        return OpenFile(handle)
    }

    public func openOutput(_ path: String, append: Bool) throws(SystemCallFailure) -> ProcessFile {
        guard !path.utf8.contains(0) else { throw SystemCallFailure(code: ENOENT) }
        if !append || !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw SystemCallFailure(code: SystemDirectories().isDirectory(path) ? EISDIR : ENOENT)
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw SystemCallFailure(code: EACCES) }
        if append { handle.seekToEndOfFile() }
        return OpenFile(handle)
    }

    public func runPipeline(_ commands: [ProcessCommand], input: ProcessFile?, output: ProcessSink, error: ProcessSink,
                            environment: [String: String], directory: String,
                            deliver: @escaping @Sendable (String, Bool) -> Void) throws(PipelineStartFailure) -> Int32 {
        guard !commands.isEmpty else { throw PipelineStartFailure(index: 0) }
        var processes: [Process] = []
        var previousOutput: Pipe? = nil
        var lastOutput = Pipe(), lastError = Pipe()
        for (index, command) in commands.enumerated() {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: command.executable)
            process.arguments = command.arguments
            process.environment = environment
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            if let previousOutput {
                process.standardInput = previousOutput
            } else if let file = input as? OpenFile {
                process.standardInput = file.handle
            }
            lastOutput = Pipe()
            lastError = Pipe()
            process.standardOutput = lastOutput
            process.standardError = lastError
            do {
                try process.run()
            } catch {
                for started in processes where started.isRunning { started.terminate() }
                throw PipelineStartFailure(index: index)
            }
            processes.append(process)
            previousOutput = lastOutput
        }
        guard let last = processes.last else { throw PipelineStartFailure(index: 0) }

        // the last process's streams, read on two threads and written in arrival order
        let lock = NSLock()
        let done = DispatchGroup()
        for (pipe, sink) in [(lastOutput, output), (lastError, error)] {
            done.enter()
            Thread.detachNewThread {
                Self.pump(pipe, sink, lock, deliver)
                done.leave()
            }
        }
        // earlier processes' standard error is never read by the reference: drain it quietly
        for process in processes.dropLast() {
            if let pipe = process.standardError as? Pipe {
                DispatchQueue.global().async { _ = pipe.fileHandleForReading.readDataToEndOfFile() }
            }
        }
        last.waitUntilExit()
        done.wait()
        for process in processes.dropLast() where process.isRunning { process.terminate() }
        return last.terminationReason == .uncaughtSignal ? -last.terminationStatus : last.terminationStatus
    }

    /// Copies a pipe to a sink until the writer closes it.
    private static func pump(_ pipe: Pipe, _ sink: ProcessSink, _ lock: NSLock, _ deliver: @Sendable (String, Bool) -> Void) {
        let handle = pipe.fileHandleForReading
        while true {
            let data = handle.availableData
            if data.isEmpty { break }
            lock.lock()
            switch sink {
            case .standardOutput: deliver(String(decoding: data, as: UTF8.self), false)
            case .standardError: deliver(String(decoding: data, as: UTF8.self), true)
            case .file(let file): (file as? OpenFile)?.handle.write(data)
            }
            lock.unlock()
        }
    }
}
