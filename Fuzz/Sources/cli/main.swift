import ConfigLanguage
import FuzzSupport
import ConfigRuntime

/// The command line: arguments (one a line) through the meta-argument reader, the option parser,
/// the configuration check and the render plan.
runFuzzer { data, size in
    let words = text(data, size).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    _ = ScriptEntry.MetaArguments(words)
    if let parsed = try? CommandLineParser.full.parse(words) {
        _ = try? RenderPlan.make(parsed, parser: CommandLineParser.full, columns: 80)
    }
    return 0
}
