/// A half-open range of UTF-8 byte offsets into a script's source text.
///
/// Positions are always UTF-8 byte offsets; line/column pairs are computed on demand by
/// `LineTable`, and UTF-16 appears only at the language server's edge.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    /// Offset of the first byte.
    public var lowerBound: Int
    /// Offset one past the last byte.
    public var upperBound: Int

    /// - Parameters:
    ///   - lowerBound: offset of the first byte.
    ///   - upperBound: offset one past the last byte; clamped to be at least `lowerBound`.
    public init(_ lowerBound: Int, _ upperBound: Int) {
        self.lowerBound = lowerBound
        self.upperBound = max(lowerBound, upperBound)
    }

    /// An empty range at `offset`.
    public static func at(_ offset: Int) -> SourceRange { SourceRange(offset, offset) }

    /// Number of bytes covered.
    public var count: Int { upperBound - lowerBound }
    public var isEmpty: Bool { lowerBound == upperBound }

    public func contains(_ offset: Int) -> Bool { offset >= lowerBound && offset < upperBound }

    public var description: String { "\(lowerBound)..<\(upperBound)" }
}
