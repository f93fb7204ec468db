/// How many positional arguments each `str` method takes, and CPython 3.11's wording when the
/// count is wrong (which differs with how each method is declared in C). Recorded with:
/// `python3 -c "'abc'.NAME(*['a'] * K)"` for K from 0 to 4.
enum StringMethodArity {
    enum Style {
        /// `str.upper() takes no arguments (1 given)`
        case none
        /// `str.join() takes exactly one argument (0 given)`
        case exactlyOne
        /// `center expected at least 1 argument, got 0` / `... at most 2 arguments, got 3`
        case expected(Int, Int)
        /// `find() takes at least 1 argument (0 given)` / `... at most 3 arguments (4 given)`
        case takes(Int, Int)
    }

    static let table: [String: Style] = {
        var table: [String: Style] = [:]
        for name in ["capitalize", "casefold", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit", "isidentifier",
                     "islower", "isnumeric", "isprintable", "isspace", "istitle", "isupper", "lower", "swapcase", "title", "upper"] {
            table[name] = Style.none
        }
        for name in ["format_map", "join", "partition", "removeprefix", "removesuffix", "rpartition", "translate", "zfill"] {
            table[name] = .exactlyOne
        }
        for name in ["center", "ljust", "rjust"] { table[name] = .expected(1, 2) }
        for name in ["lstrip", "rstrip", "strip"] { table[name] = .expected(0, 1) }
        table["replace"] = .expected(2, 3)
        table["maketrans"] = .expected(1, 3)
        for name in ["count", "endswith", "find", "index", "rfind", "rindex", "startswith"] { table[name] = .takes(1, 3) }
        table["encode"] = .takes(0, 2)
        table["expandtabs"] = .takes(0, 1)
        table["rsplit"] = .takes(0, 2)
        table["split"] = .takes(0, 2)
        table["splitlines"] = .takes(0, 1)
        return table
    }()

    /// The error for calling `str.name` with `count` positional arguments, or nil when the
    /// count is one it takes.
    static func error(_ name: String, given count: Int) -> TemplateError? {
        guard let style = table[name] else { return nil }
        func arguments(_ n: Int) -> String { n == 1 ? "1 argument" : "\(n) arguments" }
        switch style {
        case .none:
            return count == 0 ? nil : .type("str.\(name)() takes no arguments (\(count) given)")
        case .exactlyOne:
            return count == 1 ? nil : .type("str.\(name)() takes exactly one argument (\(count) given)")
        case .expected(let least, let most):
            if count < least { return .type("\(name) expected at least \(arguments(least)), got \(count)") }
            if count > most { return .type("\(name) expected at most \(arguments(most)), got \(count)") }
            return nil
        case .takes(let least, let most):
            if count < least { return .type("\(name)() takes at least \(arguments(least)) (\(count) given)") }
            if count > most { return .type("\(name)() takes at most \(arguments(most)) (\(count) given)") }
            return nil
        }
    }

    /// `method` (a `str` method named `name`) with its argument count checked first.
    static func checked(_ method: Value?, _ name: String) -> Value? {
        guard table[name] != nil, case .object(let function as FunctionObject)? = method else { return method }
        let body = function.function.body
        return .object(FunctionObject(name) { (arguments: inout CallArguments, runtime: TemplateRuntime) throws(TemplateError) -> Value in
            if let error = error(name, given: arguments.positional.count) { throw error }
            return try body(&arguments, runtime)
        })
    }
}
