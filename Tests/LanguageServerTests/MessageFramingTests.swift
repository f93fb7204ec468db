import Testing
import LanguageServer

/// Content-Length framing: whole, split and merged messages, and bad headers.
struct MessageFramingTests {
    static let body = Array(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"x":"é"}}"#.utf8)

    @Test func roundTrip() throws {
        var reader = MessageReader()
        reader.append(MessageFraming.frame(Self.body))
        #expect(try reader.next() == Self.body)
        #expect(try reader.next() == nil)
    }

    @Test func messageSplitAcrossReads() throws {
        let framed = MessageFraming.frame(Self.body)
        var reader = MessageReader()
        for byte in framed.dropLast() {
            reader.append([byte])
            #expect(try reader.next() == nil)
        }
        reader.append([framed.last!])
        #expect(try reader.next() == Self.body)
    }

    @Test func twoMessagesInOneRead() throws {
        var reader = MessageReader()
        reader.append(MessageFraming.frame(Self.body) + MessageFraming.frame(Array("{}".utf8)))
        #expect(try reader.next() == Self.body)
        #expect(try reader.next() == Array("{}".utf8))
    }

    @Test func otherHeadersAreIgnored() throws {
        var reader = MessageReader()
        reader.append(Array("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: 2\r\n\r\n{}".utf8))
        #expect(try reader.next() == Array("{}".utf8))
    }

    @Test(arguments: [
        ("X-Other: 1\r\n\r\n{}", "missing Content-Length header"),
        ("Content-Length: abc\r\n\r\n{}", "invalid Content-Length 'abc'"),
        ("Content-Length: -5\r\n\r\n", "invalid Content-Length '-5'"),
        ("garbage\r\n\r\n", "malformed header line 'garbage'"),
        ("Content-Length: 999999999999\r\n\r\n", "Content-Length 999999999999 exceeds the limit of 67108864"),
    ])
    func badHeaders(_ input: String, _ message: String) {
        var reader = MessageReader()
        reader.append(Array(input.utf8))
        #expect(throws: MessageFraming.FramingError(message: message, offset: 0)) { try reader.next() }
    }
}
