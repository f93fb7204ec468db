import Foundation
import Templating
import ConfigLanguage

/// An invocation's arguments checked against the option schema before anything runs, with the
/// reference's output for each kind of failure.
extension ScriptRuntime {
    /// The terminal width the reference's argument parser wraps its usage to.
    var terminalColumns: Int {
        host.environment.columns ?? 80
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
            host.output.standardOutput("dgenerate v\(ScriptParser.versionText)\n")
            return 0
        case .exit:
            host.output.standardOutput(CommandLineHelp.text(columns: terminalColumns))
            return 0
        }
    }

    /// What runs invocations where there is no engine (the language server, the language's
    /// tests): the reference's output up to where the model would load (the step count, the
    /// first step's banner, the model's source checked), then an error.
    final class NoEngine: ImageGenerator, @unchecked Sendable {
        func prepare(model: ModelSource, options: [String: [String]]) throws(ScriptError) {
            throw ScriptError("this build runs no models yet (the engine is not part of it)")
        }

        func generate(_ step: RenderPlan.Step, files: [String], report: GenerationReport) throws(ScriptError) {
            throw ScriptError("this build runs no models yet (the engine is not part of it)")
        }
    }

    /// An invocation: the reference's step count, then for each step its banner, the
    /// generation (the model loads before the first), and the files written; the `last_*`
    /// variables after it.
    func runSteps(_ parsed: CommandLineParser.Parsed, _ generator: ImageGenerator) -> Int32 {
        let parser = CommandLineParser.full
        let directory = host.workingDirectory
        if let refusal = shardRefusal(parsed) {
            errorMessage("dgenerate: error: " + refusal)
            return 1
        }
        guard let plan = makePlan(parsed, randomSeeds: true) else { return 1 }
        var values: [String: [String]] = [:]
        for (index, words) in parsed.values { values[parser.options[index].dest] = words }
        // the output folder is made first, as the reference makes it: a path that cannot be a
        // folder fails now, with the system's reason, not after the images are generated
        do throws(ScriptError) {
            try MakeDirectories.make(values["output_path"]?.first ?? "output", in: host.files) { directory.resolve($0) }
        } catch {
            errorMessage("dgenerate: error: " + error.message)
            return 1
        }
        log(["Beginning \(plan.count) generation steps..."], underline: true)
        var seedInfo = ImageSeedInfo.still
        var written = WrittenFiles()
        var prepared = false
        // every file of the invocation counts as planned for the names of later ones
        defer { if host.shard != nil { shardProgress.planned.formUnion(plan.steps.flatMap(\.files).map { directory.resolve($0) }) } }
        for step in plan.steps {
            let owned = host.shard.map { shard in
                defer { shardProgress.steps += 1 }
                return shard.owns(shardProgress.steps)
            } ?? true
            if step.startsImageSeed, let seed = step.request.imageSeed {
                log(["Processing Image Seed: \"\(seed.uri)\""], underline: true)
                if let shard = host.shard, let foreign = seed.readPaths.map(directory.resolve).first(where: shardProgress.foreign.contains) {
                    errorMessage("dgenerate: error: --image-seeds reads \"\(foreign)\", which another shard of --shard \(shard.index)/\(shard.count) writes; "
                                 + "a script whose images feed later lines cannot be sharded there")
                    return 1
                }
                do throws(ScriptError) {
                    let offline = values["offline_mode"] != nil
                    let context = ImageSeedContext(options: values, workingDirectory: directory.path) { [unowned self] url throws(ScriptError) in
                        try self.fetchSeed(url, offline: offline)
                    }
                    seedInfo = try generator.openImageSeed(seed, context: context)
                } catch {
                    errorMessage("dgenerate: error: " + error.message)
                    return 1
                }
            }
            log(["Generation Step: \(step.number) / \(plan.count)\n" + step.description.joined(separator: "\n")], underline: true)
            // `--scheduler help`/`helpargs` lists the schedulers instead of generating, and ends
            // the invocation there (nothing is loaded)
            if let uri = step.request.scheduler, let settings = SchedulerTable.helpRequest(uri) {
                log([SchedulerTable.helpText(model: values["model_path"]?.first ?? "", settings: settings)])
                return 0
            }
            if let shard = host.shard, seedInfo.frameRate != nil {
                errorMessage("dgenerate: error: --shard \(shard.index)/\(shard.count) does not split animated image seeds yet")
                return 1
            }
            if !owned {
                // another shard makes this step: its files count as written for last_images
                log(["Left to another shard: this is shard \(host.shard.map { "\($0.index)/\($0.count)" } ?? "")"], underline: true)
                shardProgress.foreign.formUnion(step.files.map { directory.resolve($0) })
                written.images += step.files.filter { !$0.hasSuffix(".dgen") }
                continue
            }
            // the model loads after the first step's banner, as the reference loads it
            if !prepared {
                prepared = true
                let modelPath = values["model_path"]?.first ?? ""
                do throws(ModelSource.Failure) {
                    let source = try ModelSource.resolve(
                        modelPath, workingDirectory: directory.path, offline: values["offline_mode"] != nil,
                        huggingFaceCache: ModelSource.huggingFaceCache { [host] in host.environment.value($0) }, files: host.files)
                    do throws(ScriptError) {
                        // `\use_modules` applies to this invocation only
                        generator.useModules(modulesForNextInvocation)
                        modulesForNextInvocation = []
                        try generator.prepare(model: source, options: values)
                        if values["verbose"] != nil, let description = generator.verboseDescription { log([description]) }
                    } catch {
                        errorMessage("dgenerate: error: " + error.message)
                        return 1
                    }
                } catch {
                    errorMessage("dgenerate: error: " + error.message)
                    return 1
                }
            }
            let report = GenerationReport(progress: { [host] in host.output.progress($0) },
                                          warning: { [unowned self] in self.warning($0) },
                                          interrupted: host.interruptRequested)
            if let frameRate = seedInfo.frameRate {
                guard runAnimatedStep(step, plan, frames: seedInfo.frameCount, frameRate: frameRate, generator, report, &written) else { return 1 }
                continue
            }
            let files = step.files.map { directory.resolve($0) }
            do throws(ScriptError) {
                try generator.generate(step, files: files, report: report)
            } catch {
                errorMessage("dgenerate: error: " + error.message)
                return 1
            }
            logWritten(step.files)
            written.images += step.files.filter { !$0.hasSuffix(".dgen") }
        }
        setInvocationVariables(parsed, plan, written: written)
        return 0
    }

    /// The invocation's render plan, its file checks (image seeds that are files) through the
    /// host's file system; nil after printing the reference's error.
    func makePlan(_ parsed: CommandLineParser.Parsed, randomSeeds: Bool) -> RenderPlan? {
        let directory = host.workingDirectory, files = host.files
        do throws(RenderPlan.Failure) {
            let exists = { (path: String) in files.status(directory.resolve(path)) != nil }
            // a sharded run names its outputs as one run would, whatever the other shards wrote
            let sharded = host.shard != nil
            let outputExists = { [unowned self] (path: String) in sharded ? self.existsForShard(directory.resolve(path)) : exists(path) }
            // another shard's output is there for the plan (reading it is refused at its step, by name)
            let seedExists = { [unowned self] (path: String) in exists(path) || (sharded && self.shardProgress.planned.contains(directory.resolve(path))) }
            return try RenderPlan.make(parsed, parser: CommandLineParser.full, columns: Messages.wrapWidth(host.environment),
                                       randomSeeds: randomSeeds, existingFile: outputExists, seedFileExists: seedExists)
        } catch {
            errorMessage("dgenerate: error: " + error.message)
            return nil
        }
    }

    /// `--plan`: the invocation's generation steps, each with its description and the files it
    /// would write, printed as the reference prints its steps; nothing is loaded.
    func printPlan(_ parsed: CommandLineParser.Parsed) -> Int32 {
        guard let plan = makePlan(parsed, randomSeeds: false) else { return 1 }
        log(["Beginning \(plan.count) generation steps..."], underline: true)
        for step in plan.steps {
            if step.startsImageSeed, let seed = step.request.imageSeed { log(["Processing Image Seed: \"\(seed.uri)\""], underline: true) }
            log(["Generation Step: \(step.number) / \(plan.count)\n" + step.description.joined(separator: "\n")], underline: true)
            let lines = step.files.map { "Would write \($0.hasSuffix(".dgen") ? "Config" : "Image") File: \"\($0)\"" }
            log([lines.joined(separator: "\n")], underline: true)
        }
        setInvocationVariables(parsed, plan, written: WrittenFiles(images: plan.steps.flatMap(\.files).filter { !$0.hasSuffix(".dgen") }))
        return 0
    }

    /// The `last_*` variables a later line sees after an invocation (planned or run; the
    /// images are the files it wrote or would write).
    private func setInvocationVariables(_ parsed: CommandLineParser.Parsed, _ plan: RenderPlan, written: WrittenFiles) {
        let parser = CommandLineParser.full
        var values: [String: [String]] = [:]
        for (index, words) in parsed.values { values[parser.options[index].dest] = words }
        // every option's variable: its value, or the value it has before any invocation
        let given = LastVariables.values(values)
        for option in OptionCatalogue.options {
            guard let name = option.lastVariable,
                  let initial = TemplateVariableCatalogue.byName[name]?.initial else { continue }
            setVariable(name, given[name] ?? initial)
        }
        for (name, value) in given { setVariable(name, value) }
        // each image seed once, as its first step read it
        let seeds = plan.steps.filter(\.startsImageSeed).compactMap(\.request.imageSeed)
        if !seeds.isEmpty { setVariable("last_parsed_image_seeds", .list(seeds.map(\.templateValue))) }
        // without --seeds (none, or --gen-seeds N), the seeds the plan drew
        if !parsed.values.keys.contains(where: { parser.options[$0].names.contains("--seeds") }) {
            let seeds = plan.steps.map(\.request.seedText).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            setVariable("last_seeds", .list(seeds.map { OptionValueType.int($0).map(Value.integer) ?? .string($0) }))
        }
        // the reference hands out a re-iterable object (no length, no indexing), not a list, of
        // absolute paths (a script may `\cd` before it uses them)
        let directory = host.workingDirectory.path
        let images = written.images.map { Value.string(PythonPath.abspath($0, in: directory)) }
        setVariable("last_images", .object(IteratorValue(kind: "Iterable", qualifiedName: "dgenerate.renderloop.RenderLoop.written_images.<locals>.Iterable", images)))
        let animations = written.animations.map { Value.string(PythonPath.abspath($0, in: directory)) }
        setVariable("last_animations", .object(IteratorValue(kind: "Iterable", qualifiedName: "dgenerate.renderloop.RenderLoop.written_animations.<locals>.Iterable", animations)))
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
