/// Jinja2's bracket balancing inside tags: `(`, `[` and `{` open, and each closing bracket must
/// match the innermost open one. Shared by the template-block checker and the template lexer.
package struct BracketBalance {
    private var expected: [UInt8] = []

    package init() {}

    package var isEmpty: Bool { expected.isEmpty }

    /// Feeds one operator byte; returns Jinja2's message when a closing bracket does not match.
    package mutating func feed(_ byte: UInt8) -> String? {
        switch byte {
        case UInt8(ascii: "{"): expected.append(UInt8(ascii: "}"))
        case UInt8(ascii: "("): expected.append(UInt8(ascii: ")"))
        case UInt8(ascii: "["): expected.append(UInt8(ascii: "]"))
        case UInt8(ascii: "}"), UInt8(ascii: ")"), UInt8(ascii: "]"):
            let character = Character(Unicode.Scalar(byte))
            guard let open = expected.popLast() else { return "unexpected '\(character)'" }
            if open != byte { return "unexpected '\(character)', expected '\(Character(Unicode.Scalar(open)))'" }
        default: break
        }
        return nil
    }

    package mutating func reset() { expected.removeAll(keepingCapacity: true) }
}
