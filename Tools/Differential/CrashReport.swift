import Foundation

/// The case being run, kept where a signal handler can reach it: when this engine traps on a
/// case, the tester says which case it was before it dies.
enum CrashReport {
    nonisolated(unsafe) private static var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 20)
    nonisolated(unsafe) private static var length = 0

    /// Remembers `text` (cut to 1 MB) as the case being run.
    static func running(_ text: String) {
        var bytes = Array("\ndgenerate-difftest: this engine crashed on the case: \(text.debugDescription)\n".utf8)
        if bytes.count > (1 << 20) { bytes = Array(bytes.prefix(1 << 20)) }
        bytes.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: $0.count) }
        length = bytes.count
    }

    /// Prints the remembered case on a trap, then lets the signal take its course.
    static func install() {
        for signal in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT] {
            Foundation.signal(signal) { number in
                _ = write(2, CrashReport.buffer, CrashReport.length)
                Foundation.signal(number, SIG_DFL)
                raise(number)
            }
        }
    }
}
