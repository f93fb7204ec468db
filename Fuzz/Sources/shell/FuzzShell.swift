import ConfigLanguage

/// Shell-word splitting (quotes, escapes, variables, `~`, globs in /tmp) on any text.
let environment = MemoryEnvironment([("HOME", "/tmp"), ("X", "a b"), ("P", "*")])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzShell(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    var words = ShellWords(environment: { environment.value($0) }, workingDirectory: "/nonexistent-fuzz-directory")
    words.home = "/tmp"
    _ = try? words.parse(text)
    return 0
}
