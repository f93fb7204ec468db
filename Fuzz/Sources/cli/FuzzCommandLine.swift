import ConfigLanguage

/// The command line: arguments (one a line) through the meta-argument reader, the option parser
/// the configuration check and the render plan.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCommandLine(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let words = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    _ = ScriptEntry.MetaArguments(words)
    if let parsed = try? CommandLineParser.full.parse(words) {
        _ = try? RenderPlan.make(parsed, parser: CommandLineParser.full, columns: 80)
    }
    return 0
}
