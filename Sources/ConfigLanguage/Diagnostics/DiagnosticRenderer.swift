import Templating

/// Renders diagnostics as `FILE:LINE:COL: error: message`, the source line, and a caret line.
///
/// The same text is shown by `dgenerate --check`, the runtime and the REPL.
public enum DiagnosticRenderer {
    /// Renders one diagnostic with its notes.
    /// - Parameters:
    ///   - diagnostic: what to render.
    ///   - source: the text its ranges point into.
    public static func render(_ diagnostic: Diagnostic, in source: SourceText) -> String {
        var out = header(diagnostic.severity.rawValue, diagnostic.message, diagnostic.range, source)
        out += excerpt(diagnostic.range, source)
        for note in diagnostic.notes {
            if let range = note.range {
                out += header("note", note.message, range, source)
                out += excerpt(range, source)
            } else {
                out += "note: \(note.message)\n"
            }
        }
        return out
    }

    private static func header(_ kind: String, _ message: String, _ range: SourceRange, _ source: SourceText) -> String {
        let (line, column) = source.lineTable.location(of: range.lowerBound, in: source.bytes)
        return "\(source.name):\(line):\(column): \(kind): \(message)\n"
    }

    /// The source line holding the start of `range`, then a caret under its first character and
    /// tildes under the rest of it that lies on the same line.
    private static func excerpt(_ range: SourceRange, _ source: SourceText) -> String {
        let bytes = source.bytes
        let lineIndex = source.lineTable.lineIndex(of: range.lowerBound)
        let start = source.lineTable.lineStarts[lineIndex]
        var end = start
        while end < bytes.count && bytes[end] != 0x0A && bytes[end] != 0x0D { end += 1 }
        let lineText = String(decoding: bytes[start..<end], as: UTF8.self)
        let caretStart = min(max(start, range.lowerBound), end)
        let caretEnd = min(max(caretStart, range.upperBound), end)
        let before = String(decoding: bytes[start..<caretStart], as: UTF8.self)
        let under = String(decoding: bytes[caretStart..<caretEnd], as: UTF8.self)
        var marker = ""
        for scalar in before.unicodeScalars {
            marker += scalar == "\t" ? "\t" : String(repeating: " ", count: DisplayWidth.of(scalar))
        }
        marker += "^"
        let underWidth = under.unicodeScalars.reduce(0) { $0 + DisplayWidth.of($1) }
        if underWidth > 1 { marker += String(repeating: "~", count: underWidth - 1) }
        return lineText + "\n" + marker + "\n"
    }
}

/// How many terminal columns a scalar takes: 0 for combining marks, 2 for wide East Asian
/// characters and emoji, else 1.
enum DisplayWidth {
    static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
            || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
            || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
            || (0xFFE0...0xFFE6).contains(value) || (0x1F300...0x1FAFF).contains(value)
            || (0x20000...0x3FFFD).contains(value)
        {
            return 2
        }
        return 1
    }
}
