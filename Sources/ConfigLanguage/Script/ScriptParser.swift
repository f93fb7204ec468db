import Templating

/// Parses a script into a lossless tree of statements. Never throws: problems come back as
/// diagnostics next to a complete tree.
///
/// The statement boundaries are the reference's: this is its line loop (comment cutting,
/// `\`- and `-`-continuations, template blocks, `\reset_lineno`, version pragmas), run over the
/// source without executing anything. docs/spec/script-layer.md states the rules.
public enum ScriptParser {
    /// The dgenerate version whose language this is; `#! dgenerate X.Y.Z` lines are checked
    /// against it.
    public static let languageVersion = (major: 5, minor: 0, patch: 0)
    /// The same as `MAJOR.MINOR.PATCH`.
    public static var versionText: String { "\(languageVersion.major).\(languageVersion.minor).\(languageVersion.patch)" }

    /// Parses `source`.
    /// - Parameter lineCounterStart: the reference's line counter before the first line: 0 for
    ///   a file (its first line is line 1), -1 for the rendered text of a template block (whose
    ///   lines it counts from 0).
    /// - Parameter newlinesOnly: break lines at `\n` alone, as the reference splits a template
    ///   block's rendered text (see `LineAnalysis.split`).
    public static func parse(_ source: SourceText, lineCounterStart: Int = 0, newlinesOnly: Bool = false) -> ScriptSyntax {
        source.bytes.withUnsafeBufferPointer { bytes in
            var loop = LineLoop(source: source, bytes: bytes, counter: lineCounterStart)
            loop.newlinesOnly = newlinesOnly
            loop.run()
            return ScriptSyntax(source: source, lines: loop.lines, items: loop.items, diagnostics: loop.diagnostics)
        }
    }
}

/// The reference's line loop, producing statements instead of running them.
struct LineLoop {
    let source: SourceText
    let bytes: UnsafeBufferPointer<UInt8>

    var lines: [PhysicalLine] = []
    var items: [ScriptItem] = []
    var diagnostics: [Diagnostic] = []

    // The reference's loop state.
    private var continuation = LogicalBuilder()
    private var templateContinuation = false
    private var normalContinuation = false
    private var lastLine: ArraySlice<UInt8>? = nil
    private var counter = 0
    var checker = JinjaBalanceChecker()
    private var templateStart = -1
    private var templateEnd = -1
    var newlinesOnly = false

    // Tree bookkeeping.
    private var pendingStart: Int? = nil
    var roles: [LineRole] = []
    var analyses: [LineAnalysis] = []
    var blockOpenedAt: (line: Int, offset: Int)? = nil

    init(source: SourceText, bytes: UnsafeBufferPointer<UInt8>, counter: Int = 0) {
        self.source = source
        self.bytes = bytes
        self.counter = counter
    }

    private static let backslash: UInt8 = 0x5C, dash: UInt8 = 0x2D, brace: UInt8 = 0x7B, hash: UInt8 = 0x23
    private static let resetLineno = Array(DirectiveCatalogue.resetLineCounter.utf8)

    mutating func run() {
        checkEncoding()
        let spans = LineAnalysis.split(bytes, newlinesOnly: newlinesOnly)
        analyses.reserveCapacity(spans.count)
        roles.reserveCapacity(spans.count)
        lines.reserveCapacity(spans.count)
        var next: LineAnalysis? = spans.first.map {
            LineAnalysis(index: 0, start: $0.start, contentEnd: $0.contentEnd, end: $0.end, bytes: bytes)
        }
        for index in spans.indices {
            let line = next!
            next = index + 1 < spans.count
                ? LineAnalysis(index: index + 1, start: spans[index + 1].start, contentEnd: spans[index + 1].contentEnd,
                               end: spans[index + 1].end, bytes: bytes)
                : nil
            analyses.append(line)
            roles.append(.code)
            step(line, next: next)
        }
        if normalContinuation, let first = pendingStart, let last = analyses.last {
            let offset = last.sourceOffset(max(last.stripStart, last.stripEnd - 1))
            diagnose(
                "continuation-at-eof", .warning, SourceRange(offset, offset + 1),
                "the continuation that starts on line \(first + 1) runs into the end of the file",
                notes: [DiagnosticNote("the reference runs what was collected so far as one statement")])
        }
        if !continuation.isEmpty {
            runContinuation(current: nil, at: spans.count - 1, template: false)
        }
        buildTree()
    }

    // MARK: - The loop body, one physical line

    private mutating func step(_ line: LineAnalysis, next: LineAnalysis?) {
        let strip = line.strip
        if strip.elementsEqual(Self.resetLineno) {
            counter = -1
            roles[line.index] = .resetLineNumber
            return
        }
        let endsWithContinuation = strip.last == Self.backslash
        let nextStartsWithDash = next.map { nextLine in
            let raw = bytes[nextLine.start..<nextLine.contentEnd]
            let stripped = PythonText.strip(bytes, raw.startIndex..<raw.endIndex, trailing: false)
            return !stripped.isEmpty && bytes[stripped.lowerBound] == Self.dash
        } ?? false
        counter += 1

        if strip.isEmpty && !templateContinuation {
            roles[line.index] = .blank
            if !continuation.isEmpty, let last = lastLine, last.first == Self.dash, last.last != Self.backslash {
                runContinuation(current: nil, at: line.index, template: false)
            }
        } else if strip.first == Self.hash && !templateContinuation {
            roles[line.index] = checkVersion(line) ? .versionPragma : .comment
        } else if strip.first == Self.brace && !templateContinuation && !normalContinuation {
            roles[line.index] = .template
            checker.reset()
            templateStart = counter
            blockOpenedAt = (line.index, line.sourceOffset(line.stripStart))
            if pendingStart == nil { pendingStart = line.index }
            guard feedChecker(line) else { return }
            finishTemplateLine(
                line, isLast: next == nil, blockStartsWithBraces: strip.starts(with: [Self.brace, Self.brace]),
                inBlock: false, endsWithContinuation: endsWithContinuation, nextStartsWithDash: nextStartsWithDash)
        } else if !templateContinuation && (endsWithContinuation || nextStartsWithDash) {
            startOrAppend(line, endsWithContinuation: endsWithContinuation, nextStartsWithDash: nextStartsWithDash)
        } else if templateContinuation {
            roles[line.index] = .template
            guard feedChecker(line) else { return }
            finishTemplateLine(
                line, isLast: next == nil, blockStartsWithBraces: continuation.bytes.starts(with: [Self.brace, Self.brace]),
                inBlock: true, endsWithContinuation: endsWithContinuation, nextStartsWithDash: nextStartsWithDash)
        } else {
            runContinuation(current: (line, line.stripStart..<line.stripEnd), at: line.index, template: false)
        }
        lastLine = strip
    }

    /// After a template line has been fed: completes the block once it is balanced (or the file
    /// ends), else collects the raw line. A block whose text starts with `{{` and whose last line
    /// continues becomes an ordinary continuation instead.
    private mutating func finishTemplateLine(
        _ line: LineAnalysis, isLast: Bool, blockStartsWithBraces: Bool, inBlock: Bool, endsWithContinuation: Bool,
        nextStartsWithDash: Bool
    ) {
        guard checker.isBalanced || isLast else {
            continuation.appendRaw(line, bytes)
            templateContinuation = true
            return
        }
        if !checker.isBalanced { reportUnclosed(at: line) }
        templateEnd = counter
        if blockStartsWithBraces && (endsWithContinuation || nextStartsWithDash) {
            templateContinuation = false
            startOrAppend(line, endsWithContinuation: endsWithContinuation, nextStartsWithDash: nextStartsWithDash)
        } else {
            runContinuation(current: (line, 0..<line.stripEnd), at: line.index, template: inBlock)
        }
    }

    /// Feeds a template line to the balance checker; on a lexing error the reference stops the
    /// script here, which becomes a statement carrying that error.
    private mutating func feedChecker(_ line: LineAnalysis) -> Bool {
        let failure: JinjaBalanceChecker.LexError? = line.text.withUnsafeBufferPointer { text in
            let buffer = UnsafeBufferPointer(rebasing: text[line.stripStart..<line.stripEnd])
            do throws(JinjaBalanceChecker.LexError) {
                try checker.put(buffer, lineIndex: line.index)
                return nil
            } catch {
                return error
            }
        }
        if let error = failure {
            let offset = line.sourceOffset(line.stripStart + error.offset)
            let diagnostic = Diagnostic(
                DiagnosticID("template", "syntax"), .error, SourceRange(offset, offset + 1),
                "Template Syntax Error: \(error.message)")
            diagnostics.append(diagnostic)
            emit(kind: .templateBlock, text: LogicalBuilder(), at: line.index, halt: diagnostic)
            continuation.reset()
            templateContinuation = false
            normalContinuation = false
            lastLine = line.strip
            return false
        }
        reportMismatches(line)
        return true
    }

    private mutating func startOrAppend(_ line: LineAnalysis, endsWithContinuation: Bool, nextStartsWithDash: Bool) {
        normalContinuation = true
        if pendingStart == nil { pendingStart = line.index }
        let startsWithDash = line.strip.first == Self.dash
        var end = line.stripEnd
        if endsWithContinuation { end -= 1 }
        if !((endsWithContinuation && !startsWithDash) || (nextStartsWithDash && !startsWithDash)) {
            continuation.appendSpace()
        }
        continuation.append(line, line.stripStart..<end)
    }

    private mutating func runContinuation(current: (LineAnalysis, Range<Int>)?, at lineIndex: Int, template: Bool) {
        let lastDash = lastLine?.first == Self.dash
        let lastContinues = lastLine?.last == Self.backslash
        var text = continuation
        let currentText = current.map { $0.0.text[$0.1] } ?? []
        if !template && (currentText.first == Self.dash || (lastDash && !lastContinues)) {
            text.appendSpace()
        }
        if let (line, range) = current { text.append(line, range) }
        continuation.reset()
        templateContinuation = false
        normalContinuation = false
        emit(kind: nil, text: text, at: lineIndex, halt: nil)
    }

    // MARK: - Statements

    /// Completed statements with the physical lines each spans, in order.
    var statementLines: [(ClosedRange<Int>, Statement)] = []

    private mutating func emit(kind: StatementKind?, text: LogicalBuilder, at lineIndex: Int, halt: Diagnostic?) {
        var builder = text
        let stripped = PythonText.strip(builder.bytes)
        let leadingDrop = stripped.startIndex
        builder.map.dropFirst(leadingDrop)
        let logicalBytes = Array(stripped)
        let logical = String(decoding: logicalBytes, as: UTF8.self)
        let resolvedKind = kind ?? Self.dispatch(logicalBytes)
        let first = pendingStart ?? lineIndex
        pendingStart = nil
        var directive: DirectiveName? = nil
        if resolvedKind == .directive {
            directive = directiveName(logicalBytes, builder.map)
        }
        let statement = Statement(
            kind: resolvedKind, lines: first...lineIndex, logicalText: logical, sourceMap: builder.map,
            reportedLine: counter, executionLine: lineIndex + 1, directive: directive,
            templateLines: resolvedKind == .templateBlock ? (templateStart, templateEnd) : nil,
            haltError: halt)
        statementLines.append((first...lineIndex, statement))
        if resolvedKind == .templateBlock, halt == nil { checkTemplateBlock(statement, logicalBytes) }
    }

    /// The reference's dispatch: built-in prefixes, then `{`, then any other backslash name.
    static func dispatch(_ text: [UInt8]) -> StatementKind {
        guard let first = text.first else { return .invocation }
        if first == backslash { return .directive }
        if first == brace { return .templateBlock }
        return .invocation
    }

    /// `line.split(None, 1)[0]`: the text up to the first whitespace.
    private mutating func directiveName(_ text: [UInt8], _ map: SourceMap) -> DirectiveName {
        var end = 0
        text.withUnsafeBufferPointer { buffer in
            while end < buffer.count && PythonText.spaceLength(in: buffer, at: end) == 0 {
                end += PythonText.scalar(in: buffer, at: end).length
            }
        }
        let name = String(decoding: text[0..<end], as: UTF8.self)
        let range = SourceRange(map.sourceOffset(0), map.sourceOffset(max(0, end - 1)) + 1)
        let dispatched = DirectiveCatalogue.prefixMatch(name) ?? name
        let directive = DirectiveName(text: name, range: range, dispatchedName: dispatched)
        if name == DirectiveCatalogue.resetLineCounter {
            // the line loop handles a line that is exactly `\reset_lineno`; anything else
            // reaches the directive table, which does not have it
            diagnose(
                "unknown-directive", .error, range,
                "'\\reset_lineno' must stand alone on its line; with arguments it is an unknown directive")
        } else if DirectiveCatalogue.prefixMatch(name) == nil && !DirectiveCatalogue.contains(name) {
            let suggestions = DirectiveCatalogue.suggestions(for: name)
            let hint = suggestions.isEmpty ? "" : "; did you mean \(suggestions.map { "'\($0)'" }.joined(separator: " or "))?"
            diagnose(
                "unknown-directive", .error, range, "unknown directive '\(name)'\(hint)",
                fixIts: suggestions.prefix(1).map { FixIt(range: range, replacement: $0) })
        } else if dispatched != name {
            diagnose(
                "prefix-dispatch", .warning, range,
                "'\(name)' runs as '\(dispatched)': built-in directives are matched by prefix",
                fixIts: [FixIt(range: SourceRange(range.lowerBound, range.lowerBound + dispatched.utf8.count), replacement: dispatched)])
        }
        return directive
    }
}
