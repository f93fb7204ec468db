/// One option of the `dgenerate` command line, as data: the one schema that parsing, help text,
/// the language server and the REPL read.
public struct CommandOption: Sendable {
    /// What giving the option does.
    public enum Action: String, Sendable {
        /// Stores its value (or values).
        case store
        /// A flag: true when given.
        case storeTrue
        /// Stores its values as a set.
        case set
        /// `-h/--help`.
        case help
        /// `--version`.
        case version
    }

    /// How many values follow the option (argparse's `nargs`).
    public enum Arity: Sendable, Equatable {
        /// A flag: no value.
        case none
        /// Exactly one value.
        case one
        /// One or more values (`--opt v1 v2`).
        case oneOrMore
        /// Any number of values, none included.
        case zeroOrMore
        /// One value or none (`nargs='?'`).
        case zeroOrOne
    }

    /// The attribute the option sets (`inference_steps`); the positional's name for `model_path`.
    public let dest: String
    /// The option strings, short first (`-ifs`, `--inference-steps`); empty for the positional.
    public let names: [String]
    public let action: Action
    public let arity: Arity
    /// The value's placeholder in usage and help (`INTEGER`); nil for the default (the dest in
    /// capitals).
    public let metavar: String?
    /// The default as Python prints it (`None`, `False`, `'euler'`), for help and the plan.
    public let defaultValue: String
    /// The check each value goes through (`inference_steps`, `size`...); nil for plain text.
    public let valueType: OptionValueType?
    /// The only values allowed, when the option has a fixed set.
    public let choices: [String]?
    public let required: Bool
    /// The mutually exclusive group the option belongs to (an index into
    /// `OptionCatalogue.exclusiveGroups`).
    public let exclusiveGroup: Int?
    /// What the option does, in this project's words.
    public let help: String

    public init(dest: String, names: [String], action: Action, arity: Arity, metavar: String?, defaultValue: String,
                valueType: OptionValueType?, choices: [String]?, required: Bool, exclusiveGroup: Int?, help: String) {
        self.dest = dest
        self.names = names
        self.action = action
        self.arity = arity
        self.metavar = metavar
        self.defaultValue = defaultValue
        self.valueType = valueType
        self.choices = choices
        self.required = required
        self.exclusiveGroup = exclusiveGroup
        self.help = help
    }

    /// The `last_*` template variable an invocation sets from this option (`last_inference_steps`),
    /// nil for the options that configure nothing to remember (`--file`, the help family).
    public var lastVariable: String? {
        let name = dest == "second_model_prompt_weighter" ? "last_second_model_prompt_weighter_uri" : "last_" + dest
        return TemplateVariableCatalogue.names.contains(name) ? name : nil
    }

    /// Whether this is the positional model path.
    public var isPositional: Bool { names.isEmpty }

    /// The name errors use: the option strings joined by `/`, else the metavar or dest.
    public var displayName: String {
        names.isEmpty ? (metavar ?? dest) : names.joined(separator: "/")
    }
}

extension CommandOption.Arity {
    /// The arity by its case name (`oneOrMore`).
    init?(name: String) {
        switch name {
        case "none": self = .none
        case "one": self = .one
        case "oneOrMore": self = .oneOrMore
        case "zeroOrMore": self = .zeroOrMore
        case "zeroOrOne": self = .zeroOrOne
        default: return nil
        }
    }
}
