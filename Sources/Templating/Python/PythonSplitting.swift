/// Python's `str.split()` and `str.isidentifier()`, which the reference applies to directive
/// lines before anything else.
package enum PythonSplitting {
    /// Python's `str.isspace`, the script layer's table.
    package static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        PythonText.isSpace(scalar.value)
    }

    /// `text.split(None, maxSplit)`: runs of whitespace separate, leading whitespace is dropped,
    /// and after `maxSplit` splits the rest is one piece (its trailing whitespace kept).
    package static func split(_ text: String, maxSplit: Int = Int.max) -> [String] {
        var pieces: [String] = []
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            while index < scalars.endIndex && isSpace(scalars[index]) { index = scalars.index(after: index) }
            guard index < scalars.endIndex else { break }
            if pieces.count == maxSplit {
                // the remainder keeps its trailing white space, as in Python
                pieces.append(String(scalars[index...]))
                break
            }
            let start = index
            while index < scalars.endIndex && !isSpace(scalars[index]) { index = scalars.index(after: index) }
            pieces.append(String(scalars[start..<index]))
        }
        return pieces
    }

    /// `text.strip()`.
    package static func strip(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[first...last])
    }

    /// `text.isidentifier()`.
    package static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first else { return false }
        guard first == "_" || first.properties.isXIDStart else { return false }
        return text.unicodeScalars.dropFirst().allSatisfy { $0 == "_" || $0.properties.isXIDContinue }
    }
}
