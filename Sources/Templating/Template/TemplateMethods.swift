import Foundation

/// The Python methods templates call on strings, dicts and lists (`name.upper()`,
/// `d.items()`), as bound functions.
enum TemplateMethods {
    static func method(_ name: String, _ body: @escaping @Sendable (CallArguments) throws(TemplateError) -> Value) -> Value {
        .object(FunctionObject(name) { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in try body(arguments) })
    }

    static func attribute(of object: Value, _ name: String) -> Value? {
        // every Python object has a class; templates use `x.__class__.__name__`
        if name == "__class__" && !object.isUndefined {
            if case .object(let inner) = object, let own = inner.attribute(name) { return own }
            return .object(TypeObject(of: object))
        }
        if name == "__len__" {
            switch object {
            case .string(let text), .markup(let text): return method(name) { (_) throws(TemplateError) -> Value in .int(text.unicodeScalars.count) }
            case .dict(let dict): return method(name) { (_) throws(TemplateError) -> Value in .int(dict.count) }
            case .list(let items), .tuple(let items): return method(name) { (_) throws(TemplateError) -> Value in .int(items.count) }
            default: break
            }
        }
        switch object {
        case .string(let text): return bound(StringMethodArity.checked(stringMethod(text, name), name), name, of: object)
        case .markup(let text): return bound(stringMethod(text, name), name, of: object)
        case .dict(let dict): return bound(dictMethod(dict, name), name, of: object)
        case .list(let items), .tuple(let items): return bound(listMethod(items, name, isList: object.isList), name, of: object)
        case .object(let set as SetValue): return bound(CollectionMethods.setMethod(set, name), name, of: object)
        case .object(let bytes as BytesValue): return bound(bytes.attribute(name) ?? CollectionMethods.bytesMethod(bytes, name) ?? BytesMethods.method(bytes, name), name, of: object)
        case .object(let object): return object.attribute(name)
        case .range: return bound(CollectionMethods.rangeMethod(object, name), name, of: object)
        case .int, .bigInt, .bool, .float: return bound(NumberMethods.attribute(of: object, name), name, of: object)
        default: return nil
        }
    }

    /// The methods Markup defines in Python (the rest are `str`'s, bound to the Markup).
    private static let markupPythonMethods: Set<String> = [
        "capitalize", "casefold", "center", "expandtabs", "format", "format_map", "join", "ljust", "lower", "lstrip",
        "partition", "removeprefix", "removesuffix", "replace", "rjust", "rpartition", "rsplit", "rstrip", "split",
        "splitlines", "strip", "striptags", "swapcase", "title", "translate", "unescape", "upper", "zfill",
    ]

    /// A method of a built-in value, printed as Python prints the bound method
    /// (`<built-in method upper of str object>`, without the address).
    private static func bound(_ attribute: Value?, _ name: String, of object: Value) -> Value? {
        guard case .object(let function as FunctionObject)? = attribute, function.printedAs == nil, function.describe == nil else {
            return attribute
        }
        // made only when printed: method lookups are on the hot path, printing them is not;
        // Python shows the instance's address, and this function object's stands in for it
        let describe: @Sendable () -> String = {
            let address = "0x" + String(UInt(bitPattern: ObjectIdentifier(function)), radix: 16)
            if case .markup = object, markupPythonMethods.contains(name) { return "<bound method Markup.\(name) of \(object.repr)>" }
            if name.hasPrefix("__") && name.hasSuffix("__") {
                return "<method-wrapper \(PythonString.repr(name)) of \(object.typeName) object at \(address)>"
            }
            return "<built-in method \(name) of \(object.typeName) object at \(address)>"
        }
        let typeName: String
        if case .markup = object, markupPythonMethods.contains(name) {
            typeName = "method"
        } else {
            typeName = name.hasPrefix("__") && name.hasSuffix("__") ? "method-wrapper" : "builtin_function_or_method"
        }
        return .object(FunctionObject(boundMethod: function.function.name, typeName: typeName, describe: describe,
                                      attributeLookup: function.attribute, function.function.body))
    }

    /// Whether `text` is not empty and every code point's properties satisfy `test`.
    static func allScalars(_ text: String, _ test: (Unicode.Scalar.Properties) -> Bool) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { test($0.properties) }
    }

    /// Python's alphabetic: the letter categories.
    static func isAlpha(_ properties: Unicode.Scalar.Properties) -> Bool {
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    /// `isupper`/`islower`: a code point of that case and none of the other or of title case.
    static func hasOnlyCase(_ text: String, upper: Bool) -> Bool {
        var found = false
        for scalar in text.unicodeScalars {
            let properties = scalar.properties
            let (wanted, other) = upper ? (properties.isUppercase, properties.isLowercase) : (properties.isLowercase, properties.isUppercase)
            if other || properties.generalCategory == .titlecaseLetter { return false }
            if wanted { found = true }
        }
        return found
    }

    /// `str.istitle()`: upper-case letters only after uncased characters, lower-case ones only
    /// after cased ones, and at least one cased character.
    static func isTitle(_ text: String) -> Bool {
        isTitle(text.unicodeScalars, upper: { $0.properties.isUppercase || $0.properties.generalCategory == .titlecaseLetter },
                lower: { $0.properties.isLowercase })
    }

    /// `istitle` over any characters (code points, bytes), given which are upper and lower case.
    static func isTitle<Items: Sequence>(_ items: Items, upper: (Items.Element) -> Bool, lower: (Items.Element) -> Bool) -> Bool {
        var cased = false, previousCased = false
        for item in items {
            if upper(item) {
                if previousCased { return false }
                previousCased = true
                cased = true
            } else if lower(item) {
                if !previousCased { return false }
                previousCased = true
                cased = true
            } else {
                previousCased = false
            }
        }
        return cased
    }

    package static func text(_ value: Value, _ function: String) throws(TemplateError) -> String {
        switch value {
        case .string(let text), .markup(let text): return text
        default:
            // each str method words its refusal in its own way (Python 3.11)
            let type = PythonString.repr(value.typeName).dropFirst().dropLast()
            switch function {
            case "count", "find", "index", "rfind", "rindex", "partition", "rpartition": throw .type("must be str, not \(type)")
            case "split", "rsplit": throw .type("must be str or None, not \(type)")
            case "replace": throw .type("replace() argument 1 must be str, not \(type)")
            case "removeprefix", "removesuffix": throw .type("\(function)() argument must be str, not \(type)")
            case "startswith", "endswith": throw .type("\(function) first arg must be str or a tuple of str, not \(type)")
            case "center", "ljust", "rjust": throw .type("The fill character must be a unicode character, not \(type)")
            default: throw .type("\(function) arg must be None or str")
            }
        }
    }

    static func stringMethod(_ text: String, _ name: String) -> Value? {
        switch name {
        case "upper": return method(name) { (_) throws(TemplateError) -> Value in .string(PythonCase.upper(text)) }
        case "lower": return method(name) { (_) throws(TemplateError) -> Value in .string(PythonCase.lower(text)) }
        case "casefold": return method(name) { (_) throws(TemplateError) -> Value in .string(PythonCase.casefold(text)) }
        case "translate": return method(name) { (arguments) throws(TemplateError) -> Value in try CollectionMethods.translate(text, arguments) }
        case "encode":
            // UTF-8, the default and the encoding scripts name
            return method(name) { (_) throws(TemplateError) -> Value in .object(BytesValue(Array(text.utf8))) }
        case "expandtabs":
            return method(name) { (arguments) throws(TemplateError) -> Value in
                let size = arguments.positional.first.flatMap { if case .int(let n) = $0 { return n } else { return nil } } ?? 8
                try TemplateOperators.checkTextLength(size)
                var out = ""
                var column = 0
                for character in text {
                    if character == "\t" {
                        let spaces = size > 0 ? size - column % size : 0
                        out += String(repeating: " ", count: spaces)
                        column += spaces
                    } else {
                        out.append(character)
                        column = character == "\n" || character == "\r" ? 0 : column + 1
                    }
                }
                return .string(out)
            }
        case "title": return method(name) { (_) throws(TemplateError) -> Value in .string(PythonCase.title(text)) }
        case "capitalize": return method(name) { (_) throws(TemplateError) -> Value in .string(PythonCase.capitalize(text)) }
        case "swapcase": return method(name) { (_) throws(TemplateError) -> Value in .string(PythonCase.swapcase(text)) }
        case "strip", "lstrip", "rstrip":
            return method(name) { (arguments) throws(TemplateError) -> Value in
                let chars = try arguments.bind(name, ["chars"], [Value.none])[0]
                return .string(PythonStrip.strip(text, chars.isNone ? nil : try Self.text(chars, name), leading: name != "rstrip", trailing: name != "lstrip"))
            }
        case "split", "rsplit":
            return method(name) { (arguments) throws(TemplateError) -> Value in
                let bound = try arguments.bind(name, ["sep", "maxsplit"], [Value.none, .int(-1)])
                guard case .int(let limit) = bound[1] else { throw .type("'\(bound[1].typeName)' object cannot be interpreted as an integer") }
                let separator: String? = bound[0].isNone ? nil : try Self.text(bound[0], name)
                if separator == "" { throw .value("empty separator") }
                return .list(PythonSplit.split(text, separator, limit: limit, fromRight: name == "rsplit").map { .string($0) })
            }
        case "splitlines":
            return method(name) { (_) throws(TemplateError) -> Value in
                .list(PythonSplit.lines(text).map { .string($0) })
            }
        case "replace":
            return method(name) { (arguments) throws(TemplateError) -> Value in
                let bound = try arguments.bind(name, ["old", "new", "count"], [nil, nil, .int(-1)])
                guard case .int(let count) = bound[2] else { throw .type("integer argument expected") }
                return .string(PythonReplace.replace(text, try Self.text(bound[0], name), try Self.text(bound[1], name), count: count))
            }
        case "startswith", "endswith":
            return method(name) { (arguments) throws(TemplateError) -> Value in
                let bound = try arguments.bind(name, ["prefix"], [nil])
                let candidates: [Value]
                if case .tuple(let items) = bound[0] { candidates = items } else { candidates = [bound[0]] }
                for candidate in candidates {
                    let part = try Self.text(candidate, name)
                    if name == "startswith" ? text.unicodeScalars.starts(with: part.unicodeScalars) : text.unicodeScalars.reversed().starts(with: part.unicodeScalars.reversed()) {
                        return .bool(true)
                    }
                }
                return .bool(false)
            }
        case "join":
            return method(name) { (arguments) throws(TemplateError) -> Value in
                let bound = try arguments.bind(name, ["iterable"], [nil])
                var parts: [String] = []
                let items: [Value]
                do throws(TemplateError) {
                    items = try TemplateOperators.iterate(bound[0])
                } catch {
                    throw error.message.hasSuffix("is not iterable") ? .type("can only join an iterable") : error
                }
                for (index, item) in items.enumerated() {
                    guard item.isString else { throw .type("sequence item \(index): expected str instance, \(item.typeName) found") }
                    parts.append(item.printed)
                }
                return .string(parts.joined(separator: text))
            }
        case "format":
            return method(name) { (arguments) throws(TemplateError) -> Value in .string(try BraceFormat.format(text, arguments)) }
        case "count":
            return method(name) { (arguments) throws(TemplateError) -> Value in
                let part = try Self.text(try arguments.bind(name, ["x"], [nil])[0], name)
                if part.isEmpty { return .int(text.count + 1) }
                return .int(text.components(separatedBy: part).count - 1)
            }
        case "find", "index", "rfind", "rindex":
            return method(name) { (arguments) throws(TemplateError) -> Value in
                let part = try Self.text(try arguments.bind(name, ["sub"], [nil])[0], name)
                let characters = Array(text), needle = Array(part)
                var found = -1
                if needle.count <= characters.count {
                    let positions = Array(0...(characters.count - needle.count))
                    for start in (name.hasPrefix("r") ? positions.reversed() : positions) where Array(characters[start..<(start + needle.count)]) == needle {
                        found = start
                        break
                    }
                }
                if found < 0 && name.hasSuffix("index") { throw .value("substring not found") }
                return .int(found)
            }
        case "zfill":
            return method(name) { (arguments) throws(TemplateError) -> Value in
                guard case .int(let width) = try arguments.bind(name, ["width"], [nil])[0] else { throw .type("integer argument expected") }
                var body = text
                var sign = ""
                if body.hasPrefix("-") || body.hasPrefix("+") { sign = String(body.removeFirst()) }
                try TemplateOperators.checkTextLength(width)
                return .string(sign + String(repeating: "0", count: width > text.count ? width - text.count : 0) + body)
            }
        case "center", "ljust", "rjust":
            return method(name) { (arguments) throws(TemplateError) -> Value in
                let bound = try arguments.bind(name, ["width", "fillchar"], [nil, .string(" ")])
                guard case .int(let width) = bound[0] else { throw .type("integer argument expected") }
                return .string(try PythonPad.pad(text, width: width, fill: try Self.text(bound[1], name), mode: name))
            }
        case "partition", "rpartition":
            return method(name) { (arguments) throws(TemplateError) -> Value in
                let separator = try Self.text(try arguments.bind(name, ["sep"], [nil])[0], name)
                if separator.isEmpty { throw .value("empty separator") }
                let range = name == "partition" ? text.range(of: separator) : text.range(of: separator, options: .backwards)
                guard let range else {
                    return name == "partition" ? .tuple([.string(text), .string(""), .string("")]) : .tuple([.string(""), .string(""), .string(text)])
                }
                return .tuple([.string(String(text[..<range.lowerBound])), .string(separator), .string(String(text[range.upperBound...]))])
            }
        case "removeprefix", "removesuffix":
            return method(name) { (arguments) throws(TemplateError) -> Value in
                let part = try Self.text(try arguments.bind(name, ["x"], [nil])[0], name)
                if name == "removeprefix" {
                    return .string(text.unicodeScalars.starts(with: part.unicodeScalars) ? String(String.UnicodeScalarView(text.unicodeScalars.dropFirst(part.unicodeScalars.count))) : text)
                }
                return .string(text.unicodeScalars.reversed().starts(with: part.unicodeScalars.reversed()) ? String(String.UnicodeScalarView(text.unicodeScalars.dropLast(part.unicodeScalars.count))) : text)
            }
        // the predicates look at code points and their Unicode properties, as CPython does
        case "isdecimal": return method(name) { (_) throws(TemplateError) -> Value in .bool(allScalars(text) { $0.numericType == .decimal }) }
        case "isdigit": return method(name) { (_) throws(TemplateError) -> Value in .bool(allScalars(text) { $0.numericType == .decimal || $0.numericType == .digit }) }
        case "isnumeric": return method(name) { (_) throws(TemplateError) -> Value in .bool(allScalars(text) { $0.numericType != nil }) }
        case "isidentifier": return method(name) { (_) throws(TemplateError) -> Value in .bool(PythonSplitting.isIdentifier(text)) }
        case "istitle": return method(name) { (_) throws(TemplateError) -> Value in .bool(isTitle(text)) }
        case "isascii": return method(name) { (_) throws(TemplateError) -> Value in .bool(text.unicodeScalars.allSatisfy(\.isASCII)) }
        case "isalpha": return method(name) { (_) throws(TemplateError) -> Value in .bool(allScalars(text, isAlpha)) }
        case "isalnum": return method(name) { (_) throws(TemplateError) -> Value in .bool(allScalars(text) { isAlpha($0) || $0.numericType != nil }) }
        case "isspace": return method(name) { (_) throws(TemplateError) -> Value in .bool(!text.isEmpty && text.unicodeScalars.allSatisfy { PythonText.isSpace($0.value) }) }
        case "isupper": return method(name) { (_) throws(TemplateError) -> Value in .bool(hasOnlyCase(text, upper: true)) }
        case "islower": return method(name) { (_) throws(TemplateError) -> Value in .bool(hasOnlyCase(text, upper: false)) }
        default: return nil
        }
    }

    static func dictMethod(_ dict: ValueDict, _ name: String) -> Value? {
        switch name {
        case "items": return method(name) { (_) throws(TemplateError) -> Value in .object(DictView("dict_items", dict.pairs.map { .tuple([$0.0, $0.1]) })) }
        case "keys": return method(name) { (_) throws(TemplateError) -> Value in .object(DictView("dict_keys", dict.keys)) }
        case "values": return method(name) { (_) throws(TemplateError) -> Value in .object(DictView("dict_values", dict.values)) }
        case "get":
            return method(name) { (arguments) throws(TemplateError) -> Value in
                let bound = try arguments.bind("get", ["key", "default"], [nil, Value.none])
                return dict[bound[0]] ?? bound[1]
            }
        case "copy": return method(name) { (_) throws(TemplateError) -> Value in .dict(dict) }
        // the results of these on a dict that no variable holds (a variable's dict is changed
        // in place by the runtime's mutating methods)
        case "fromkeys":
            return method(name) { (arguments) throws(TemplateError) -> Value in
                let bound = try arguments.bind("fromkeys", ["iterable", "value"], [nil, Value.none])
                var result = ValueDict()
                for key in try TemplateOperators.iterate(bound[0]) { result[key] = bound[1] }
                return .dict(result)
            }
        case "update", "clear", "popitem":
            // on a copy, as list methods are
            return method(name) { (arguments) throws(TemplateError) -> Value in
                var copy = dict
                var arguments = arguments
                return try TemplateRuntime.mutate(dict: &copy, name, &arguments) ?? .none
            }
        case "setdefault":
            return method(name) { (arguments) throws(TemplateError) -> Value in
                let bound = try arguments.bind("setdefault", ["key", "default"], [nil, Value.none])
                return dict[bound[0]] ?? bound[1]
            }
        case "pop":
            return method(name) { (arguments) throws(TemplateError) -> Value in
                guard let key = arguments.positional.first else { throw .type("pop expected at least 1 argument, got 0") }
                if let value = dict[key] { return value }
                if arguments.positional.count > 1 { return arguments.positional[1] }
                throw TemplateError("KeyError", key.repr)
            }
        default: return nil
        }
    }

    static func listMethod(_ items: [Value], _ name: String, isList: Bool) -> Value? {
        switch name {
        case "index":
            return method(name) { (arguments) throws(TemplateError) -> Value in
                let needle = try arguments.bind("index", ["value"], [nil])[0]
                guard let position = items.firstIndex(where: { $0 == needle }) else {
                    throw .value(isList ? "\(needle.repr) is not in list" : "tuple.index(x): x not in tuple")
                }
                return .int(position)
            }
        case "count":
            return method(name) { (arguments) throws(TemplateError) -> Value in
                let needle = try arguments.bind("count", ["value"], [nil])[0]
                return .int(items.filter { $0 == needle }.count)
            }
        case "copy" where isList: return method(name) { (_) throws(TemplateError) -> Value in .list(items) }
        case "append", "extend", "insert", "pop", "remove", "clear", "reverse":
            guard isList else { return nil }
            // on a copy: called on a variable, the runtime writes the change back; called on
            // anything else, only the result is kept (divergence T2)
            return method(name) { (arguments) throws(TemplateError) -> Value in
                var copy = items
                var arguments = arguments
                return try TemplateRuntime.mutate(list: &copy, name, &arguments)
            }
        default: return nil
        }
    }
}

/// `dict.keys()`, `.values()`, `.items()`: iterable views that print as Python prints them.
final class DictView: TemplateObject, IterableObject, @unchecked Sendable {
    let typeName: String
    let items: [Value]
    var isTruthy: Bool { !items.isEmpty }
    init(_ typeName: String, _ items: [Value]) {
        self.typeName = typeName
        self.items = items
    }
    var printed: String { "\(typeName)(\(Value.list(items).repr))" }
}
