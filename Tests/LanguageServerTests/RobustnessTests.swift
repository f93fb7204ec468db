import LanguageServer
import TestSupport
import Testing

/// 100,000 random and malformed messages and edits: the server answers each (or stays quiet
/// for notifications), never traps, and still answers a hover correctly at the end.
struct RobustnessTests {
    typealias Random = SeededRandom

    static let methods = [
        "textDocument/hover", "textDocument/completion", "textDocument/definition", "textDocument/references",
        "textDocument/documentHighlight", "textDocument/documentSymbol", "textDocument/foldingRange",
        "textDocument/semanticTokens/full", "textDocument/didChange", "textDocument/didOpen", "textDocument/didClose",
        "initialize", "$/cancelRequest", "no/such",
    ]
    static let fragments = ["\\set x 1\n", "{{ x }}", "{% for i in [1] %}", "{% endfor %}", "😀", "é", "\r\n", "\r", "\\", "'", "\"",
                            "#", "--inference-steps 5", "\\setp y [", " ", "\u{0}", "{#", "-"]

    static func value(_ random: inout Random, depth: Int = 0) -> JSONValue {
        switch Int.random(in: 0..<(depth > 2 ? 4 : 7), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .number([0, -1, 1e300, -3, 2, 1.5, 1e20, Double(Int.random(in: -5...50, using: &random))].randomElement(using: &random)!)
        case 3: return .string(fragments.randomElement(using: &random)!)
        case 4: return .array((0..<Int.random(in: 0...3, using: &random)).map { _ in value(&random, depth: depth + 1) })
        case 5: return position(&random)
        default:
            return .object(["line": value(&random, depth: depth + 1), "character": value(&random, depth: depth + 1)])
        }
    }

    static func position(_ random: inout Random) -> JSONValue {
        .object(["line": .int(Int.random(in: -2...8, using: &random)), "character": .int(Int.random(in: -2...40, using: &random))])
    }

    static func message(_ random: inout Random, uri: String) -> [UInt8] {
        let roll = Int.random(in: 0..<10, using: &random)
        if roll == 0 { return (0..<Int.random(in: 0...40, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) } }
        let method = methods.randomElement(using: &random)!
        var params: [String: JSONValue] = ["textDocument": .object(["uri": .string(roll == 1 ? "file:///other" : uri), "version": value(&random)])]
        params["position"] = roll == 2 ? value(&random) : position(&random)
        if method == "textDocument/didChange" {
            let text = (0..<Int.random(in: 0...3, using: &random)).map { _ in fragments.randomElement(using: &random)! }.joined()
            var change: [String: JSONValue] = ["text": roll == 3 ? value(&random) : .string(text)]
            if Int.random(in: 0..<4, using: &random) > 0 { change["range"] = .object(["start": position(&random), "end": position(&random)]) }
            params["contentChanges"] = .array([.object(change)])
        }
        if method == "textDocument/didOpen" { params["textDocument"] = .object(["uri": .string(uri), "text": .string(fragments.randomElement(using: &random)!)]) }
        var object: [String: JSONValue] = ["jsonrpc": .string("2.0"), "method": .string(method), "params": roll == 4 ? value(&random) : .object(params)]
        if Bool.random(using: &random) { object["id"] = roll == 5 ? value(&random) : .int(Int.random(in: 0...1000, using: &random)) }
        return JSONValue.object(object).encoded()
    }

    @Test func randomMessagesLeaveTheServerWorking() throws {
        let client = TestClient()
        client.open("\\set x 1\n\\print {{ x }}\n")
        var random = Random(state: 15_2026)
        var answered = 0, exited = 0
        for _ in 0..<100_000 {
            answered += client.server.handle(Self.message(&random, uri: client.uri)).count
            if client.server.exitStatus != nil { exited += 1 }
        }
        #expect(exited == 0)
        #expect(answered > 50_000)
        // a fresh text, then a hover that must be right
        client.notify("textDocument/didChange", [
            "textDocument": .object(["uri": .string(client.uri), "version": .int(1_000_000)]),
            "contentChanges": .array([.object(["text": .string("\\set x 1\n")])]),
        ])
        let hover = client.at("textDocument/hover", .object(["line": .int(0), "character": .int(2)]))
        #expect(hover["contents"]["value"].string?.contains("\\set") == true)
    }
}
