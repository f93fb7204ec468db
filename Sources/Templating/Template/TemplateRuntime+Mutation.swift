/// The mutating list and dict methods (`l.append(x)`, `d.update(...)`). Values here are
/// copied, not shared, so the changed container is written back to the variable (or namespace
/// attribute) it came from; that covers the idioms templates use, such as
/// `{% set _ = items.append(x) %}`.
extension TemplateRuntime {
    static let mutatingMethods: Set<String> = [
        "append", "extend", "insert", "pop", "remove", "clear", "reverse", "update", "setdefault", "popitem",
    ]

    /// Runs `object.method(arguments)` if it is a mutating method on a list or dict held by a
    /// variable or namespace attribute; nil otherwise.
    func callMutatingMethod(_ object: Expr, _ method: String, _ call: CallSyntax) throws(TemplateError) -> Value? {
        guard Self.mutatingMethods.contains(method) else { return nil }
        let current: Value
        let store: (Value) -> Void
        switch object {
        case .name(let name, _):
            current = lookup(name)
            store = { [self] value in _ = variables.update(name.symbol, value) }
        case .getattr(.name(let name, _), let attribute, _):
            guard case .object(let object) = lookup(name), let namespace = object as? NamespaceObject,
                  let value = namespace.values[attribute] else { return nil }
            current = value
            store = { namespace.set(attribute, $0) }
        default:
            // anything else calls the method as an attribute, on a copy (divergence T2)
            return nil
        }
        var arguments = try evaluateArguments(call)
        switch current {
        case .list(var items):
            let result = try Self.mutate(list: &items, method, &arguments)
            store(.list(items))
            return result
        case .dict(var dict):
            guard let result = try Self.mutate(dict: &dict, method, &arguments) else { return nil }
            store(.dict(dict))
            return result
        default:
            return nil
        }
    }

    package static func mutate(list items: inout [Value], _ method: String, _ arguments: inout CallArguments) throws(TemplateError) -> Value {
        switch method {
        case "append":
            items.append(try arguments.bind("append", ["object"], [nil])[0])
        case "extend":
            items += try TemplateOperators.iterate(try arguments.bind("extend", ["iterable"], [nil])[0])
        case "insert":
            let bound = try arguments.bind("insert", ["index", "object"], [nil, nil])
            guard case .int(var index) = bound[0] else { throw .type("integer argument expected") }
            if index < 0 { index += items.count }
            items.insert(bound[1], at: min(max(0, index), items.count))
        case "pop":
            if arguments.positional.count > 1 { throw .type("pop expected at most 1 argument, got \(arguments.positional.count)") }
            guard !items.isEmpty else { throw TemplateError("IndexError", "pop from empty list") }
            let bound = try arguments.bind("pop", ["index"], [.int(-1)])
            guard let index = TemplateSlicing.index(bound[0], count: items.count) else { throw TemplateError("IndexError", "pop index out of range") }
            return items.remove(at: index)
        case "remove":
            let value = try arguments.bind("remove", ["value"], [nil])[0]
            guard let index = items.firstIndex(where: { $0 == value }) else { throw .value("list.remove(x): x not in list") }
            items.remove(at: index)
        case "clear": items.removeAll()
        case "reverse": items.reverse()
        default: throw .type("'list' object has no attribute \(PythonString.repr(method))")
        }
        return .none
    }

    package static func mutate(dict: inout ValueDict, _ method: String, _ arguments: inout CallArguments) throws(TemplateError) -> Value? {
        switch method {
        case "update":
            if let first = arguments.positional.first {
                if case .dict(let other) = first {
                    for (key, value) in other.pairs { dict[key] = value }
                } else {
                    for pair in try TemplateOperators.iterate(first) {
                        let items = try TemplateOperators.iterate(pair)
                        guard items.count == 2 else { throw .value("dictionary update sequence element has length \(items.count); 2 is required") }
                        dict[items[0]] = items[1]
                    }
                }
            }
            for (key, value) in arguments.keywords { dict[.string(key)] = value }
            return Value.none
        case "pop":
            guard let key = arguments.positional.first else { throw .type("pop expected at least 1 argument, got 0") }
            if let value = dict[key] {
                dict[key] = nil
                return value
            }
            if arguments.positional.count > 1 { return arguments.positional[1] }
            throw TemplateError("KeyError", key.repr)
        case "setdefault":
            let bound = try arguments.bind("setdefault", ["key", "default"], [nil, Value.none])
            if let value = dict[bound[0]] { return value }
            dict[bound[0]] = bound[1]
            return bound[1]
        case "clear":
            dict = ValueDict()
            return Value.none
        case "popitem":
            guard let key = dict.keys.last, let value = dict[key] else { throw TemplateError("KeyError", "'popitem(): dictionary is empty'") }
            dict[key] = nil
            return .tuple([key, value])
        default:
            return nil
        }
    }
}
