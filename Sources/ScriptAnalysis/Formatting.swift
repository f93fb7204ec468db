import ConfigLanguage
import Templating

/// A replacement the formatter makes.
public struct TextEdit: Sendable, Equatable {
    public let range: SourceRange
    public let newText: String
}

extension ScriptAnalysis {
    /// The edits that format the script without changing what it does: code lines start at
    /// the first column, the continuation lines of a statement are indented by four spaces,
    /// and trailing whitespace goes. Template blocks, comment lines (an indented version line
    /// is not a pragma) and blank lines' line ends are left as written: whitespace inside a
    /// template can be part of a value. Applying the edits and formatting again changes nothing.
    public func formattingEdits() -> [TextEdit] {
        var edits: [TextEdit] = []
        var continuation: Set<Int> = []
        for model in statements where model.statement.kind != .templateBlock {
            for index in model.statement.lines.dropFirst() { continuation.insert(index) }
        }
        for line in syntax.lines {
            switch line.role {
            case .code:
                let indentation = continuation.contains(line.index) ? "    " : ""
                if source.text(line.leading) != indentation { edits.append(TextEdit(range: line.leading, newText: indentation)) }
                let end = line.comment.map { trailingSpaceStart(before: $0.upperBound, from: $0.lowerBound) } ?? line.code.upperBound
                let lineEnd = line.comment?.upperBound ?? line.trailing.upperBound
                if line.comment == nil, line.trailing.lowerBound < line.trailing.upperBound {
                    edits.append(TextEdit(range: line.trailing, newText: ""))
                } else if end < lineEnd {
                    edits.append(TextEdit(range: SourceRange(end, lineEnd), newText: ""))
                }
            case .blank:
                let content = SourceRange(line.leading.lowerBound, line.terminator.lowerBound)
                if content.lowerBound < content.upperBound { edits.append(TextEdit(range: content, newText: "")) }
            case .template, .comment, .versionPragma, .resetLineNumber:
                continue
            }
        }
        return edits
    }

    /// Where the spaces and tabs that end `lowerBound..<end` begin.
    private func trailingSpaceStart(before end: Int, from lowerBound: Int) -> Int {
        var start = end
        while start > lowerBound, source.bytes[start - 1] == 0x20 || source.bytes[start - 1] == 0x09 { start -= 1 }
        return start
    }
}
