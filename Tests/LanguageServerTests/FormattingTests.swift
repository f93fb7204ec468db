import LanguageServer
import Testing

/// Formatting: continuation lines indented by four spaces, code at the first column, trailing
/// whitespace gone; the lines in template blocks indented by their tags; comments as written;
/// a second pass changes nothing.
struct FormattingTests {
    static let before = """
          \\set x 1   \n\
        models/tiny --prompts a \\\n\
        --inference-steps 5\t\n\
                 --seeds 1   # a comment   \n\
           \n\
          # an indented comment stays\n\
        {% for i in [1] %}   \n\
           \\print {{ i }}   \n\
        {% endfor %}\n
        """
    static let after = """
        \\set x 1\n\
        models/tiny --prompts a \\\n\
            --inference-steps 5\n\
            --seeds 1   # a comment\n\
        \n\
          # an indented comment stays\n\
        {% for i in [1] %}   \n\
            \\print {{ i }}   \n\
        {% endfor %}\n
        """

    /// The text with LSP edits applied (positions in UTF-8, as the client asked).
    static func apply(_ edits: [JSONValue], to text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.utf8) }
        func offsets(_ position: JSONValue) -> (Int, Int) { (position["line"].int ?? 0, position["character"].int ?? 0) }
        let sorted = edits.sorted { offsets($0["range"]["start"]) > offsets($1["range"]["start"]) }
        for edit in sorted {
            let (line, start) = offsets(edit["range"]["start"]), (endLine, end) = offsets(edit["range"]["end"])
            precondition(line == endLine, "edits stay on their line")
            lines[line].replaceSubrange(start..<end, with: Array((edit["newText"].string ?? "").utf8))
        }
        return lines.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
    }

    func format(_ text: String) -> String {
        let client = TestClient(encodings: ["utf-8"])
        client.open(text)
        let edits = client.request("textDocument/formatting", ["textDocument": .object(["uri": .string(client.uri)]),
                                                               "options": .object(["tabSize": .int(4), "insertSpaces": .bool(true)])])
        return Self.apply(edits["result"].array ?? [], to: text)
    }

    @Test func formatsAndIsIdempotent() {
        let once = format(Self.before)
        #expect(once == Self.after)
        #expect(format(once) == once)
    }
}
