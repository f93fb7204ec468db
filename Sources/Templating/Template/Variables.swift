/// The variables a template sees: the template level (the render context and top-level `set`s)
/// in a table, and the nested scopes of loops, macros, `with` and blocks as one flat stack,
/// searched innermost first. Names are interned symbols, so a lookup in the handful of names a
/// loop or macro defines compares integers.
struct Variables: Sendable {
    /// Template-level variables.
    var base: [Int: Value]
    private var symbols: [Int] = []
    private var values: [Value] = []
    /// Where each open scope starts in `symbols`.
    private var scopeStarts: [Int] = []

    init(_ context: [String: Value] = [:]) {
        base = Dictionary(uniqueKeysWithValues: context.map { (SymbolTable.intern($0.key), $0.value) })
    }

    /// Template-level variables only, with no scope open.
    init(base: [Int: Value]) {
        self.base = base
    }

    /// The innermost variable named `symbol`.
    subscript(symbol: Int) -> Value? {
        var index = symbols.count - 1
        while index >= 0 {
            if symbols[index] == symbol { return values[index] }
            index -= 1
        }
        return base[symbol]
    }

    /// Sets `symbol` in the innermost scope (the template level when none is open).
    mutating func assign(_ symbol: Int, _ value: Value) {
        guard let start = scopeStarts.last else {
            base[symbol] = value
            return
        }
        var index = symbols.count - 1
        while index >= start {
            if symbols[index] == symbol {
                values[index] = value
                return
            }
            index -= 1
        }
        symbols.append(symbol)
        values.append(value)
    }

    /// Replaces the innermost existing variable named `symbol`; false when there is none.
    mutating func update(_ symbol: Int, _ value: Value) -> Bool {
        var index = symbols.count - 1
        while index >= 0 {
            if symbols[index] == symbol {
                values[index] = value
                return true
            }
            index -= 1
        }
        guard base[symbol] != nil else { return false }
        base[symbol] = value
        return true
    }

    mutating func pushScope() {
        scopeStarts.append(symbols.count)
    }

    mutating func popScope() {
        let start = scopeStarts.removeLast()
        symbols.removeSubrange(start...)
        values.removeSubrange(start...)
    }

    /// These scopes on top of another template level (a macro runs in the scopes it was
    /// defined in, but sees the template level as it is when called).
    func rebased(on base: [Int: Value]) -> Variables {
        var copy = self
        copy.base = base
        return copy
    }

    /// Every visible variable by name, innermost winning.
    var flattened: [String: Value] {
        var result: [String: Value] = [:]
        for (symbol, value) in base { result[SymbolTable.name(symbol)] = value }
        for (symbol, value) in zip(symbols, values) { result[SymbolTable.name(symbol)] = value }
        return result
    }
}
