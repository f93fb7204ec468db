/// Whether an input is in a grammar: every way each rule can match from each position, as sets
/// of end positions (memoised per rule and position). Works for any grammar without left
/// recursion, ambiguous ones included. The input is abstract: the caller says where a terminal
/// or a special class matching at a position ends.
struct GrammarRecognizer {
    let grammar: EBNFGrammar
    let length: Int
    /// The end of `terminal` matched at a position, nil when it does not match there.
    let terminal: (String, Int) -> Int?
    /// The ends of `special` matched at a position (none when it does not match there).
    let special: (String, Int) -> [Int]
    private var memo: [String: [Int: Set<Int>]] = [:]

    init(grammar: EBNFGrammar, length: Int, terminal: @escaping (String, Int) -> Int?, special: @escaping (String, Int) -> [Int]) {
        self.grammar = grammar
        self.length = length
        self.terminal = terminal
        self.special = special
    }

    /// Whether the start rule matches the whole input.
    mutating func accepts() -> Bool {
        ends(of: .rule(grammar.start), from: 0).contains(length)
    }

    mutating func ends(of expression: EBNFGrammar.Expression, from position: Int) -> Set<Int> {
        switch expression {
        case .terminal(let text):
            return terminal(text, position).map { [$0] } ?? []
        case .special(let name):
            return Set(special(name, position))
        case .rule(let name):
            if let known = memo[name]?[position] { return known }
            memo[name, default: [:]][position] = []  // left recursion finds nothing
            let result = ends(of: grammar.rules[name] ?? .choice([]), from: position)
            memo[name, default: [:]][position] = result
            return result
        case .sequence(let items):
            var positions: Set<Int> = [position]
            for item in items {
                var next: Set<Int> = []
                for start in positions { next.formUnion(ends(of: item, from: start)) }
                positions = next
                if positions.isEmpty { break }
            }
            return positions
        case .choice(let items):
            var result: Set<Int> = []
            for item in items { result.formUnion(ends(of: item, from: position)) }
            return result
        case .option(let inner):
            return ends(of: inner, from: position).union([position])
        case .repetition(let inner):
            var result: Set<Int> = [position]
            var frontier: Set<Int> = [position]
            while !frontier.isEmpty {
                var next: Set<Int> = []
                for start in frontier { next.formUnion(ends(of: inner, from: start)) }
                frontier = next.subtracting(result)
                result.formUnion(next)
            }
            return result
        }
    }
}

/// Random sentences of a grammar: alternatives, repetitions (mostly short) and options chosen at
/// random while the derivation is shallower than `depth` and shorter than `size` leaves, then
/// the shortest ways out, so that every sentence is finite.
struct GrammarGenerator {
    let grammar: EBNFGrammar
    let depth: Int
    var size = 60
    /// How far each rule is from a derivation with no rule left (its shortest height).
    private let heights: [String: Int]

    init(grammar: EBNFGrammar, depth: Int, size: Int = 60) {
        self.grammar = grammar
        self.depth = depth
        self.size = size
        var heights: [String: Int] = [:]
        var changed = true
        while changed {
            changed = false
            for (name, body) in grammar.rules {
                let height = Self.height(body, heights)
                if height < heights[name] ?? Int.max {
                    heights[name] = height
                    changed = true
                }
            }
        }
        self.heights = heights
    }

    private static func height(_ expression: EBNFGrammar.Expression, _ heights: [String: Int]) -> Int {
        switch expression {
        case .terminal, .special, .repetition, .option: return 0
        case .rule(let name): return heights[name].map { $0 == Int.max ? $0 : $0 + 1 } ?? Int.max
        case .sequence(let items): return items.map { height($0, heights) }.max() ?? 0
        case .choice(let items): return items.map { height($0, heights) }.min() ?? Int.max
        }
    }

    /// Leaves as text: terminals as written, each class as one of its `instances`.
    static func text<R: RandomNumberGenerator>(_ leaves: [EBNFGrammar.Expression], instances: [String: [String]],
                                               separator: String, using random: inout R) -> String {
        leaves.map { leaf -> String in
            switch leaf {
            case .terminal(let text): return text
            case .special(let name): return instances[name]?.randomElement(using: &random) ?? ""
            default: return ""
            }
        }.joined(separator: separator)
    }

    /// A random sentence as its leaves, and the rules it used.
    func sentence<R: RandomNumberGenerator>(using random: inout R) -> (leaves: [EBNFGrammar.Expression], rules: Set<String>) {
        var leaves: [EBNFGrammar.Expression] = []
        var used: Set<String> = []
        expand(.rule(grammar.start), level: 0, into: &leaves, used: &used, random: &random)
        return (leaves, used)
    }

    /// Expands one expression. The deeper the derivation, the likelier the shortest way out:
    /// options, repetitions and longer alternatives fade linearly to none at `depth`.
    private func expand<R: RandomNumberGenerator>(_ expression: EBNFGrammar.Expression, level: Int, into leaves: inout [EBNFGrammar.Expression],
                                                  used: inout Set<String>, random: inout R) {
        let deep = level >= depth || leaves.count >= size
        // the chance, in hundredths, of going on freely at this level
        let freedom = deep ? 0 : 100 * (depth - level) / depth
        func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent * freedom / 100 }
        switch expression {
        case .terminal, .special:
            leaves.append(expression)
        case .rule(let name):
            used.insert(name)
            if let body = grammar.rules[name] { expand(body, level: level + 1, into: &leaves, used: &used, random: &random) }
        case .sequence(let items):
            for item in items { expand(item, level: level, into: &leaves, used: &used, random: &random) }
        case .choice(let items):
            var candidates = items
            if !chance(100) {
                let best = items.map { Self.height($0, heights) }.min() ?? 0
                candidates = items.filter { Self.height($0, heights) == best }
            }
            if let pick = candidates.randomElement(using: &random) { expand(pick, level: level, into: &leaves, used: &used, random: &random) }
        case .option(let inner):
            if chance(50) { expand(inner, level: level, into: &leaves, used: &used, random: &random) }
        case .repetition(let inner):
            var count = 0
            while count < 3 && chance(40) { count += 1 }
            for _ in 0..<count { expand(inner, level: level, into: &leaves, used: &used, random: &random) }
        }
    }
}
