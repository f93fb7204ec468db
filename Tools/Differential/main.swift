import ConfigLanguage
import Foundation
import Templating
import ConfigRuntime

/// dgenerate-difftest: random differential testing of the language core against the Python
/// libraries dgenerate uses (Jinja2, asteval, dgenerate's own shell-word splitting).
///
///     dgenerate-difftest template|setp|shell [--count N] [--seed S] [--python PY] [--oracle FILE] [--show K]
///
/// Generates N cases from seed S (a new random seed when none is given; it is printed, so that a
/// run can be repeated), runs each here and in `oracle.py`, prints the differing cases cut down
/// to what makes them differ (the first K, default 10), and last `K/N identical`. Exits 1 if any
/// case differs, 2 if the oracle cannot run.
struct Options {
    var kind = ""
    var count = 1000
    var seed = UInt64.random(in: 1...UInt64(UInt32.max))
    var python = "python3"
    var oracle = ""
    var show = 10
    /// How many of the cases the reference could not answer in time to print.
    var showSkipped = 0

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            func value() throws -> String {
                guard let next = rest.popFirst() else { throw UsageError("\(argument) needs a value") }
                return next
            }
            switch argument {
            case "--count": count = Int(try value()) ?? -1
            case "--seed": seed = UInt64(try value()) ?? 0
            case "--python": python = try value()
            case "--oracle": oracle = try value()
            case "--show": show = Int(try value()) ?? 10
            case "--show-skipped": showSkipped = Int(try value()) ?? 0
            case "template", "setp", "shell": kind = argument
            default: throw UsageError("unknown argument \(argument)")
            }
        }
        guard !kind.isEmpty else { throw UsageError("say which: template, setp or shell") }
        guard count > 0 else { throw UsageError("--count needs a positive number") }
        if oracle.isEmpty {
            oracle = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("oracle.py").path
        }
        if !python.contains("/") {
            python = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
                .map { "\($0)/\(python)" }.first { FileManager.default.isExecutableFile(atPath: $0) } ?? python
        }
    }
}

struct UsageError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// One side's result, as comparable text.
enum Outcome: Equatable {
    case same(String)
    case skipped

    /// This engine's MemoryError for a result past its size limits (divergence R10).
    var isSizeRefusal: Bool {
        guard case .same(let text) = self else { return false }
        return text.hasPrefix("error") && text.contains("MemoryError:")
    }

    /// How many times `nan` appears in the text.
    var nanCount: Int {
        guard case .same(let text) = self else { return 0 }
        return text.components(separatedBy: "nan").count - 1
    }

    /// A set whose members include ones Python hashes by address (a namespace, `Ellipsis`,
    /// a NaN, an empty range, which hashes `(0, None, None)`), printed in another order: the
    /// reference's own order changes from run to run (divergence R13).
    static func differOnlyInAddressHashedOrder(ours: Outcome, theirs: Outcome) -> Bool {
        guard case .same(let mine) = ours, case .same(let python) = theirs, mine != python,
              ["Ellipsis", "<", "range(", "None", "...", "nan"].contains(where: python.contains) else { return false }
        return mine.count == python.count && mine.sorted() == python.sorted()
    }

    /// Python keeps NaNs made apart as separate dict keys and set members, where this engine
    /// has one (divergence R13): Python's text shows more of them, and the rest is the same
    /// once repeated `nan` keys and members are folded.
    static func differOnlyInNaNIdentity(ours: Outcome, theirs: Outcome) -> Bool {
        guard case .same(let mine) = ours, case .same(let python) = theirs, theirs.nanCount > ours.nanCount else { return false }
        func folded(_ text: String) -> String {
            var text = text
            for pattern in [#"nan(: [^,{}]+)?, (?=nan)"#] {
                while let range = text.range(of: pattern, options: .regularExpression) { text.removeSubrange(range) }
            }
            return text
        }
        return folded(mine) == folded(python)
    }
}

final class Discard: ScriptOutput, @unchecked Sendable {
    func standardOutput(_ text: String) {}
    func standardError(_ text: String) {}
}

/// ` at 0x...>` addresses differ from run to run: both sides' are written ` at 0x?>`, and an
/// object this engine prints without one (`<zip object>`) compares equal to Python's.
func withoutAddresses(_ text: String) -> String {
    withoutReversedAddresses(withoutForwardAddresses(text))
}

/// ` at 0x...` reversed by `reverse`: the hex digits before each `x0 ta` become `?` (by hand:
/// a pattern for it backtracks over long runs of hex letters such as `abcabc...`).
func withoutReversedAddresses(_ text: String) -> String {
    guard text.contains("x0 ta") else { return text }
    let hex = Set("0123456789abcdefABCDEF")
    var pieces = text.components(separatedBy: "x0 ta")
    for index in pieces.indices.dropLast() {
        let kept = pieces[index].reversed().drop { hex.contains($0) }
        if kept.count < pieces[index].count { pieces[index] = String(kept.reversed()) + "?" }
    }
    return pieces.joined(separator: "x0 ta")
}

func withoutForwardAddresses(_ text: String) -> String {
    // also as HTML-escaped (`&gt;`) or URL-encoded (`%20at%200x...%3E`) by a filter, or
    // broken over lines by wordwrap (both sides' addresses are 12 digits, so they break alike),
    // or cut short (a template that drops the last character of a repr)
    text.replacingOccurrences(of: #"(?i)( |%20)at( \n| |\n|%20)0x[0-9a-f?\n]+(>|&gt;|%3E)?"#, with: "$3", options: .regularExpression)
        // or taken apart character by character (`c|join(', ')`)
        .replacingOccurrences(of: #"(?i)0, x(, [0-9a-f])+"#, with: "0, x, ?", options: .regularExpression)
        // or changed by a filter (`replace('a', 'o')` makes `ot 0x7fo9...`)
        .replacingOccurrences(of: #"object [a-z]{2} 0x[0-9a-z]+"#, with: "object at ?", options: .regularExpression)
}

struct Tester {
    let options: Options
    let oracle: Oracle
    let runtime: ScriptRuntime
    let sandbox: String

    init(options: Options, oracle: Oracle) throws {
        self.options = options
        self.oracle = oracle
        sandbox = FileManager.default.temporaryDirectory.appendingPathComponent("dgen-difftest-\(UUID().uuidString)")
            .resolvingSymlinksInPath().path
        for file in ShellGenerator.files {
            let path = sandbox + "/" + file
            if file.hasSuffix("/") {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } else {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                _ = FileManager.default.createFile(atPath: path, contents: Data())
            }
        }
        let variables = [("HOME", ShellGenerator.home)] + ShellGenerator.environment.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        runtime = ScriptRuntime(host: RuntimeHost(output: Discard(), environment: MemoryEnvironment(variables),
                                                  workingDirectory: VirtualWorkingDirectory(sandbox)))
        _ = oracle.ask(["setup": ["sandbox": sandbox, "home": ShellGenerator.home, "env": ShellGenerator.environment]])
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: sandbox) }

    // MARK: the three kinds of case

    func template(_ source: String, _ context: [(String, ContextValue)]) -> (ours: Outcome, theirs: Outcome)? {
        var values: [String: Value] = [:]
        var tagged: [String: Any] = [:]
        for (name, value) in context {
            values[name] = value.value
            tagged[name] = value.tagged
        }
        let ours: String
        do {
            ours = "output:" + (try runtime.templates.render(source, context: values))
        } catch {
            ours = "error:\(error.kind): \(error.message.trimmingCharacters(in: .whitespacesAndNewlines))"
        }
        guard let answer = oracle.ask(["template": source, "context": tagged]) else { return nil }
        if answer["timeout"] != nil { return (.same(ours), .skipped) }
        if let output = answer["output"] as? String { return (.same(withoutAddresses(ours)), .same(withoutAddresses("output:" + output))) }
        let failure = answer["error"] as? [String] ?? ["?", "?"]
        return (.same(withoutAddresses(ours)), .same(withoutAddresses("error:\(failure[0]): \(failure.count > 1 ? failure[1] : "")")))
    }

    func setp(_ expression: String) -> (ours: Outcome, theirs: Outcome)? {
        let ours: String
        do {
            let value = try runtime.evaluateSetp(expression)
            do {
                try value.checkPrintable()
                // the oracle names the type by `__name__`
                ours = "\(value.className): \(value.repr)"
            } catch {
                ours = "\(value.className): unprintable: \(error.message)"
            }
        } catch {
            ours = "error: " + error.message.replacingOccurrences(of: "\\setp eval error: ", with: "", options: .anchored)
        }
        guard let answer = oracle.ask(["setp": expression]) else { return nil }
        if answer["timeout"] != nil { return (.same(ours), .skipped) }
        if let message = answer["unprintable"] as? String {
            return (.same(ours), .same("\(answer["type"] as? String ?? "?"): unprintable: \(message)"))
        }
        if let repr = answer["repr"] as? String {
            return (.same(withoutAddresses(ours)), .same(withoutAddresses("\(answer["type"] as? String ?? "?"): \(repr)")))
        }
        return (.same(withoutAddresses(ours)), .same(withoutAddresses("error: \(answer["error"] as? String ?? "?")")))
    }

    func shell(_ text: String) -> (ours: Outcome, theirs: Outcome)? {
        var words = ShellWords(environment: { self.runtime.host.environment.value($0) }, workingDirectory: sandbox, files: SystemDirectories(), accounts: SystemAccounts.lookup)
        words.home = ShellGenerator.home
        let ours: String
        do {
            ours = "words: " + Value.list(try words.parse(text).map { .string($0) }).repr
        } catch {
            ours = "error: " + error.message
        }
        guard let answer = oracle.ask(["shell": text]) else { return nil }
        if answer["timeout"] != nil { return (.same(ours), .skipped) }
        if let list = answer["words"] as? [String] { return (.same(ours), .same("words: " + Value.list(list.map { .string($0) }).repr)) }
        return (.same(ours), .same("error: \(answer["error"] as? String ?? "?")"))
    }
}

func describe(_ outcome: Outcome) -> String {
    switch outcome {
    case .same(let text): return PythonString.repr(text)
    case .skipped: return "(timed out)"
    }
}

func run(_ options: Options) -> Int32 {
    guard let oracle = Oracle(python: options.python, script: options.oracle) else { return 2 }
    let tester: Tester
    do {
        tester = try Tester(options: options, oracle: oracle)
    } catch {
        FileHandle.standardError.write(Data("cannot make the sandbox: \(error)\n".utf8))
        return 2
    }
    defer { tester.cleanUp() }
    let reference = ["template": "Jinja2", "setp": "asteval", "shell": "dgenerate"][options.kind] ?? "reference"
    print("dgenerate-difftest \(options.kind): \(options.count) cases, seed \(options.seed)")
    var identical = 0, skipped = 0, sizeLimited = 0, nanIdentity = 0, shown = 0
    var templates = TemplateGenerator(seed: options.seed)
    var expressions = SetpGenerator(seed: options.seed)
    var commandLines = ShellGenerator(seed: options.seed)
    for index in 0..<options.count {
        var context: [(String, ContextValue)] = []
        let fragment: Fragment
        switch options.kind {
        case "template": (fragment, context) = templates.next()
        case "setp": fragment = expressions.next()
        default: fragment = commandLines.next()
        }
        let check: (String) -> (ours: Outcome, theirs: Outcome)? = { text in
            CrashReport.running(options.kind == "template" ? text + "  with context " + context.map { "\($0.0)=\($0.1.value.repr)" }.joined(separator: ", ") : text)
            switch options.kind {
            case "template": return tester.template(text, context)
            case "setp": return tester.setp(text)
            default: return tester.shell(text)
            }
        }
        guard let result = check(fragment.rendered) else {
            print("the oracle stopped answering at case \(index + 1): \(PythonString.repr(fragment.rendered))")
            return 2
        }
        // a result past this engine's size limits, which it refuses at once (divergence R10),
        // is one the reference spends minutes on (a power of a power)
        if result.theirs == .skipped && result.ours.isSizeRefusal { sizeLimited += 1; continue }
        if result.theirs == .skipped {
            skipped += 1
            if skipped <= options.showSkipped { print("--- case \(index + 1) skipped, the reference took over 5 s: \(PythonString.repr(fragment.rendered))") }
            continue
        }
        if result.ours == result.theirs { identical += 1; continue }
        // this engine refuses results past its size limits at once (divergence R10), where
        // Python computes them (and then often cannot print them)
        if result.ours.isSizeRefusal { sizeLimited += 1; continue }
        // (and Python hashes a NaN, None and Ellipsis by their addresses, which change from run to run)
        if Outcome.differOnlyInNaNIdentity(ours: result.ours, theirs: result.theirs)
            || Outcome.differOnlyInAddressHashedOrder(ours: result.ours, theirs: result.theirs)
            || (fragment.rendered.contains("hash(") && ["nan", "none", "..."].contains { fragment.rendered.lowercased().contains($0) }) {
            nanIdentity += 1
            continue
        }
        shown += 1
        guard shown <= options.show else { continue }
        Minimiser.minimise(fragment) { text in
            guard let again = check(text), again.theirs != .skipped else { return false }
            return again.ours != again.theirs
        }
        let final = check(fragment.rendered) ?? result
        print("--- case \(index + 1) differs (cut down):")
        print("input:   \(PythonString.repr(fragment.rendered))")
        let used = context.filter { fragment.rendered.contains($0.0) }
        if !used.isEmpty { print("context: " + used.map { "\($0.0)=\($0.1.value.repr)" }.joined(separator: ", ")) }
        print("ours:    \(describe(final.ours))")
        print("\(reference.padding(toLength: 8, withPad: " ", startingAt: 0)) \(describe(final.theirs))")
    }
    let compared = options.count - skipped - sizeLimited - nanIdentity
    if skipped > 0 { print("\(skipped) cases skipped: the reference took over 5 s") }
    if sizeLimited > 0 { print("\(sizeLimited) cases skipped: refused by this engine's size limits (divergence R10)") }
    if nanIdentity > 0 { print("\(nanIdentity) cases skipped: NaN identity, or members Python hashes by address (divergence R13)") }
    print("\(identical)/\(compared) identical")
    return identical == compared ? 0 : 1
}

do {
    let options = try Options(Array(CommandLine.arguments.dropFirst()))
    CrashReport.install()
    exit(run(options))
} catch let error as UsageError {
    FileHandle.standardError.write(Data("dgenerate-difftest: \(error.message)\nusage: dgenerate-difftest template|setp|shell [--count N] [--seed S] [--python PY] [--oracle FILE] [--show K]\n".utf8))
    exit(2)
}
