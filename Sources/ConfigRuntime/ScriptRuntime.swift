import Templating
import PythonExpressions
import ConfigLanguage

/// Runs scripts as the reference's config runner does: statement by statement, rendering each
/// line's templates, dispatching directives, and handing invocation lines to an invoker.
///
/// All side effects go through `host`, so the same runtime serves the command line, the REPL
/// and tests.
public final class ScriptRuntime: @unchecked Sendable {
    public let host: RuntimeHost
    /// The template engine, with the template functions, the builtins and `env` registered.
    public let templates: TemplateEnvironment
    /// The template variables: the reserved defaults plus what scripts define. Change them
    /// with `setVariable` and `removeVariable`, which keep the interned copy that renders read.
    public private(set) var templateVariables: [String: Value]
    /// `\setp` expressions parsed, by text (see `parsedSetp`).
    var setpCache: [String: [PyStatement]] = [:]
    /// The same variables keyed by interned name, handed to every render as is (so a render
    /// does not intern thousands of names).
    var symbolVariables: [Int: Value] = [:]
    /// Arguments given on the command line after the script, appended to every invocation.
    public var injectedArguments: [String]
    /// Directives other than the built-in prefixes (`\set`, `\print`, ...), by name without
    /// the backslash. A handler returns a status; non-zero stops the script.
    public var directives: [String: Directive] = [:]
    /// Runs an invocation line: the text as logged and the parsed words; returns its status.
    public var invoker: ((_ commandLine: String, _ arguments: [String]) throws(ScriptError) -> Int32)?

    /// The reference's line counter: the line an error reports.
    public internal(set) var currentLine = 0
    /// The line counter at the end of the last script `run` completed.
    public internal(set) var lineCounter = 0
    /// The line numbers of the template block being run (set when one starts, as the reference
    /// does, so nested blocks overwrite them).
    var templateBlockStart = -1
    var templateBlockEnd = -1
    /// The statement being run, as written (before rendering): `\\ls` and `\\exec` echo it.
    public internal(set) var executingText = ""
    /// How many template blocks are running inside each other.
    var templateBlockDepth = 0
    static let maximumTemplateBlockDepth = 150
    /// `\pushd` history.
    var directoryStack: [String] = []
    /// `\use_modules`' modules, for the next invocation only.
    var modulesForNextInvocation: [(name: String, module: AnyObject?)] = []
    /// A sharded run's steps and files so far (`--shard`).
    let shardProgress = ShardProgress()
    /// Names that scripts cannot define: the reserved template variables.
    public var reservedVariables: Set<String>
    /// Template functions by name (also template globals).
    public var functionNames: Set<String> = []
    /// Functions the runtime implements that `FunctionCatalogue` has no signature for (none, as
    /// a test checks): they are not installed.
    public var functionsWithoutSignature: [String] = []
    /// The signature each template function's arguments are bound by.
    public var boundSignatures: [String: FunctionSignature] = [:]
    /// The Python builtins visible to templates and `\setp`.
    public var builtinNames: Set<String> = []

    public init(host: RuntimeHost, injectedArguments: [String] = []) {
        self.host = host
        self.injectedArguments = injectedArguments
        templates = TemplateEnvironment()
        templateVariables = [:]
        reservedVariables = []
        installTemplateVariables()
        installBuiltins()
        installTemplateFunctions()
        installDirectives()
    }

    /// Defines or replaces a template variable (no checks: see `userDefine`).
    public func setVariable(_ name: String, _ value: Value) {
        templateVariables[name] = value
        symbolVariables[SymbolTable.intern(name)] = value
    }

    /// Removes a template variable; false when there was none.
    @discardableResult
    public func removeVariable(_ name: String) -> Bool {
        symbolVariables[SymbolTable.intern(name)] = nil
        return templateVariables.removeValue(forKey: name) != nil
    }

    /// A directive handler: receives the runtime and the shell-parsed arguments, returns a
    /// status. Handlers take the runtime as an argument rather than capturing it, and throw
    /// `ScriptError` (untyped here: Swift 6.3 cannot yet convert method references to
    /// typed-throws function values).
    public typealias Directive = (_ runtime: ScriptRuntime, _ arguments: [String]) throws -> Int32

    // MARK: - Running

    /// Runs a script's source. Errors come back worded as the reference prints them after
    /// `Config Error: `.
    /// - Parameter lineCounterStart: the line counter before the first line: 0, or where the
    ///   previous script left it when several run in one runtime (`--file A B`), as the
    ///   reference counts on across them. `lineCounter` holds where this one ends.
    public func run(_ source: SourceText, lineCounterStart: Int = 0) throws(ScriptStop) {
        do throws(Failure) {
            let syntax = ScriptParser.parse(source, lineCounterStart: lineCounterStart)
            try runFile(syntax)
            lineCounter = syntax.lineCounters(from: lineCounterStart).last ?? lineCounterStart
        } catch {
            switch error {
            case .raised(let error): throw .error(error)
            case .continuation(let error): throw .error(error)
            case .exit(let code): throw .exit(code)
            }
        }
    }

    /// How a statement fails inside the runtime.
    enum Failure: Error {
        /// The reference's `BatchProcessError` with its message so far.
        case raised(ScriptError)
        /// An error from inside a template block, already worded with the block's lines.
        case continuation(ScriptError)
        /// `\exit N`.
        case exit(Int32)
    }

    /// The reference's `run_file`: runs the statements and words an error with the line it
    /// happened on.
    func runFile(_ syntax: ScriptSyntax) throws(Failure) {
        do throws(Failure) {
            for item in syntax.items { try runItem(item, in: syntax) }
        } catch {
            throw wordedForFile(error)
        }
    }

    /// How the reference's `run_file` words an error that leaves it: with the line it happened
    /// on, except errors from a template block, which are worded already.
    func wordedForFile(_ failure: Failure) -> Failure {
        switch failure {
        case .continuation(let error):
            var stripped = error
            stripped.message = PythonSplitting.strip(error.message)
            return .raised(stripped)
        case .raised(let error):
            var wrapped = error
            wrapped.message = "Error on line \(currentLine):\n    " + PythonSplitting.strip(error.message)
            return .raised(wrapped)
        case .exit:
            return failure
        }
    }

    /// One step of the reference's line loop: a version pragma is checked, a statement run.
    /// - Parameter lineIndexOffset: the index in the whole text of `syntax`'s first line (a
    ///   template block's rendering is parsed a few lines at a time).
    func runItem(_ item: ScriptItem, in syntax: ScriptSyntax, lineIndexOffset: Int = 0) throws(Failure) {
        switch item {
        case .trivia(let line):
            if line.role == .versionPragma {
                checkVersion(syntax.source.text(SourceRange(line.range.lowerBound, line.terminator.lowerBound)),
                             lineIndex: line.index + lineIndexOffset)
            }
        case .statement(let statement):
            // a version pragma inside a continuation is checked when the line loop meets it,
            // before the statement it sits in runs
            for index in statement.lines where index < syntax.lines.count && syntax.lines[index].role == .versionPragma {
                let line = syntax.lines[index]
                checkVersion(syntax.source.text(SourceRange(line.range.lowerBound, line.terminator.lowerBound)),
                             lineIndex: index + lineIndexOffset)
            }
            currentLine = statement.reportedLine
            executingText = statement.logicalText
            if let halt = statement.haltError {
                throw .raised(ScriptError(halt.message, physicalLine: statement.executionLine, range: halt.range))
            }
            if statement.kind == .templateBlock {
                if let lines = statement.templateLines {
                    templateBlockStart = lines.start
                    templateBlockEnd = lines.end
                }
                do throws(Failure) {
                    try runTemplateBlock(statement.logicalText)
                } catch {
                    throw Self.located(error, in: statement)
                }
                return
            }
            do throws(ScriptError) {
                if statement.kind == .directive {
                    try runDirective(statement.logicalText)
                } else {
                    try runInvocation(statement.logicalText)
                }
            } catch {
                if let code = error.exitCode { throw .exit(code) }
                throw Self.located(.raised(error), in: statement)
            }
        }
    }

    /// `failure` with the place in `statement` it came from: the logical range a directive or
    /// invocation error names, or the line of a template block its render error names, else the
    /// statement's start.
    static func located(_ failure: Failure, in statement: Statement) -> Failure {
        func locate(_ error: ScriptError) -> ScriptError {
            var located = error
            if located.physicalLine == nil { located.physicalLine = statement.executionLine }
            guard located.range == nil else { return located }
            let map = statement.sourceMap
            if let logical = error.logicalRange {
                let start = map.sourceOffset(logical.lowerBound)
                let end = map.sourceOffset(max(logical.lowerBound, logical.upperBound - 1)) + 1
                located.range = SourceRange(start, max(start, end))
            } else {
                // the first non-blank byte of the template line (1-based), else of the statement
                let text = Array(statement.logicalText.utf8)
                var line = 1, offset = 0
                let wanted = error.templateLine ?? 1
                while line < wanted, let newline = text[offset...].firstIndex(of: UInt8(ascii: "\n")) {
                    offset = newline + 1
                    line += 1
                }
                while offset < text.count, text[offset] == UInt8(ascii: " ") || text[offset] == UInt8(ascii: "\t") { offset += 1 }
                located.range = .at(map.sourceOffset(offset))
            }
            return located
        }
        switch failure {
        case .raised(let error): return .raised(locate(error))
        case .continuation(let error): return .continuation(locate(error))
        case .exit: return failure
        }
    }

    /// A template block: run as a script of its own whose line numbers count from the block's
    /// first line, each rendered line as the renderer produces it (see `RenderedLineRunner`).
    func runTemplateBlock(_ text: String) throws(Failure) {
        // A block that renders to another block recurses; stop before the stack runs out, as
        // the reference stops at Python's recursion limit.
        guard templateBlockDepth < Self.maximumTemplateBlockDepth else {
            throw .raised(ScriptError("Template Render Error: maximum recursion depth exceeded"))
        }
        templateBlockDepth += 1
        defer { templateBlockDepth -= 1 }
        currentLine = -1
        defer { currentLine = templateBlockEnd }
        do throws(Failure) {
            try RenderedLineRunner(runtime: self).run(text)
        } catch {
            switch error {
            case .raised(let error):
                let parts = error.message.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                let inner = PythonSplitting.strip(String(parts.last ?? ""))
                // where: the block's template line a render error names; a range found in the
                // rendered text is not one in this file
                var worded = ScriptError(
                    "Error inside template continuation from line \(templateBlockStart) to line \(templateBlockEnd):\n"
                    + "    Error on line \(templateBlockStart + currentLine):\n        \(inner)")
                worded.templateLine = error.templateLine
                throw .continuation(worded)
            case .continuation(var error):
                // from a block inside this block's rendering: its place is this block's
                error.range = nil
                error.templateLine = nil
                error.physicalLine = nil
                throw .continuation(error)
            case .exit:
                throw error
            }
        }
    }
}
