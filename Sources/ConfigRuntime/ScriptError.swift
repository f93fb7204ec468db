import Templating
import ConfigLanguage

/// An error that stops a script, worded as the reference words it.
///
/// `message` is the text of the reference's `BatchProcessError` at the point it is raised;
/// the runtime wraps it as the reference does (`Error on line N:` and, inside template blocks,
/// `Error inside template continuation from line S to line E:`), so that the final text the
/// command line prints after `Config Error: ` is byte-identical.
public struct ScriptError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// The statement's 1-based physical line in the file that was run, for our own location.
    public var physicalLine: Int?
    /// The byte range in the file that was run, when known (for a caret).
    public var range: SourceRange?
    /// Where in the statement's logical text it happened, until the line loop maps it to `range`.
    var logicalRange: Range<Int>?
    /// The 1-based line of the failing statement's template it came from, for errors inside a
    /// template block, until the line loop maps it to `range`.
    var templateLine: Int?

    /// The 1-based line and column (in Unicode scalars) where it happened in `source`, when known.
    public func location(in source: SourceText) -> (line: Int, column: Int)? {
        guard let range else { return physicalLine.map { ($0, 1) } }
        let (line, column) = source.lineTable.location(of: range.lowerBound, in: source.bytes)
        return (line, column)
    }

    /// Set by `\exit`: not an error, the status the process exits with.
    public var exitCode: Int32? = nil

    public static func exit(_ code: Int32) -> ScriptError {
        var error = ScriptError("exit")
        error.exitCode = code
        return error
    }

    public init(_ message: String, physicalLine: Int? = nil, range: SourceRange? = nil) {
        self.message = message
        self.physicalLine = physicalLine
        self.range = range
    }

    public var description: String { message }
}

/// How a script run ends, other than by running to its end.
public enum ScriptStop: Error, Sendable {
    /// An error: the message printed after `Config Error: `.
    case error(ScriptError)
    /// `\exit N`: the process exits with `N`.
    case exit(Int32)
}
