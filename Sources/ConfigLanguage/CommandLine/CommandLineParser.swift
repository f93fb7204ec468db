import Templating

/// Python 3.11's `argparse` as the reference uses it, over a table of `CommandOption`s: the one
/// argument parser of this project. It parses the dgenerate command line against the option
/// schema (abbreviations off), the directives' options and the meta-arguments (abbreviations
/// on) with the same split of words into options and values, the same order of checks and the
/// same error wording.
public struct CommandLineParser: Sendable {
    /// The options in schema order; `index` below refers to positions in this array.
    public let options: [CommandOption]
    private let optionIndex: [String: Int]
    /// For each option, the options it may not be given with.
    private let conflicts: [Int: [Int]]
    /// Whether `--pre` may name the one option starting with it (argparse's `allow_abbrev`).
    public let allowsAbbreviations: Bool

    /// What a parse produced: for each option given, its raw values (none for a flag).
    public struct Parsed: Sendable {
        /// Option index to the words given for it (the last occurrence wins, as in argparse).
        public var values: [Int: [String]] = [:]
        /// Options seen, in order.
        public var seen: [Int] = []
        /// Words that matched nothing.
        public var extras: [String] = []
        /// Every option taken, in order, with its words (an option given twice appears twice).
        public var occurrences: [(option: Int, values: [String])] = []
    }

    /// Why a parse stopped.
    public enum Failure: Error, Equatable, Sendable {
        /// An error the parser reports with its usage text first (unknown or missing arguments,
        /// ambiguous options); the message is without the `dgenerate: error: ` prefix.
        case usage(String)
        /// An error about one argument (`argument -ifs/--inference-steps: Must be an integer`).
        case argument(String)
        /// `-h/--help` or `--version` was reached: the parse ends there, successfully.
        case exit(CommandOption.Action)
    }

    /// The parser for `options` (by default the whole command line; `includeModel: false`
    /// leaves out the positional model path). `allowsAbbreviations` lets a unique prefix of a
    /// `--long` option name it.
    public init(options: [CommandOption] = OptionCatalogue.options, includeModel: Bool = true, allowsAbbreviations: Bool = false) {
        let options = includeModel ? options : options.filter { !$0.isPositional }
        self.options = options
        self.allowsAbbreviations = allowsAbbreviations
        var index: [String: Int] = [:]
        for (position, option) in options.enumerated() { for name in option.names { index[name] = position } }
        optionIndex = index
        var conflicts: [Int: [Int]] = [:]
        let groups = Dictionary(grouping: options.indices.filter { options[$0].exclusiveGroup != nil }) { options[$0].exclusiveGroup! }
        for members in groups.values {
            for member in members { conflicts[member, default: []] += members.filter { $0 != member } }
        }
        self.conflicts = conflicts
    }

    /// The parser of the whole command line, built once (its tables cover every option).
    public static let full = CommandLineParser()

    /// Parses `words`; words that match nothing are an error.
    public func parse(_ words: [String]) throws(Failure) -> Parsed {
        let parsed = try parseKnown(words)
        if !parsed.extras.isEmpty {
            throw .usage("unrecognized arguments: " + parsed.extras.joined(separator: " "))
        }
        return parsed
    }

    /// Parses `words`, returning what matched nothing in `extras`.
    public func parseKnown(_ words: [String]) throws(Failure) -> Parsed {
        var state = State(parser: self, words: words)
        try state.run()
        return state.parsed
    }

    // MARK: - Classifying words

    /// An option word: the option (nil for an unknown one), the option string, an attached value.
    struct OptionWord {
        var option: Int?
        var name: String
        var explicit: String?
    }

    /// Whether a word is an option (argparse's `_parse_optional`).
    func optionWord(_ word: String) throws(Failure) -> OptionWord? {
        guard let first = word.first, first == "-" else { return nil }
        if let option = optionIndex[word] { return OptionWord(option: option, name: word, explicit: nil) }
        if word.count == 1 { return nil }
        if let equals = word.firstIndex(of: "=") {
            let name = String(word[..<equals])
            if let option = optionIndex[name] {
                return OptionWord(option: option, name: name, explicit: String(word[word.index(after: equals)...]))
            }
        }
        let matches = prefixMatches(word)
        if matches.count > 1 {
            throw .usage("ambiguous option: \(word) could match \(matches.map(\.name).joined(separator: ", "))")
        }
        if let match = matches.first { return match }
        if Self.isNegativeNumber(word) { return nil }
        if word.contains(" ") { return nil }
        return OptionWord(option: nil, name: word, explicit: nil)
    }

    /// Single-dash words may name an option by a prefix, or be a short option with its value
    /// attached (`-ifs` for a unique `-ifsx`, `-p5` for `-p 5`); double-dash words only when
    /// abbreviations are allowed (`--out=x` for `--output x`).
    private func prefixMatches(_ word: String) -> [OptionWord] {
        let characters = Array(word)
        guard characters.count >= 2 else { return [] }
        if characters[1] == "-" {
            guard allowsAbbreviations else { return [] }
            let equals = word.firstIndex(of: "=")
            let prefix = equals.map { String(word[..<$0]) } ?? word
            let explicit = equals.map { String(word[word.index(after: $0)...]) }
            return options.indices.flatMap { option in
                options[option].names.filter { $0.hasPrefix(prefix) }.map { OptionWord(option: option, name: $0, explicit: explicit) }
            }
        }
        let shortPrefix = String(characters[0..<2]), shortExplicit = String(characters[2...])
        var result: [OptionWord] = []
        // argparse walks its option table in the order the options were added
        for option in options.indices {
            for name in options[option].names {
                if name == shortPrefix {
                    result.append(OptionWord(option: option, name: name, explicit: shortExplicit))
                } else if name.hasPrefix(word) {
                    result.append(OptionWord(option: option, name: name, explicit: nil))
                }
            }
        }
        return result
    }

    /// `-5`, `-1.5`, `-.5`: values, since no option looks like a negative number.
    package static func isNegativeNumber(_ word: String) -> Bool {
        let body = word.dropFirst()
        guard word.first == "-", !body.isEmpty else { return false }
        if body.allSatisfy({ $0.isASCII && $0.isNumber }) { return true }
        guard let dot = body.firstIndex(of: ".") else { return false }
        let whole = body[..<dot], fraction = body[body.index(after: dot)...]
        return whole.allSatisfy { $0.isASCII && $0.isNumber } && !fraction.isEmpty && fraction.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// How many of the following words an option takes, given their kinds (`A` value, `O`
    /// option, `-` the `--` marker).
    func valueCount(_ option: CommandOption, _ kinds: ArraySlice<Character>) throws(Failure) -> Int {
        let leadingValues = kinds.prefix { $0 == "A" }.count
        switch option.arity {
        case .none: return 0
        case .zeroOrMore: return leadingValues
        case .zeroOrOne: return min(leadingValues, 1)
        case .one:
            guard leadingValues >= 1 else { throw .argument("argument \(option.displayName): expected one argument") }
            return 1
        case .oneOrMore:
            guard leadingValues >= 1 else { throw .argument("argument \(option.displayName): expected at least one argument") }
            return leadingValues
        }
    }

    /// Checks a value with the option's type; the refusal as argparse words it.
    func check(_ option: CommandOption, _ value: String) throws(Failure) {
        guard let type = option.valueType, let refusal = type.refusal(value) else {
            if let choices = option.choices, !choices.contains(value) {
                throw .argument("argument \(option.displayName): invalid choice: \(PythonString.repr(value)) (choose from \(choices.map(PythonString.repr).joined(separator: ", ")))")
            }
            return
        }
        switch refusal {
        case .message(let message):
            throw .argument("argument \(option.displayName): \(message)")
        case .invalid(let typeName, let text):
            throw .argument("argument \(option.displayName): invalid \(typeName) value: \(PythonString.repr(text))")
        }
    }

    /// The options an option may not be given with.
    func conflicting(_ option: Int) -> [Int] { conflicts[option] ?? [] }
}

/// One parse in progress: argparse's `_parse_known_args`.
private struct State {
    let parser: CommandLineParser
    let words: [String]
    var parsed = CommandLineParser.Parsed()
    /// `A`, `O` or `-` per word.
    var kinds: [Character] = []
    var optionWords: [Int: CommandLineParser.OptionWord] = [:]
    var positionals: [Int]
    var seen: Set<Int> = []

    init(parser: CommandLineParser, words: [String]) {
        self.parser = parser
        self.words = words
        positionals = parser.options.indices.filter { parser.options[$0].isPositional }
    }

    mutating func run() throws(CommandLineParser.Failure) {
        var afterMarker = false
        for (index, word) in words.enumerated() {
            if afterMarker { kinds.append("A"); continue }
            if word == "--" {
                kinds.append("-")
                afterMarker = true
                continue
            }
            if let option = try parser.optionWord(word) {
                optionWords[index] = option
                kinds.append("O")
            } else {
                kinds.append("A")
            }
        }

        var start = 0
        let lastOption = optionWords.keys.max() ?? -1
        while start <= lastOption {
            let next = optionWords.keys.filter { $0 >= start }.min()!
            if start != next {
                let end = try consumePositionals(start)
                if end > start {
                    start = end
                    continue
                }
                start = end
            }
            if optionWords[start] == nil {
                parsed.extras += words[start..<next]
                start = next
            }
            start = try consumeOptional(start)
        }
        let stop = try consumePositionals(start)
        parsed.extras += words[stop...]

        let missing = parser.options.indices.filter { parser.options[$0].required && !seen.contains($0) }
        if !missing.isEmpty {
            throw .usage("the following arguments are required: " + missing.map { parser.options[$0].displayName }.joined(separator: ", "))
        }
    }

    /// argparse's `consume_positionals`: as many of the remaining positionals as can match the
    /// words from `start` on, each taking what its `nargs` pattern matches there.
    mutating func consumePositionals(_ start: Int) throws(CommandLineParser.Failure) -> Int {
        let counts = PositionalMatch.partial(positionals.map { parser.options[$0].arity }, Array(kinds[start...]))
        var index = start
        for (positional, count) in zip(positionals, counts) {
            try take(positional, Array(words[index..<(index + count)]))
            index += count
        }
        positionals.removeFirst(counts.count)
        return index
    }

    mutating func consumeOptional(_ start: Int) throws(CommandLineParser.Failure) -> Int {
        guard let word = optionWords[start], var option = word.option else {
            parsed.extras.append(words[start])
            return start + 1
        }
        var name = word.name
        var explicit = word.explicit
        var taken: [(Int, [String])] = []
        var stop = start + 1
        while true {
            let definition = parser.options[option]
            if let attached = explicit {
                let count = try parser.valueCount(definition, ["A"])
                if count == 0 && Array(name).count > 1 && Array(name)[1] != "-" && !attached.isEmpty {
                    // a cluster of single-letter flags: -abc
                    taken.append((option, []))
                    let next = "-" + String(attached.first!)
                    let rest = String(attached.dropFirst())
                    guard let nextOption = parser.options.indices.first(where: { parser.options[$0].names.contains(next) }) else {
                        throw .argument("argument \(definition.displayName): ignored explicit argument \(PythonString.repr(attached))")
                    }
                    option = nextOption
                    name = next
                    explicit = rest.isEmpty ? nil : rest
                    continue
                } else if count == 1 {
                    taken.append((option, [attached]))
                    stop = start + 1
                    break
                } else {
                    throw .argument("argument \(definition.displayName): ignored explicit argument \(PythonString.repr(attached))")
                }
            } else {
                let first = start + 1
                let count = try parser.valueCount(definition, kinds[first...])
                taken.append((option, Array(words[first..<(first + count)])))
                stop = first + count
                break
            }
        }
        for (option, values) in taken { try take(option, values) }
        return stop
    }

    /// argparse's `take_action`: conflicts, value checks, then the action itself.
    mutating func take(_ option: Int, _ values: [String]) throws(CommandLineParser.Failure) {
        let definition = parser.options[option]
        seen.insert(option)
        var checked = values
        // argparse drops the first `--` among an option's words
        if let marker = checked.firstIndex(of: "--") { checked.remove(at: marker) }
        for value in checked { try parser.check(definition, value) }
        for other in parser.conflicting(option) where parsed.seen.contains(other) {
            throw .argument("argument \(definition.displayName): not allowed with argument \(parser.options[other].displayName)")
        }
        parsed.seen.append(option)
        parsed.occurrences.append((option, checked))
        switch definition.action {
        case .help, .version: throw .exit(definition.action)
        default: parsed.values[option] = checked
        }
    }
}

/// argparse's `_match_arguments_partial`: the positionals' `nargs` patterns (`-*A-*`, `-*A?-*`,
/// `-*[A-]*`, `-*A[A-]*`) matched in turn against the word kinds as Python's regular
/// expressions match them (greedy, backtracking, anchored at the start only), for the longest
/// run of positionals that matches.
enum PositionalMatch {
    static func partial(_ arities: [CommandOption.Arity], _ kinds: [Character]) -> [Int] {
        for count in stride(from: arities.count, through: 1, by: -1) {
            if let lengths = match(arities[..<count], kinds[...]) { return lengths }
        }
        return []
    }

    /// The lengths each pattern takes, trying each one's lengths in the order a greedy regular
    /// expression would; nil when there is no way.
    private static func match(_ arities: ArraySlice<CommandOption.Arity>, _ kinds: ArraySlice<Character>) -> [Int]? {
        guard let arity = arities.first else { return [] }
        for length in candidates(arity, kinds) {
            if let rest = match(arities.dropFirst(), kinds.dropFirst(length)) { return [length] + rest }
        }
        return nil
    }

    /// The lengths one pattern can match at the start of `kinds`, longest (greediest) first.
    private static func candidates(_ arity: CommandOption.Arity, _ kinds: ArraySlice<Character>) -> [Int] {
        let dashes = kinds.prefix { $0 == "-" }.count
        let run = kinds.prefix { $0 == "A" || $0 == "-" }.count
        let valueAt = kinds.dropFirst(dashes).first == "A"
        let trailing = kinds.dropFirst(dashes + 1).prefix { $0 == "-" }.count
        switch arity {
        case .none: return [0]
        case .one: return valueAt ? [dashes + 1 + trailing] : []
        case .zeroOrOne: return valueAt ? [dashes + 1 + trailing, dashes] : [dashes]
        case .zeroOrMore: return Array(stride(from: run, through: 0, by: -1))
        case .oneOrMore: return valueAt ? Array(stride(from: run, through: dashes + 1, by: -1)) : []
        }
    }
}
