import Templating

/// A template function's parameters, read from its signature in `FunctionCatalogue` (the one
/// place they are written): the runtime binds call arguments with them, and the syntax checks
/// and editors read them.
public struct FunctionSignature: Sendable, Equatable {
    public struct Parameter: Sendable, Equatable {
        public var name: String
        /// The default as a value; nil when the parameter is required.
        public var defaultValue: Value?

        public static func == (a: Parameter, b: Parameter) -> Bool {
            a.name == b.name && a.defaultValue?.repr == b.defaultValue?.repr
        }
    }

    public var name: String
    public var parameters: [Parameter]
    /// A Python builtin (`abs(args, kwargs)`): Python binds its arguments, not this signature.
    public var isBuiltin: Bool

    /// Parses `name(a: type, b: type = default) -> result`; nil for text of another shape.
    public init?(_ text: String) {
        guard let open = text.firstIndex(of: "("), let close = Self.matchingParenthesis(in: text, from: open) else { return nil }
        name = String(text[..<open])
        let inside = text[text.index(after: open)..<close]
        isBuiltin = inside == "args, kwargs"
        parameters = []
        guard !isBuiltin else { return }
        for piece in Self.topLevelPieces(inside) where !piece.isEmpty {
            let (declaration, defaultText) = Self.split(piece, at: "=")
            let name = String(declaration.prefix { $0 != ":" }).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { return nil }
            var defaultValue: Value? = nil
            if let defaultText {
                guard let value = Self.literal(defaultText.trimmingCharacters(in: .whitespaces)) else { return nil }
                defaultValue = value
            }
            parameters.append(Parameter(name: name, defaultValue: defaultValue))
        }
    }

    /// The parameter names, for argument binding.
    public var parameterNames: [String] { parameters.map(\.name) }
    /// The defaults, nil where a parameter is required.
    public var defaults: [Value?] { parameters.map(\.defaultValue) }

    private static func matchingParenthesis(in text: String, from open: String.Index) -> String.Index? {
        var depth = 0
        for index in text[open...].indices {
            switch text[index] {
            case "(": depth += 1
            case ")":
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
        }
        return nil
    }

    /// The comma-separated pieces outside brackets and quotes (`a: tuple[int, int], b`).
    private static func topLevelPieces(_ text: Substring) -> [String] {
        var pieces: [String] = [], current = "", depth = 0, quote: Character? = nil
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if "[(<".contains(character) {
                depth += 1
            } else if "])>".contains(character) {
                depth -= 1
            } else if character == ",", depth == 0 {
                pieces.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
                continue
            }
            current.append(character)
        }
        pieces.append(current.trimmingCharacters(in: .whitespaces))
        return pieces
    }

    package static func split(_ piece: String, at separator: Character) -> (String, String?) {
        guard let index = piece.firstIndex(of: separator) else { return (piece, nil) }
        return (String(piece[..<index]), String(piece[piece.index(after: index)...]))
    }

    /// The defaults the signatures use: booleans, None, numbers and quoted text.
    private static func literal(_ text: String) -> Value? {
        switch text {
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "None": return Value.none
        default: break
        }
        if let int = Int(text) { return .int(int) }
        if let double = Double(text) { return .float(double) }
        if text.count >= 2, let first = text.first, first == text.last, first == "'" || first == "\"" {
            return .string(String(text.dropFirst().dropLast()))
        }
        return nil
    }
}

extension FunctionCatalogue {
    /// Every signature, parsed; a signature that does not parse is left out (a test checks
    /// that none is).
    public static let parsedSignatures: [String: FunctionSignature] = Dictionary(
        signatures.compactMap(FunctionSignature.init).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    /// The functions dgenerate adds (not Python's builtins), by name.
    public static var templateFunctions: [FunctionSignature] {
        parsedSignatures.values.filter { !$0.isBuiltin }.sorted { $0.name < $1.name }
    }

    /// A template environment that compiles templates exactly as the runtime's does (the
    /// functions that take arguments are filters too) but calls nothing: for the checks that
    /// run no script.
    public static func compilingEnvironment() -> TemplateEnvironment {
        let environment = TemplateEnvironment()
        for function in templateFunctions {
            environment.registerFunction(function.name, takesArguments: !function.parameters.isEmpty) {
                (_: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
                throw TemplateError("RuntimeError", "\(function.name) is not called when templates are only checked")
            }
        }
        return environment
    }
}
