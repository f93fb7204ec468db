import ConfigLanguage

/// A file the host opened for a process to read from or write to; closed when released.
public protocol ProcessFile: AnyObject, Sendable {}

/// Where a stream of the last process of a pipeline goes.
public enum ProcessSink: Sendable {
    case standardOutput, standardError
    case file(ProcessFile)
}

/// One program of a pipeline: its resolved executable and its arguments.
public struct ProcessCommand: Sendable, Equatable {
    /// The name as the script wrote it, for messages.
    public var name: String
    /// The executable's absolute path (`ProcessLauncher.executablePath`).
    public var executable: String
    public var arguments: [String]

    public init(name: String, executable: String, arguments: [String]) {
        self.name = name
        self.executable = executable
        self.arguments = arguments
    }
}

/// A system call's failure, by its `errno`, for the caller to word as Python does.
public struct SystemCallFailure: Error, Equatable, Sendable {
    public var code: Int32
    public init(code: Int32) { self.code = code }
}

/// What a pipeline could not do: start the command at `index`.
public struct PipelineStartFailure: Error, Equatable, Sendable {
    public var index: Int
    public init(index: Int) { self.index = index }
}

/// Process spawning for `\exec`, behind the host so that a host can refuse or fake it (the
/// language server never runs one). The directive decides what to run, in the reference's
/// order of checks; the launcher only does the system's part.
public protocol ProcessLauncher: Sendable {
    /// `shutil.which`: a name with a slash as is (resolved against `directory`), else the first
    /// executable of that name on `searchPath` (`PATH`); nil when there is none.
    func executablePath(_ name: String, searchPath: String, directory: String) -> String?
    /// A file opened for a process's standard input.
    func openInput(_ path: String) throws(SystemCallFailure) -> ProcessFile
    /// A file created (or truncated, unless `append`) for a process's output.
    func openOutput(_ path: String, append: Bool) throws(SystemCallFailure) -> ProcessFile
    /// Runs `commands` as a pipeline (each one's standard output the next one's input; the first
    /// reads `input` or nothing) in `directory` with exactly `environment`. The last process's
    /// streams go to `output` and `error`; text for the script's own streams is handed to
    /// `deliver` (true for standard error) as it arrives. Returns the last process's exit status,
    /// or minus the signal that ended it.
    func runPipeline(_ commands: [ProcessCommand], input: ProcessFile?, output: ProcessSink, error: ProcessSink,
                     environment: [String: String], directory: String,
                     deliver: @escaping @Sendable (_ text: String, _ isError: Bool) -> Void) throws(PipelineStartFailure) -> Int32
}

/// A launcher that runs nothing: every program is missing.
public struct NoProcesses: ProcessLauncher {
    public init() {}
    public func executablePath(_ name: String, searchPath: String, directory: String) -> String? { nil }
    public func openInput(_ path: String) throws(SystemCallFailure) -> ProcessFile { throw SystemCallFailure(code: 1) }
    public func openOutput(_ path: String, append: Bool) throws(SystemCallFailure) -> ProcessFile { throw SystemCallFailure(code: 1) }
    public func runPipeline(_ commands: [ProcessCommand], input: ProcessFile?, output: ProcessSink, error: ProcessSink,
                            environment: [String: String], directory: String,
                            deliver: @escaping @Sendable (String, Bool) -> Void) throws(PipelineStartFailure) -> Int32 {
        throw PipelineStartFailure(index: 0)
    }
}
