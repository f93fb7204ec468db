/// Python's `set` and `frozenset` as template values: unique items, iterated in the order
/// CPython's hash table gives them (`PythonSetTable`).
package final class SetValue: TemplateObject, IterableObject, @unchecked Sendable {
    let table: PythonSetTable
    package let frozen: Bool
    let items: [Value]
    package var isTruthy: Bool { !items.isEmpty }

    init(table: PythonSetTable, frozen: Bool = false) {
        self.table = table
        self.frozen = frozen
        self.items = table.members
    }

    /// A set of hashable `items`, added one by one as `set(list)` adds them.
    convenience init(_ items: [Value], frozen: Bool = false) {
        var table = PythonSetTable()
        for item in items { table.add(item) }
        self.init(table: table, frozen: frozen)
    }

    /// `set(iterable)`: another set is merged whole and a dict's keys after one resize, as
    /// CPython does; anything else item by item. Unhashable items are refused.
    package static func from(_ iterable: Value, frozen: Bool = false) throws(TemplateError) -> SetValue {
        var table = PythonSetTable()
        switch iterable {
        case .object(let other as SetValue): table.merge(other.table)
        case .dict(let dict):
            table.merge(keys: dict.keys)
        default:
            for item in try TemplateOperators.iterate(iterable) {
                try PythonHash.check(item)
                table.add(item)
            }
        }
        return SetValue(table: table, frozen: frozen)
    }

    package var typeName: String { frozen ? "frozenset" : "set" }
    package var printed: String {
        let body = items.map(\.repr).joined(separator: ", ")
        if frozen { return items.isEmpty ? "frozenset()" : "frozenset({\(body)})" }
        return items.isEmpty ? "set()" : "{\(body)}"
    }

    /// `|`, `&`, `-`, `^`, each building its result as CPython's set operations do (which
    /// operand is copied, which is walked), so the result iterates in the reference's order.
    package func combine(_ op: String, _ other: SetValue) -> SetValue {
        var result = PythonSetTable()
        switch op {
        case "|":
            result.merge(table)
            result.merge(other.table)
        case "&":
            let (walked, probed) = other.items.count > items.count ? (table, other.table) : (other.table, table)
            for (value, hash) in walked.entries where probed.find(value, hash) != nil { result.add(value, hash) }
        case "-":
            if items.count >> 2 > other.items.count {
                result.merge(table)
                for (value, hash) in other.table.entries { result.discard(value, hash) }
            } else {
                for (value, hash) in table.entries where other.table.find(value, hash) == nil { result.add(value, hash) }
            }
        default:
            result.merge(other.table)
            for (value, hash) in table.entries where !result.discard(value, hash) { result.add(value, hash) }
        }
        return SetValue(table: result, frozen: frozen)
    }
}

/// A lazy Python iterator (`filter`, `map`, `zip`, `iter(...)`, `reversed(...)`) materialised
/// as its items; it prints as its type and iterates like a list.
package final class IteratorValue: TemplateObject, IterableObject, @unchecked Sendable {
    let kind: String
    var items: [Value]
    /// The class's module and qualified name where Python prints them (a class defined in a
    /// function of a module: `dgenerate.renderloop.RenderLoop.written_images.<locals>.Iterable`).
    let qualifiedName: String?
    package init(kind: String, qualifiedName: String? = nil, _ items: [Value]) {
        self.kind = kind
        self.qualifiedName = qualifiedName
        self.items = items
    }
    package var typeName: String { kind }
    /// With an address, as Python prints it (the same length as a Python one).
    package var printed: String { "<\(qualifiedName ?? kind) object at 0x\(String(UInt(bitPattern: ObjectIdentifier(self)), radix: 16))>" }
}

/// `object()`.
final class PlainObject: TemplateObject, @unchecked Sendable {
    init() {}
    var typeName: String { "object" }
    var printed: String { "<object object>" }
}

/// A Python generator a filter hands back (`unique`, `items`, `map`, `select`...): it prints as
/// `<generator object NAME at 0x...>`, and its items (and any error making them) come only
/// when something iterates it, once.
final class GeneratorValue: TemplateObject, @unchecked Sendable {
    let function: String
    private var produce: (() throws(TemplateError) -> [Value])?
    private var produced: [Value] = []

    init(_ function: String, _ produce: @escaping () throws(TemplateError) -> [Value]) {
        self.function = function
        self.produce = produce
    }

    var typeName: String { "generator" }
    var printed: String { "<generator object \(function) at 0x\(String(UInt(bitPattern: ObjectIdentifier(self)), radix: 16))>" }

    /// The items, made on the first call; a generator that was used up yields nothing more.
    func values() throws(TemplateError) -> [Value] {
        guard let produce else { return [] }
        self.produce = nil
        produced = try produce()
        defer { produced = [] }
        return produced
    }
}
