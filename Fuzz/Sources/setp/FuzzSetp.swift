import ConfigLanguage

/// `\setp` parse and evaluate on any text.
final class Silent: ScriptOutput, @unchecked Sendable {
    func standardOutput(_ text: String) {}
    func standardError(_ text: String) {}
}

let runtime = ScriptRuntime(host: RuntimeHost(output: Silent(), environment: MemoryEnvironment([("HOME", "/tmp")]),
                                              workingDirectory: VirtualWorkingDirectory("/tmp")))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSetp(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? runtime.evaluateSetp(text)
    return 0
}
