import ConfigLanguage
import FuzzSupport
import ScriptAnalysis

/// The script parser and the analysis layer on any bytes: a tree and diagnostics (the static
/// evaluation included), formatting, and the answers at a few offsets; never a trap or a hang.
runFuzzer { data, size in
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let syntax = ScriptParser.parse(SourceText(name: "fuzz", bytes: bytes))
    let analysis = ScriptAnalysis(syntax: syntax)
    _ = analysis.diagnostics()
    _ = analysis.formattingEdits()
    for offset in [0, size / 3, size / 2, size] {
        _ = analysis.completions(at: offset)
        _ = analysis.hover(at: offset)
        _ = analysis.quoteActions(at: offset)
    }
    return 0
}
