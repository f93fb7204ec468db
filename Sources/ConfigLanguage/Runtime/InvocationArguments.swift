import Foundation

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

    /// Parses an invocation's words: the parse, or the exit status when parsing ends the
    /// invocation (an error, or `--help`/`--version`).
    func checkArguments(_ words: [String]) -> Result<CommandLineParser.Parsed, ExitStatus> {
        do throws(CommandLineParser.Failure) {
            return .success(try CommandLineParser.full.parse(words))
        } catch {
            return .failure(ExitStatus(code: report(error)))
        }
    }

    /// An exit status as an error, for results.
    struct ExitStatus: Error { var code: Int32 }

    /// Prints a parse failure as the reference prints it; the exit status.
    private func report(_ error: CommandLineParser.Failure) -> Int32 {
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

    /// An invocation with no engine to run it: what the reference does before loading the
    /// model (the step count and the first step's banner), then the model's source is checked
    /// as the reference checks it, and the invocation fails where the model would load.
    func runWithoutEngine(_ parsed: CommandLineParser.Parsed) -> Int32 {
        let plan: RenderPlan
        do throws(RenderPlan.Failure) {
            plan = try RenderPlan.make(parsed, parser: CommandLineParser.full, columns: Messages.wrapWidth(host.environment),
                                       randomSeeds: true)
        } catch {
            errorMessage("dgenerate: error: " + error.message)
            return 1
        }
        log(["Beginning \(plan.count) generation steps..."], underline: true)
        guard let first = plan.steps.first else { return 0 }
        log(["Generation Step: 1 / \(plan.count)\n" + first.description.joined(separator: "\n")], underline: true)
        let parser = CommandLineParser.full
        let modelPath = parsed.values.first { parser.options[$0.key].isPositional }?.value.first ?? ""
        let offline = parsed.values.keys.contains { parser.options[$0].dest == "offline_mode" }
        do throws(ModelSource.Failure) {
            _ = try ModelSource.resolve(modelPath, workingDirectory: host.workingDirectory.path, offline: offline,
                                        huggingFaceCache: ModelSource.huggingFaceCache { [host] in host.environment.value($0) })
        } catch {
            errorMessage("dgenerate: error: " + error.message)
            return 1
        }
        errorMessage("dgenerate: error: this build runs no models yet (the engine is not part of it)")
        return 1
    }

    /// `--plan`: the invocation's generation steps, each with its description and the files it
    /// would write, printed as the reference prints its steps; nothing is loaded.
    func printPlan(_ parsed: CommandLineParser.Parsed) -> Int32 {
        let plan: RenderPlan
        do throws(RenderPlan.Failure) {
            let directory = host.workingDirectory
            plan = try RenderPlan.make(parsed, parser: CommandLineParser.full, columns: Messages.wrapWidth(host.environment)) {
                FileManager.default.fileExists(atPath: directory.resolve($0))
            }
        } catch {
            errorMessage("dgenerate: error: " + error.message)
            return 1
        }
        log(["Beginning \(plan.count) generation steps..."], underline: true)
        for step in plan.steps {
            log(["Generation Step: \(step.number) / \(plan.count)\n" + step.description.joined(separator: "\n")], underline: true)
            let lines = step.files.map { "Would write \($0.hasSuffix(".dgen") ? "Config" : "Image") File: \"\($0)\"" }
            log([lines.joined(separator: "\n")], underline: true)
        }
        setPlannedVariables(parsed, plan)
        return 0
    }

    /// The `last_*` variables a later line sees after a planned invocation, as if it had run
    /// (the images are the files it would write).
    private func setPlannedVariables(_ parsed: CommandLineParser.Parsed, _ plan: RenderPlan) {
        let parser = CommandLineParser.full
        var values: [String: [String]] = [:]
        for (index, words) in parsed.values { values[parser.options[index].dest] = words }
        func numbers(_ dest: String, _ fallback: [Value], float: Bool) -> Value {
            guard let words = values[dest] else { return .list(fallback) }
            return .list(words.map { word in
                float ? .float(OptionValueType.float(word) ?? 0) : (OptionValueType.int(word).map(Value.integer) ?? .string(word))
            })
        }
        setVariable("last_model_path", values["model_path"]?.first.map(Value.string) ?? .none)
        setVariable("last_seeds", numbers("seeds", [], float: false))
        setVariable("last_guidance_scales", numbers("guidance_scales", [.float(5)], float: true))
        setVariable("last_inference_steps", numbers("inference_steps", [.int(30)], float: false))
        setVariable("last_output_path", .string(values["output_path"]?.first ?? "output"))
        // the reference hands out a re-iterable object (no length, no indexing), not a list
        setVariable("last_images", .object(IteratorValue(kind: "Iterable", plan.steps.flatMap(\.files).filter { !$0.hasSuffix(".dgen") }.map(Value.string))))
    }

    /// The injected arguments parsed as options (no model path) before a script runs; the
    /// error text when they do not parse.
    func checkInjectedArguments() -> String? {
        if injectedArguments.isEmpty { return nil }
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
