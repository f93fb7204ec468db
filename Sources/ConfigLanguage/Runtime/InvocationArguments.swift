/// An invocation's arguments checked against the option schema before anything runs, with the
/// reference's output for each kind of failure.
extension ScriptRuntime {
    /// The terminal width the reference's argument parser wraps its usage to.
    var terminalColumns: Int {
        if let columns = host.environment.value("COLUMNS"), let width = Int(columns.trimmingCharacters(in: .whitespaces)), width > 0 {
            return width
        }
        return 80
    }

    /// Parses an invocation's words; the exit status when parsing ends the invocation (an
    /// error, or `--help`/`--version`), nil when the words are a valid command line.
    func checkArguments(_ words: [String]) -> Int32? {
        do throws(CommandLineParser.Failure) {
            _ = try CommandLineParser().parse(words)
            return nil
        } catch {
            switch error {
            case .usage(let message):
                log(UsageFormatter.usage(OptionCatalogue.options, columns: terminalColumns))
                errorMessage("dgenerate: error: dgenerate: error: \(message)")
                return 1
            case .argument(let message):
                errorMessage("dgenerate: error: \(message)")
                return 1
            case .exit(.version):
                let version = ScriptParser.languageVersion
                host.output.standardOutput("dgenerate v\(version.major).\(version.minor).\(version.patch)\n")
                return 0
            case .exit:
                host.output.standardOutput(CommandLineHelp.text(columns: terminalColumns))
                return 0
            }
        }
    }

    /// The injected arguments parsed as options (no model path) before a script runs; the
    /// error text when they do not parse.
    func checkInjectedArguments() -> String? {
        let parser = CommandLineParser(options: OptionCatalogue.options.filter { $0.action != .help }, includeModel: false)
        do throws(CommandLineParser.Failure) {
            _ = try parser.parseKnown(injectedArguments)
            return nil
        } catch {
            switch error {
            case .usage(let message):
                log(UsageFormatter.usage(parser.options, columns: terminalColumns))
                return "dgenerate: error: " + message
            case .argument(let message): return message
            case .exit: return nil
            }
        }
    }
}
