import Foundation
import ConfigLanguage

/// `\exec`: runs a command line as processes without a shell: `|` pipes, and the redirections
/// `< > 1> 2> &> >> 1>> 2>> &>> 2>&1 1>&2`. Only the last process's output is read, as in the
/// reference; its standard output and error go to the script's (or to files).
extension ScriptRuntime {
    /// Where a stream of the last process goes.
    private enum Sink: @unchecked Sendable {
        case standardOutput, standardError
        case file(FileHandle)
    }

    private static let redirections: Set<String> = ["<", ">", "1>", "2>", "&>", ">>", "1>>", "2>>", "&>>", "2>&1", "1>&2"]

    static func execDirective(_ runtime: ScriptRuntime, _ words: [String]) throws -> Int32 {
        guard !words.isEmpty else { throw ScriptError("\\exec directive must be passed at least one argument.") }
        runtime.log([runtime.executingText], underline: true)
        let directory = runtime.host.workingDirectory
        var arguments = words
        var openFiles: [FileHandle] = []
        defer { for file in openFiles { try? file.close() } }

        var input: FileHandle? = nil
        if let index = arguments.firstIndex(of: "<") {
            guard index + 1 < arguments.count else { throw ScriptError("No input file specified for redirection.") }
            let path = arguments[index + 1]
            guard let file = FileHandle(forReadingAtPath: directory.resolve(path)) else {
                throw ScriptError(PythonErrors.osError(Glob.isDirectory(directory.resolve(path)) ? EISDIR : ENOENT, path))
            }
            openFiles.append(file)
            input = file
            arguments.removeSubrange(index...(index + 1))
        }

        var commands: [[String]] = [[]]
        for argument in arguments {
            if argument == "|" { commands.append([]) } else { commands[commands.count - 1].append(argument) }
        }

        var environment = Dictionary(runtime.host.environment.all.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        environment["PYTHONUNBUFFERED"] = "1"
        environment["PYTHONIOENCODING"] = "utf-8"

        var outputSink = Sink.standardOutput
        var errorSink = Sink.standardError
        var processes: [Process] = []
        var previousOutput: Pipe? = nil
        var lastOutput = Pipe(), lastError = Pipe()
        for var command in commands {
            guard !command.isEmpty else { throw ScriptError("no command specified to pipe to / from.") }
            var index = 0
            while index < command.count {
                let word = command[index]
                guard redirections.contains(word), word != "<" else {
                    index += 1
                    continue
                }
                if word == "2>&1" {
                    errorSink = outputSink
                    command.remove(at: index)
                    continue
                }
                if word == "1>&2" {
                    outputSink = errorSink
                    command.remove(at: index)
                    continue
                }
                guard index + 1 < command.count else { throw ScriptError("\(word) no output file specified.") }
                let path = command[index + 1]
                let absolute = directory.resolve(path)
                let append = word.hasSuffix(">>")
                if !append || !FileManager.default.fileExists(atPath: absolute) {
                    guard FileManager.default.createFile(atPath: absolute, contents: nil) else {
                        throw ScriptError(PythonErrors.osError(Glob.isDirectory(absolute) ? EISDIR : ENOENT, path))
                    }
                }
                guard let file = FileHandle(forWritingAtPath: absolute) else {
                    throw ScriptError(PythonErrors.osError(EACCES, path))
                }
                if append { file.seekToEndOfFile() }
                openFiles.append(file)
                if word.first != "2" { outputSink = .file(file) }
                if word.first != "1" { errorSink = .file(file) }
                command.removeSubrange(index...(index + 1))
            }
            guard let executable = findExecutable(command[0], path: environment["PATH"] ?? "", in: directory) else {
                throw ScriptError("Command \"\(command[0])\" not found on system.")
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = Array(command.dropFirst())
            process.environment = environment
            process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
            if let previousOutput {
                process.standardInput = previousOutput
            } else if let input {
                process.standardInput = input
            }
            lastOutput = Pipe()
            lastError = Pipe()
            process.standardOutput = lastOutput
            process.standardError = lastError
            do {
                try process.run()
            } catch {
                throw ScriptError("Command \"\(command[0])\" not found on system.")
            }
            processes.append(process)
            previousOutput = lastOutput
        }

        // the last process's streams, read on two threads and written in arrival order
        let lock = NSLock()
        let done = DispatchGroup()
        for (pipe, sink) in [(lastOutput, outputSink), (lastError, errorSink)] {
            done.enter()
            Thread.detachNewThread {
                pump(pipe, sink, runtime, lock)
                done.leave()
            }
        }
        // earlier processes' standard error is never read by the reference: drain it quietly
        for process in processes.dropLast() {
            if let pipe = process.standardError as? Pipe {
                DispatchQueue.global().async { _ = pipe.fileHandleForReading.readDataToEndOfFile() }
            }
        }
        processes.last!.waitUntilExit()
        done.wait()
        for process in processes.dropLast() where process.isRunning { process.terminate() }
        let last = processes.last!
        return last.terminationReason == .uncaughtSignal ? -last.terminationStatus : last.terminationStatus
    }

    /// Copies a pipe to a sink until the writer closes it.
    private static func pump(_ pipe: Pipe, _ sink: Sink, _ runtime: ScriptRuntime, _ lock: NSLock) {
        let handle = pipe.fileHandleForReading
        while true {
            let data = handle.availableData
            if data.isEmpty { break }
            lock.lock()
            switch sink {
            case .standardOutput: runtime.host.output.standardOutput(String(decoding: data, as: UTF8.self))
            case .standardError: runtime.host.output.standardError(String(decoding: data, as: UTF8.self))
            case .file(let file): file.write(data)
            }
            lock.unlock()
        }
    }

    /// `shutil.which`: a name with a slash as is, else the first executable on `PATH`.
    static func findExecutable(_ name: String, path: String, in directory: WorkingDirectory) -> String? {
        if name.contains("/") {
            let candidate = directory.resolve(name)
            return access(candidate, X_OK) == 0 && !Glob.isDirectory(candidate) ? candidate : nil
        }
        for entry in path.split(separator: ":", omittingEmptySubsequences: false) {
            let base = entry.isEmpty ? directory.path : directory.resolve(String(entry))
            let candidate = PosixPath.join(base, name)
            if access(candidate, X_OK) == 0 && !Glob.isDirectory(candidate) { return candidate }
        }
        return nil
    }
}
