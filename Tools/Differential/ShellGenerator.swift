import Templating

/// Random command-line text for dgenerate's shell-word splitting: plain words, single and double
/// quotes, backslashes, variables (`$X`, `${X}`, `%X%`, unset ones), `~`, globs over the sandbox's
/// files, white space of several kinds, non-ASCII text, and unbalanced quotes.
struct ShellGenerator {
    var random: SeededRandom

    /// The sandbox the shell cases run in: files and directories (names ending in `/`).
    static let files = [".hidden", ".hidden.png", "a/", "a/b/", "a/b/x.txt", "a/y.txt", "a.png", "b.png", "c.txt",
                        "dir with space/", "dir with space/f.txt", "img/", "img/1.png", "img/2.png", "img/3.jpg",
                        "sp ace.txt", "x[1].png", "é.txt", "-dash.txt"]
    /// The environment of the shell cases (besides HOME).
    static let environment = ["X": "hello", "Y": "world", "SP": "a b", "PAT": "*.png", "Q": "a\"b", "SQ": "it's",
                              "BS": "a\\b", "EMPTY": "", "U": "ünï", "T": "~/t"]
    static let home = "/tmp/dgen-difftest-home"

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    mutating func next() -> Fragment {
        var pieces: [Fragment.Piece] = []
        for index in 0..<(1 + random.below(5)) {
            if index > 0 { pieces.append(.text(random.pick([" ", " ", "  ", "\t", " \t "]))) }
            pieces.append(.child(word()))
        }
        if random.chance(10) { pieces.append(.text(random.pick([" ", "\t", "\n"]))) }
        return Fragment(.fixed, pieces)
    }

    private mutating func word() -> Fragment {
        var pieces: [Fragment.Piece] = []
        for _ in 0..<(1 + random.below(3)) { pieces.append(.child(part())) }
        return Fragment(.statement, pieces)
    }

    private mutating func part() -> Fragment {
        let text: String
        switch random.below(10) {
        case 0, 1: text = random.pick(["abc", "a", "--opt", "-x", "1.5", "key=value", "é", "日本", "a,b", "x;y", "(p)", "a|b", "#c",
                                       "{x}", "a&b", "=", ":", "@", "%", "!", "a=b=c", "\u{00a0}"])
        case 2: text = "'" + random.pick(["", "a b", "$X", "\\n", "\"", "*.png", "~", "é é", "a\\", "%X%"]) + (random.chance(5) ? "" : "'")
        case 3: text = "\"" + random.pick(["", "a b", "$X", "${Y}", "\\\"", "'", "*.png", "~", "\\$X", "a\\\\b", "%X%", "\\n", "$UNSET"])
            + (random.chance(5) ? "" : "\"")
        case 4: text = random.pick(["$X", "${X}", "$Y", "${SP}", "$PAT", "$Q", "$SQ", "$BS", "$EMPTY", "$UNSET", "${UNSET}", "%X%",
                                    "%UNSET%", "$", "${", "$X$Y", "$1", "$U", "$T", "\\$X", "\\%X%", "${X}y", "%%", "$X%Y%"])
        case 5: text = random.pick(["~", "~/x", "~root", "a~", "~/"])
        case 6: text = random.pick(["*.png", "*", "img/*", "img/?.png", "*.txt", "[ab].png", "x[1].png", "*/", "a/**", "**/*.txt",
                                    "nomatch*", ".*", "img/[!1].png", "*.{png,txt}", "dir*/*"])
        case 7: text = random.pick(["\\", "\\ ", "\\'", "\\\"", "a\\b", "\\\\", "\\n", "\\t", "\\*"])
        case 8: text = random.pick(["\"a\"'b'", "'a'\"b\"", "a\"b c\"d", "\"\"", "''", "\"'\"", "'\"'"])
        default: text = random.pick(["x", "1", "-", "--", "a.b", "/tmp", "./a.png", "../x", "a/b"])
        }
        return .text(text, .expression, fallbacks: ["a"])
    }
}
