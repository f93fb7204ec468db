import Templating
import PythonExpressions

/// The syntax errors the runtime would stop at, found without running anything: templates that
/// do not compile (template blocks, and directive or invocation lines holding `{{`/`{%`),
/// `\setp` expressions that do not parse, and command lines whose quotes do not close. Each
/// message is the one the runtime prints for it.
public enum SyntaxChecks {
    /// Diagnostics for every statement of `syntax`, in source order.
    public static func diagnostics(_ syntax: ScriptSyntax) -> [Diagnostic] {
        // compiles as the runtime's environment does (dgenerate's functions are filters too)
        let templates = FunctionCatalogue.compilingEnvironment()
        var found: [Diagnostic] = []
        let reported = syntax.diagnostics.filter { $0.severity == .error }.map(\.range.lowerBound)
        for statement in syntax.statements {
            // the runtime stops at a statement the parser already reports; nothing after it runs
            if statement.haltError != nil { break }
            // a statement the parser already reports an error in is not reported twice
            let start = statement.sourceMap.sourceOffset(0)
            let end = statement.sourceMap.sourceOffset(statement.logicalText.utf8.count)
            if reported.contains(where: { $0 >= start && $0 <= end }) { continue }
            if let diagnostic = check(statement, templates) { found.append(diagnostic) }
        }
        return found
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
    static func quoteStart(_ text: String) -> Int {
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
        return open?.offset ?? 0
    }

    static func check(_ statement: Statement, _ templates: TemplateEnvironment) -> Diagnostic? {
        let text = statement.logicalText
        let map = statement.sourceMap
        func at(_ logical: Int, _ message: String, _ name: String) -> Diagnostic {
            let offset = map.sourceOffset(max(0, min(logical, text.utf8.count)))
            return Diagnostic(DiagnosticID("script", name), .error, SourceRange(offset, offset + 1), message)
        }
        if statement.kind == .templateBlock || text.contains("{{") || text.contains("{%") {
            do {
                _ = try templates.compile(text)
            } catch {
                return at(error.range?.lowerBound ?? lineStart(error.line, in: text), "Template Render Error: " + error.message, "template-syntax")
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
}
