import ConfigLanguage

#if canImport(Glibc)
import Glibc
import ConfigRuntime
#endif

/// Reads scripts from files or standard input (`-`).
enum ScriptInput {
    /// The script at `path`, or why it could not be read.
    static func read(_ path: String) -> Result<SourceText, ReadError> {
        let descriptor = path == "-" ? 0 : open(path, O_RDONLY)
        guard descriptor >= 0 else {
            return .failure(ReadError(path: path, code: errno))
        }
        defer { if descriptor != 0 { close(descriptor) } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(ReadError(path: path, code: errno))
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        return .success(SourceText(name: path == "-" ? "<stdin>" : path, bytes: bytes))
    }

    struct ReadError: Error {
        let path: String
        let code: Int32
        /// `x.dgen: No such file or directory`, as compilers word it (`--check`).
        var message: String { "\(path): \(String(cString: strerror(code)))" }
        /// `[Errno 2] No such file or directory: 'x.dgen'`, as the reference words it.
        var pythonMessage: String { PythonErrors.osError(code, path) }
    }
}

/// Writes to the standard streams in the order of the calls. Standard output is buffered when
/// it is not a terminal (a script prints thousands of lines), and flushed before anything goes
/// to standard error and at exit, so that the two streams interleave as they were written.
///
/// The buffer is plain memory that a signal handler can write out: if the process dies on a
/// trap or an abort, what the script printed still reaches the pipe, in order (see
/// `flushOnFatalSignals`).
enum Output {
    private static let capacity = 1 << 16
    nonisolated(unsafe) private static let pending = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    nonisolated(unsafe) private static var count = 0
    private static let buffered = isatty(1) == 0

    static func out(_ text: String) {
        guard buffered else { return write(1, text) }
        var text = text
        text.withUTF8 { bytes in
            if count + bytes.count > capacity { flush() }
            if bytes.count > capacity { return writeAll(1, bytes) }
            guard let base = bytes.baseAddress else { return }
            (pending + count).update(from: base, count: bytes.count)
            count += bytes.count
        }
    }

    static func error(_ text: String) { errorRaw(text + "\n") }

    static func errorRaw(_ text: String) {
        flush()
        write(2, text)
    }

    /// Writes what standard output holds.
    static func flush() {
        guard count > 0 else { return }
        let length = count
        count = 0
        writeAll(1, UnsafeBufferPointer(start: pending, count: length))
    }

    /// On a fatal signal, writes what standard output holds before the process dies (only
    /// `write(2)` runs in the handler; the signal is then raised again with its default action).
    static func flushOnFatalSignals() {
        let fatal = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE]
        // a parent may have started this process with them blocked; a blocked trap kills
        // without running the handler
        unblock(fatal)
        for number in fatal {
            signal(number) { received in
                Output.flushFromSignalHandler()
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }

    /// On Ctrl-C (SIGINT), ends as the reference does: what standard output holds is written,
    /// then `Exiting dgenerate due to keyboard interrupt!` on standard error, status 1.
    static func exitOnInterrupt() {
        // a parent may have started this process with it blocked (test runners do)
        unblock([SIGINT])
        signal(SIGINT) { _ in
            Output.flushFromSignalHandler()
            let message: StaticString = "Exiting dgenerate due to keyboard interrupt!\n"
            _ = Glibc.write(2, message.utf8Start, message.utf8CodeUnitCount)
            _exit(1)
        }
    }

    /// Writes what standard output holds with `write(2)` alone, which a signal handler may call.
    private static func flushFromSignalHandler() {
        var offset = 0
        while offset < count {
            let written = Glibc.write(1, pending + offset, count - offset)
            if written <= 0 { break }
            offset += written
        }
        count = 0
    }

    private static func unblock(_ signals: [Int32]) {
        var set = sigset_t()
        sigemptyset(&set)
        for number in signals { sigaddset(&set, number) }
        sigprocmask(SIG_UNBLOCK, &set, nil)
    }

    private static func writeAll(_ descriptor: Int32, _ buffer: UnsafeBufferPointer<UInt8>) {
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }

    private static func write(_ descriptor: Int32, _ text: String) {
        var text = text
        text.withUTF8 { writeAll(descriptor, $0) }
    }
}

/// Lines read from a file descriptor as they arrive (without their newlines).
struct LineReader {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    private var ended = false

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// The next line; nil at the end of input.
    mutating func next() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            if ended {
                guard !buffer.isEmpty else { return nil }
                defer { buffer = [] }
                return String(decoding: buffer, as: UTF8.self)
            }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { ended = true } else { buffer += chunk[0..<count] }
        }
    }
}
