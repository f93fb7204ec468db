/// Python's `set` and `frozenset` as template values: unique items, printed in CPython's
/// order for small non-negative ints (their hash order) and insertion order otherwise.
final class SetValue: TemplateObject, IterableObject, @unchecked Sendable {
    let items: [Value]
    let frozen: Bool
    var isTruthy: Bool { !items.isEmpty }

    init(_ items: [Value], frozen: Bool = false) {
        var unique: [Value] = []
        for item in items where !unique.contains(item) { unique.append(item) }
        if unique.allSatisfy({ if case .int(let n) = $0 { return n >= 0 && n < 1 << 30 } else { return false } }) {
            unique.sort { a, b in
                if case .int(let x) = a, case .int(let y) = b { return x < y }
                return false
            }
        }
        self.items = unique
        self.frozen = frozen
    }

    var typeName: String { frozen ? "frozenset" : "set" }
    var printed: String {
        let body = items.map(\.repr).joined(separator: ", ")
        if frozen { return items.isEmpty ? "frozenset()" : "frozenset({\(body)})" }
        return items.isEmpty ? "set()" : "{\(body)}"
    }

    /// `|`, `&`, `-`, `^`.
    func combine(_ op: String, _ other: SetValue) -> SetValue {
        switch op {
        case "|": return SetValue(items + other.items, frozen: frozen)
        case "&": return SetValue(items.filter { other.items.contains($0) }, frozen: frozen)
        case "-": return SetValue(items.filter { !other.items.contains($0) }, frozen: frozen)
        default: return SetValue(items.filter { !other.items.contains($0) } + other.items.filter { !items.contains($0) }, frozen: frozen)
        }
    }
}

/// A lazy Python iterator (`filter`, `map`, `zip`, `iter(...)`, `reversed(...)`) materialised
/// as its items; it prints as its type and iterates like a list.
final class IteratorValue: TemplateObject, IterableObject, @unchecked Sendable {
    let kind: String
    var items: [Value]
    init(kind: String, _ items: [Value]) {
        self.kind = kind
        self.items = items
    }
    var typeName: String { kind }
    var printed: String { "<\(kind) object>" }
}

/// `object()`.
final class PlainObject: TemplateObject, @unchecked Sendable {
    init() {}
    var typeName: String { "object" }
    var printed: String { "<object object>" }
}
