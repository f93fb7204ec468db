import Foundation

/// The `usage: dgenerate ...` text, laid out as Python's argparse lays it out: each option in
/// brackets, exclusive groups joined by `|`, wrapped at the terminal width with the options and
/// the positional on separate runs of lines.
public enum UsageFormatter {
    /// The usage text (with its `usage: ` prefix, without a trailing line break) for a terminal
    /// of `columns` columns.
    public static func usage(_ options: [CommandOption], program: String = "dgenerate", columns: Int) -> String {
        let optionals = options.filter { !$0.isPositional }, positionals = options.filter(\.isPositional)
        return layout(program: program, optionals: actionsUsage(optionals), positionals: actionsUsage(positionals),
                      all: actionsUsage(optionals + positionals), columns: columns)
    }

    /// argparse's layout of a usage text from its optional and positional parts (each already
    /// formatted as one line): one line when it fits, else the optionals and the positionals on
    /// separate runs of lines, indented under the program name when that leaves room.
    package static func layout(program: String, optionals: String, positionals: String, all: String? = nil, columns: Int) -> String {
        let prefix = "usage: "
        let all = all ?? [optionals, positionals].filter { !$0.isEmpty }.joined(separator: " ")
        var usage = [program, all].filter { !$0.isEmpty }.joined(separator: " ")
        let textWidth = columns - 2
        if prefix.count + usage.count > textWidth {
            let optionalParts = parts(optionals), positionalParts = parts(positionals)
            func lines(_ parts: [String], indent: String, prefix: String? = nil) -> [String] {
                var lines: [String] = [], line: [String] = []
                var length = (prefix?.count ?? indent.count) - 1
                for part in parts {
                    if length + 1 + part.count > textWidth && !line.isEmpty {
                        lines.append(indent + line.joined(separator: " "))
                        line = []
                        length = indent.count - 1
                    }
                    line.append(part)
                    length += part.count + 1
                }
                if !line.isEmpty { lines.append(indent + line.joined(separator: " ")) }
                if prefix != nil, !lines.isEmpty { lines[0] = String(lines[0].dropFirst(indent.count)) }
                return lines
            }
            var result: [String]
            if Double(prefix.count + program.count) <= 0.75 * Double(textWidth) {
                let indent = String(repeating: " ", count: prefix.count + program.count + 1)
                if !optionalParts.isEmpty {
                    result = lines([program] + optionalParts, indent: indent, prefix: prefix)
                    result += lines(positionalParts, indent: indent)
                } else if !positionalParts.isEmpty {
                    result = lines([program] + positionalParts, indent: indent, prefix: prefix)
                } else {
                    result = [program]
                }
            } else {
                let indent = String(repeating: " ", count: prefix.count)
                result = lines(optionalParts + positionalParts, indent: indent)
                if result.count > 1 {
                    result = lines(optionalParts, indent: indent) + lines(positionalParts, indent: indent)
                }
                result = [program] + result
            }
            usage = result.joined(separator: "\n")
        }
        return prefix + usage
    }

    /// One option's usage: `-ifs INTEGER [INTEGER ...]`, a flag's first name, the positional's
    /// name.
    static func argumentUsage(_ option: CommandOption) -> String {
        if option.isPositional { return option.metavar ?? option.dest }
        let name = option.names[0]
        if option.arity == .none { return name }
        let metavar = option.metavar ?? option.dest.uppercased()
        switch option.arity {
        case .none: return name
        case .one: return "\(name) \(metavar)"
        case .oneOrMore: return "\(name) \(metavar) [\(metavar) ...]"
        case .zeroOrMore: return "\(name) [\(metavar) ...]"
        case .zeroOrOne: return "\(name) [\(metavar)]"
        }
    }

    /// argparse's `_format_actions_usage`: optional options in brackets, each exclusive group
    /// that appears as a run of consecutive options joined with `|` inside one pair.
    static func actionsUsage(_ options: [CommandOption]) -> String {
        var inserts: [Int: String] = [:]
        var grouped: Set<Int> = []
        let groups = OptionCatalogue.exclusiveGroups
        for group in groups where !group.isEmpty {
            guard let start = options.firstIndex(where: { $0.names == group[0].names && $0.dest == group[0].dest }) else { continue }
            let end = start + group.count
            guard end <= options.count,
                  zip(options[start..<end], group).allSatisfy({ $0.names == $1.names && $0.dest == $1.dest }) else { continue }
            for index in start..<end { grouped.insert(index) }
            inserts[start] = inserts[start].map { $0 + " [" } ?? "["
            inserts[end] = inserts[end].map { $0 + "]" } ?? "]"
            for index in (start + 1)..<end { inserts[index] = "|" }
        }
        var parts: [String] = []
        for (index, option) in options.enumerated() {
            var part = argumentUsage(option)
            if option.isPositional {
                if grouped.contains(index), part.hasPrefix("["), part.hasSuffix("]") { part = String(part.dropFirst().dropLast()) }
            } else if !option.required && !grouped.contains(index) {
                part = "[\(part)]"
            }
            parts.append(part)
        }
        for index in inserts.keys.sorted(by: >) { parts.insert(inserts[index]!, at: index) }
        var text = parts.joined(separator: " ")
        text = replace(text, #"([\[(]) "#, "$1")
        text = replace(text, #" ([\])])"#, "$1")
        text = replace(text, #"[\[(] *[\])]"#, "")
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// The usage split into the pieces argparse wraps as units.
    static func parts(_ text: String) -> [String] {
        let pattern = #"\(.*?\)+(?=\s|$)|\[.*?\]+(?=\s|$)|\S+"#
        let regex = try! NSRegularExpression(pattern: pattern)
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).map { String(text[Range($0.range, in: text)!]) }
    }

    private static func replace(_ text: String, _ pattern: String, _ template: String) -> String {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }
}
