import ConfigLanguage
import FuzzSupport

/// The script parser on any bytes: it must return a tree and diagnostics, never trap.
runFuzzer { data, size in
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let syntax = ScriptParser.parse(SourceText(name: "fuzz", bytes: bytes))
    _ = SyntaxChecks.diagnostics(syntax)
    return 0
}
