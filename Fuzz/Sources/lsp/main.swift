import FuzzSupport
import LanguageServer

/// The language server on any bytes: as one message body, and as a framed stream whose bodies
/// are handled in turn, by a server that has a document open.
func openServer() -> LanguageServer {
    let server = LanguageServer()
    _ = server.handle(Array(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#.utf8))
    _ = server.handle(Array(#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///f.dgen","version":1,"text":"\\set x 1\n\\print {{ x }}\n"}}}"#.utf8))
    return server
}

runFuzzer { data, size in
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = openServer().handle(bytes)
    let server = openServer()
    var reader = MessageReader()
    reader.append(bytes)
    var bodies: [[UInt8]] = []
    while let body = try? reader.next() { bodies.append(body) }
    _ = server.handle(batch: bodies)
    return 0
}
