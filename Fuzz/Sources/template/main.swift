import ConfigLanguage
import Foundation

/// Template compile and render on any text, with a small context of every kind of value, as
/// dgenerate's runtime configures its template environment.
let runtime = ScriptRuntime(host: RuntimeHost(output: Silent(), environment: MemoryEnvironment([("HOME", "/tmp")]),
                                              workingDirectory: VirtualWorkingDirectory("/tmp")))
let context: [String: Value] = [
    "n": .int(7), "big": .integer(BigIntText.value), "f": .float(-0.0), "s": .string("héllo <b>"),
    "l": .list([.int(1), .string("a"), .none]), "t": .tuple([.bool(true), .float(.nan)]),
    "d": .dict(ValueDict([(.string("a"), .int(1)), (.int(2), .list([]))])),
]

func fuzzTemplate(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? runtime.templates.render(text, context: context)
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
    return fuzzTemplate(data, size)
})
