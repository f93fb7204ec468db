import Templating
import PythonExpressions

/// The syntax errors the runtime would stop at, found without running anything: templates that
/// do not compile (template blocks, and directive or invocation lines holding `{{`/`{%`),
/// `\setp` expressions that do not parse, and command lines whose quotes do not close. Each
/// message is the one the runtime prints for it.
public enum SyntaxChecks {
    /// A problem found in a statement, in its logical text's coordinates (so that it holds
    /// wherever the statement moves).
    struct Finding {
        var start: Int
        var length: Int
        var message: String
        var name: String
    }

    /// Diagnostics for every statement of `syntax`, in source order. With a `cache`, a
    /// statement checked before (same kind and text) is not checked again: an editor re-checks
    /// only what an edit changed.
    public static func diagnostics(_ syntax: ScriptSyntax, cache: SyntaxCheckCache? = nil) -> [Diagnostic] {
        // compiles as the runtime's environment does (dgenerate's functions are filters too)
        let templates = FunctionCatalogue.compilingEnvironment()
        var found: [Diagnostic] = []
        var checked: [String: Finding?] = [:]
        defer { cache?.results = checked }
        let reported = syntax.diagnostics.filter { $0.severity == .error }.map(\.range.lowerBound)
        for statement in syntax.statements {
            // the runtime stops at a statement the parser already reports; nothing after it runs
            if statement.haltError != nil { break }
            // a statement the parser already reports an error in is not reported twice
            let start = statement.sourceMap.sourceOffset(0)
            let end = statement.sourceMap.sourceOffset(statement.logicalText.utf8.count)
            if reported.contains(where: { $0 >= start && $0 <= end }) { continue }
            let key = "\(statement.kind.rawValue)\u{0}\(statement.directive?.text ?? "")\u{0}\(statement.logicalText)"
            let finding = checked[key] ?? cache?.results[key] ?? check(statement, templates)
            checked[key] = finding
            if let finding { found.append(diagnostic(finding, statement)) }
        }
        return found
    }

    /// A finding placed in the source.
    static func diagnostic(_ finding: Finding, _ statement: Statement) -> Diagnostic {
        let map = statement.sourceMap, count = statement.logicalText.utf8.count
        let start = max(0, min(finding.start, count))
        let offset = map.sourceOffset(start)
        let end = finding.length > 1 ? map.sourceOffset(min(start + finding.length, count) - 1) + 1 : offset + 1
        return Diagnostic(DiagnosticID("script", finding.name), .error, SourceRange(offset, max(offset + 1, end)), finding.message)
    }

    /// The UTF-8 offset where 1-based `line` of `text` starts (0 when unknown).
    static func lineStart(_ line: Int?, in text: String) -> Int {
        guard let line, line > 1 else { return 0 }
        var seen = 1
        for (offset, byte) in text.utf8.enumerated() where byte == UInt8(ascii: "\n") {
            seen += 1
            if seen == line { return offset + 1 }
        }
        return 0
    }

    /// The UTF-8 offset of the quote that is still open at the end of `text` (0 when none).
    static func quoteStart(_ text: String) -> Int { openQuote(in: text) ?? 0 }

    /// The UTF-8 offset of the quote of a command line that is still open at the end of
    /// `text`, as shell words read quotes (a backslash escapes outside quotes and inside double
    /// quotes); nil when every quote closes.
    public static func openQuote(in text: String) -> Int? {
        var open: (quote: UInt8, offset: Int)? = nil
        var escaped = false
        for (offset, byte) in text.utf8.enumerated() {
            if escaped { escaped = false; continue }
            if let current = open {
                if byte == UInt8(ascii: "\\") && current.quote == UInt8(ascii: "\"") { escaped = true } else if byte == current.quote { open = nil }
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                open = (byte, offset)
            }
        }
        return open?.offset
    }

    static func check(_ statement: Statement, _ templates: TemplateEnvironment) -> Finding? {
        let text = statement.logicalText
        func at(_ logical: Int, _ message: String, _ name: String, length: Int = 1) -> Finding {
            Finding(start: logical, length: length, message: message, name: name)
        }
        if statement.kind == .templateBlock || text.contains("{{") || text.contains("{%") {
            do {
                _ = try templates.compile(text)
            } catch {
                let message = "Template Render Error: " + error.message
                if let range = error.range { return at(range.lowerBound, message, "template-syntax") }
                // an unknown filter or test names itself: point at the name where it is used
                if let named = namedUse(error.message, in: text, from: lineStart(error.line, in: text)) {
                    return at(named.lowerBound, message, "template-syntax", length: named.count)
                }
                return at(lineStart(error.line, in: text), message, "template-syntax")
            }
            return nil
        }
        if statement.kind == .directive, statement.directive?.text == "\\setp" {
            let words = PythonSplitting.split(text, maxSplit: 2)
            guard words.count == 3 else { return nil }
            let expression = words[2]
            do {
                _ = try PythonExpressionParser.parse(expression)
            } catch {
                let start = text.utf8.count - expression.utf8.count
                let detail = error.kind == "SyntaxError" ? error.message + " (<unknown>, line 1)" : error.message
                return at(start, "\\setp eval error: \(error.kind): \(detail)", "setp-syntax")
            }
            return nil
        }
        if statement.kind == .invocation {
            var words = ShellWords(environment: { _ in nil }, workingDirectory: "/")
            words.expandHome = false
            words.expandVariables = false
            words.expandGlob = false
            do {
                _ = try words.parse(text)
            } catch {
                return at(quoteStart(text), error.message, "unterminated-quote")
            }
        }
        return nil
    }

    /// Where a template uses the filter or test an error names (`No filter named 'x'.`): the
    /// first `| x` (or `is x`) from `start`, as a logical byte range.
    static func namedUse(_ message: String, in text: String, from start: Int) -> Range<Int>? {
        guard message.hasPrefix("No filter named '") || message.hasPrefix("No test named '"),
              let open = message.firstIndex(of: "'"), let close = message[message.index(after: open)...].firstIndex(of: "'") else { return nil }
        let name = Array(message[message.index(after: open)..<close].utf8)
        let bytes = Array(text.utf8)
        guard !name.isEmpty, start <= bytes.count else { return nil }
        var index = start
        while index + name.count <= bytes.count {
            if Array(bytes[index..<(index + name.count)]) == name {
                var before = index
                while before > 0 && bytes[before - 1] == 0x20 { before -= 1 }
                let afterBar = before > 0 && bytes[before - 1] == UInt8(ascii: "|")
                let afterIs = before >= 2 && bytes[before - 2] == UInt8(ascii: "i") && bytes[before - 1] == UInt8(ascii: "s")
                if afterBar || afterIs { return index..<(index + name.count) }
            }
            index += 1
        }
        return nil
    }
}

/// What `SyntaxChecks` found in each statement of the last script it checked, for an editor to
/// check the next version of the script with: only changed statements are checked again.
public final class SyntaxCheckCache: @unchecked Sendable {
    var results: [String: SyntaxChecks.Finding?] = [:]
    public init() {}
}
