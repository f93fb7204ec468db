/// The mutating methods of `set` (`add`, `pop`, `remove`, `discard`, `clear`, `update` and the
/// `*_update`s): each gives its result and the changed set. `\setp` stores the changed set back
/// into the variable it came from; elsewhere the result alone is used.
package enum SetMutation {
    package static let methods: Set<String> = [
        "add", "pop", "remove", "discard", "clear", "update", "difference_update", "intersection_update",
        "symmetric_difference_update",
    ]

    package static func apply(_ set: SetValue, _ name: String, _ arguments: CallArguments) throws(TemplateError) -> (result: Value, changed: SetValue)? {
        guard !set.frozen, methods.contains(name) else { return nil }
        if !arguments.keywords.isEmpty { throw .type("set.\(name)() takes no keyword arguments") }
        let given = arguments.positional
        var table = set.table
        switch name {
        case "pop", "clear":
            guard given.isEmpty else { throw .type("set.\(name)() takes no arguments (\(given.count) given)") }
            if name == "clear" { return (.none, SetValue([])) }
            guard let first = set.items.first else { throw TemplateError("KeyError", "'pop from an empty set'") }
            _ = table.discard(first, PythonHash.hash(first))
            return (first, SetValue(table: table))
        case "add", "remove", "discard":
            guard given.count == 1 else { throw .type("set.\(name)() takes exactly one argument (\(given.count) given)") }
            try PythonHash.check(given[0])
            let hash = PythonHash.hash(given[0])
            if name == "add" {
                table.add(given[0], hash)
            } else if !table.discard(given[0], hash), name == "remove" {
                throw TemplateError("KeyError", given[0].repr)
            }
            return (.none, SetValue(table: table))
        default:
            var result = set
            for other in given {
                let operand = try SetValue.from(other)
                switch name {
                case "update": result = result.combine("|", operand)
                case "difference_update": result = result.combine("-", operand)
                case "intersection_update": result = result.combine("&", operand)
                default:
                    guard given.count == 1 else { throw .type("set.symmetric_difference_update() takes exactly one argument (\(given.count) given)") }
                    result = result.combine("^", operand)
                }
            }
            return (.none, result)
        }
    }
}
