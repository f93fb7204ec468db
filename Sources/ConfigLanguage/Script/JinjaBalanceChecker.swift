import Templating

/// Decides where a template block ends: the line loop feeds it one stripped line at a time and
/// the block is complete once it is balanced.
///
/// This follows the reference's incremental use of Jinja2's lexer (default environment): the
/// lexer state must be back at its root, brackets inside tags must balance, and every
/// `if/for/block/macro/filter/call` must be closed by its `end*` tag. Lines are fed without
/// their newline, so a tag or comment may span lines only where the lexer would accept the
/// lines glued together. An end tag that matches nothing on the stack empties the stack down to
/// the first match (or completely), as the reference does; those are reported as mismatches.
struct JinjaBalanceChecker {
    /// A block tag that is still open.
    struct OpenBlock: Equatable {
        var name: String
        var lineIndex: Int
        var offset: Int  // byte offset of the tag's name within its fed line
    }

    /// An end tag that did not close the innermost open block.
    struct Mismatch: Equatable {
        var endName: String
        var innermost: OpenBlock?
        var lineIndex: Int
        var offset: Int
    }

    /// A lexing error; `message` is Jinja2's wording.
    struct LexError: Error, Equatable {
        var message: String
        var lineIndex: Int
        var offset: Int
    }

    enum LexState { case root, comment, block, variable, raw }
    enum Token { case blockBegin, name, blockEnd, other }

    var states: [LexState] = [.root]
    var brackets = BracketBalance()
    var tokenStack: [Token] = []
    var currentName: (name: String, lineIndex: Int, offset: Int)? = nil
    var openBlocks: [OpenBlock] = []
    var mismatches: [Mismatch] = []

    static let startTags: Set<String> = ["if", "for", "block", "macro", "filter", "call"]
    static let endTags: Set<String> = ["endif", "endfor", "endblock", "endmacro", "endfilter", "endcall"]

    var isBalanced: Bool { states.count == 1 && tokenStack.isEmpty && openBlocks.isEmpty }

    /// Lexes one more line.
    mutating func put(_ line: UnsafeBufferPointer<UInt8>, lineIndex: Int) throws(LexError) {
        var lexer = Lexer(bytes: line)
        while lexer.position < line.count {
            let state = states[states.count - 1]
            switch state {
            case .root:
                if let tag = lexer.findRootTag() {
                    lexer.position = tag.end
                    switch tag.kind {
                    case .raw: states.append(.raw)
                    case .variable: states.append(.variable)
                    case .comment: states.append(.comment)
                    case .block:
                        states.append(.block)
                        token(.blockBegin, lineIndex: lineIndex, at: tag.start)
                    }
                } else {
                    lexer.position = line.count
                }
            case .comment:
                if let end = lexer.findCommentEnd() {
                    lexer.position = end
                    states.removeLast()
                } else {
                    throw LexError(message: "Missing end of comment tag", lineIndex: lineIndex, offset: lexer.position)
                }
            case .raw:
                if let end = lexer.findRawEnd() {
                    lexer.position = end
                    states.removeLast()
                } else {
                    throw LexError(message: "Missing end of raw directive", lineIndex: lineIndex, offset: lexer.position)
                }
            case .block, .variable:
                let start = lexer.position
                if brackets.isEmpty, let end = state == .block ? lexer.matchBlockEnd() : lexer.matchVariableEnd() {
                    lexer.position = end
                    states.removeLast()
                    if state == .block { token(.blockEnd, lineIndex: lineIndex, at: start) }
                } else if let end = lexer.matchWhitespace() {
                    lexer.position = end
                } else if let end = lexer.matchFloat() ?? lexer.matchInteger() {
                    lexer.position = end
                    token(.other, lineIndex: lineIndex, at: start)
                } else if let end = lexer.matchName() {
                    lexer.position = end
                    token(.name, lineIndex: lineIndex, at: start, text: lexer.text(start..<end))
                } else if let end = lexer.matchString() {
                    lexer.position = end
                    token(.other, lineIndex: lineIndex, at: start)
                } else if let end = lexer.matchOperator() {
                    lexer.position = end
                    try balance(operator: line[start], lineIndex: lineIndex, at: start)
                    token(.other, lineIndex: lineIndex, at: start)
                } else {
                    let character = lexer.characterRepr(at: start)
                    throw LexError(
                        message: "unexpected char \(character) at \(lexer.characterIndex(of: start))",
                        lineIndex: lineIndex, offset: start)
                }
            }
        }
    }

    private mutating func balance(operator byte: UInt8, lineIndex: Int, at offset: Int) throws(LexError) {
        if let message = brackets.feed(byte) { throw LexError(message: message, lineIndex: lineIndex, offset: offset) }
    }

    /// The reference's tag recognition: a name right after `{%` names the tag, and `%}` after
    /// such a name completes it.
    private mutating func token(_ kind: Token, lineIndex: Int, at offset: Int, text: String = "") {
        switch kind {
        case .blockBegin:
            tokenStack.append(.blockBegin)
        case .name:
            if tokenStack.last == .blockBegin {
                currentName = (text, lineIndex, offset)
                tokenStack.append(.name)
            }
        case .blockEnd:
            if tokenStack.last == .name {
                endTag()
                tokenStack.removeAll()
            }
        case .other:
            break
        }
    }

    private mutating func endTag() {
        guard let (name, lineIndex, offset) = currentName, !name.isEmpty else { return }
        if Self.endTags.contains(name) {
            let start = String(name.dropFirst(3))
            if openBlocks.last?.name != start {
                mismatches.append(Mismatch(endName: name, innermost: openBlocks.last, lineIndex: lineIndex, offset: offset))
            }
            while let last = openBlocks.last, last.name != start { openBlocks.removeLast() }
            if !openBlocks.isEmpty { openBlocks.removeLast() }
        } else if Self.startTags.contains(name) {
            openBlocks.append(OpenBlock(name: name, lineIndex: lineIndex, offset: offset))
        }
    }
}

extension JinjaBalanceChecker {
    /// Back to the initial state, keeping the storage for the next block.
    mutating func reset() {
        states.removeAll(keepingCapacity: true)
        states.append(.root)
        brackets.reset()
        tokenStack.removeAll(keepingCapacity: true)
        currentName = nil
        openBlocks.removeAll(keepingCapacity: true)
        mismatches.removeAll(keepingCapacity: true)
    }

    /// The mismatches seen since the last call.
    mutating func takeMismatches() -> [Mismatch] {
        defer { mismatches.removeAll() }
        return mismatches
    }
}
