import TestSupport

/// Seeded random scripts built from the script grammar's productions (docs/spec/script-layer.md):
/// blank and comment lines, version pragmas, directives and invocations with tail comments,
/// quotes and escapes, `\` and `-` continuations, template blocks, `\reset_lineno`, and every
/// line ending. Used by the property tests.
struct ScriptGenerator {
    typealias Random = SeededRandom

    var random: Random

    init(seed: UInt64) { random = Random(state: seed) }

    static let words = [
        "a", "b c", "x=1", "{{ v }}", "\"q # r\"", "'s # t'", "\\#", "#", "it's", "\"open", "\\\\", "\\", "--opt",
        "-o", "--prompts \"cat; dog\"", "\u{3000}", "\u{a0}", "\t", "é", "日本", "🙂", "{", "}", "%", "{#", "#}",
        "$HOME", "${X}", "%Y%", "*.png", "~/x",
    ]
    static let directives = [
        "\\print", "\\set x", "\\setp y", "\\echo", "\\env A=1", "\\unset x", "\\printx", "\\nope", "\\exit",
        "\\gen_seeds s 2", "\\cd", "\\set", "\\sete z", "\\pwd", "model/path", "--help",
    ]
    static let templateLines = [
        "{% for i in range(2) %}", "{% endfor %}", "{% if x %}", "{% else %}", "{% endif %}", "{% set q = 1 %}",
        "{{ i }}", "{% raw %}{{ x }}{% endraw %}", "{# note #}", "{{ (1,", "2) }}", "{% macro m() %}",
        "{% endmacro %}", "{%- if y -%}", "{{ \"str\" }}", "{{ x }} \\", "{% filter upper %}", "{% endfilter %}",
        "{% %}", "{{ [1, 2][0] }}", "{{ \"a", "{{ x ) }}", "{{ 1.5e3 }}", "{% endif %}{% endfor %}",
    ]
    static let endings = ["\n", "\n", "\n", "\n", "\n", "\n", "\r\n", "\r"]
    static let indents = ["", "", "", "  ", "\t", " \u{3000}"]

    mutating func words(_ count: Int) -> String {
        (0..<count).map { _ in random.pick(Self.words) }.joined(separator: " ")
    }

    mutating func line() -> String {
        let indent = random.pick(Self.indents)
        switch random.below(12) {
        case 0: return ""
        case 1: return indent + "# " + words(2)
        case 2: return random.pick(["#! dgenerate 5.0.0", "#! dgenerate 4.1.0", "#!dgenerate 5.0.0", " #! dgenerate 6.0.0"])
        case 3: return indent + random.pick(Self.templateLines) + (random.chance(50) ? "" : " " + words(1))
        case 4: return indent + "-" + random.pick(["-opt", " x", "", "-a b \\"])
        case 5: return random.chance(70) ? "\\reset_lineno" : " \\reset_lineno x"
        case 6: return indent + words(1 + random.below(3)) + " \\"
        default:
            var text = indent + random.pick(Self.directives) + " " + words(random.below(5))
            if random.chance(30) { text += " # " + words(1) }
            if random.chance(20) { text += random.pick(["\\", " \\"]) }
            return text
        }
    }

    /// One script of up to `maxLines` lines.
    mutating func script(maxLines: Int = 14) -> [UInt8] {
        var text = ""
        for _ in 0..<(1 + random.below(maxLines)) { text += line() + random.pick(Self.endings) }
        if random.chance(30) { while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() } }
        return Array(text.utf8)
    }

    /// `bytes` with a few random byte-level edits: flips, inserts of special bytes (NUL,
    /// invalid UTF-8, quotes, braces, newlines), deletions and duplications.
    mutating func mutate(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        let specials: [UInt8] = [0, 0xFF, 0xC3, 0x80, 0xE2, 0x22, 0x27, 0x5C, 0x23, 0x7B, 0x7D, 0x25, 0x0A, 0x0D, 0x2D, 0x20]
        for _ in 0..<(1 + random.below(6)) {
            let position = out.isEmpty ? 0 : random.below(out.count + 1)
            switch random.below(4) {
            case 0 where position < out.count: out[position] = UInt8(truncatingIfNeeded: random.next())
            case 1: out.insert(random.pick(specials), at: position)
            case 2 where position < out.count: out.remove(at: position)
            default:
                let end = min(out.count, position + random.below(16))
                out.insert(contentsOf: out[position..<end], at: position)
            }
        }
        return out
    }
}
