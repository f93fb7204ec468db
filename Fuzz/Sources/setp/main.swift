import ConfigLanguage
import Foundation

/// `\setp` parse and evaluate on any text.
final class Silent: ScriptOutput, @unchecked Sendable {
    func standardOutput(_ text: String) {}
    func standardError(_ text: String) {}
}

let runtime = ScriptRuntime(host: RuntimeHost(output: Silent(), environment: MemoryEnvironment([("HOME", "/tmp")]),
                                              workingDirectory: VirtualWorkingDirectory("/tmp")))

func fuzzSetp(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? runtime.evaluateSetp(text)
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
    return fuzzSetp(data, size)
})
