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

/// Writes to the standard streams directly, so that their order is the order of the calls.
enum Output {
    static func out(_ text: String) { write(1, text) }

    static func error(_ text: String) { write(2, text + "\n") }

    static func errorRaw(_ text: String) { write(2, text) }

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
