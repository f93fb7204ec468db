import LanguageServer
import Testing

/// Initialisation, errors for what is not JSON-RPC, shutdown and exit.
struct LifecycleTests {
    @Test func theEncodingIsNegotiated() {
        #expect(TestClient(encodings: ["utf-16", "utf-8"]).request("shutdown", [:])["result"] == .null)
        let offers: [([String]?, String)] = [(nil, "utf-16"), (["utf-16"], "utf-16"), (["utf-32", "utf-16"], "utf-32"), (["utf-16", "utf-8"], "utf-8")]
        for (offered, chosen) in offers {
            let server = LanguageServer()
            var general: [String: JSONValue] = [:]
            if let offered { general["positionEncodings"] = .array(offered.map(JSONValue.string)) }
            let message = JSONValue.object(["jsonrpc": .string("2.0"), "id": .int(1), "method": .string("initialize"),
                                            "params": .object(["capabilities": .object(["general": .object(general)])])])
            let answer = server.handle(message.encoded()).first.flatMap(JSONValue.decode) ?? .null
            #expect(answer["result"]["capabilities"]["positionEncoding"] == .string(chosen), "\(String(describing: offered))")
        }
    }

    @Test func requestsBeforeInitializeAreRefused() {
        let server = LanguageServer()
        let body = JSONValue.object(["jsonrpc": .string("2.0"), "id": .int(7), "method": .string("textDocument/hover"), "params": .object([:])]).encoded()
        let answer = server.handle(body).first.flatMap(JSONValue.decode) ?? .null
        #expect(answer["error"]["code"] == .int(-32002))
        #expect(answer["id"] == .int(7))
    }

    @Test(arguments: [
        ("not json", -32700), ("[1, 2]", -32600), (#"{"jsonrpc":"2.0","id":{"a":1},"method":"x"}"#, -32600),
        (#"{"jsonrpc":"2.0","id":3}"#, -32600), (#"{"jsonrpc":"2.0","id":4,"method":"no/such"}"#, -32601),
        (#"{"jsonrpc":"2.0","id":5,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///nope"}}}"#, -32602),
    ])
    func badMessagesGetJSONRPCErrors(_ text: String, _ code: Int) {
        let client = TestClient()
        let answers = client.send(Array(text.utf8))
        #expect(answers.count == 1)
        #expect(answers.first?["error"]["code"] == .int(code), "\(text)")
    }

    @Test func exitAfterShutdownIsZeroElseOne() {
        let orderly = TestClient()
        orderly.request("shutdown", [:])
        orderly.notify("exit", [:])
        #expect(orderly.server.exitStatus == 0)
        let abrupt = TestClient()
        abrupt.notify("exit", [:])
        #expect(abrupt.server.exitStatus == 1)
    }

    @Test func cancellationIsAcceptedQuietly() {
        let client = TestClient()
        #expect(client.send(JSONValue.object(["jsonrpc": .string("2.0"), "method": .string("$/cancelRequest"),
                                              "params": .object(["id": .int(1)])]).encoded()).isEmpty)
    }
}
