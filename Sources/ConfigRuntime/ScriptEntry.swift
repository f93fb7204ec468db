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

    /// Splits the arguments after the script into assignments and injected arguments, as
    /// the reference's meta-argument parser does (each option takes the words up to the next
    /// option).
    public static func split(_ arguments: [String]) -> (assignments: [(evaluate: Bool, text: String)], injected: [String]) {
        var assignments: [(Bool, String)] = []
        var injected: [String] = []
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            guard word == "--set" || word == "--setp" else {
                injected.append(word)
                continue
            }
            let start = index
            while index < arguments.count && !(arguments[index].hasPrefix("-") && arguments[index].count > 1) { index += 1 }
            if start == index {
                // argparse: the option needs at least one value; the reference reports it
                injected.append(word)
                continue
            }
            for value in arguments[start..<index] { assignments.append((word == "--setp", value)) }
        }
        return (assignments, injected)
    }

    /// The meta options the command line takes before anything else: where the script comes
    /// from (`--file F...`, `--shell`, `--no-stdin`); the other words (with `--set`/`--setp`)
    /// are returned in order.
    public struct MetaArguments: Equatable, Sendable {
        public var files: [String] = []
        public var shell = false
        public var noStandardInput = false
        public var rest: [String] = []
        /// The first meta option given without its value, as the reference reports it (on
        /// standard output, exit status 1).
        public var error: String?

        public init(_ arguments: [String]) {
            func isValue(_ word: String) -> Bool { !(word.hasPrefix("-") && word.count > 1) || CommandLineParser.isNegativeNumber(word) }
            var index = 0
            while index < arguments.count {
                let word = arguments[index]
                index += 1
                switch word {
                case "--shell": shell = true
                case "--no-stdin": noStandardInput = true
                case "--file", "--set", "--setp":
                    let start = index
                    while index < arguments.count && isValue(arguments[index]) { index += 1 }
                    if start == index {
                        error = error ?? "dgenerate: error: argument \(word): expected at least one argument"
                    }
                    if word == "--file" { files += arguments[start..<index] } else { rest += arguments[(start - 1)..<index] }
                default: rest.append(word)
                }
            }
        }
    }

    /// A plain command (`dgenerate MODEL --prompts ...` with no script): the arguments
    /// parsed, checked and run as one invocation; returns the exit status.
    public static func invoke(_ arguments: [String], host: RuntimeHost) -> Int32 {
        let injected = split(arguments).injected
        let runtime = ScriptRuntime(host: host, injectedArguments: injected)
        return runtime.invoke(injected)
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

    /// Runs `source` with the command line's `arguments`; returns the exit status.
    public static func run(_ source: SourceText, arguments: [String], host: RuntimeHost) -> Int32 {
        run(files: [source.name], arguments: arguments, host: host) { _ in .source(source) }
    }

    /// `--file A B ...`: the scripts run one after another in one runtime (variables, the
    /// working directory and the line counter carry on), each read by `load` when its turn
    /// comes. A name containing `*` is a glob pattern, expanded before the first script runs
    /// (against the starting directory, names in code point order, no hidden names; no match
    /// runs nothing), as the reference expands it. Returns the exit status.
    public static func run(
        files: [String], arguments: [String], host: RuntimeHost, load: (String) -> LoadedScript
    ) -> Int32 {
        let (rawAssignments, injected) = split(arguments)
        func fail(_ message: String) -> Int32 {
            host.output.standardError("dgenerate: error: \(PythonSplitting.strip(message))\n")
            return 1
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
            return 1
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
            switch error {
            case .exit(let code):
                // as the process exit status: the low 8 bits (`\exit -1` exits 255)
                return code & 0xFF
            case .error(let failure):
                host.output.standardError("Config Error: " + failure.message + "\n")
                return 1
            }
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
