import BigInt
import Foundation

/// Jinja2's built-in filters. Each binds its arguments as the Python filter's signature does.
enum BuiltinFilters {
    /// What `value.items()` raises for a value that is not a mapping (dictsort and xmlattr call it).
    static func noItems(_ value: Value) -> TemplateError {
        if case .undefined(let undefined) = value { return .undefined(undefined.message) }
        // a namespace answers a missing attribute with its name alone
        if case .object(let object) = value, object is NamespaceObject { return TemplateError("AttributeError", "items") }
        // an object whose `items` is not a method (a cycler's tuple) fails when it is called
        if case .object(let object) = value, let items = object.attribute("items"),
           !{ if case .object(let method) = items { return method.callable != nil } else { return false } }() {
            return .type("\(PythonString.repr(items.typeName)) object is not callable")
        }
        return TemplateError("AttributeError", "\(PythonString.repr(value.typeName)) object has no attribute 'items'")
    }

    typealias Filter = TemplateEnvironment.Filter

    /// A filter with named parameters after the input value.
    static func filter(_ name: String, _ parameters: [String] = [], _ defaults: [Value?] = [],
                       _ body: @escaping @Sendable (Value, [Value], TemplateRuntime) throws(TemplateError) -> Value) -> Filter {
        { (value: Value, arguments: inout CallArguments, runtime: TemplateRuntime) throws(TemplateError) -> Value in
            let (function, leading) = pythonFunctions[name] ?? ("do_" + name, 1)
            if function.hasSuffix("!") {
                // a builtin taking only the value (`abs`, `len`)
                guard arguments.positional.isEmpty && arguments.keywords.isEmpty else {
                    throw .type("\(function.dropLast())() takes exactly one argument (\(arguments.positional.count + 1) given)")
                }
            }
            let bound = try arguments.bind(function, parameters, defaults, leading: leading)
            return try body(value, bound, runtime)
        }
    }

    /// The Python function behind each filter and how many parameters it takes before the
    /// filter's arguments (value, environment or context), for arity messages; `!` marks a
    /// builtin taking exactly one argument.
    static let pythonFunctions: [String: (String, Int)] = [
        "abs": ("abs!", 1), "count": ("len!", 1), "length": ("len!", 1), "attr": ("do_attr", 2),
        "e": ("escape", 1), "escape": ("escape", 1), "d": ("do_default", 1), "first": ("sync_do_first", 2),
        "groupby": ("sync_do_groupby", 2), "join": ("sync_do_join", 2), "last": ("do_last", 2), "list": ("sync_do_list", 1),
        "max": ("do_max", 2), "min": ("do_min", 2), "random": ("do_random", 2), "replace": ("do_replace", 2),
        "safe": ("do_mark_safe", 1), "slice": ("sync_do_slice", 1), "sort": ("do_sort", 2), "string": ("soft_str", 1),
        "sum": ("sync_do_sum", 2), "tojson": ("do_tojson", 2), "truncate": ("do_truncate", 2), "unique": ("sync_do_unique", 2),
        "urlize": ("do_urlize", 2), "wordwrap": ("do_wordwrap", 2), "xmlattr": ("do_xmlattr", 2),
    ]

    /// A string filter's result: Markup stays Markup, as Markup's own `upper`, `strip`, ...
    /// return Markup.
    static func sameKind(_ input: Value, _ text: String) -> Value {
        if case .markup = input { return .markup(text) }
        return .string(text)
    }

    package static func int(_ value: Value) -> Int? {
        switch value {
        case .int(let number): return number
        case .bool(let flag): return flag ? 1 : 0
        default: return nil
        }
    }

    static func attributeGetter(_ attribute: Value, _ runtime: TemplateRuntime) -> @Sendable (Value) throws(TemplateError) -> Value {
        // "a,b" gets a tuple of both (sort and friends use it for tie-breaking)
        if case .string(let text) = attribute, text.contains(",") {
            let getters = text.split(separator: ",").map { attributeGetter(.string(String($0)), runtime) }
            return { (item: Value) throws(TemplateError) -> Value in
                .tuple(try getters.map { (getter) throws(TemplateError) -> Value in try getter(item) })
            }
        }
        let parts: [String]
        switch attribute {
        case .none: parts = []
        case .int(let number): parts = [String(number)]
        case .string(let text), .markup(let text): parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        default:
            // Jinja2 looks the value itself up as an item, which finds nothing
            return { (_: Value) throws(TemplateError) -> Value in .undefined(Undefined(name: nil, ownerType: nil, hint: attribute.printed)) }
        }
        return { (item: Value) throws(TemplateError) -> Value in
            var current = item
            for part in parts {
                if let number = Int(part) {
                    if case .undefined(let undefined) = current { throw .undefined(undefined.message) }
                    current = runtime.item(current, .int(number)) ?? .undefined(Undefined(name: .int(.init(number)), ownerType: current.objectTypeDescription))
                } else {
                    current = try runtime.getitem(current, .string(part))
                }
            }
            return current
        }
    }

    static func sortKey(_ value: Value, caseSensitive: Bool) -> Value {
        if !caseSensitive, case .string(let text) = value { return .string(text.lowercased()) }
        return value
    }

    static func sorted(_ items: [Value], by key: (Value) throws(TemplateError) -> Value, reverse: Bool) throws(TemplateError) -> [Value] {
        let keys = try items.map { (item) throws(TemplateError) -> Value in try key(item) }
        return try PythonSort.sorted(items, keys: keys, reverse: reverse)
    }

    static func selectFilter(_ name: String, attribute: Bool, keep: Bool) -> Filter {
        { (value: Value, arguments: inout CallArguments, runtime: TemplateRuntime) throws(TemplateError) -> Value in
            // Jinja2's select_or_reject is a generator: nothing (not even the test's name) is
            // looked at until it is iterated, and a false value gives nothing
            let given = arguments
            return .object(GeneratorValue("select_or_reject") { () throws(TemplateError) -> [Value] in
                guard value.isTruthy else { return [] }
                return try select(name, attribute: attribute, keep: keep, value, given, runtime)
            })
        }
    }

    private static func select(_ name: String, attribute: Bool, keep: Bool, _ value: Value, _ arguments: CallArguments,
                               _ runtime: TemplateRuntime) throws(TemplateError) -> [Value] {
        do {
            var positional = arguments.positional
            var getter: (Value) throws(TemplateError) -> Value = { $0 }
            if attribute {
                guard !positional.isEmpty else { throw .type("\(name)() missing attribute") }
                getter = attributeGetter(positional.removeFirst(), runtime)
            }
            var test: ((Value) throws(TemplateError) -> Bool)
            if positional.isEmpty {
                test = { $0.isTruthy }
            } else {
                let testName = positional.removeFirst().printed
                guard let function = runtime.environment.tests[testName] else {
                    throw TemplateError("TemplateRuntimeError", "No test named \(PythonString.repr(testName)).")
                }
                let extra = CallArguments(positional, keywords: arguments.keywords)
                test = { (item) throws(TemplateError) -> Bool in
                    var copy = extra
                    return try function(item, &copy, runtime)
                }
            }
            var result: [Value] = []
            for item in try TemplateOperators.iterate(value) where try test(try getter(item)) == keep { result.append(item) }
            return result
        }
    }

    static let all: [String: Filter] = {
        var filters: [String: Filter] = [:]
        filters["abs"] = filter("abs") { (value, _, _) throws(TemplateError) -> Value in
            switch TemplateOperators.number(value) {
            case .integer(let x): return .integer(x < 0 ? -x : x)
            case .float(let x): return .float(Swift.abs(x))
            case nil:
                // a complex number's magnitude
                if case .object(let complex as ComplexNumber) = value { return .float(hypot(complex.real, complex.imaginary)) }
                throw .type("bad operand type for abs(): \(PythonString.repr(value.typeName))")
            }
        }
        filters["attr"] = filter("attr", ["name"], [nil]) { (value, args, runtime) throws(TemplateError) -> Value in
            // Undefined fails any attribute but a dunder one, which is just missing
            if case .undefined(let undefined) = value, !args[0].printed.hasPrefix("__") { throw .undefined(undefined.message) }
            if let attribute = TemplateMethods.attribute(of: value, args[0].printed) { return attribute }
            return .undefined(Undefined(name: .string(args[0].printed), ownerType: value.objectTypeDescription))
        }
        filters["batch"] = filter("batch", ["linecount", "fill_with"], [nil, Value.none]) { (value, args, _) throws(TemplateError) -> Value in
            guard let size = int(args[0]) else { throw .type("batch size must be an integer") }
            var batches: [Value] = []
            var current: [Value] = []
            for item in try TemplateOperators.iterate(value) {
                if current.count == size {
                    batches.append(.list(current))
                    current = []
                }
                current.append(item)
            }
            if !current.isEmpty {
                if current.count < size && !args[1].isNone { current += Array(repeating: args[1], count: size - current.count) }
                batches.append(.list(current))
            }
            return .list(batches)
        }
        filters["capitalize"] = filter("capitalize") { (value, _, _) throws(TemplateError) -> Value in sameKind(value, PythonCase.capitalize(value.printed)) }
        filters["center"] = filter("center", ["width"], [.int(80)]) { (value, args, _) throws(TemplateError) -> Value in
            sameKind(value, try PythonPad.pad(value.printed, width: int(args[0]) ?? 80, fill: " ", mode: "center"))
        }
        let defaultFilter = filter("default", ["default_value", "boolean"], [.string(""), .bool(false)]) { (value, args, _) throws(TemplateError) -> Value in
            if value.isUndefined || (args[1].isTruthy && !value.isTruthy) { return args[0] }
            return value
        }
        filters["default"] = defaultFilter
        filters["d"] = defaultFilter
        filters["dictsort"] = filter("dictsort", ["case_sensitive", "by", "reverse"], [.bool(false), .string("key"), .bool(false)]) { (value, args, _) throws(TemplateError) -> Value in
            guard case .dict(let dict) = value else { throw noItems(value) }
            let position: Int
            switch args[1].printed {
            case "key": position = 0
            case "value": position = 1
            default: throw TemplateError("FilterArgumentError", "You can only sort by either \"key\" or \"value\"")
            }
            let pairs = dict.pairs.map { Value.tuple([$0.0, $0.1]) }
            let sortedPairs = try sorted(pairs, by: { (pair) throws(TemplateError) -> Value in
                guard case .tuple(let items) = pair else { return pair }
                return sortKey(items[position], caseSensitive: args[0].isTruthy)
            }, reverse: args[2].isTruthy)
            return .list(sortedPairs)
        }
        let escapeFilter = filter("escape") { (value, _, _) throws(TemplateError) -> Value in .markup(Escaping.escape(value)) }
        filters["escape"] = escapeFilter
        filters["e"] = escapeFilter
        filters["forceescape"] = filter("forceescape") { (value, _, _) throws(TemplateError) -> Value in .markup(Escaping.escapeText(value.printed)) }
        filters["filesizeformat"] = filter("filesizeformat", ["binary"], [.bool(false)]) { (value, args, _) throws(TemplateError) -> Value in
            switch value {
            case .int, .bigInt, .bool, .float, .string, .markup, .undefined: break
            default: throw .type("float() argument must be a string or a real number, not \(PythonString.repr(value.typeName))")
            }
            guard case .float(let bytes) = try toFloat(value, fallback: .none) else { throw .value("could not convert string to float: \(value.repr)") }
            let binary = args[0].isTruthy
            let base: Double = binary ? 1024 : 1000
            let prefixes = binary ? ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"] : ["kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"]
            if bytes == 1 { return .string("1 Byte") }
            if bytes < base { return .string("\(try PythonNumbers.truncated(bytes)) Bytes") }
            var unit = base
            var chosen = prefixes[0]
            for (index, prefix) in prefixes.enumerated() {
                unit = pow(base, Double(index + 2))
                chosen = prefix
                if bytes < unit { break }
            }
            // Python writes a NaN without its sign
            let scaled = base * bytes / unit
            return .string(String(format: "%.1f %@", scaled.isNaN ? Double.nan : scaled, chosen).replacingOccurrences(of: "-nan", with: "nan"))
        }
        filters["first"] = filter("first") { (value, _, _) throws(TemplateError) -> Value in
            try TemplateOperators.iterate(value).first ?? .undefined(Undefined(name: nil, ownerType: nil, hint: "No first item, sequence was empty."))
        }
        filters["last"] = filter("last") { (value, _, _) throws(TemplateError) -> Value in
            try TemplateOperators.iterate(value).last ?? .undefined(Undefined(name: nil, ownerType: nil, hint: "No last item, sequence was empty."))
        }
        filters["float"] = filter("float", ["default"], [.float(0)]) { (value, args, _) throws(TemplateError) -> Value in
            try toFloat(value, fallback: args[0])
        }
        filters["int"] = filter("int", ["default", "base"], [.int(0), .int(10)]) { (value, args, _) throws(TemplateError) -> Value in
            try toInteger(value, fallback: args[0], base: args[1])
        }
        filters["format"] = formatFilter
        filters["groupby"] = filter("groupby", ["attribute", "default", "case_sensitive"], [nil, Value.none, .bool(false)]) { (value, args, runtime) throws(TemplateError) -> Value in
            let getter = attributeGetter(args[0], runtime)
            let keyOf = { (item: Value) throws(TemplateError) -> Value in
                var key = try getter(item)
                if key.isUndefined && !args[1].isNone { key = args[1] }
                return key
            }
            let ordered = try sorted(try TemplateOperators.iterate(value), by: { (item) throws(TemplateError) -> Value in
                sortKey(try keyOf(item), caseSensitive: args[2].isTruthy)
            }, reverse: false)
            var groups: [(Value, [Value])] = []
            for item in ordered {
                let key = try keyOf(item)
                let compareKey = sortKey(key, caseSensitive: args[2].isTruthy)
                if let last = groups.last, sortKey(last.0, caseSensitive: args[2].isTruthy) == compareKey {
                    groups[groups.count - 1].1.append(item)
                } else {
                    groups.append((key, [item]))
                }
            }
            return .list(groups.map { .object(GroupTuple(grouper: $0.0, list: $0.1)) })
        }
        filters["indent"] = filter("indent", ["width", "first", "blank"], [.int(4), .bool(false), .bool(false)]) { (value, args, _) throws(TemplateError) -> Value in
            // Jinja2's do_indent, step by step: `s += newline` first (which is what fails for
            // anything but text), then split the lines and join them indented
            let indentation: String
            if args[0].isString {
                indentation = args[0].printed
            } else {
                guard let width = int(args[0]) else { throw .type("can't multiply sequence by non-int of type \(PythonString.repr(args[0].typeName))") }
                try TemplateOperators.checkTextLength(width)
                indentation = String(repeating: " ", count: max(0, width))
            }
            guard value.isString else {
                switch value {
                case .undefined(let undefined): throw .undefined(undefined.message)
                // a list takes the newline (`+=` extends it), then has no splitlines
                case .list: throw TemplateError("AttributeError", "'list' object has no attribute 'splitlines'")
                case .tuple: throw .type("can only concatenate tuple (not \"str\") to tuple")
                default: throw .type("unsupported operand type(s) for +=: \(PythonString.repr(value.typeName)) and 'str'")
                }
            }
            var lines = PythonSplit.lines(value.printed + "\n")
            var result: String
            if args[2].isTruthy {
                result = lines.joined(separator: "\n" + indentation)
            } else {
                result = lines.isEmpty ? "" : lines.removeFirst()
                if !lines.isEmpty { result += "\n" + lines.map { $0.isEmpty ? $0 : indentation + $0 }.joined(separator: "\n") }
            }
            if args[1].isTruthy { result = indentation + result }
            if case .markup = value { return .markup(result) }
            return .string(result)
        }
        filters["items"] = filter("items") { (value, _, _) throws(TemplateError) -> Value in
            .object(GeneratorValue("do_items") { () throws(TemplateError) -> [Value] in
                if value.isUndefined { return [] }
                guard case .dict(let dict) = value else { throw .type("Can only get item pairs from a mapping.") }
                return dict.pairs.map { .tuple([$0.0, $0.1]) }
            })
        }
        filters["join"] = filter("join", ["d", "attribute"], [.string(""), Value.none]) { (value, args, runtime) throws(TemplateError) -> Value in
            var items = try TemplateOperators.iterate(value)
            if !args[1].isNone {
                let getter = attributeGetter(args[1], runtime)
                items = try items.map { (item) throws(TemplateError) -> Value in try getter(item) }
            }
            if runtime.autoescape {
                return .markup(items.map { Escaping.escape($0) }.joined(separator: Escaping.escape(args[0])))
            }
            return .string(items.map(\.printed).joined(separator: args[0].printed))
        }
        let lengthFilter = filter("length") { (value, _, _) throws(TemplateError) -> Value in .int(try TemplateOperators.length(value)) }
        filters["length"] = lengthFilter
        filters["count"] = lengthFilter
        filters["list"] = filter("list") { (value, _, _) throws(TemplateError) -> Value in .list(try TemplateOperators.iterate(value)) }
        filters["lower"] = filter("lower") { (value, _, _) throws(TemplateError) -> Value in sameKind(value, PythonCase.lower(value.printed)) }
        filters["upper"] = filter("upper") { (value, _, _) throws(TemplateError) -> Value in sameKind(value, PythonCase.upper(value.printed)) }
        filters["title"] = filter("title") { (value, _, _) throws(TemplateError) -> Value in .string(PythonCase.jinjaTitle(value.printed)) }
        filters["trim"] = filter("trim", ["chars"], [Value.none]) { (value, args, _) throws(TemplateError) -> Value in
            sameKind(value, PythonStrip.strip(value.printed, args[0].isNone ? nil : args[0].printed, leading: true, trailing: true))
        }
        filters["string"] = filter("string") { (value, _, _) throws(TemplateError) -> Value in
            if case .markup = value { return value }
            return .string(value.printed)
        }
        filters["safe"] = filter("safe") { (value, _, _) throws(TemplateError) -> Value in .markup(value.printed) }
        filters["map"] = mapFilter
        for (name, wantMax) in [("max", true), ("min", false)] {
            filters[name] = filter(name, ["case_sensitive", "attribute"], [.bool(false), Value.none]) { (value, args, runtime) throws(TemplateError) -> Value in
                let items = try TemplateOperators.iterate(value)
                guard !items.isEmpty else { return .undefined(Undefined(name: nil, ownerType: nil, hint: "No aggregated item, sequence was empty.")) }
                let getter = attributeGetter(args[1], runtime)
                var best = items[0]
                var bestKey = sortKey(try getter(best), caseSensitive: args[0].isTruthy)
                for item in items.dropFirst() {
                    let key = sortKey(try getter(item), caseSensitive: args[0].isTruthy)
                    let order = try TemplateOperators.ordering(key, bestKey, wantMax ? .gt : .lt)
                    if wantMax ? order > 0 : order < 0 { best = item; bestKey = key }
                }
                return best
            }
        }
        filters["pprint"] = filter("pprint") { (value, _, _) throws(TemplateError) -> Value in .string(PrettyPrint.format(value)) }
        filters["random"] = filter("random") { (value, _, _) throws(TemplateError) -> Value in
            let items = try TemplateOperators.iterate(value)
            guard let item = items.randomElement() else {
                return .undefined(Undefined(name: nil, ownerType: nil, hint: "No random item, sequence was empty."))
            }
            return item
        }
        filters["replace"] = filter("replace", ["old", "new", "count"], [nil, nil, Value.none]) { (value, args, _) throws(TemplateError) -> Value in
            .string(PythonReplace.replace(value.printed, args[0].printed, args[1].printed, count: int(args[2]) ?? -1))
        }
        filters["reverse"] = filter("reverse") { (value, _, _) throws(TemplateError) -> Value in
            // Jinja2's do_reverse: text reversed by code point, else reversed(value), else a
            // reversed list of what iterating gives
            switch value {
            case .string(let text): return .string(String(String.UnicodeScalarView(text.unicodeScalars.reversed())))
            case .markup(let text): return .markup(String(String.UnicodeScalarView(text.unicodeScalars.reversed())))
            default: break
            }
            if let iterator = try reversedIterator(value) { return iterator }
            do throws(TemplateError) {
                return .list(try TemplateOperators.iterate(value).reversed())
            } catch where error.kind == "TypeError" {
                throw TemplateError("FilterArgumentError", "argument must be iterable")
            }
        }
        filters["round"] = filter("round", ["precision", "method"], [.int(0), .string("common")]) { (value, args, _) throws(TemplateError) -> Value in
            try PythonRound.round(value, precision: int(args[0]) ?? 0, method: args[1].printed)
        }
        filters["select"] = selectFilter("select", attribute: false, keep: true)
        filters["reject"] = selectFilter("reject", attribute: false, keep: false)
        filters["selectattr"] = selectFilter("selectattr", attribute: true, keep: true)
        filters["rejectattr"] = selectFilter("rejectattr", attribute: true, keep: false)
        filters["slice"] = filter("slice", ["slices", "fill_with"], [nil, Value.none]) { (value, args, _) throws(TemplateError) -> Value in
            let items = try TemplateOperators.iterate(value)
            guard let slices = int(args[0]), slices > 0 else { throw TemplateError("ZeroDivisionError", "integer division or modulo by zero") }
            let perSlice = items.count / slices
            let withExtra = items.count % slices
            var offset = 0
            var result: [Value] = []
            for index in 0..<slices {
                let start = offset + index * perSlice
                if index < withExtra { offset += 1 }
                let end = offset + (index + 1) * perSlice
                var part = Array(items[min(start, items.count)..<min(end, items.count)])
                if !args[1].isNone && index >= withExtra { part.append(args[1]) }
                result.append(.list(part))
            }
            return .list(result)
        }
        filters["sort"] = filter("sort", ["reverse", "case_sensitive", "attribute"], [.bool(false), .bool(false), Value.none]) { (value, args, runtime) throws(TemplateError) -> Value in
            // Jinja2 sorts by a list of the attributes named (comma separated); lists compare
            // item by item with ==, so missing attributes (undefined, all equal) keep the order
            let names: [Value] = if case .string(let text) = args[2] { text.split(separator: ",", omittingEmptySubsequences: false).map { .string(String($0)) } } else { [args[2]] }
            let getters = names.map { attributeGetter($0, runtime) }
            return .list(try sorted(try TemplateOperators.iterate(value), by: { (item) throws(TemplateError) -> Value in
                .list(try getters.map { (getter) throws(TemplateError) -> Value in sortKey(try getter(item), caseSensitive: args[1].isTruthy) })
            }, reverse: args[0].isTruthy))
        }
        filters["unique"] = filter("unique", ["case_sensitive", "attribute"], [.bool(false), Value.none]) { (value, args, runtime) throws(TemplateError) -> Value in
            let getter = attributeGetter(args[1], runtime)
            return .object(GeneratorValue("sync_do_unique") { () throws(TemplateError) -> [Value] in
                var seen = PythonSetTable()
                var result: [Value] = []
                for item in try TemplateOperators.iterate(value) {
                    let key = sortKey(try getter(item), caseSensitive: args[0].isTruthy)
                    try PythonHash.check(key)
                    if !seen.contains(key) { seen.add(key); result.append(item) }
                }
                return result
            })
        }
        filters["striptags"] = filter("striptags") { (value, _, _) throws(TemplateError) -> Value in
            // markupsafe's: comments cut, then tags, each from its opening mark to the first
            // closing one (an opening mark with none after it ends the cutting), by code point;
            // then the spaces collapsed, then the entities unescaped
            var text = Array(value.printed.unicodeScalars)
            func find(_ mark: String, from start: Int) -> Int? {
                let pattern = Array(mark.unicodeScalars)
                guard text.count >= pattern.count, start <= text.count - pattern.count else { return nil }
                return (start...(text.count - pattern.count)).first { text[$0..<$0 + pattern.count].elementsEqual(pattern) }
            }
            for (open, close) in [("<!--", "-->"), ("<", ">")] {
                while let start = find(open, from: 0), let end = find(close, from: start) {
                    text.removeSubrange(start..<end + close.unicodeScalars.count)
                }
            }
            let words = PythonSplit.split(String(String.UnicodeScalarView(text)), nil, limit: -1, fromRight: false)
            return .string(HTMLEntities.unescape(words.joined(separator: " ")))
        }
        filters["sum"] = filter("sum", ["attribute", "start"], [Value.none, .int(0)]) { (value, args, runtime) throws(TemplateError) -> Value in
            let getter = attributeGetter(args[0], runtime)
            var total = args[1]
            for item in try TemplateOperators.iterate(value) { total = try TemplateOperators.binary(.add, total, try getter(item)) }
            return total
        }
        filters["tojson"] = filter("tojson", ["indent"], [Value.none]) { (value, args, _) throws(TemplateError) -> Value in
            .markup(try JSONText.encode(value, indent: int(args[0])))
        }
        filters["truncate"] = filter("truncate", ["length", "killwords", "end", "leeway"], [.int(255), .bool(false), .string("..."), Value.none]) { (value, args, _) throws(TemplateError) -> Value in
            // Jinja2's do_truncate, lengths in code points; anything with a length passes
            // through when it is short enough
            let length = int(args[0]) ?? 255
            let end = args[2].printed
            let endLength = end.unicodeScalars.count
            let leeway = int(args[3]) ?? 5
            guard length >= endLength else { throw TemplateError("AssertionError", "expected length >= \(endLength), got \(length)") }
            guard leeway >= 0 else { throw TemplateError("AssertionError", "expected leeway >= 0, got \(leeway)") }
            if try TemplateOperators.length(value) <= length + leeway { return value }
            let cut = try TemplateSlicing.slice(value, nil, .int(length - endLength), nil)
            if args[1].isTruthy { return try TemplateOperators.binary(.add, cut, .string(end)) }
            guard case .string(let text) = cut else {
                if case .markup(let text) = cut { return .markup(PythonSplit.beforeLastSpace(text) + Escaping.escapeText(end)) }
                throw TemplateError("AttributeError", "\(PythonString.repr(cut.typeName)) object has no attribute 'rsplit'")
            }
            return .string(PythonSplit.beforeLastSpace(text) + end)
        }
        filters["urlencode"] = filter("urlencode") { (value, _, _) throws(TemplateError) -> Value in
            func quote(_ text: String, safe: String) -> String {
                var out = ""
                for byte in text.utf8 {
                    let scalar = Unicode.Scalar(byte)
                    if (byte < 128 && (Character(scalar).isLetter || Character(scalar).isNumber)) || "_.-~".unicodeScalars.contains(scalar) || safe.unicodeScalars.contains(scalar) {
                        out.unicodeScalars.append(scalar)
                    } else {
                        out += String(format: "%%%02X", byte)
                    }
                }
                return out
            }
            func quotePlus(_ text: String) -> String { quote(text, safe: " ").replacingOccurrences(of: " ", with: "+") }
            // Jinja2's do_urlencode: text and what is not iterable quoted whole; a dict's items,
            // or the (key, value) pairs an iterable gives, joined as a query string
            switch value {
            case .dict(let dict): return .string(dict.pairs.map { quotePlus($0.0.printed) + "=" + quotePlus($0.1.printed) }.joined(separator: "&"))
            case .string, .markup, .int, .bigInt, .float, .bool, .none: return .string(quote(value.printed, safe: "/"))
            default:
                guard let items = try? TemplateOperators.iterate(value) else { return .string(quote(value.printed, safe: "/")) }
                return .string(try items.map { (pair) throws(TemplateError) -> String in
                    let (key, item) = try TemplateOperators.unpackPair(pair)
                    return quotePlus(key.printed) + "=" + quotePlus(item.printed)
                }.joined(separator: "&"))
            }
        }
        filters["wordcount"] = filter("wordcount") { (value, _, _) throws(TemplateError) -> Value in
            var count = 0
            var inWord = false
            for character in value.printed {
                let isWord = character.isLetter || character.isNumber || character == "_"
                if isWord && !inWord { count += 1 }
                inWord = isWord
            }
            return .int(count)
        }
        filters["wordwrap"] = filter("wordwrap", ["width", "break_long_words", "wrapstring", "break_on_hyphens"], [.int(79), .bool(true), Value.none, .bool(true)]) { (value, args, _) throws(TemplateError) -> Value in
            // Jinja2 calls s.splitlines() on what it is given
            if case .undefined(let undefined) = value { throw .undefined(undefined.message) }
            guard value.isString else {
                // a namespace's own __getattribute__ names only the attribute
                if case .object(is NamespaceObject) = value { throw TemplateError("AttributeError", "splitlines") }
                throw TemplateError("AttributeError", "\(PythonString.repr(value.typeName)) object has no attribute 'splitlines'")
            }
            let width = int(args[0]) ?? 79
            guard width > 0 else { throw .value("invalid width \(width) (must be > 0)") }
            let separator = args[2].isNone ? "\n" : args[2].printed
            // each line wrapped on its own; a line that wraps to nothing still counts
            return .string(PythonSplit.lines(value.printed).map {
                TextWrap.wrap($0, width: width, breakLongWords: args[1].isTruthy, breakOnHyphens: args[3].isTruthy).joined(separator: separator)
            }.joined(separator: separator))
        }
        filters["xmlattr"] = filter("xmlattr", ["autospace"], [.bool(true)]) { (value, args, runtime) throws(TemplateError) -> Value in
            guard case .dict(let dict) = value else { throw noItems(value) }
            var parts: [String] = []
            for (key, item) in dict.pairs where !item.isNone && !item.isUndefined {
                // the key is matched against a pattern of the characters it may not hold
                guard key.isString else { throw .type("expected string or bytes-like object, got \(PythonString.repr(key.typeName))") }
                let name = key.printed
                if name.contains(where: { " /\">=\t\n\u{0C}".contains($0) }) { throw .value("Invalid character in attribute name: \(PythonString.repr(name))") }
                parts.append("\(Escaping.escapeText(name))=\"\(Escaping.escape(item))\"")
            }
            let joined = parts.joined(separator: " ")
            let text = args[0].isTruthy && !joined.isEmpty ? " " + joined : joined
            // Markup only under autoescaping, as Jinja2 marks it
            return runtime.autoescape ? .markup(text) : .string(text)
        }
        filters["urlize"] = filter("urlize", ["trim_url_limit", "nofollow", "target", "rel", "extra_schemes"], [Value.none, .bool(false), Value.none, Value.none, Value.none]) { (value, args, runtime) throws(TemplateError) -> Value in
            var relParts = Set(args[3].isNone ? [] : args[3].printed.split(separator: " ").map(String.init))
            if args[1].isTruthy { relParts.insert("nofollow") }
            relParts.insert("noopener")
            let schemes = args[4].isNone ? [] : try TemplateOperators.iterate(args[4]).map(\.printed)
            let text = Urlize.urlize(
                value.printed, trimLimit: int(args[0]), rel: relParts.sorted().joined(separator: " "),
                target: args[2].isNone ? nil : args[2].printed, extraSchemes: schemes)
            return runtime.autoescape ? .markup(text) : .string(text)
        }
        return filters
    }()
}
