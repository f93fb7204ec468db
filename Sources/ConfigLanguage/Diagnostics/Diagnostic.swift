import Templating

/// How serious a diagnostic is.
public enum Severity: String, Sendable, Comparable {
    case note, warning, error

    private var rank: Int { self == .note ? 0 : self == .warning ? 1 : 2 }
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A stable identifier for a kind of diagnostic: a domain and a name, e.g. `script.unknown-directive`.
public struct DiagnosticID: Hashable, Sendable, CustomStringConvertible {
    public let domain: String
    public let name: String
    public init(_ domain: String, _ name: String) {
        self.domain = domain
        self.name = name
    }
    public var description: String { "\(domain).\(name)" }
}

/// A secondary message attached to a diagnostic, optionally pointing elsewhere.
public struct DiagnosticNote: Sendable, Hashable {
    public let message: String
    public let range: SourceRange?
    public init(_ message: String, range: SourceRange? = nil) {
        self.message = message
        self.range = range
    }
}

/// A replacement that fixes a diagnostic.
public struct FixIt: Sendable, Hashable {
    public let range: SourceRange
    public let replacement: String
    public init(range: SourceRange, replacement: String) {
        self.range = range
        self.replacement = replacement
    }
}

/// An error or warning as a value: what went wrong, where, and how to fix it.
///
/// The parser, the runtime, the REPL and the language server all report problems this way, and
/// `DiagnosticRenderer` prints them the same way everywhere.
public struct Diagnostic: Sendable, Hashable {
    public let id: DiagnosticID
    public let severity: Severity
    public let range: SourceRange
    public let message: String
    public let notes: [DiagnosticNote]
    public let fixIts: [FixIt]

    public init(
        _ id: DiagnosticID, _ severity: Severity, _ range: SourceRange, _ message: String,
        notes: [DiagnosticNote] = [], fixIts: [FixIt] = []
    ) {
        self.id = id
        self.severity = severity
        self.range = range
        self.message = message
        self.notes = notes
        self.fixIts = fixIts
    }
}
