import ConfigLanguage
import Foundation

/// Shell-word splitting (quotes, escapes, variables, `~`, globs in /tmp) on any text.
let environment = MemoryEnvironment([("HOME", "/tmp"), ("X", "a b"), ("P", "*")])

func fuzzShell(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    var words = ShellWords(environment: { environment.value($0) }, workingDirectory: "/nonexistent-fuzz-directory")
    words.home = "/tmp"
    _ = try? words.parse(text)
    return 0
}

/// libFuzzer's driver, called from this program's own `main` (SwiftPM gives every executable
/// its own entry point, so libFuzzer's `main` is not linked).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

var argumentCount = CommandLine.argc
var argumentValues = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argumentCount, &argumentValues) { data, size in
    guard let data else { return 0 }
    return fuzzShell(data, size)
})
