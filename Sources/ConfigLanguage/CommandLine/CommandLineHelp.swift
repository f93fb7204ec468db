import Templating

/// `dgenerate --help`: the usage, then each argument with this project's help text, laid out
/// as the reference lays out its help (names on one line, the text indented below, wrapped to
/// the terminal, a dashed rule under each).
public enum CommandLineHelp {
    public static let description = "Batch image generation and manipulation with Stable Diffusion and related models, including video and animated image processing."

    public static func text(columns: Int) -> String {
        let width = max(columns - 2, 11)
        var out = UsageFormatter.usage(OptionCatalogue.options, columns: columns) + "\n\n"
        out += TextWrap.fill(description, width: width) + "\n\n"
        let positionals = OptionCatalogue.options.filter(\.isPositional)
        let optionals = OptionCatalogue.options.filter { !$0.isPositional }
        func entry(_ option: CommandOption) -> String {
            let invocation: String
            if option.isPositional {
                invocation = option.metavar ?? option.dest
            } else if option.arity == .none {
                invocation = option.names.joined(separator: ", ")
            } else {
                invocation = option.names.map { "\($0) \(CommandLineHelpEntry.arguments(option))" }.joined(separator: ", ")
            }
            var text = "  " + invocation + "\n"
            let lines = TextWrap.fill(option.help, width: max(width - 8, 11)).split(separator: "\n").map(String.init)
            for line in lines { text += "        " + line + "\n" }
            text += "        " + String(repeating: "-", count: lines.last?.count ?? 0) + "\n"
            return text
        }
        out += "positional arguments:\n" + positionals.map(entry).joined() + "\n"
        out += "options:\n" + optionals.map(entry).joined()
        return out
    }
}

/// The value part of an option's help entry: `INTEGER [INTEGER ...]`.
public enum CommandLineHelpEntry {
    public static func arguments(_ option: CommandOption) -> String {
        let usage = UsageFormatter.argumentUsage(option)
        return String(usage.dropFirst(option.names[0].count + 1))
    }
}
