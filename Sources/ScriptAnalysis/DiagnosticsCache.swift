import ConfigLanguage
import PythonExpressions
import Templating

/// What the diagnostics of the last version of a script worked out per statement, for an
/// editor to check the next version with: a statement whose text (and, where it renders, the
/// known values it reads) did not change is not parsed, rendered or evaluated again. Each
/// pass keeps only what it used, so the cache stays the size of the script.
public final class DiagnosticsCache: @unchecked Sendable {
    let syntaxChecks = SyntaxCheckCache()
    private var undeclared = Generations<[String]?>()
    private var setpNames = Generations<[PythonFreeName]?>()
    private var problems = Generations<[InvocationProblem]>()
    private var values = Generations<(value: Value, repr: String)?>()

    public init() {}

    /// Starts a pass: what the last pass used is what this one may reuse.
    func beginPass() {
        undeclared.begin()
        setpNames.begin()
        problems.begin()
        values.begin()
    }

    /// The names a template reads that it does not bind; nil when it does not parse.
    func undeclaredNames(_ text: String) -> [String]? {
        undeclared.value(text) { try? TemplateEnvironment.undeclaredNames(text) }
    }

    /// The names a `\setp` program reads before assigning them; nil when it does not parse.
    func freeNames(_ expression: String) -> [PythonFreeName]? {
        setpNames.value(expression) { (try? PythonExpressionParser.parse(expression)).map(PythonExpressionParser.freeNames(of:)) }
    }

    /// The command line's problems with what a statement renders to, under `key`.
    func problems(_ key: String, _ compute: () -> [InvocationProblem]) -> [InvocationProblem] {
        problems.value(key, compute)
    }

    /// A statically evaluated value and its `repr`, under `key`.
    func value(_ key: String, _ compute: () -> (value: Value, repr: String)?) -> (value: Value, repr: String)? {
        values.value(key, compute)
    }
}

/// A memo that keeps two generations: entries the current pass used, and the previous pass's.
private struct Generations<Result> {
    private var previous: [String: Result] = [:]
    private var current: [String: Result] = [:]

    mutating func begin() {
        previous = current
        current = [:]
    }

    mutating func value(_ key: String, _ compute: () -> Result) -> Result {
        if let known = current[key] ?? previous[key] {
            current[key] = known
            return known
        }
        let computed = compute()
        current[key] = computed
        return computed
    }
}
