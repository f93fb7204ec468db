import Templating
import ConfigLanguage

/// The part of Python's `argparse` that the reference's directives use (its
/// `DirectiveArgumentParser`): flags, options with one value, positionals with `?`, `*` or `+`,
/// long-option prefixes, `--help`, and argparse's usage and error texts.
struct DirectiveArgumentParser {
    enum Count { case one, optional, zeroOrMore, oneOrMore }

    struct Argument {
        /// Option strings (`-o`, `--output`); empty for a positional.
        var flags: [String]
        /// The positional's name or the option's destination.
        var name: String
        var metavar: String? = nil
        var takesValue = false
        var count = Count.one
        var required = false
        var help: String

        var isPositional: Bool { flags.isEmpty }
        var displayName: String { metavar ?? (isPositional ? name : name.uppercased()) }
    }

    /// Parsed values: flags as present/absent, options and positionals as their words.
    struct Result {
        var flags: Set<String> = []
        var values: [String: [String]] = [:]
        func flag(_ name: String) -> Bool { flags.contains(name) }
        func value(_ name: String) -> String? { values[name]?.first }
        func list(_ name: String) -> [String] { values[name] ?? [] }
    }

    /// What parsing ended with: the values, or a status for the directive to return.
    enum Outcome {
        case parsed(Result)
        case exit(Int32)

        /// The values, when parsing produced them.
        var values: Result? {
            if case .parsed(let result) = self { return result }
            return nil
        }

        /// The status for the directive to return when there are no values.
        var status: Int32 {
            if case .exit(let code) = self { return code }
            return 0
        }
    }

    let program: String
    var description: String? = nil
    var arguments: [Argument] = []
    /// Groups of options (by name) that may not be given together; each group's options are
    /// declared one after another.
    var exclusiveGroups: [[String]] = []
    /// The sub-command style of error: the message repeats the program's prefix and the
    /// directive returns 1 (the reference's tool directives re-raise argparse's error).
    var nestedErrors = false

    init(program: String, description: String? = nil) {
        self.program = program
        self.description = description
        arguments.append(Argument(flags: ["-h", "--help"], name: "help", help: "show this help message and exit"))
    }

    mutating func flag(_ flags: [String], _ name: String, help: String) {
        arguments.append(Argument(flags: flags, name: name, help: help))
    }

    mutating func option(_ flags: [String], _ name: String, metavar: String? = nil, required: Bool = false,
                         count: Count = .one, help: String) {
        arguments.append(Argument(flags: flags, name: name, metavar: metavar, takesValue: true, count: count,
                                  required: required, help: help))
    }

    mutating func positional(_ name: String, metavar: String? = nil, count: Count = .one, help: String = "") {
        arguments.append(Argument(flags: [], name: name, metavar: metavar, count: count, help: help))
    }

    // MARK: - Usage and help

    private func usageItem(_ argument: Argument) -> String {
        let name = argument.displayName
        var text: String
        if argument.isPositional || argument.takesValue {
            switch argument.count {
            case .one: text = name
            case .optional: text = "[\(name)]"
            case .zeroOrMore: text = "[\(name) ...]"
            case .oneOrMore: text = "\(name) [\(name) ...]"
            }
            if !argument.isPositional { text = argument.flags[0] + " " + text }
        } else {
            text = argument.flags[0]
        }
        if !argument.isPositional && !argument.required { text = "[\(text)]" }
        return text
    }

    /// Declares options already added as mutually exclusive.
    mutating func exclusive(_ names: [String]) {
        exclusiveGroups.append(names)
    }

    /// The usage text, wrapped for `columns` as argparse wraps it.
    func usage(columns: Int) -> String {
        var optionals: [String] = []
        let options = arguments.filter { !$0.isPositional }
        var index = 0
        while index < options.count {
            if let group = exclusiveGroups.first(where: { $0.first == options[index].name }) {
                let members = options[index..<min(options.count, index + group.count)]
                optionals.append("[" + members.map { usageItem($0).dropFirst().dropLast() }.joined(separator: " | ") + "]")
                index += group.count
            } else {
                optionals.append(usageItem(options[index]))
                index += 1
            }
        }
        let positionals = arguments.filter(\.isPositional).map(usageItem)
        return UsageFormatter.layout(program: program, optionals: optionals.joined(separator: " "),
                                     positionals: positionals.joined(separator: " "), columns: columns)
    }

    /// The help text as argparse prints it with the reference's paragraph formatter: help
    /// starts at column 8, on the invocation's line when that is at most 4 wide.
    func help(width totalWidth: Int) -> String {
        let width = totalWidth - 2
        let helpPosition = 8
        let helpWidth = max(width - helpPosition, 11)
        func entry(_ argument: Argument) -> String {
            let invocation: String
            if argument.isPositional {
                invocation = argument.displayName
            } else if argument.takesValue {
                let name = argument.displayName
                let values = switch argument.count {
                case .one: name
                case .optional: "[\(name)]"
                case .zeroOrMore: "[\(name) ...]"
                case .oneOrMore: "\(name) [\(name) ...]"
                }
                invocation = argument.flags.map { "\($0) \(values)" }.joined(separator: ", ")
            } else {
                invocation = argument.flags.joined(separator: ", ")
            }
            guard !argument.help.isEmpty else { return "  " + invocation + "\n" }
            var lines = TextWrap.paragraphs(argument.help, width: helpWidth).components(separatedBy: "\n")
            lines.append(String(repeating: "-", count: lines.last?.count ?? 0))
            var text: String
            if invocation.count <= 4 {
                text = "  " + invocation.padding(toLength: 4, withPad: " ", startingAt: 0) + "  " + lines[0] + "\n"
            } else {
                text = "  " + invocation + "\n" + String(repeating: " ", count: helpPosition) + lines[0] + "\n"
            }
            for line in lines.dropFirst() { text += String(repeating: " ", count: helpPosition) + line + "\n" }
            return text
        }
        var text = usage(columns: totalWidth) + "\n\n"
        if let description { text += TextWrap.paragraphs(description, width: width) + "\n\n" }
        let positionals = arguments.filter(\.isPositional)
        if !positionals.isEmpty {
            text += "positional arguments:\n" + positionals.map(entry).joined() + "\n"
        }
        text += "options:\n" + arguments.filter { !$0.isPositional }.map(entry).joined()
        return text
    }

    // MARK: - Parsing

    private func match(_ word: String) -> Result2 {
        if let exact = arguments.first(where: { $0.flags.contains(word) }) { return .found(exact) }
        if word.hasPrefix("--") {
            let candidates = arguments.filter { $0.flags.contains { $0.hasPrefix("--") && $0.hasPrefix(word) } }
            if candidates.count == 1 { return .found(candidates[0]) }
            if candidates.count > 1 {
                let names = candidates.flatMap { $0.flags.filter { $0.hasPrefix(word) } }
                return .ambiguous(names)
            }
        }
        return .none
    }

    private enum Result2 {
        case found(Argument)
        case ambiguous([String])
        case none
    }

    /// Parses `words`; on `--help` prints the help, on an error prints usage and the message
    /// to standard error, as argparse does.
    func parse(_ words: [String], runtime: ScriptRuntime) -> Outcome {
        func fail(_ message: String) -> Outcome {
            runtime.errorMessage(usage(columns: Self.terminalWidth(runtime)))
            let prefix = "\(program): error: "
            runtime.errorMessage(nestedErrors ? prefix + prefix + message : prefix + message)
            return .exit(nestedErrors ? 1 : 2)
        }
        var result = Result()
        var positionalWords: [String] = []
        var unrecognized: [String] = []
        var index = 0
        var onlyPositionals = false
        while index < words.count {
            let word = words[index]
            index += 1
            if onlyPositionals || !word.hasPrefix("-") || word == "-" || Double(word) != nil {
                positionalWords.append(word)
                continue
            }
            if word == "--" {
                onlyPositionals = true
                continue
            }
            var name = word
            var attached: String? = nil
            if word.hasPrefix("--"), let equals = word.firstIndex(of: "=") {
                name = String(word[..<equals])
                attached = String(word[word.index(after: equals)...])
            }
            switch match(name) {
            case .ambiguous(let names):
                return fail("ambiguous option: \(name) could match \(names.joined(separator: ", "))")
            case .found(let argument):
                if argument.name == "help" {
                    runtime.host.output.standardOutput(help(width: Self.terminalWidth(runtime)))
                    return .exit(0)
                }
                for group in exclusiveGroups where group.contains(argument.name) {
                    for other in group where other != argument.name && (result.flags.contains(other) || result.values[other] != nil) {
                        let otherFlags = arguments.first { $0.name == other }?.flags.joined(separator: "/") ?? other
                        return fail("argument \(argument.flags.joined(separator: "/")): not allowed with argument \(otherFlags)")
                    }
                }
                if argument.takesValue {
                    var taken: [String] = []
                    if let attached { taken.append(attached) }
                    while index < words.count && (taken.isEmpty || argument.count == .oneOrMore || argument.count == .zeroOrMore)
                        && !(words[index].hasPrefix("-") && words[index] != "-" && Double(words[index]) == nil) {
                        taken.append(words[index])
                        index += 1
                    }
                    if taken.isEmpty && argument.count != .zeroOrMore && argument.count != .optional {
                        let expected = argument.count == .oneOrMore ? "expected at least one argument" : "expected one argument"
                        return fail("argument \(argument.flags.joined(separator: "/")): \(expected)")
                    }
                    result.values[argument.name] = taken
                } else {
                    result.flags.insert(argument.name)
                }
            case .none:
                // combined short flags: -la
                if !word.hasPrefix("--") && word.count > 2 {
                    let letters = word.dropFirst().map { "-" + String($0) }
                    let found = letters.compactMap { letter in arguments.first { $0.flags.contains(letter) && !$0.takesValue } }
                    if found.count == letters.count {
                        if found.contains(where: { $0.name == "help" }) {
                            runtime.host.output.standardOutput(help(width: Self.terminalWidth(runtime)))
                            return .exit(0)
                        }
                        for argument in found { result.flags.insert(argument.name) }
                        continue
                    }
                }
                unrecognized.append(word)
            }
        }
        // positionals, in order, greedily but leaving enough for the ones after
        let positionals = arguments.filter(\.isPositional)
        var remaining = positionalWords[...]
        var missing: [String] = []
        for (position, argument) in positionals.enumerated() {
            let laterMinimum = positionals[(position + 1)...].filter { $0.count == .one || $0.count == .oneOrMore }.count
            switch argument.count {
            case .one:
                if let word = remaining.first { result.values[argument.name] = [word]; remaining = remaining.dropFirst() } else { missing.append(argument.name) }
            case .optional:
                if remaining.count > laterMinimum { result.values[argument.name] = [remaining.first!]; remaining = remaining.dropFirst() }
            case .zeroOrMore, .oneOrMore:
                let take = max(0, remaining.count - laterMinimum)
                if take == 0 && argument.count == .oneOrMore { missing.append(argument.name); continue }
                result.values[argument.name] = Array(remaining.prefix(take))
                remaining = remaining.dropFirst(take)
            }
        }
        for argument in arguments where argument.required && result.values[argument.name] == nil {
            missing.append(argument.flags.joined(separator: "/"))
        }
        if !missing.isEmpty { return fail("the following arguments are required: \(missing.joined(separator: ", "))") }
        unrecognized += remaining
        if !unrecognized.isEmpty { return fail("unrecognized arguments: \(unrecognized.joined(separator: " "))") }
        return .parsed(result)
    }

    /// argparse's width: `COLUMNS`, else 80 (the standard streams are not a terminal).
    static func terminalWidth(_ runtime: ScriptRuntime) -> Int {
        runtime.host.environment.columns ?? 80
    }
}

import Foundation
