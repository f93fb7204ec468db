import Foundation
import Templating
import ConfigLanguage

/// The template functions (also callable from `\setp`, and as filters when they take an
/// argument) and the Python builtins templates see.
extension ScriptRuntime {
    /// Registers a template function, binding its arguments as Python would by the signature
    /// `FunctionCatalogue` declares for it (the one place signatures are written). A function
    /// the catalogue does not declare is left out and listed in `functionsWithoutSignature`.
    func register(_ name: String, _ body: @escaping @Sendable ([Value]) throws(TemplateError) -> Value) {
        guard let signature = FunctionCatalogue.parsedSignatures[name], !signature.isBuiltin else {
            functionsWithoutSignature.append(name)
            return
        }
        let parameters = signature.parameterNames, defaults = signature.defaults
        functionNames.insert(name)
        boundSignatures[name] = signature
        templates.registerFunction(name, takesArguments: !parameters.isEmpty) {
            (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            try body(try arguments.bind(name, parameters, defaults))
        }
    }

    func installTemplateFunctions() {
        installSizeFunctions()
        installImageFunctions()
        register("import_module") { arguments throws(TemplateError) in
            let name = arguments[0].printed
            guard let module = NativeModules.module(name, runtime: self) else {
                throw TemplateError("ImportError", "Failed to import python module \"\(name)\": No module named '\(name)'")
            }
            return .object(module)
        }
        register("cwd") { _ throws(TemplateError) in .string(PosixPath.normalize(self.host.workingDirectory.path)) }
        register("gen_seeds") { arguments throws(TemplateError) in
            guard let count = Self.integer(arguments[0]) else {
                if case .string(let text) = arguments[0] {
                    throw .value("invalid literal for int() with base 10: \(String(PythonString.repr(text).unicodeScalars.prefix(200)))")
                }
                throw .type("int() argument must be a string, a bytes-like object or a real number, not \(PythonString.repr(arguments[0].typeName))")
            }
            return .list(Self.generateSeeds(count).map { .string(String($0)) })
        }
        register("first") { arguments throws(TemplateError) in
            guard let item = try TemplateOperators.iterate(arguments[0]).first else {
                throw TemplateError("BatchProcessError", "Usage of template function \"first\" on an empty iterable.")
            }
            return item
        }
        register("last") { arguments throws(TemplateError) in
            if case .list(let items) = arguments[0], items.isEmpty {
                throw TemplateError("IndexError", "list index out of range")
            }
            guard let item = try TemplateOperators.iterate(arguments[0]).last else {
                throw TemplateError("BatchProcessError", "Usage of template function \"last\" on an empty iterable.")
            }
            return item
        }
        register("csv") { arguments throws(TemplateError) in
            .string(try TemplateOperators.iterate(arguments[0]).map(\.printed).joined(separator: ","))
        }
        register("platform") { _ throws(TemplateError) in .string("Linux") }
        register("have_cuda") { _ throws(TemplateError) in .bool(OptionRegistries.cudaDeviceCount > 0) }
        register("have_xpu") { _ throws(TemplateError) in .bool(false) }
        register("have_mps") { _ throws(TemplateError) in .bool(false) }
        register("default_device") { _ throws(TemplateError) in .string(OptionRegistries.defaultDevice) }
        register("frange") { arguments throws(TemplateError) in
            // Python: the first value keeps the start's type (an int start prints as an int)
            var first = arguments[0]
            var stop = arguments[1]
            if stop.isNone {
                stop = first
                first = .float(0)
            }
            guard let start = Self.double(first), let end = Self.double(stop), let step = Self.double(arguments[2]) else {
                throw .type("'<' not supported between instances of '\(first.typeName)' and '\(stop.typeName)'")
            }
            guard step > 0 || start >= end else {
                throw TemplateError("ValueError", "frange() with a step of \(PythonFloat.repr(step)) never reaches \(stop.printed)")
            }
            var values: [Value] = []
            var current = start
            while current < end {
                values.append(values.isEmpty && first.typeName == "int" ? first : .float((current * 1e10).rounded() / 1e10))
                current += step
            }
            return .object(IteratorValue(kind: "generator", values))
        }
        register("format_size") { arguments throws(TemplateError) in
            if case .int = arguments[0] { return .string(arguments[0].printed) }
            return .string(try TemplateOperators.iterate(arguments[0]).map(\.printed).joined(separator: "x"))
        }
        register("quote") { arguments throws(TemplateError) in
            if case .string(let text) = arguments[0] {
                return .string(ShellQuoting.quote(text, double: arguments[1].isTruthy, quotes: arguments[2].isTruthy))
            }
            // items of an iterable get the default quoting
            return .string(try TemplateOperators.iterate(arguments[0]).map { ShellQuoting.quote($0.printed, double: false, quotes: true) }.joined(separator: " "))
        }
        register("unquote") { arguments throws(TemplateError) in
            let items: [Value]
            if case .string = arguments[0] { items = [arguments[0]] } else { items = try TemplateOperators.iterate(arguments[0]) }
            var words = self.shellWords()
            let expand = arguments[1].isTruthy
            words.expandHome = expand
            words.expandVariables = false
            words.expandGlob = expand
            words.globHidden = arguments[2].isTruthy
            words.globRecursive = arguments[3].isTruthy
            var result: [Value] = []
            for item in items {
                do throws(ShellWords.SyntaxError) {
                    result += try words.parse(item.printed).map { .string($0) }
                } catch {
                    throw TemplateError("ShellParseSyntaxError", error.message)
                }
            }
            return .list(result)
        }
    }

    /// The Python builtins that templates see as globals (Jinja2's own `range` and `dict`
    /// win) and `\setp` sees as functions.
    func installBuiltins() {
        builtinNames = PythonBuiltins.nameSet
        templates.installPythonBuiltins()
    }

    static func integer(_ value: Value) -> Int? { PythonBuiltins.integer(value) }

    static func double(_ value: Value) -> Double? {
        switch value {
        case .int(let number): return Double(number)
        case .bool(let flag): return flag ? 1 : 0
        case .float(let number): return number
        case .string(let text): return Double(PythonSplitting.strip(text))
        default: return nil
        }
    }

    /// Random seeds as the reference draws them: integers in 0...99,999,999,999,999.
    static func generateSeeds(_ count: Int) -> [Int] {
        (0..<max(0, count)).map { _ in Int.random(in: 0...99_999_999_999_999) }
    }
}
