import Foundation

/// The case being run, kept where a signal handler can reach it: when this engine traps on a
/// case, or spends more than a minute on one, the tester says which case it was.
enum CrashReport {
    nonisolated(unsafe) private static var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 20)
    nonisolated(unsafe) private static var length = 0
    /// How long one case may take here before the tester calls it a hang.
    static let limitSeconds: UInt32 = 60

    /// Remembers `text` (cut to 1 MB) as the case being run, and restarts the clock.
    static func running(_ text: String) {
        var bytes = Array("\(text.debugDescription)\n".utf8)
        if bytes.count > (1 << 20) { bytes = Array(bytes.prefix(1 << 20)) }
        bytes.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: $0.count) }
        length = bytes.count
        alarm(limitSeconds)
    }

    /// Prints the remembered case on a trap (then lets the signal take its course) or when the
    /// clock runs out (then exits with status 3).
    static func install() {
        for signal in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT] {
            Foundation.signal(signal) { number in
                let prefix = "\ndgenerate-difftest: this engine crashed on the case: "
                _ = prefix.withCString { write(2, $0, strlen($0)) }
                _ = write(2, CrashReport.buffer, CrashReport.length)
                Foundation.signal(number, SIG_DFL)
                raise(number)
            }
        }
        Foundation.signal(SIGALRM) { _ in
            let prefix = "\ndgenerate-difftest: this engine took over a minute on the case: "
            _ = prefix.withCString { write(2, $0, strlen($0)) }
            _ = write(2, CrashReport.buffer, CrashReport.length)
            _exit(3)
        }
    }
}
