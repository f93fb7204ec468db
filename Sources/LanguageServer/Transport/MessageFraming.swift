/// The LSP base protocol's framing: `Content-Length: N\r\n`, optional other headers, `\r\n`,
/// then N bytes of JSON. Only this target knows JSON-RPC.
public enum MessageFraming {
    /// Frames one message body.
    public static func frame(_ body: [UInt8]) -> [UInt8] {
        Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }

    /// An error in the byte stream, with the offset where it was found.
    public struct FramingError: Error, Equatable, CustomStringConvertible {
        public let message: String
        public let offset: Int
        public var description: String { "\(message) (at byte \(offset))" }
        public init(message: String, offset: Int) {
            self.message = message
            self.offset = offset
        }
    }
}

/// Splits a byte stream into message bodies as bytes arrive.
public struct MessageReader {
    private var buffer: [UInt8] = []
    private var consumed = 0
    /// The largest body accepted; a larger Content-Length is an error, not an allocation.
    public var maximumBodySize = 64 << 20

    public init() {}

    /// Adds bytes read from the stream.
    public mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete body, nil if more bytes are needed.
    public mutating func next() throws(MessageFraming.FramingError) -> [UInt8]? {
        guard let headerEnd = findHeaderEnd() else {
            if buffer.count - consumed > 8192 {
                throw .init(message: "header section longer than 8192 bytes", offset: consumed)
            }
            return nil
        }
        let header = String(decoding: buffer[consumed..<headerEnd], as: UTF8.self)
        var length: Int? = nil
        for line in header.split(separator: "\r\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else {
                throw .init(message: "malformed header line '\(line)'", offset: consumed)
            }
            let name = line[..<colon].trimmingSpaces().lowercased()
            let value = line[line.index(after: colon)...].trimmingSpaces()
            if name == "content-length" {
                guard let number = Int(value), number >= 0 else {
                    throw .init(message: "invalid Content-Length '\(value)'", offset: consumed)
                }
                length = number
            }
        }
        guard let length else { throw .init(message: "missing Content-Length header", offset: consumed) }
        guard length <= maximumBodySize else {
            throw .init(message: "Content-Length \(length) exceeds the limit of \(maximumBodySize)", offset: consumed)
        }
        let bodyStart = headerEnd + 4
        guard buffer.count - bodyStart >= length else { return nil }
        let body = Array(buffer[bodyStart..<bodyStart + length])
        consumed = bodyStart + length
        if consumed > 65536 {
            buffer.removeFirst(consumed)
            consumed = 0
        }
        return body
    }

    private func findHeaderEnd() -> Int? {
        var index = consumed
        while index + 3 < buffer.count {
            if buffer[index] == 13, buffer[index + 1] == 10, buffer[index + 2] == 13, buffer[index + 3] == 10 { return index }
            index += 1
        }
        return nil
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
