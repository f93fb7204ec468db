/// The indentation of each line of a template block, by how deeply its `{% %}` tags nest:
/// four spaces a level, and four more for a line that continues an invocation or a line ended
/// by `\`. The block renders into script lines whose leading white space the script parser
/// drops, so this changes nothing the block does. Lines whose white space may be part of a
/// value are left as written (nil): those inside a `{{ }}`, `{% %}` or `{# #}` that spans lines,
/// and those in the bodies of `raw`, `set ... endset`, `macro`, `call` and `filter`, whose
/// text is kept as it is written.
struct TemplateBlockLayout {
    /// Tags that open a body, with the tag that closes them.
    static let openers: [String: String] = [
        "for": "endfor", "if": "endif", "with": "endwith", "autoescape": "endautoescape", "block": "endblock",
        "macro": "endmacro", "call": "endcall", "filter": "endfilter", "set": "endset", "raw": "endraw",
    ]
    /// Bodies whose text is a value.
    static let verbatim: Set<String> = ["raw", "macro", "call", "filter", "set"]
    static let middles: Set<String> = ["else", "elif"]

    /// The indentation each line of `lines` should have; nil to leave a line as it is.
    static func indentation(of lines: [[UInt8]]) -> [String?] {
        var open: [String] = []
        var spanOpen = false
        var continuesNext = false
        var previousIsCommand = false
        var result: [String?] = []
        for (index, line) in lines.enumerated() {
            let content = line.drop { $0 == 0x20 || $0 == 0x09 }
            let protected = spanOpen || open.contains { verbatim.contains($0) }
            let firstTag = spanOpen ? nil : leadingTag(content)
            var depth = open.count
            if let firstTag, middles.contains(firstTag) || firstTag.hasPrefix("end") { depth -= 1 }
            let startsWithTag = content.starts(with: [UInt8(ascii: "{")])
            let continuation = !startsWithTag && (continuesNext || (content.first == UInt8(ascii: "-") && previousIsCommand))
            if protected {
                result.append(nil)
            } else if index == 0 || content.allSatisfy({ $0 == 0x0D }) {
                result.append("")
            } else {
                result.append(String(repeating: " ", count: 4 * max(0, depth) + (continuation ? 4 : 0)))
            }
            scan(line, open: &open, spanOpen: &spanOpen)
            let trimmed = content.reversed().drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
            continuesNext = !startsWithTag && trimmed.first == UInt8(ascii: "\\")
            previousIsCommand = !content.isEmpty && !startsWithTag
        }
        return result
    }

    /// The first word of a `{% %}` tag that starts `content`.
    static func leadingTag(_ content: ArraySlice<UInt8>) -> String? {
        guard content.starts(with: [UInt8(ascii: "{"), UInt8(ascii: "%")]) else { return nil }
        let rest = content.dropFirst(2).drop { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") || $0 == 0x20 || $0 == 0x09 }
        let word = rest.prefix { ($0 >= 0x61 && $0 <= 0x7A) || $0 == UInt8(ascii: "_") }
        return word.isEmpty ? nil : String(decoding: word, as: UTF8.self)
    }

    /// Follows the tags of `line`: opens and closes bodies, and notes a span left open.
    static func scan(_ line: [UInt8], open: inout [String], spanOpen: inout Bool) {
        var index = 0
        var quote: UInt8? = nil
        while index < line.count {
            if spanOpen {
                // inside a tag that began on an earlier line: find its end
                if let q = quote {
                    if line[index] == q { quote = nil }
                } else if line[index] == UInt8(ascii: "'") || line[index] == UInt8(ascii: "\"") {
                    quote = line[index]
                } else if index + 1 < line.count, line[index + 1] == UInt8(ascii: "}"),
                          [UInt8(ascii: "}"), UInt8(ascii: "%"), UInt8(ascii: "#")].contains(line[index]) {
                    spanOpen = false
                    index += 2
                    continue
                }
                index += 1
                continue
            }
            guard line[index] == UInt8(ascii: "{"), index + 1 < line.count else { index += 1; continue }
            let kind = line[index + 1]
            guard kind == UInt8(ascii: "{") || kind == UInt8(ascii: "%") || kind == UInt8(ascii: "#") else { index += 1; continue }
            let close = [kind == UInt8(ascii: "{") ? UInt8(ascii: "}") : kind, UInt8(ascii: "}")]
            guard let end = find(close, in: line, from: index + 2, quoted: kind != UInt8(ascii: "#")) else {
                spanOpen = true
                return
            }
            if kind == UInt8(ascii: "%") { apply(Array(line[(index + 2)..<end]), to: &open) }
            index = end + 2
        }
    }

    /// A tag's effect on the open bodies. Inside `raw`, only `endraw` counts.
    private static func apply(_ tag: [UInt8], to open: inout [String]) {
        guard let word = leadingTag([UInt8(ascii: "{"), UInt8(ascii: "%")] + tag[...]) else { return }
        if open.last == "raw" && word != "endraw" { return }
        if let opener = openers.first(where: { $0.value == word })?.key {
            if let last = open.lastIndex(of: opener) { open.removeSubrange(last...) }
        } else if openers[word] != nil {
            // `{% set x = 1 %}` assigns; only `{% set x %}` opens a body
            if word == "set" && tag.contains(UInt8(ascii: "=")) { return }
            open.append(word)
        }
    }

    /// Where `needle` is in `line` from `start`, outside quotes when the span has strings.
    private static func find(_ needle: [UInt8], in line: [UInt8], from start: Int, quoted: Bool) -> Int? {
        var index = start
        var quote: UInt8? = nil
        while index + 1 < line.count {
            if let q = quote {
                if line[index] == q { quote = nil }
            } else if quoted && (line[index] == UInt8(ascii: "'") || line[index] == UInt8(ascii: "\"")) {
                quote = line[index]
            } else if line[index] == needle[0] && line[index + 1] == needle[1] {
                return index
            }
            index += 1
        }
        return nil
    }
}
