import Templating
import ConfigLanguage

/// The invocations that need no model: the `--*-help` family and `--version`. They are looked
/// for in the reference's order, each with a parser that knows only its own option; when one is
/// present, the other words must still form a valid command line (the model path may be
/// missing).
extension ScriptRuntime {
    /// The words after `option` up to the next option, or nil when `option` is absent.
    static func optionValues(_ option: String, in arguments: [String]) -> [String]? {
        guard let index = arguments.firstIndex(of: option) else { return nil }
        return Array(arguments[(index + 1)...].prefix { !$0.hasPrefix("-") })
    }

    /// A help option's values when `words` contain it (an empty list for the option alone),
    /// with the words it did not take.
    static func helpOption(_ dest: String, in words: [String]) -> (values: [String]?, unknown: [String]) {
        guard let option = OptionCatalogue.option(dest: dest) else { return (nil, words) }
        let parser = CommandLineParser(options: [option], includeModel: false)
        guard let parsed = try? parser.parseKnown(words) else { return (nil, words) }
        return (parsed.values[0], parsed.extras)
    }

    /// The words besides a help option, checked as a command line; the failure's status.
    func checkUnknownArguments(_ unknown: [String]) -> Int32? {
        let parser = CommandLineParser(options: OptionCatalogue.options.filter { $0.action != .help })
        if (try? parser.parse(unknown)) != nil { return nil }
        do throws(CommandLineParser.Failure) {
            _ = try parser.parse(["fake_model"] + unknown)
            return nil
        } catch {
            log(UsageFormatter.usage(parser.options, columns: terminalColumns))
            switch error {
            case .usage(let message): errorMessage("dgenerate: error: \(message)")
            case .argument(let message): errorMessage(message)
            case .exit: return nil
            }
            return 1
        }
    }

    /// Runs a help invocation; nil when `arguments` is not one.
    func runHelpInvocation(_ arguments: [String]) -> Int32? {
        let components: [(dest: String, kind: String)] = [
            ("quantizer_help", "quantizers"), ("prompt_weighter_help", "prompt weighters"),
            ("prompt_upscaler_help", "prompt upscalers"), ("image_processor_help", "image processors"),
            ("latents_processor_help", "latents processors"), ("sub_command_help", "sub-commands"),
        ]
        for (dest, kind) in components {
            let (names, unknown) = Self.helpOption(dest, in: arguments)
            guard let names else { continue }
            if let failure = checkUnknownArguments(unknown) { return failure }
            return componentHelp(kind, names: names)
        }
        let (templates, templatesUnknown) = Self.helpOption("templates_help", in: arguments)
        if templates != nil, let failure = checkUnknownArguments(templatesUnknown) { return failure }
        let (directives, directivesUnknown) = Self.helpOption("directives_help", in: arguments)
        if directives != nil, let failure = checkUnknownArguments(directivesUnknown) { return failure }
        let (functions, functionsUnknown) = Self.helpOption("functions_help", in: arguments)
        if functions != nil, let failure = checkUnknownArguments(functionsUnknown) { return failure }
        if templates != nil || directives != nil || functions != nil {
            do throws(ScriptError) {
                // a fresh runner's variables: the reserved ones only
                var fresh: [String: Value] = [:]
                for variable in TemplateVariableCatalogue.all where !TemplateVariableCatalogue.scriptRunOnly.contains(variable.name) {
                    fresh[variable.name] = variable.initial
                }
                if let templates { log(try templateVariablesHelp(templates, variables: fresh, showValues: false)) }
                if let directives { log(try directivesHelp(directives)) }
                if let functions { log(try functionsHelp(functions)) }
            } catch {
                errorMessage("dgenerate: error: " + error.message)
                return 1
            }
            return 0
        }
        return nil
    }

    /// Help for a family of components (image processors, quantizers...): this build has none
    /// of them yet, so naming one is an error and listing them says so.
    func componentHelp(_ kind: String, names: [String]) -> Int32 {
        if let name = names.first {
            errorMessage("dgenerate: error: No \(kind) named \"\(name)\" exist in this build (none are implemented yet).")
            return 1
        }
        log("No \(kind) are implemented in this build yet.")
        return 0
    }
}
