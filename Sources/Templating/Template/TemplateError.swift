/// An error from compiling or rendering a template, worded as Jinja2 words it.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    /// The Python exception class Jinja2 raises (`TemplateSyntaxError`, `UndefinedError`,
    /// `TypeError`, ...).
    public var kind: String
    public var message: String
    /// 1-based line in the template, when known.
    public var line: Int?
    /// Byte range in the template source, when known.
    public var range: SourceRange?

    public init(_ kind: String, _ message: String, line: Int? = nil, range: SourceRange? = nil) {
        self.kind = kind
        self.message = message
        self.line = line
        self.range = range
    }

    public static func syntax(_ message: String, line: Int, range: SourceRange? = nil) -> TemplateError {
        TemplateError("TemplateSyntaxError", message, line: line, range: range)
    }

    public static func type(_ message: String) -> TemplateError { TemplateError("TypeError", message) }
    public static func value(_ message: String) -> TemplateError { TemplateError("ValueError", message) }
    public static func undefined(_ message: String) -> TemplateError { TemplateError("UndefinedError", message) }

    public var description: String { message }
}
