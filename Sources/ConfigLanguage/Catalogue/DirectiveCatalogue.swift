/// The directives the language knows, as data. The command line, the language server and the
/// REPL all read this one list.
public enum DirectiveCatalogue {
    /// Every directive of dgenerate 5.0.0, with its backslash, in alphabetical order
    /// (recorded from the reference's `\directives_help`).
    public static let names: [String] = [
        "\\auto1111_metadata", "\\cd", "\\civitai_links", "\\clear_device_cache", "\\clear_modules",
        "\\clear_object_cache", "\\cp", "\\directives_help", "\\download", "\\echo", "\\env", "\\exec",
        "\\exit", "\\functions_help", "\\gen_seeds", "\\help", "\\image_process", "\\image_processor_help",
        "\\import", "\\import_plugins", "\\latents_processor_help", "\\list_object_caches", "\\ls",
        "\\mkdir", "\\mv", "\\popd", "\\print", "\\prompt_upscale", "\\prompt_upscaler_help",
        "\\prompt_weighter_help", "\\pushd", "\\pwd", "\\quantizer_help", "\\reset_lineno", "\\rm",
        "\\rmdir", "\\save_modules", "\\set", "\\sete", "\\setp", "\\templates_help", "\\to_diffusers",
        "\\unset", "\\unset_env", "\\use_modules",
    ]

    /// The directives the line loop matches by string prefix, in the order it tries them: any
    /// text starting with one of these runs it (so `\printx` runs `\print`).
    public static let prefixDispatched: [String] = [
        "\\env", "\\unset_env", "\\setp", "\\sete", "\\set", "\\unset", "\\print", "\\echo",
    ]

    /// The directive the line loop itself handles, before any dispatch: a line that is exactly
    /// this sets the reported line counter back.
    public static let resetLineCounter = "\\reset_lineno"

    private static let nameSet = Set(names)

    /// Whether `name` (with its backslash) is a known directive.
    public static func contains(_ name: String) -> Bool { nameSet.contains(name) }

    /// The built-in directive a name dispatches to by prefix, if any.
    public static func prefixMatch(_ name: String) -> String? {
        // byte prefixes, as the reference compares code points (String.hasPrefix would compare
        // canonically equivalent characters)
        prefixDispatched.first { name.utf8.starts(with: $0.utf8) }
    }

    /// Known names close to `name`, best first, for "did you mean" hints.
    public static func suggestions(for name: String) -> [String] {
        Spelling.closest(to: name, in: names)
    }
}

/// Edit-distance suggestions.
public enum Spelling {
    /// Candidates within an edit distance of about a third of `word`'s length (at least 2),
    /// nearest first.
    public static func closest(to word: String, in candidates: [String], limit: Int = 3) -> [String] {
        let target = Array(word.lowercased().unicodeScalars)
        // names are short; a long word is no typo of one (and would make this quadratic)
        guard target.count <= 64 else { return [] }
        let budget = max(2, target.count / 3)
        var scored: [(name: String, cost: Int)] = []
        for candidate in candidates {
            let cost = distance(target, Array(candidate.lowercased().unicodeScalars))
            if cost <= budget { scored.append((candidate, cost)) }
        }
        scored.sort { $0.cost != $1.cost ? $0.cost < $1.cost : $0.name < $1.name }
        return scored.prefix(limit).map { $0.name }
    }

    /// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions).
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
