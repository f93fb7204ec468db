import Foundation
import Templating
import ConfigLanguage

/// Where a script's messages go. The command line writes them to its standard streams; tests
/// and the language server collect them.
public protocol ScriptOutput: AnyObject, Sendable {
    /// Informational text for standard output (already ends with a line break where needed).
    func standardOutput(_ text: String)
    /// Error text for standard error.
    func standardError(_ text: String)
    /// A progress line (`Step 3/30: ...`, ending in a line break); a terminal may show it in place.
    func progress(_ text: String)
}

extension ScriptOutput {
    /// By default progress is error text like any other.
    public func progress(_ text: String) { standardError(text) }
}

/// The process environment as a script sees it: `\env`, `$NAME` expansion, `env.NAME`.
public protocol EnvironmentStore: AnyObject, Sendable {
    func value(_ name: String) -> String?
    /// Sets a variable; false when the name is not a valid environment variable name.
    func set(_ name: String, _ value: String) -> Bool
    func unset(_ name: String)
    /// Every variable, in the order the platform lists them.
    var all: [(name: String, value: String)] { get }
}

extension EnvironmentStore {
    /// `COLUMNS` as Python reads it (`int()` of the text, surrounding blanks allowed), when it
    /// is a positive number: the one reader of it; each caller has its own fallback (argparse
    /// 80, the reference's message wrapping 150).
    var columns: Int? {
        guard let text = value("COLUMNS"), let width = Int(text.trimmingCharacters(in: .whitespaces)), width > 0 else { return nil }
        return width
    }
}

/// The side effects a script can have, each through a small protocol so that the language
/// server can analyse a script without running anything.
public struct RuntimeHost {
    public var output: ScriptOutput
    public var environment: EnvironmentStore
    /// The working directory scripts resolve relative paths against.
    public var workingDirectory: WorkingDirectory
    /// Fetches URLs for `\download` and `download()`; nil where nothing may be downloaded.
    public var downloader: WebDownloader?
    /// What the engine holds in memory, for the cache directives (empty without an engine).
    public var modelCaches: ModelCaches = EmptyModelCaches()
    /// `--plan`: invocations print their generation steps and the files they would write
    /// instead of generating.
    public var planOnly = false
    /// `--shard K/N`: generate only this shard's share of the run's generation steps.
    public var shard: Shard?
    /// Runs generation steps (the engine); nil where nothing may be generated.
    public var generator: ImageGenerator?
    /// Whether the user asked to stop the generation running (Ctrl-C at the REPL); the engine
    /// asks between steps.
    public var interruptRequested: @Sendable () -> Bool = { false }
    /// The file system the file directives and globbing work on: the real one by default.
    public var files: FileSystem = SystemDirectories()
    /// Runs `\exec`'s programs: the real processes by default.
    public var processes: ProcessLauncher = SystemProcesses()
    /// The machine's physical memory in bytes, for `total_memory('cpu')`.
    public var physicalMemory: @Sendable () -> UInt64 = { ProcessInfo.processInfo.physicalMemory }

    public init(output: ScriptOutput, environment: EnvironmentStore, workingDirectory: WorkingDirectory,
                downloader: WebDownloader? = nil) {
        self.output = output
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.downloader = downloader
    }
}

/// The working directory. The process-wide one for the command line; a private one for tests
/// and the language server, so that `\cd` in one script does not move another.
public protocol WorkingDirectory: AnyObject, Sendable {
    var path: String { get }
    /// Changes directory; throws the platform's error text when it cannot.
    func change(to path: String) throws(ScriptError)
}

extension WorkingDirectory {
    /// `path` made absolute against the working directory (not normalised).
    public func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let base = self.path
        return base.hasSuffix("/") ? base + path : base + "/" + path
    }
}

/// The real process environment.
public final class ProcessEnvironment: EnvironmentStore, @unchecked Sendable {
    public init() {}
    public func value(_ name: String) -> String? {
        guard let pointer = getenv(name) else { return nil }
        return String(cString: pointer)
    }
    public func set(_ name: String, _ value: String) -> Bool {
        guard !name.isEmpty, !name.contains("="), !name.contains("\0"), !value.contains("\0") else { return false }
        return setenv(name, value, 1) == 0
    }
    public func unset(_ name: String) {
        guard !name.isEmpty, !name.contains("="), !name.contains("\0") else { return }
        unsetenv(name)
    }
    public var all: [(name: String, value: String)] {
        var result: [(String, String)] = []
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result.append((String(text[..<equals]), String(text[text.index(after: equals)...])))
            }
            pointer += 1
        }
        return result
    }
}

/// An environment held in memory, starting from a copy of another.
public final class MemoryEnvironment: EnvironmentStore, @unchecked Sendable {
    private var names: [String] = []
    private var values: [String: String] = [:]
    public init(_ variables: [(String, String)] = []) {
        for (name, value) in variables { _ = set(name, value) }
    }
    public func value(_ name: String) -> String? { values[name] }
    public func set(_ name: String, _ value: String) -> Bool {
        guard !name.isEmpty, !name.contains("="), !name.contains("\0"), !value.contains("\0") else { return false }
        if values[name] == nil { names.append(name) }
        values[name] = value
        return true
    }
    public func unset(_ name: String) {
        guard values.removeValue(forKey: name) != nil else { return }
        names.removeAll { $0 == name }
    }
    public var all: [(name: String, value: String)] { names.map { ($0, values[$0]!) } }
}

/// The process's working directory.
public final class ProcessWorkingDirectory: WorkingDirectory {
    public init() {}
    public var path: String { FileManager.default.currentDirectoryPath }
    public func change(to path: String) throws(ScriptError) {
        guard chdir(path) == 0 else { throw ScriptError(PythonErrors.osError(errno, path)) }
    }
}

/// A working directory of its own, for tests and the language server.
public final class VirtualWorkingDirectory: WorkingDirectory, @unchecked Sendable {
    public private(set) var path: String
    public init(_ path: String) { self.path = path }
    public func change(to path: String) throws(ScriptError) {
        let target = URL(fileURLWithPath: resolve(path)).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) else {
            throw ScriptError(PythonErrors.osError(ENOENT, path))
        }
        guard isDirectory.boolValue else { throw ScriptError(PythonErrors.osError(ENOTDIR, path)) }
        self.path = target
    }
}

/// Python's wording of OS errors: `[Errno 2] No such file or directory: 'x'`.
public enum PythonErrors {
    public static func osError(_ code: Int32, _ path: String, _ second: String? = nil) -> String {
        let text = String(cString: strerror(code))
        var message = "[Errno \(code)] \(text): \(PythonString.repr(path))"
        if let second { message += " -> \(PythonString.repr(second))" }
        return message
    }
}
