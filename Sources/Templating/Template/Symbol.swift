import Synchronization

/// An identifier in a template (a variable, filter or test name) with its interned number, so
/// that the runtime compares and indexes names by number instead of hashing or comparing text.
struct Name: Sendable, CustomStringConvertible {
    package let text: String
    let symbol: Int

    init(_ text: String) {
        self.text = text
        symbol = SymbolTable.intern(text)
    }

    var description: String { text }
}

/// The process-wide table of interned names. It only grows: names come from template sources
/// and host registrations, a bounded vocabulary in practice.
package enum SymbolTable {
    private struct State: ~Copyable {
        var numbers: [String: Int] = [:]
        package var names: [String] = []
    }

    private static let state = Mutex(State())

    /// The number of `name`, assigning the next one on first sight.
    package static func intern(_ name: String) -> Int {
        state.withLock { state in
            if let number = state.numbers[name] { return number }
            let number = state.names.count
            state.numbers[name] = number
            state.names.append(name)
            return number
        }
    }

    /// The name that `symbol` stands for.
    static func name(_ symbol: Int) -> String {
        state.withLock { $0.names[symbol] }
    }

    /// How many names are interned: every symbol is below this.
    static var count: Int { state.withLock { $0.names.count } }
}
