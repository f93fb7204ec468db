import ConfigLanguage
import Foundation
import Testing
import Templating

/// The option schema against the reference's own `--help` output
/// (`Fixtures/cli/help.txt`, recorded by `Fixtures/cli/record_options.py`): the same options,
/// with the same names, value placeholders and arities, and the same usage text.
@Suite struct OptionSchemaTests {
    static let help: String = (try? String(contentsOf: Fixtures.root.appendingPathComponent("cli/help.txt"), encoding: .utf8)) ?? ""

    /// The reference's entry lines: `  -ifs INTEGER [INTEGER ...], --inference-steps INTEGER [INTEGER ...]`.
    static var referenceEntries: [String] {
        help.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .map { String($0.dropFirst(2)) }
    }

    /// The same line built from the schema.
    static func entry(_ option: CommandOption) -> String {
        if option.isPositional { return option.metavar ?? option.dest }
        if option.arity == .none { return option.names.joined(separator: ", ") }
        let usage = CommandLineHelpEntry.arguments(option)
        return option.names.map { "\($0) \(usage)" }.joined(separator: ", ")
    }

    @Test func everyReferenceOptionIsInTheSchemaWithItsArity() {
        let reference = Self.referenceEntries
        #expect(reference.count == 187)
        // --help lists the positional first, then the options
        let ordered = OptionCatalogue.options.filter(\.isPositional) + OptionCatalogue.options.filter { !$0.isPositional }
        let ours = ordered.map(Self.entry)
        #expect(ours == reference)
        for line in reference where !ours.contains(line) { Issue.record("not in the schema: \(line)") }
        for line in ours where !reference.contains(line) { Issue.record("not in the reference: \(line)") }
    }

    /// Every option that configures generation names the `last_*` variable an invocation sets
    /// from it; the meta options and the help family name none.
    /// The plan multiplies exactly the axes the schema declares, each a multi-valued option.
    @Test func thePlanIsAProductOverTheSchemasAxes() throws {
        for dest in OptionCatalogue.planAxes {
            let option = try #require(OptionCatalogue.option(dest: dest), "\(dest) is no option of the schema")
            #expect(option.arity == .oneOrMore, "\(dest) takes one value, so it cannot be an axis")
        }
        let axes = try PlanAxes(["seeds": ["1"]], given: ["seeds": try #require(OptionCatalogue.byName["--seeds"])], randomSeeds: false)
        #expect(Set(axes.counts.keys) == Set(OptionCatalogue.planAxes))
        // the last axis varies fastest
        let parser = CommandLineParser.full
        let parsed = try parser.parse(["m", "--seeds", "1", "2", "--guidance-scales", "3", "4", "--inference-steps", "5", "6"])
        let plan = try RenderPlan.make(parsed, parser: parser, columns: 80)
        let order = plan.steps.map { [$0.request.seedText, $0.request.guidanceScaleText, $0.request.inferenceStepsText] }
        #expect(order == [["1", "3.0", "5"], ["1", "3.0", "6"], ["1", "4.0", "5"], ["1", "4.0", "6"],
                          ["2", "3.0", "5"], ["2", "3.0", "6"], ["2", "4.0", "5"], ["2", "4.0", "6"]])
    }

    @Test func optionsNameTheirLastVariables() {
        let meta: Set<String> = ["help", "version", "file", "shell", "no_stdin", "console", "set", "setp", "sub_command"]
        for option in OptionCatalogue.options {
            if meta.contains(option.dest) || option.dest.hasSuffix("_help") {
                #expect(option.lastVariable == nil, "\(option.displayName)")
            } else {
                #expect(option.lastVariable != nil, "\(option.displayName) has no last_* variable")
            }
        }
        #expect(OptionCatalogue.option(dest: "inference_steps")?.lastVariable == "last_inference_steps")
        #expect(OptionCatalogue.option(dest: "second_model_prompt_weighter")?.lastVariable == "last_second_model_prompt_weighter_uri")
        let named = Set(OptionCatalogue.options.compactMap(\.lastVariable))
        #expect(named.count == 168)
    }

    @Test func usageTextMatchesTheReference() {
        let referenceUsage = Self.help.components(separatedBy: "\n\n").first ?? ""
        #expect(UsageFormatter.usage(OptionCatalogue.options, columns: 80) == referenceUsage)
    }

    @Test func everyOptionHasItsOwnHelpText() {
        for option in OptionCatalogue.options {
            #expect(!option.help.isEmpty, "\(option.displayName) has no help text")
            // the reference's text for this option must not have been copied
            let referenceText = Self.referenceHelp(for: option)
            #expect(referenceText.isEmpty || !option.help.contains(referenceText.prefix(60)), "\(option.displayName): \(option.help)")
        }
    }

    /// The first line of the reference's help paragraph for `option`.
    static func referenceHelp(for option: CommandOption) -> String {
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let index = lines.firstIndex(of: "  " + entry(option)), index + 1 < lines.count else { return "" }
        return lines[index + 1].trimmingCharacters(in: .whitespaces)
    }
}
