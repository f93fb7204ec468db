import ConfigLanguage

/// `\exec`: runs a command line as processes without a shell: `|` pipes, and the redirections
/// `< > 1> 2> &> >> 1>> 2>> &>> 2>&1 1>&2`. Only the last process's output is read, as in the
/// reference; its standard output and error go to the script's (or to files). The checks run
/// in the reference's order; the processes and files themselves are the host's
/// (`RuntimeHost.processes`).
extension ScriptRuntime {
    private static let redirections: Set<String> = ["<", ">", "1>", "2>", "&>", ">>", "1>>", "2>>", "&>>", "2>&1", "1>&2"]

    static func execDirective(_ runtime: ScriptRuntime, _ words: [String]) throws -> Int32 {
        guard !words.isEmpty else { throw ScriptError("\\exec directive must be passed at least one argument.") }
        runtime.log([runtime.executingText], underline: true)
        let launcher = runtime.host.processes
        let directory = runtime.host.workingDirectory
        var arguments = words

        var input: ProcessFile? = nil
        if let index = arguments.firstIndex(of: "<") {
            guard index + 1 < arguments.count else { throw ScriptError("No input file specified for redirection.") }
            let path = arguments[index + 1]
            do throws(SystemCallFailure) {
                input = try launcher.openInput(directory.resolve(path))
            } catch {
                throw ScriptError(PythonErrors.osError(error.code, path))
            }
            arguments.removeSubrange(index...(index + 1))
        }

        var environment = Dictionary(runtime.host.environment.all.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        environment["PYTHONUNBUFFERED"] = "1"
        environment["PYTHONIOENCODING"] = "utf-8"

        var outputSink = ProcessSink.standardOutput
        var errorSink = ProcessSink.standardError
        var commands: [ProcessCommand] = []
        for var command in pipelineCommands(arguments) {
            guard !command.isEmpty else { throw ScriptError("no command specified to pipe to / from.") }
            try applyRedirections(&command, output: &outputSink, error: &errorSink, launcher: launcher, directory: directory)
            guard let executable = launcher.executablePath(command[0], searchPath: environment["PATH"] ?? "", directory: directory.path) else {
                throw ScriptError("Command \"\(command[0])\" not found on system.")
            }
            commands.append(ProcessCommand(name: command[0], executable: executable, arguments: Array(command.dropFirst())))
        }
        let output = runtime.host.output
        do throws(PipelineStartFailure) {
            return try launcher.runPipeline(commands, input: input, output: outputSink, error: errorSink,
                                            environment: environment, directory: directory.path) { text, isError in
                if isError { output.standardError(text) } else { output.standardOutput(text) }
            }
        } catch {
            let name = commands.indices.contains(error.index) ? commands[error.index].name : ""
            throw ScriptError("Command \"\(name)\" not found on system.")
        }
    }

    /// The words split at each `|`.
    private static func pipelineCommands(_ words: [String]) -> [[String]] {
        var commands: [[String]] = [[]]
        for word in words {
            if word == "|" { commands.append([]) } else { commands[commands.count - 1].append(word) }
        }
        return commands
    }

    /// Takes the output redirections out of `command`, in order, opening their files (the
    /// sinks are shared by the whole pipeline, as in the reference).
    private static func applyRedirections(_ command: inout [String], output: inout ProcessSink, error: inout ProcessSink,
                                          launcher: ProcessLauncher, directory: WorkingDirectory) throws(ScriptError) {
        var index = 0
        while index < command.count {
            let word = command[index]
            guard redirections.contains(word), word != "<" else {
                index += 1
                continue
            }
            if word == "2>&1" || word == "1>&2" {
                if word == "2>&1" { error = output } else { output = error }
                command.remove(at: index)
                continue
            }
            guard index + 1 < command.count else { throw ScriptError("\(word) no output file specified.") }
            let path = command[index + 1]
            let file: ProcessFile
            do throws(SystemCallFailure) {
                file = try launcher.openOutput(directory.resolve(path), append: word.hasSuffix(">>"))
            } catch {
                throw ScriptError(PythonErrors.osError(error.code, path))
            }
            if word.first != "2" { output = .file(file) }
            if word.first != "1" { error = .file(file) }
            command.removeSubrange(index...(index + 1))
        }
    }
}
