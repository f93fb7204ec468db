#if canImport(Glibc)
import Glibc
#endif

/// The server over standard input and output: Content-Length framed messages in, the same out;
/// log lines to standard error. Returns the exit status (`exit` after `shutdown` is 0; the
/// input ending, or `exit` without `shutdown`, is 1).
public enum StdioTransport {
    public static func run() -> Int32 {
        let server = LanguageServer(log: { line in writeAll(2, Array(("dgenerate-lsp: " + line + "\n").utf8)) })
        var reader = MessageReader()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(0, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return server.exitStatus ?? 1 }
            reader.append(buffer[0..<count])
            // everything that has arrived is handled as one batch, so that a burst of edits is
            // analysed once, at its last version
            var batch: [[UInt8]] = []
            while true {
                let body: [UInt8]?
                do throws(MessageFraming.FramingError) {
                    body = try reader.next()
                } catch {
                    // the stream cannot be resynchronised after a broken header: answer what came
                    // before it, then stop
                    server.log("unreadable input: \(error)")
                    for message in server.handle(batch: batch) { writeAll(1, MessageFraming.frame(message)) }
                    return 1
                }
                guard let body else { break }
                batch.append(body)
            }
            guard !batch.isEmpty else { continue }
            for message in server.handle(batch: batch) { writeAll(1, MessageFraming.frame(message)) }
            if let status = server.exitStatus { return status }
        }
    }

    /// Writes every byte, retrying short writes.
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) {
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            written += count
        }
    }
}
