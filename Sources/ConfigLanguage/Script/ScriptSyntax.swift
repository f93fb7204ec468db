import Templating

/// What a physical line is to the line loop.
public enum LineRole: String, Sendable {
    /// Contributes text to a statement.
    case code
    /// Part of a template block's text.
    case template
    /// Empty after tail-comment removal and stripping.
    case blank
    /// Starts with `#`.
    case comment
    /// `#! dgenerate X.Y.Z`: a comment that the reference checks against its version.
    case versionPragma
    /// Exactly `\reset_lineno`: sets the reported line counter back.
    case resetLineNumber
}

/// One physical line, split into trivia and code so that printing the pieces in order gives
/// back the line byte for byte.
public struct PhysicalLine: Sendable {
    /// 0-based index of the line in the file.
    public let index: Int
    public let role: LineRole
    /// Leading whitespace.
    public let leading: SourceRange
    /// The code: from the first non-space byte to the last one before the tail comment.
    public let code: SourceRange
    /// Whitespace between the code and the tail comment (or the line end).
    public let trailing: SourceRange
    /// The tail comment from its `#`, when one was cut.
    public let comment: SourceRange?
    /// The line terminator: LF, CRLF, CR, or empty on a last line without one.
    public let terminator: SourceRange

    /// The whole line, terminator included.
    public var range: SourceRange { SourceRange(leading.lowerBound, terminator.upperBound) }

    /// The pieces in source order; together they cover `range` exactly.
    public var pieces: [SourceRange] {
        [leading, code, trailing] + (comment.map { [$0] } ?? []) + [terminator]
    }
}

/// How the runtime dispatches a statement; decided from its logical text as the reference does.
public enum StatementKind: String, Sendable {
    /// A `\name ...` line.
    case directive
    /// A template block: text starting with `{`, rendered and then run as a script.
    case templateBlock
    /// Anything else: a dgenerate command line.
    case invocation
}

/// A directive's name as written, e.g. `\set` in `\set x 1`.
public struct DirectiveName: Sendable, Hashable {
    /// The name with its backslash, as the logical text has it.
    public let text: String
    /// Where it is in the source.
    public let range: SourceRange
    /// The directive the reference actually runs: the built-in whose name is a prefix of `text`
    /// (`\printx` runs `\print`), else `text` itself.
    public let dispatchedName: String
}

/// Maps offsets in a statement's logical text back to the source.
public struct SourceMap: Sendable, Hashable {
    /// Pairs of (logical offset, source offset), sorted by logical offset; an offset maps through
    /// the last anchor at or before it.
    public private(set) var anchors: [(logical: Int, source: Int)] = []

    public static func == (lhs: SourceMap, rhs: SourceMap) -> Bool {
        lhs.anchors.elementsEqual(rhs.anchors) { $0.logical == $1.logical && $0.source == $1.source }
    }
    public func hash(into hasher: inout Hasher) {
        for anchor in anchors { hasher.combine(anchor.logical); hasher.combine(anchor.source) }
    }

    mutating func add(logical: Int, source: Int) {
        if let last = anchors.last, last.logical == logical { anchors.removeLast() }
        anchors.append((logical, source))
    }

    /// Source offset of a logical (UTF-8) offset.
    public func sourceOffset(_ logical: Int) -> Int {
        var low = 0
        var high = anchors.count - 1
        guard high >= 0 else { return 0 }
        if logical < anchors[0].logical { return anchors[0].source }
        while low < high {
            let mid = (low + high + 1) / 2
            if anchors[mid].logical <= logical { low = mid } else { high = mid - 1 }
        }
        return anchors[low].source + (logical - anchors[low].logical)
    }

    /// The logical offset of a source offset, for a logical text of `length` bytes: nil when
    /// that source byte is not part of the logical text (a cut comment, a continuation's
    /// backslash). A cursor just after a piece's last byte maps to the end of that piece.
    public func logicalOffset(ofSource source: Int, length: Int) -> Int? {
        var best: Int? = nil
        for (index, anchor) in anchors.enumerated() {
            let end = index + 1 < anchors.count ? anchors[index + 1].logical : length
            guard source >= anchor.source else { continue }
            let logical = anchor.logical + (source - anchor.source)
            if logical < end { return logical }
            if logical == end { best = logical }
        }
        return best
    }

    /// Shifts the map after `count` bytes were removed from the front of the logical text.
    mutating func dropFirst(_ count: Int) {
        guard count > 0 else { return }
        let start = sourceOffset(count)
        anchors = anchors.filter { $0.logical > count }.map { ($0.logical - count, $0.source) }
        anchors.insert((0, start), at: 0)
    }
}

/// One statement: what the runtime executes, with the lines it came from.
public struct Statement: Sendable {
    public let kind: StatementKind
    /// Indices of the physical lines it spans, skipped comment and blank lines inside included.
    public let lines: ClosedRange<Int>
    /// The joined text the runtime executes (comments cut, continuations joined, stripped).
    public let logicalText: String
    /// Logical offsets to source offsets.
    public let sourceMap: SourceMap
    /// The line number the reference reports for this statement ("Error on line N"): its line
    /// counter, which `\reset_lineno` sets back.
    public let reportedLine: Int
    /// 1-based physical line at which the statement executes.
    public let executionLine: Int
    /// For directives: the name.
    public let directive: DirectiveName?
    /// The reference's template-continuation line numbers in force when this statement runs
    /// (`Error inside template continuation from line S to line E`).
    public let templateLines: (start: Int, end: Int)?
    /// Set when the reference stops with this error instead of executing the statement.
    public let haltError: Diagnostic?
}

/// One entry of the tree's top level.
public enum ScriptItem: Sendable {
    case statement(Statement)
    /// A line outside any statement: blank, comment, version pragma, `\reset_lineno`, or part of
    /// a continuation that never completed.
    case trivia(PhysicalLine)
}

/// The lossless syntax tree of a script: every byte belongs to exactly one line piece, and the
/// items cover the lines in order.
public struct ScriptSyntax: Sendable {
    public let source: SourceText
    public let lines: [PhysicalLine]
    public let items: [ScriptItem]
    public let diagnostics: [Diagnostic]

    /// The reference's line counter after each of the first `count` lines (all when nil),
    /// counting from `start`: one more per line, except that `\reset_lineno` sets it to -1.
    public func lineCounters(from start: Int, lines count: Int? = nil) -> [Int] {
        var counter = start
        return lines.prefix(count ?? lines.count).map { line in
            counter = line.role == .resetLineNumber ? -1 : counter + 1
            return counter
        }
    }

    /// The statements in execution order.
    public var statements: [Statement] {
        items.compactMap { if case .statement(let statement) = $0 { return statement } else { return nil } }
    }

    /// The source text rebuilt from the tree's pieces; equal to the input, byte for byte.
    public func printedBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(source.bytes.count)
        func emit(_ line: PhysicalLine) {
            for piece in line.pieces { out += source.bytes[piece.lowerBound..<piece.upperBound] }
        }
        for item in items {
            switch item {
            case .trivia(let line): emit(line)
            case .statement(let statement): for index in statement.lines { emit(lines[index]) }
            }
        }
        return out
    }
}
