import ConfigLanguage
import Templating

/// A replacement the formatter makes.
public struct TextEdit: Sendable, Equatable {
    public let range: SourceRange
    public let newText: String

    public init(range: SourceRange, newText: String) {
        self.range = range
        self.newText = newText
    }
}

extension ScriptAnalysis {
    /// The edits that format the script without changing what it does: code lines start at
    /// the first column, the continuation lines of a statement are indented by four spaces,
    /// and trailing whitespace goes; the lines of template blocks are indented by how deeply
    /// their tags nest, except where white space may be part of a value. Comment lines (an
    /// indented version line is not a pragma) and blank lines' line ends are left as written.
    /// Applying the edits and formatting again changes nothing.
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
        for model in statements where model.statement.kind == .templateBlock {
            edits += blockIndentationEdits(model)
        }
        return edits.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// The edits that indent a template block's lines by how deeply its tags nest
    /// (`TemplateBlockLayout`).
    private func blockIndentationEdits(_ model: StatementModel) -> [TextEdit] {
        let lines = model.statement.lines.compactMap { index in syntax.lines.indices.contains(index) ? syntax.lines[index] : nil }
        let texts = lines.map { Array(source.bytes[$0.range.lowerBound..<$0.terminator.lowerBound]) }
        var edits: [TextEdit] = []
        for (line, indentation) in zip(zip(lines, texts), TemplateBlockLayout.indentation(of: texts)) {
            guard let indentation else { continue }
            let width = line.1.prefix { $0 == 0x20 || $0 == 0x09 }.count
            let current = SourceRange(line.0.range.lowerBound, line.0.range.lowerBound + width)
            if source.text(current) != indentation { edits.append(TextEdit(range: current, newText: indentation)) }
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
