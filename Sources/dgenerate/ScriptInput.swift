import ConfigLanguage

#if canImport(Glibc)
import Glibc
#endif

/// Reads scripts from files or standard input (`-`).
enum ScriptInput {
    /// The script at `path`, or a message saying why it could not be read.
    static func read(_ path: String) -> Result<SourceText, ReadError> {
        let descriptor = path == "-" ? 0 : open(path, O_RDONLY)
        guard descriptor >= 0 else {
            return .failure(ReadError(message: "\(path): \(String(cString: strerror(errno)))"))
        }
        defer { if descriptor != 0 { close(descriptor) } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(ReadError(message: "\(path): \(String(cString: strerror(errno)))"))
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        return .success(SourceText(name: path == "-" ? "<stdin>" : path, bytes: bytes))
    }

    struct ReadError: Error {
        let message: String
    }
}

/// Writes to the standard streams in the order of the calls. Standard output is buffered when
/// it is not a terminal (a script prints thousands of lines), and flushed before anything goes
/// to standard error and at exit, so that the two streams interleave as they were written.
enum Output {
    nonisolated(unsafe) private static var pending: [UInt8] = []
    private static let buffered = isatty(1) == 0

    static func out(_ text: String) {
        guard buffered else { return write(1, text) }
        pending.append(contentsOf: text.utf8)
        if pending.count >= 1 << 16 { flush() }
    }

    static func error(_ text: String) { errorRaw(text + "\n") }

    static func errorRaw(_ text: String) {
        flush()
        write(2, text)
    }

    /// Writes what standard output holds.
    static func flush() {
        guard !pending.isEmpty else { return }
        let bytes = pending
        pending.removeAll(keepingCapacity: true)
        write(1, String(decoding: bytes, as: UTF8.self))
    }

    private static func write(_ descriptor: Int32, _ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
