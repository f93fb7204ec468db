import Templating
import ConfigLanguage

/// Runs a template block's rendering as the reference does: its renderer is a generator of lines
/// that the line loop reads one line ahead, so each line runs as soon as the line after it has
/// rendered, before the rest of the block renders. A template function therefore sees what
/// earlier lines of the same block did (`cwd()` after `\cd`), and when rendering fails part-way
/// the lines before the failure have run.
///
/// Statements are found by the script parser over a window of lines: from the first line of the
/// statement still open to the newest line. A step of the line loop is final once the line
/// after it is known; the statements that final steps complete run, and the window then starts
/// after the last of them.
final class RenderedLineRunner {
    unowned let runtime: ScriptRuntime
    /// Rendered bytes not yet ended by a newline.
    private var partial: [UInt8] = []
    /// Complete lines, each with its newline, from the first line of the open statement on.
    private var window: [[UInt8]] = []
    /// The index in the rendering of `window`'s first line.
    private var windowStart = 0
    /// The reference's line counter before `window`'s first line.
    private var counterBeforeWindow = -1
    /// The line counter after the last final step: the line a render error reports.
    private var counterAfterFinalSteps = -1
    /// What running a line threw, carried out through the renderer.
    private var failure: ScriptRuntime.Failure?
    /// The line numbers that final steps of a template block not yet complete have set: the
    /// reference sets a block's start line when it meets the `{` line, and its end line when the
    /// block balances, so a render error before the block runs reports those.
    private var openBlockStart: Int?
    private var openBlockEnd: Int?

    init(runtime: ScriptRuntime) {
        self.runtime = runtime
    }

    /// Renders `block` and runs its lines. Errors are worded as the reference's `run_file`
    /// words them inside a template block.
    func run(_ block: String) throws(ScriptRuntime.Failure) {
        do throws(TemplateError) {
            try runtime.templates.render(block, symbols: runtime.symbolVariables) { (piece) throws(TemplateError) in
                try self.receive(piece)
            }
        } catch {
            if let failure { throw failure }
            runtime.currentLine = counterAfterFinalSteps
            if let openBlockStart { runtime.templateBlockStart = openBlockStart }
            if let openBlockEnd { runtime.templateBlockEnd = openBlockEnd }
            var failure = ScriptError("Template Render Error: " + PythonSplitting.strip(error.message))
            failure.templateLine = error.line
            throw runtime.wordedForFile(.raised(failure))
        }
        // the generator's last line is what it holds when rendering ends; every step is final
        if !partial.isEmpty {
            window.append(partial)
            partial = []
        }
        do throws(ScriptRuntime.Failure) {
            try runFinalSteps(atEnd: true)
        } catch {
            throw runtime.wordedForFile(error)
        }
    }

    /// A piece of output: complete lines join the window, and the steps they make final run.
    private func receive(_ piece: String) throws(TemplateError) {
        var scanFrom = partial.count
        partial.append(contentsOf: piece.utf8)
        var lineStart = 0
        while let newline = partial[scanFrom...].firstIndex(of: 0x0A) {
            window.append(Array(partial[lineStart...newline]))
            lineStart = newline + 1
            scanFrom = lineStart
        }
        guard lineStart > 0 else { return }
        partial.removeFirst(lineStart)
        do throws(ScriptRuntime.Failure) {
            try runFinalSteps(atEnd: false)
        } catch {
            failure = runtime.wordedForFile(error)
            // ends the render; `run` throws `failure` instead
            throw TemplateError("StopRendering", "")
        }
    }

    /// Parses the window and runs the statements that final steps complete.
    private func runFinalSteps(atEnd: Bool) throws(ScriptRuntime.Failure) {
        // the newest line's step waits for the line after it, unless there is none
        let finalCount = atEnd ? window.count : window.count - 1
        guard finalCount > 0 else { return }
        let syntax = ScriptParser.parse(
            SourceText(name: "<template>", bytes: Array(window.joined())), lineCounterStart: counterBeforeWindow,
            newlinesOnly: true)
        let counters = syntax.lineCounters(from: counterBeforeWindow, lines: finalCount)
        counterAfterFinalSteps = counters[finalCount - 1]
        let cut = lastClosedStep(syntax, before: finalCount)
        noteOpenBlock(syntax, counters: counters, after: cut ?? -1)
        guard let cut else { return }
        for item in syntax.items {
            guard Self.step(of: item) <= cut else { break }
            try runtime.runItem(item, in: syntax, lineIndexOffset: windowStart)
        }
        window.removeFirst(cut + 1)
        windowStart += cut + 1
        counterBeforeWindow = counters[cut]
    }

    /// Finds the statement still open after the final steps: when it is a template block whose
    /// `{` line (and maybe its balancing line) is among them, the line numbers the reference has
    /// set for it.
    private func noteOpenBlock(_ syntax: ScriptSyntax, counters: [Int], after cut: Int) {
        openBlockStart = nil
        openBlockEnd = nil
        for item in syntax.items {
            guard case .statement(let statement) = item, statement.lines.lowerBound > cut,
                  statement.lines.lowerBound < counters.count,
                  syntax.lines[statement.lines.lowerBound].role == .template,
                  let (start, end) = statement.templateLines else { continue }
            openBlockStart = start
            if counters[statement.lines.lowerBound...].contains(end) { openBlockEnd = end }
            return
        }
    }

    /// The last of the first `count` steps after which no statement is open, if any.
    private func lastClosedStep(_ syntax: ScriptSyntax, before count: Int) -> Int? {
        var open = [Bool](repeating: false, count: count)
        for item in syntax.items {
            guard case .statement(let statement) = item, statement.lines.lowerBound < count else { continue }
            for index in statement.lines.lowerBound..<min(statement.lines.upperBound, count) { open[index] = true }
        }
        return open.lastIndex(of: false)
    }

    /// The line loop's step that completes `item`: a statement's last line, or the trivia line.
    private static func step(of item: ScriptItem) -> Int {
        switch item {
        case .trivia(let line): return line.index
        case .statement(let statement): return statement.lines.upperBound
        }
    }
}
