/// One scope of template variables. Inner scopes (a loop's `loop` and target, a macro's
/// arguments) hold a handful of names, which a linear search over small strings finds faster
/// than hashing; a scope that grows past a few names switches to a dictionary.
struct Scope: ExpressibleByDictionaryLiteral, Sendable {
    private var names: [String] = []
    private var values: [Value] = []
    private var table: [String: Value]? = nil
    private static let linearLimit = 8

    init(dictionaryLiteral elements: (String, Value)...) {
        for (name, value) in elements { self[name] = value }
    }

    init(_ variables: [String: Value]) {
        if variables.count > Self.linearLimit {
            table = variables
        } else {
            for (name, value) in variables { self[name] = value }
        }
    }

    subscript(name: String) -> Value? {
        get {
            if let table { return table[name] }
            for index in names.indices where names[index] == name { return values[index] }
            return nil
        }
        set {
            if table != nil {
                table![name] = newValue
                return
            }
            if let index = names.firstIndex(of: name) {
                if let newValue {
                    values[index] = newValue
                } else {
                    names.remove(at: index)
                    values.remove(at: index)
                }
            } else if let newValue {
                names.append(name)
                values.append(newValue)
                if names.count > Self.linearLimit {
                    table = Dictionary(uniqueKeysWithValues: zip(names, values))
                    names = []
                    values = []
                }
            }
        }
    }

    var keys: [String] { table.map { Array($0.keys) } ?? names }

    /// The (name, value) pairs.
    var pairs: [(String, Value)] { table.map { $0.map { ($0.key, $0.value) } } ?? Array(zip(names, values)) }
}
