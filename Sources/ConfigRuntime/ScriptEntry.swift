import Templating
import ConfigLanguage

/// Running a script the way the command line does: `--set NAME=VALUE` and `--setp NAME=EXPR`
/// applied first, in order; the other arguments injected into every invocation line; errors
/// printed as `dgenerate: error: ...` or `Config Error: ...`. The executable and the
/// conformance tests both go through here.
public enum ScriptEntry {
    /// A `--set` or `--setp` assignment from the command line.
    public struct Assignment: Equatable, Sendable {
        public var evaluate: Bool
        public var name: String
        public var value: String
    }

    /// The meta options the command line takes before anything else, parsed as the reference
    /// parses them (an `argparse` parser of its own, abbreviations on, through the project's one
    /// engine): where the script comes from (`--file F...` or `--shell`, `--no-stdin`), the
    /// `--set NAME=VALUE...` and `--setp NAME=EXPR...` assignments in the order given, and the
    /// other words, which are injected into every invocation.
    public struct MetaArguments: Sendable {
        public var files: [String] = []
        public var shell = false
        public var noStandardInput = false
        /// `--set` (evaluate false) and `--setp` (true) values, in command-line order.
        public var assignments: [(evaluate: Bool, text: String)] = []
        /// The words no meta option took, in order.
        public var injected: [String] = []
        /// The parse error as the reference reports it (on standard output, exit status 1).
        public var error: String?

        /// The meta options as the engine's table.
        static let options: [CommandOption] = [
            meta("shell", ["--shell"], .none, group: 0),
            meta("file", ["--file"], .oneOrMore, group: 0),
            meta("no_stdin", ["--no-stdin"], .none),
            meta("set", ["--set"], .oneOrMore, metavar: "VARIABLE=VALUE"),
            meta("setp", ["--setp"], .oneOrMore, metavar: "VARIABLE=VALUE"),
        ]

        private static func meta(_ dest: String, _ names: [String], _ arity: CommandOption.Arity,
                                 metavar: String? = nil, group: Int? = nil) -> CommandOption {
            CommandOption(dest: dest, names: names, action: arity == .none ? .storeTrue : .store, arity: arity,
                          metavar: metavar, defaultValue: "None", valueType: nil, choices: nil, required: false,
                          exclusiveGroup: group, help: "")
        }

        static let parser = CommandLineParser(options: options, allowsAbbreviations: true)

        public init(_ arguments: [String]) {
            let parsed: CommandLineParser.Parsed
            do throws(CommandLineParser.Failure) {
                parsed = try Self.parser.parseKnown(arguments)
            } catch {
                switch error {
                case .usage(let message), .argument(let message): self.error = "dgenerate: error: " + message
                case .exit: break
                }
                return
            }
            injected = parsed.extras
            for (option, values) in parsed.occurrences {
                switch Self.options[option].dest {
                case "shell": shell = true
                case "no_stdin": noStandardInput = true
                case "file": files = values
                case let dest: assignments += values.map { (dest == "setp", $0) }
                }
            }
        }
    }

    /// A plain command (`dgenerate MODEL --prompts ...` with no script): the command line's
    /// `arguments` (meta options included: they are parsed out, as `MetaArguments` parses
    /// them) checked and run as one invocation; returns the exit status.
    public static func invoke(_ arguments: [String], host: RuntimeHost) -> Int32 {
        let meta = MetaArguments(arguments)
        if let error = meta.error {
            host.output.standardOutput(error + "\n")
            return 1
        }
        let runtime = ScriptRuntime(host: host, injectedArguments: meta.injected)
        return runtime.invoke(meta.injected)
    }

    /// `NAME=VALUE`, both stripped; the reference's wording for the ways it can be wrong.
    static func parseAssignment(_ text: String, evaluate: Bool) throws(ScriptError) -> Assignment {
        guard let equals = text.firstIndex(of: "=") else {
            throw ScriptError("Invalid argument: \"\(text)\". Must use variable=value syntax.")
        }
        let name = PythonSplitting.strip(String(text[..<equals]))
        let value = PythonSplitting.strip(String(text[text.index(after: equals)...]))
        guard !name.isEmpty else { throw ScriptError("Invalid argument: empty variable name in \"\(text)\"") }
        return Assignment(evaluate: evaluate, name: name, value: value)
    }

    /// A script read for `run(files:...)`, or why it could not be: the text to print on
    /// standard error (with its newline) before the run stops with status 1.
    public enum LoadedScript {
        case source(SourceText)
        case failure(String)
    }

    /// Runs `source` with the command line's `arguments` (the whole command line: `--set`
    /// and `--setp` are applied, `--file`, `--shell` and `--no-stdin` ignored, the rest
    /// injected); returns the exit status.
    public static func run(_ source: SourceText, arguments: [String], host: RuntimeHost) -> Int32 {
        run(files: [source.name], arguments: arguments, host: host) { _ in .source(source) }
    }

    /// `--file A B ...`: the scripts run one after another in one runtime (variables, the
    /// working directory and the line counter carry on), each read by `load` when its turn
    /// comes. A name containing `*` is a glob pattern, expanded before the first script runs
    /// (against the starting directory, names in code point order, no hidden names; no match
    /// runs nothing), as the reference expands it. `arguments` is the whole command line, as
    /// for `run(_:arguments:host:)`. Returns the exit status.
    /// What stopped a run: `\exit`'s status as the process's (its low 8 bits: `\exit -1` exits
    /// 255), or nil for an error, which is printed as `Config Error: ...`.
    public static func report(_ stop: ScriptStop, to host: RuntimeHost) -> Int32? {
        switch stop {
        case .exit(let code): return code & 0xFF
        case .error(let failure):
            host.output.standardError("Config Error: " + failure.message + "\n")
            return nil
        }
    }

    /// A runtime for the command line's `arguments`: `--set`/`--setp` applied, the rest
    /// injected; the exit status when they fail (the error printed).
    static func prepareRuntime(arguments: [String], host: RuntimeHost) -> Result<ScriptRuntime, ExitStatus> {
        let meta = MetaArguments(arguments)
        if let error = meta.error {
            host.output.standardOutput(error + "\n")
            return .failure(ExitStatus(code: 1))
        }
        let (rawAssignments, injected) = (meta.assignments, meta.injected)
        func fail(_ message: String) -> Result<ScriptRuntime, ExitStatus> {
            host.output.standardError("dgenerate: error: \(PythonSplitting.strip(message))\n")
            return .failure(ExitStatus(code: 1))
        }
        var assignments: [Assignment] = []
        for (evaluate, text) in rawAssignments {
            do throws(ScriptError) {
                assignments.append(try parseAssignment(text, evaluate: evaluate))
            } catch {
                return fail(error.message)
            }
        }
        let runtime = ScriptRuntime(host: host, injectedArguments: injected)
        for assignment in assignments {
            do throws(ScriptError) {
                try runtime.userSet(assignment.name, assignment.value, evaluate: assignment.evaluate)
            } catch {
                return fail(error.message)
            }
        }
        if let failure = runtime.checkInjectedArguments() {
            host.output.standardError("Config Error: Error parsing injected arguments: " + failure + "\n")
            return .failure(ExitStatus(code: 1))
        }
        return .success(runtime)
    }

    /// A process exit status, as an error.
    public struct ExitStatus: Error {
        public let code: Int32
    }

    /// `--shell`: the commands a program sends over standard input, each ended by an empty
    /// line (`nextCommand` gives them with their lines' newlines and the empty line, nil at the
    /// end of input; it is called once the output of the command before is written out), run
    /// one after another in one
    /// runtime; an error is printed and the next command runs. The line counter goes on across
    /// commands, as across the files of `--file A B`. Returns 0 at the end of input, or the status of `\exit`.
    public static func runShell(arguments: [String], host: RuntimeHost, nextCommand: () -> String?) -> Int32 {
        let runtime: ScriptRuntime
        switch prepareRuntime(arguments: arguments, host: host) {
        case .success(let prepared): runtime = prepared
        case .failure(let status): return status.code
        }
        while let command = nextCommand() {
            do {
                try runtime.run(SourceText(name: "<stdin>", text: command), lineCounterStart: runtime.lineCounter)
            } catch {
                if let status = report(error, to: host) { return status }
                // the counter stands at the failing line: the next command counts on from it
                runtime.lineCounter = runtime.currentLine
            }
        }
        return 0
    }

    public static func run(
        files: [String], arguments: [String], host: RuntimeHost, load: (String) -> LoadedScript
    ) -> Int32 {
        let runtime: ScriptRuntime
        switch prepareRuntime(arguments: arguments, host: host) {
        case .success(let prepared): runtime = prepared
        case .failure(let status): return status.code
        }
        let paths = files.flatMap { name in
            name.contains("*") ? Glob.glob(name, in: host.workingDirectory.path, hidden: false, recursive: false, files: host.files) : [name]
        }
        do {
            for path in paths {
                switch load(path) {
                case .source(let source):
                    try runtime.run(source, lineCounterStart: runtime.lineCounter)
                case .failure(let message):
                    host.output.standardError(message)
                    return 1
                }
            }
            return 0
        } catch {
            return report(error, to: host) ?? 1
        }
    }
}

extension ScriptRuntime {
    /// `user_set` / `user_setp`: the name and value rendered and expanded, then defined.
    public func userSet(_ name: String, _ value: String, evaluate: Bool) throws(ScriptError) {
        let renderedName = expandVariables(try renderTemplate(name))
        let renderedValue = expandVariables(try renderTemplate(value))
        try userDefine(renderedName, evaluate ? try evaluateSetp(renderedValue) : .string(renderedValue))
    }
}
