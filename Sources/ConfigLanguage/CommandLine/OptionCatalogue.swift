/// The command line's options as one table (`options`, generated), with lookups.
public enum OptionCatalogue {
    /// The option each option string names (`-ifs` and `--inference-steps` both).
    public static let byName: [String: CommandOption] = {
        var table: [String: CommandOption] = [:]
        for option in options { for name in option.names { table[name] = option } }
        return table
    }()

    /// The mutually exclusive groups: the options of each, in order.
    public static let exclusiveGroups: [[CommandOption]] = {
        let count = (options.compactMap(\.exclusiveGroup).max() ?? -1) + 1
        var groups = [[CommandOption]](repeating: [], count: count)
        for option in options { if let group = option.exclusiveGroup { groups[group].append(option) } }
        return groups
    }()

    /// The option whose attribute is `dest` (the first, where two share it).
    public static func option(dest: String) -> CommandOption? { options.first { $0.dest == dest } }
}
