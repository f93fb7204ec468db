/// Python methods of ranges, sets and bytes, and `str.translate`, as bound functions.
enum CollectionMethods {
    static func method(_ name: String, _ body: @escaping @Sendable (CallArguments) throws(TemplateError) -> Value) -> Value {
        TemplateMethods.method(name, body)
    }

    /// Exactly one positional argument, as CPython's METH_O methods take it.
    static func single(_ name: String, _ arguments: CallArguments) throws(TemplateError) -> Value {
        guard arguments.keywords.isEmpty else { throw .type("\(name)() takes no keyword arguments") }
        guard arguments.positional.count == 1 else { throw .type("\(name)() takes exactly one argument (\(arguments.positional.count) given)") }
        return arguments.positional[0]
    }

    /// `range.count`, `range.index`, `start`, `stop`, `step`.
    static func rangeMethod(_ range: Value, _ name: String) -> Value? {
        guard case .range(let start, let stop, let step) = range else { return nil }
        @Sendable func position(of value: Value) throws(TemplateError) -> Int? {
            try TemplateOperators.iterate(range).firstIndex { TemplateOperators.equal($0, value) }
        }
        switch name {
        case "start": return .int(start)
        case "stop": return .int(stop)
        case "step": return .int(step)
        case "count":
            return method(name) { (arguments) throws(TemplateError) -> Value in
                let value = try single("count", arguments)
                return .int(try TemplateOperators.iterate(range).filter { TemplateOperators.equal($0, value) }.count)
            }
        case "index":
            return method(name) { (arguments) throws(TemplateError) -> Value in
                let value = try single("index", arguments)
                guard let found = try position(of: value) else { throw .value("\(value.repr) is not in range") }
                return .int(found)
            }
        default: return nil
        }
    }

    /// The methods of sets that make a new set or answer a question (`copy`, `union`, `issubset`...).
    static func setMethod(_ set: SetValue, _ name: String) -> Value? {
        @Sendable func others(_ arguments: CallArguments) throws(TemplateError) -> [SetValue] {
            guard arguments.keywords.isEmpty else { throw .type("\(set.typeName).\(name)() takes no keyword arguments") }
            return try arguments.positional.map { (value) throws(TemplateError) -> SetValue in
                if case .object(let other as SetValue) = value { return other }
                return try SetValue.from(value)
            }
        }
        if SetMutation.methods.contains(name) && !set.frozen {
            return method(name) { (arguments) throws(TemplateError) -> Value in
                try SetMutation.apply(set, name, arguments)?.result ?? .none
            }
        }
        let combining = ["union": "|", "intersection": "&", "difference": "-", "symmetric_difference": "^"]
        if let op = combining[name] {
            return method(name) { (arguments) throws(TemplateError) -> Value in
                let sets = try others(arguments)
                if name == "symmetric_difference" && sets.count != 1 {
                    throw .type("set.symmetric_difference() takes exactly one argument (\(sets.count) given)")
                }
                var result = SetValue(table: set.table, frozen: set.frozen)
                if sets.isEmpty { result = SetValue(table: SetValue(table: set.table).combine("|", SetValue([])).table, frozen: set.frozen) }
                for other in sets { result = result.combine(op, other) }
                return .object(result)
            }
        }
        switch name {
        case "copy":
            return method(name) { (arguments) throws(TemplateError) -> Value in
                guard arguments.positional.isEmpty && arguments.keywords.isEmpty else {
                    throw .type("\(set.typeName).copy() takes no arguments (\(arguments.positional.count) given)")
                }
                // a frozenset's copy is itself; a set's is a new table merged from it
                if set.frozen { return .object(set) }
                return .object(set.combine("|", SetValue([])))
            }
        case "issubset", "issuperset", "isdisjoint":
            return method(name) { (arguments) throws(TemplateError) -> Value in
                let other = try single(name, arguments)
                let otherSet: SetValue
                if case .object(let given as SetValue) = other { otherSet = given } else { otherSet = try SetValue.from(other) }
                switch name {
                case "issubset": return .bool(set.items.allSatisfy { otherSet.table.contains($0) })
                case "issuperset": return .bool(otherSet.items.allSatisfy { set.table.contains($0) })
                default: return .bool(!set.items.contains { otherSet.table.contains($0) })
                }
            }
        default: return nil
        }
    }

    /// `bytes.count`, `bytes.index`, `bytearray.copy`.
    static func bytesMethod(_ bytes: BytesValue, _ name: String) -> Value? {
        @Sendable func needle(_ value: Value) throws(TemplateError) -> [UInt8] {
            switch value {
            case .int(let byte):
                guard byte >= 0 && byte < 256 else { throw .value("byte must be in range(0, 256)") }
                return [UInt8(byte)]
            case .bool(let flag): return [flag ? 1 : 0]
            case .object(let other as BytesValue): return other.bytes
            default: throw .type("argument should be integer or bytes-like object, not \(PythonString.repr(value.typeName))")
            }
        }
        @Sendable func occurrences(of part: [UInt8]) -> [Int] {
            guard !part.isEmpty else { return Array(0...bytes.bytes.count) }
            guard part.count <= bytes.bytes.count else { return [] }
            var found: [Int] = []
            var index = 0
            while index + part.count <= bytes.bytes.count {
                if Array(bytes.bytes[index..<index + part.count]) == part { found.append(index); index += part.count } else { index += 1 }
            }
            return found
        }
        switch name {
        case "count":
            return method(name) { (arguments) throws(TemplateError) -> Value in
                guard let first = arguments.positional.first else { throw .type("count expected at least 1 argument, got 0") }
                return .int(occurrences(of: try needle(first)).count)
            }
        case "index", "find":
            return method(name) { (arguments) throws(TemplateError) -> Value in
                guard let first = arguments.positional.first else { throw .type("\(name) expected at least 1 argument, got 0") }
                guard let found = occurrences(of: try needle(first)).first else {
                    if name == "find" { return .int(-1) }
                    throw .value("subsection not found")
                }
                return .int(found)
            }
        case "copy" where bytes.mutable:
            return method(name) { (_) throws(TemplateError) -> Value in .object(BytesValue(bytes.bytes, mutable: true)) }
        default: return nil
        }
    }

    /// `str.translate(table)`: each code point looked up in the table; a missing entry keeps the
    /// character, None drops it, an int or a string replaces it.
    static func translate(_ text: String, _ arguments: CallArguments) throws(TemplateError) -> Value {
        let table = try single("translate", arguments)
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let key = Value.int(Int(scalar.value))
            let replacement: Value?
            switch table {
            case .dict(let dict):
                replacement = dict[key]
            case .list(let items), .tuple(let items):
                replacement = Int(scalar.value) < items.count ? items[Int(scalar.value)] : nil
            default:
                throw .type("\(PythonString.repr(table.typeName)) object is not subscriptable")
            }
            switch replacement {
            case nil: out.append(scalar)
            case .none?: break
            case .int(let code)?:
                guard code >= 0 && code < 0x110000, let mapped = Unicode.Scalar(UInt32(code)) else {
                    throw .value("character mapping must be in range(0x110000)")
                }
                out.append(mapped)
            case .string(let piece)?, .markup(let piece)?: out.append(contentsOf: piece.unicodeScalars)
            default: throw .type("character mapping must return integer, None or str")
            }
        }
        return .string(String(out))
    }
}
