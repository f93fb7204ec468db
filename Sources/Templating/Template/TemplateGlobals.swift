import BigInt
/// Jinja2's default globals: `range`, `dict`, `lipsum`, `cycler`, `joiner`, `namespace`.
enum TemplateGlobals {
    static let all: [String: Value] = [
        "range": .object(FunctionObject("range", printedAs: "<class 'range'>", attributeLookup: PythonBuiltins.unboundMethods(of: "range")) { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            var bounds: [Int] = []
            for value in arguments.positional {
                switch value {
                case .int(let number): bounds.append(number)
                case .bool(let flag): bounds.append(flag ? 1 : 0)
                default: throw .type("\(PythonString.repr(value.typeName)) object cannot be interpreted as an integer")
                }
            }
            switch bounds.count {
            case 1: return .range(start: 0, stop: bounds[0], step: 1)
            case 2: return .range(start: bounds[0], stop: bounds[1], step: 1)
            case 3:
                guard bounds[2] != 0 else { throw .value("range() arg 3 must not be zero") }
                return .range(start: bounds[0], stop: bounds[1], step: bounds[2])
            case 0: throw .type("range expected at least 1 argument, got 0")
            default: throw .type("range expected at most 3 arguments, got \(bounds.count)")
            }
        }),
        "dict": .object(FunctionObject("dict", printedAs: "<class 'dict'>", attributeLookup: PythonBuiltins.unboundMethods(of: "dict")) { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            var dict = ValueDict()
            if let first = arguments.positional.first {
                // dict() asks its argument for `keys` first, which Undefined refuses
                if case .undefined(let undefined) = first { throw .undefined(undefined.message) }
                // the class dict itself has `keys`, unbound
                if PythonBuiltins.className(ofTypeObject: first) == "dict" { throw .type("unbound method dict.keys() needs an argument") }
                if case .dict(let source) = first { dict = source } else {
                    for (index, pair) in try TemplateOperators.iterate(first).enumerated() {
                        let items: [Value]
                        do throws(TemplateError) {
                            items = try TemplateOperators.iterate(pair)
                        } catch {
                            throw .type("cannot convert dictionary update sequence element #\(index) to a sequence")
                        }
                        guard items.count == 2 else {
                            throw .value("dictionary update sequence element #\(index) has length \(items.count); 2 is required")
                        }
                        try PythonHash.check(items[0])
                        dict[items[0]] = items[1]
                    }
                }
            }
            for (key, value) in arguments.keywords { dict[.string(key)] = value }
            return .dict(dict)
        }),
        "namespace": .object(FunctionObject("namespace") { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            var pairs: [(String, Value)] = []
            if case .dict(let dict)? = arguments.positional.first { pairs = dict.pairs.map { ($0.0.printed, $0.1) } }
            pairs += arguments.keywords
            return .object(NamespaceObject(pairs))
        }),
        "cycler": .object(FunctionObject("cycler") { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            guard !arguments.positional.isEmpty else { throw TemplateError("RuntimeError", "at least one item has to be provided") }
            return .object(CyclerObject(arguments.positional))
        }),
        "joiner": .object(FunctionObject("joiner") { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            let bound = try arguments.bind("joiner", ["sep"], [.string(", ")])
            return .object(JoinerObject(bound[0].printed))
        }),
        "lipsum": .object(FunctionObject("lipsum") { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            let bound = try arguments.bind("generate_lorem_ipsum", ["n", "html", "min", "max"], [.int(5), .bool(true), .int(20), .int(100)])
            return try Lipsum.generate(bound)
        }),
    ]
}

/// `lipsum()`: random lorem-ipsum paragraphs (the words are random, as in Jinja2).
enum Lipsum {
    static let words = "a ac accumsan ad adipiscing aenean aliquam aliquet amet ante aptent arcu at auctor augue bibendum blandit class commodo condimentum congue consectetuer consequat conubia convallis cras cubilia cum curabitur curae cursus dapibus diam dictum dictumst dignissim dis dolor donec dui duis egestas eget eleifend elementum elit enim erat eros est et etiam eu euismod facilisi facilisis fames faucibus felis fermentum feugiat fringilla fusce gravida habitant habitasse hac hendrerit hymenaeos iaculis id imperdiet in inceptos integer interdum ipsum justo lacinia lacus laoreet lectus leo libero ligula litora lobortis lorem luctus maecenas magna magnis malesuada massa mattis mauris metus mi molestie mollis montes morbi mus nam nascetur natoque nec neque netus nibh nisi nisl non nonummy nostra nulla nullam nunc odio orci ornare parturient pede pellentesque penatibus per pharetra phasellus placerat platea porta porttitor posuere potenti praesent pretium primis proin pulvinar purus quam quis quisque rhoncus ridiculus risus rutrum sagittis sapien scelerisque sed sem semper senectus sit sociis sociosqu sodales sollicitudin suscipit suspendisse taciti tellus tempor tempus tincidunt torquent tortor tristique turpis ullamcorper ultrices ultricies urna ut varius vehicula vel velit venenatis vestibulum vitae vivamus viverra volutpat vulputate".split(separator: " ").map(String.init)

    static func generate(_ bound: [Value]) throws(TemplateError) -> Value {
        guard case .int(let count) = bound[0], case .int(let low) = bound[2], case .int(let high) = bound[3] else { return .string("") }
        // each paragraph draws randrange(min, max) words, as Jinja2 does
        guard low < high else {
            throw .value("empty range for randrange() (\(low), \(high), \(BigInt(high) - BigInt(low)))")
        }
        // about 12 bytes a word: far more text than a script can use fails at once
        if Double(max(0, count)) * Double(max(1, high)) * 12 > Double(TemplateOperators.maximumTextLength) {
            throw TemplateError("MemoryError", "")
        }
        let html = bound[1].isTruthy
        var paragraphs: [String] = []
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<max(0, count) {
            let length = max(0, Int.random(in: low..<high, using: &generator))
            var text = (0..<length).map { _ in words.randomElement(using: &generator)! }.joined(separator: " ")
            text = text.prefix(1).uppercased() + text.dropFirst() + "."
            paragraphs.append(text)
        }
        if html { return .markup(paragraphs.map { "<p>\(Escaping.escapeText($0))</p>" }.joined(separator: "\n")) }
        return .string(paragraphs.joined(separator: "\n\n"))
    }
}
