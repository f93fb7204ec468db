/// Arguments passed to a template function, filter or test.
public struct CallArguments: Sendable {
    public var positional: [Value]
    public var keywords: [(String, Value)]

    public init(_ positional: [Value] = [], keywords: [(String, Value)] = []) {
        self.positional = positional
        self.keywords = keywords
    }

    /// Binds the arguments to parameters as Python does: positional first, then keywords;
    /// `defaults[i]` nil means required. Errors read like Python's `TypeError`s.
    /// `leading` counts the parameters Python's function takes before these (a filter's value,
    /// its environment), which its messages count too.
    public func bind(_ function: @autoclosure () -> String, _ names: [String], _ defaults: [Value?], leading: Int = 0) throws(TemplateError) -> [Value] {
        // the common case: exactly the positional arguments, or none and all defaults
        if keywords.isEmpty && positional.count <= names.count {
            var result = positional
            var complete = true
            for index in positional.count..<names.count {
                guard let value = defaults[index] else { complete = false; break }
                result.append(value)
            }
            if complete { return result }
        }
        let function = function()
        var bound = [Value?](repeating: nil, count: names.count)
        guard positional.count <= names.count else {
            let required = defaults.filter { $0 == nil }.count + leading, most = names.count + leading
            let takes = required == most ? "\(most)" : "from \(required) to \(most)"
            let given = positional.count + leading
            throw .type("\(function)() takes \(takes) positional argument\(most == 1 ? "" : "s") but \(given) \(given == 1 ? "was" : "were") given")
        }
        for (index, value) in positional.enumerated() { bound[index] = value }
        for (name, value) in keywords {
            guard let index = names.firstIndex(of: name) else {
                throw .type("\(function)() got an unexpected keyword argument \(PythonString.repr(name))")
            }
            if bound[index] != nil { throw .type("\(function)() got multiple values for argument \(PythonString.repr(name))") }
            bound[index] = value
        }
        var result: [Value] = []
        for index in names.indices {
            if let value = bound[index] ?? defaults[index] {
                result.append(value)
            } else {
                throw .type("\(function)() missing 1 required positional argument: \(PythonString.repr(names[index]))")
            }
        }
        return result
    }
}

extension Value: Equatable {
    /// Python's `==`.
    public static func == (lhs: Value, rhs: Value) -> Bool { TemplateOperators.equal(lhs, rhs) }
}
