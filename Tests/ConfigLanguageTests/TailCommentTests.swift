import Foundation
import Testing
import ConfigLanguage
import Templating

/// Tail-comment removal agrees with the reference's `remove_tail_comments` on 4,000 seeded
/// random lines (recorded by Fixtures/statements/record_tail_comments.py).
struct TailCommentTests {
    static func rstrip(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        while let last = scalars.last, last.properties.isWhitespace || (0x1C...0x1F).contains(last.value) { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    @Test func matchesReference() throws {
        let cases = try JSONDecoder().decode([[String]].self, from: Fixtures.data("statements/tail_comments.json"))
        #expect(cases.count == 4000)
        var mismatches: [String] = []
        for pair in cases {
            let line = Array(pair[0].utf8)
            let cut = line.withUnsafeBufferPointer { TailComment.cut($0) }
            let ours = Self.rstrip(String(decoding: cut.text, as: UTF8.self))
            if ours != Self.rstrip(pair[1]) {
                mismatches.append("\(pair[0].debugDescription): ours \(ours.debugDescription), reference \(pair[1].debugDescription)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
    }
}
