import ConfigLanguage
import Foundation
import ConfigRuntime

/// libFuzzer's driver (SwiftPM gives every executable its own entry point, so libFuzzer's `main`
/// is not linked; each target's `main.swift` calls `runFuzzer` instead).
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// Runs libFuzzer with this process's arguments, calling `body` with each input.
public func runFuzzer(_ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
    var argumentCount = CommandLine.argc
    var argumentValues = CommandLine.unsafeArgv
    exit(runFuzzerDriver(&argumentCount, &argumentValues, body))
}

/// An input as text (invalid UTF-8 repaired, as the readers see files).
public func text(_ data: UnsafePointer<UInt8>?, _ size: Int) -> String {
    guard let data else { return "" }
    return String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
}

/// An input written to a file of this process's own in /dev/shm, for the readers that take paths.
public func file(_ data: UnsafePointer<UInt8>?, _ size: Int, suffix: String) -> String {
    let path = "/dev/shm/dgenerate-fuzz-\(getpid()).\(suffix)"
    FileManager.default.createFile(atPath: path, contents: data.map { Data(bytes: $0, count: size) } ?? Data())
    return path
}

/// Script output nobody reads.
public final class Silent: ScriptOutput, @unchecked Sendable {
    public init() {}
    public func standardOutput(_ text: String) {}
    public func standardError(_ text: String) {}
}

/// A runtime on a host that touches nothing of this machine.
public func quietRuntime() -> ScriptRuntime {
    ScriptRuntime(host: RuntimeHost(output: Silent(), environment: MemoryEnvironment([("HOME", "/tmp")]),
                                    workingDirectory: VirtualWorkingDirectory("/tmp")))
}
