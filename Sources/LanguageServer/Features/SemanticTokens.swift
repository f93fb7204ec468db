import ScriptAnalysis
import Templating

/// `textDocument/semanticTokens/full` and `/full/delta`: the analysis layer's tokens in LSP's
/// relative encoding,
/// one line at a time (a token over several lines is sent as one piece per line).
enum SemanticTokens {
    /// The token types, in the order their indices refer to.
    static let kinds = SemanticToken.Kind.allCases
    static let legend: [String] = kinds.map { kind in
        switch kind {
        case .directive: "macro"
        case .option: "parameter"
        case .variable: "variable"
        case .function: "function"
        case .filter: "method"
        case .test: "method"
        case .keyword: "keyword"
        case .comment: "comment"
        case .templateDelimiter: "operator"
        }
    }

    /// The tokens in LSP's relative encoding.
    static func encoded(_ request: FeatureRequest) -> [Int] {
        let positions = request.positions
        var data: [Int] = []
        var previous = (line: 0, character: 0)
        for token in request.analysis.semanticTokens() {
            guard let type = kinds.firstIndex(of: token.kind) else { continue }
            for piece in lines(of: token.range, positions) {
                let start = positions.position(piece.lowerBound), end = positions.position(piece.upperBound)
                let length = end.character - start.character
                guard length > 0 else { continue }
                let deltaLine = start.line - previous.line
                let deltaStart = deltaLine == 0 ? start.character - previous.character : start.character
                data += [deltaLine, deltaStart, length, type, 0]
                previous = start
            }
        }
        return data
    }

    /// The one edit that turns `old` into `new`: the differing middle between their common
    /// prefix and suffix (none when they are equal).
    static func edits(from old: [Int], to new: [Int]) -> [JSONValue] {
        var prefix = 0
        while prefix < old.count && prefix < new.count && old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix && suffix < new.count - prefix && old[old.count - 1 - suffix] == new[new.count - 1 - suffix] {
            suffix += 1
        }
        let deleted = old.count - prefix - suffix, inserted = Array(new[prefix..<(new.count - suffix)])
        guard deleted > 0 || !inserted.isEmpty else { return [] }
        return [.object(["start": .int(prefix), "deleteCount": .int(deleted), "data": .array(inserted.map(JSONValue.int))])]
    }

    /// A range cut at its line breaks.
    static func lines(of range: SourceRange, _ positions: PositionMap) -> [SourceRange] {
        var pieces: [SourceRange] = []
        var start = range.lowerBound
        var index = start
        while index < range.upperBound && index < positions.bytes.count {
            let byte = positions.bytes[index]
            if byte == 0x0A || byte == 0x0D {
                if index > start { pieces.append(SourceRange(start, index)) }
                start = index + 1
            }
            index += 1
        }
        if range.upperBound > start { pieces.append(SourceRange(start, min(range.upperBound, positions.bytes.count))) }
        return pieces
    }
}
