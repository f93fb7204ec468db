import Templating
import ConfigLanguage

/// A directive's options as the reference declares them (its `DirectiveArgumentParser`, an
/// `argparse` parser): flags, options, positionals with `?`, `*` or `+`, `--help`, with
/// argparse's usage, help and error texts. Parsing is the project's one argparse engine,
/// `CommandLineParser`, with long-option abbreviations on as in the reference's directives.
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
    /// The sub-command style of error: the directive returns 1; a usage error (unknown or
    /// missing arguments, an ambiguous option) prints the usage and repeats the program's prefix,
    /// an error about one argument prints only the message (the reference's tool directives
    /// re-raise argparse's error).
    var nestedErrors = false
    /// Whether a unique prefix names a `--long` option (argparse's `allow_abbrev`; the
    /// reference's image-process parser turns it off).
    var allowsAbbreviations = true

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

    /// The arguments as the engine's option table, in declaration order (`-h/--help` first).
    private var engineOptions: [CommandOption] {
        arguments.map { argument in
            let arity: CommandOption.Arity = switch (argument.isPositional || argument.takesValue, argument.count) {
            case (false, _): .none
            case (true, .one): .one
            case (true, .optional): .zeroOrOne
            case (true, .zeroOrMore): .zeroOrMore
            case (true, .oneOrMore): .oneOrMore
            }
            let action: CommandOption.Action = argument.name == "help" ? .help : (arity == .none ? .storeTrue : .store)
            let required = argument.isPositional ? (arity == .one || arity == .oneOrMore) : argument.required
            return CommandOption(dest: argument.name, names: argument.flags, action: action, arity: arity,
                                 metavar: argument.isPositional ? argument.metavar : nil, defaultValue: "None",
                                 valueType: nil, choices: nil, required: required,
                                 exclusiveGroup: exclusiveGroups.firstIndex { $0.contains(argument.name) }, help: argument.help)
        }
    }

    /// Parses `words`; on `--help` prints the help, on an error prints usage and the message
    /// to standard error, as argparse does.
    func parse(_ words: [String], runtime: ScriptRuntime) -> Outcome {
        let options = engineOptions
        do throws(CommandLineParser.Failure) {
            let parsed = try CommandLineParser(options: options, allowsAbbreviations: allowsAbbreviations).parse(words)
            var result = Result()
            for (option, values) in parsed.occurrences {
                if options[option].action == .storeTrue {
                    result.flags.insert(options[option].dest)
                } else {
                    result.values[options[option].dest] = values
                }
            }
            return .parsed(result)
        } catch {
            switch error {
            case .exit:
                runtime.host.output.standardOutput(help(width: Self.terminalWidth(runtime)))
                return .exit(0)
            case .argument(let message) where nestedErrors:
                // the sub-command parser raises argparse's ArgumentError past its usage text
                runtime.errorMessage("\(program): error: " + message)
                return .exit(1)
            case .usage(let message), .argument(let message):
                runtime.errorMessage(usage(columns: Self.terminalWidth(runtime)))
                let prefix = "\(program): error: "
                runtime.errorMessage(nestedErrors ? prefix + prefix + message : prefix + message)
                return .exit(nestedErrors ? 1 : 2)
            }
        }
    }

    /// argparse's width: `COLUMNS`, else 80 (the standard streams are not a terminal).
    static func terminalWidth(_ runtime: ScriptRuntime) -> Int {
        runtime.host.environment.columns ?? 80
    }
}

import Foundation
