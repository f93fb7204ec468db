import LanguageServer
import Testing

/// Document symbols, folding ranges and semantic tokens.
struct OutlineTests {
    static let script = "\\set x 1\n# one\n# two\n{% for i in [1, 2] %}\n\\print {{ i }}\n{% endfor %}\n"

    func request(_ method: String) -> JSONValue {
        let client = TestClient()
        client.open(Self.script)
        return client.request(method, ["textDocument": .object(["uri": .string(client.uri)])])["result"]
    }

    @Test func symbolsNameVariablesAndBlocks() {
        let symbols = request("textDocument/documentSymbol").array ?? []
        #expect(symbols.map { $0["name"] } == [.string("x"), .string("{% for i in [1, 2] %}")])
        #expect(symbols.first?["kind"] == .int(13))
    }

    @Test func foldingCoversCommentsAndBlocks() {
        let ranges = request("textDocument/foldingRange").array ?? []
        #expect(ranges.contains(.object(["startLine": .int(1), "endLine": .int(2), "kind": .string("comment")])))
        #expect(ranges.contains(.object(["startLine": .int(3), "endLine": .int(5), "kind": .string("region")])))
    }

    @Test func semanticTokensStartWithTheDirective() {
        let data = request("textDocument/semanticTokens/full")["data"].array?.compactMap(\.int) ?? []
        #expect(data.count % 5 == 0 && data.count >= 10)
        // `\set`: line 0, column 0, 4 long, the first legend type (directive, sent as "macro")
        #expect(Array(data.prefix(5)) == [0, 0, 4, 0, 0])
        // `x`: same line, 5 columns on, 1 long, a variable
        #expect(Array(data[5..<8]) == [0, 5, 1])
    }

    /// A delta from the last result, applied to it, gives the new full tokens.
    @Test func semanticTokenDeltasApply() throws {
        let client = TestClient()
        client.open(Self.script)
        let document = JSONValue.object(["uri": .string(client.uri)])
        let first = client.request("textDocument/semanticTokens/full", ["textDocument": document])["result"]
        var data = first["data"].array?.compactMap(\.int) ?? []
        client.notify("textDocument/didChange", [
            "textDocument": .object(["uri": .string(client.uri), "version": .int(2)]),
            "contentChanges": .array([.object(["text": .string("\\set x 1\n\\set y {{ x }}\n" + Self.script)])]),
        ])
        let delta = client.request("textDocument/semanticTokens/full/delta", ["textDocument": document, "previousResultId": first["resultId"]])["result"]
        let edits = try #require(delta["edits"].array)
        #expect(edits.count == 1)
        for edit in edits {
            let start = try #require(edit["start"].int), count = try #require(edit["deleteCount"].int)
            data.replaceSubrange(start..<(start + count), with: edit["data"].array?.compactMap(\.int) ?? [])
        }
        let full = client.request("textDocument/semanticTokens/full", ["textDocument": document])["result"]["data"].array?.compactMap(\.int)
        #expect(data == full)
        // an unknown previous result gets the full tokens
        let unknown = client.request("textDocument/semanticTokens/full/delta", ["textDocument": document, "previousResultId": .string("nope")])["result"]
        #expect(unknown["data"].array?.compactMap(\.int) == full)
    }
}
