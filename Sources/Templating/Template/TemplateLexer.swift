import BigInt

/// Jinja2's lexer for the default environment: data, `{{ }}`, `{% %}`, `{# #}`, `{% raw %}`,
/// whitespace control, and the tokens inside tags. Errors are Jinja2's.
struct TemplateLexer {
    /// Jinja2 normalises line breaks to `\n` and drops one trailing newline before lexing.
    package static func normalize(_ source: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(source.utf8.count)
        var previousCR = false
        for byte in source.utf8 {
            if byte == 0x0D {
                out.append(0x0A)
                previousCR = true
                continue
            }
            if byte == 0x0A && previousCR {
                previousCR = false
                continue
            }
            previousCR = false
            out.append(byte)
        }
        if out.last == 0x0A { out.removeLast() }
        return out
    }

    private enum State { case root, comment, block, variable, raw }

    static func tokenize(_ bytes: [UInt8]) throws(TemplateError) -> [TemplateToken] {
        var tokens: [TemplateToken] = []
        var line = 1
        var states: [State] = [.root]
        var balancing = BracketBalance()
        let result: TemplateError? = bytes.withUnsafeBufferPointer { buffer in
            var lexer = Lexer(bytes: buffer)
            func newlines(_ range: Range<Int>) -> Int {
                var count = 0
                for index in range where buffer[index] == 0x0A { count += 1 }
                return count
            }
            func emitData(_ start: Int, _ end: Int, strip: Bool) {
                var upper = end
                if strip { upper = PythonText.strip(buffer, start..<end, leading: false).upperBound }
                if upper > start {
                    tokens.append(TemplateToken(
                        kind: .data, text: String(decoding: buffer[start..<upper], as: UTF8.self), line: line,
                        range: SourceRange(start, upper)))
                }
                line += newlines(start..<end)
            }
            while lexer.position < buffer.count {
                let position = lexer.position
                switch states[states.count - 1] {
                case .root:
                    guard let tag = lexer.findRootTag() else {
                        emitData(position, buffer.count, strip: false)
                        lexer.position = buffer.count
                        continue
                    }
                    let signIndex = tag.start + 2
                    let strip = signIndex < buffer.count && buffer[signIndex] == UInt8(ascii: "-")
                    emitData(position, tag.start, strip: strip)
                    line += newlines(tag.start..<tag.end)
                    lexer.position = tag.end
                    switch tag.kind {
                    case .variable:
                        tokens.append(TemplateToken(kind: .variableBegin, line: line, range: SourceRange(tag.start, tag.end)))
                        states.append(.variable)
                    case .block:
                        tokens.append(TemplateToken(kind: .blockBegin, line: line, range: SourceRange(tag.start, tag.end)))
                        states.append(.block)
                    case .comment: states.append(.comment)
                    case .raw: states.append(.raw)
                    }
                case .comment:
                    guard let end = lexer.findCommentEnd() else {
                        return .syntax("Missing end of comment tag", line: line, range: .at(position))
                    }
                    line += newlines(position..<end)
                    lexer.position = end
                    states.removeLast()
                case .raw:
                    guard let end = lexer.findRawEndTag() else {
                        return .syntax("Missing end of raw directive", line: line, range: .at(position))
                    }
                    emitData(position, end.tagStart, strip: end.stripBefore)
                    line += newlines(end.tagStart..<end.end)
                    lexer.position = end.end
                    states.removeLast()
                case .block, .variable:
                    let isBlock = states[states.count - 1] == .block
                    if balancing.isEmpty, let end = isBlock ? lexer.matchBlockEnd() : lexer.matchVariableEnd() {
                        tokens.append(TemplateToken(kind: isBlock ? .blockEnd : .variableEnd, line: line, range: SourceRange(position, end)))
                        line += newlines(position..<end)
                        lexer.position = end
                        states.removeLast()
                    } else if let end = lexer.matchWhitespace() {
                        line += newlines(position..<end)
                        lexer.position = end
                    } else if let end = lexer.matchFloat() {
                        let text = String(decoding: buffer[position..<end], as: UTF8.self).replacingOccurrences(of: "_", with: "")
                        tokens.append(TemplateToken(kind: .float, number: .float(Double(text) ?? .nan), line: line, range: SourceRange(position, end)))
                        lexer.position = end
                    } else if let end = lexer.matchInteger() {
                        let text = String(decoding: buffer[position..<end], as: UTF8.self).replacingOccurrences(of: "_", with: "")
                        tokens.append(TemplateToken(kind: .integer, number: Self.integer(text), line: line, range: SourceRange(position, end)))
                        lexer.position = end
                    } else if let end = lexer.matchName() {
                        tokens.append(TemplateToken(kind: .name, text: String(decoding: buffer[position..<end], as: UTF8.self), line: line, range: SourceRange(position, end)))
                        lexer.position = end
                    } else if let end = lexer.matchString() {
                        let inner = String(decoding: buffer[(position + 1)..<(end - 1)], as: UTF8.self)
                        let value: String
                        do throws(TemplateError) {
                            value = try Self.unescape(inner, line: line)
                        } catch {
                            return error
                        }
                        tokens.append(TemplateToken(kind: .string, text: value, line: line, range: SourceRange(position, end)))
                        line += newlines(position..<end)
                        lexer.position = end
                    } else if let end = lexer.matchOperator() {
                        let text = String(decoding: buffer[position..<end], as: UTF8.self)
                        if let message = balancing.feed(buffer[position]) {
                            return .syntax(message, line: line, range: SourceRange(position, end))
                        }
                        tokens.append(TemplateToken(kind: TemplateToken.Kind.operators[text]!, line: line, range: SourceRange(position, end)))
                        lexer.position = end
                    } else {
                        return .syntax(
                            "unexpected char \(lexer.characterRepr(at: position)) at \(lexer.characterIndex(of: position))",
                            line: line, range: SourceRange(position, position + 1))
                    }
                }
            }
            return nil
        }
        if let result { throw result }
        // Jinja2's end-of-template token carries the line where the last token started
        tokens.append(TemplateToken(kind: .eof, line: tokens.last?.line ?? 1, range: .at(bytes.count)))
        return tokens
    }

    /// `int(text, 0)` for Jinja's integer literals.
    package static func integer(_ text: String) -> Value {
        let lower = text.lowercased()
        var radix = 10
        var digits = Substring(lower)
        if lower.hasPrefix("0b") { radix = 2; digits = digits.dropFirst(2) }
        else if lower.hasPrefix("0o") { radix = 8; digits = digits.dropFirst(2) }
        else if lower.hasPrefix("0x") { radix = 16; digits = digits.dropFirst(2) }
        if let small = Int(digits, radix: radix) { return .int(small) }
        return .integer(BigInt(digits, radix: radix) ?? 0)
    }

    /// Python's `unicode-escape` decoding of a string literal's body.
    static func unescape(_ text: String, line: Int) throws(TemplateError) -> String {
        guard text.contains("\\") else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func hex(_ count: Int, _ name: String) throws(TemplateError) -> Unicode.Scalar {
            guard index + count < scalars.count || index + count == scalars.count,
                  let value = UInt32(String(String.UnicodeScalarView(scalars[index..<min(scalars.count, index + count)])), radix: 16),
                  index + count <= scalars.count
            else {
                throw .syntax("truncated \\\(name) escape", line: line)
            }
            index += count
            guard let scalar = Unicode.Scalar(value) else { throw .syntax("illegal Unicode character", line: line) }
            return scalar
        }
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            guard scalar == "\\", index < scalars.count else {
                if scalar == "\\" { throw .syntax("\\ at end of string", line: line) }
                out.append(scalar)
                continue
            }
            let next = scalars[index]
            index += 1
            switch next {
            case "\n": break
            case "\\": out.append("\\")
            case "'": out.append("'")
            case "\"": out.append("\"")
            case "a": out.append("\u{07}")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "v": out.append("\u{0B}")
            case "x": out.append(try hex(2, "xXX"))
            case "u": out.append(try hex(4, "uXXXX"))
            case "U": out.append(try hex(8, "UXXXXXXXX"))
            case "0"..."7":
                var value = next.value - 48
                var taken = 1
                while taken < 3, index < scalars.count, ("0"..."7").contains(scalars[index]) {
                    value = value * 8 + scalars[index].value - 48
                    index += 1
                    taken += 1
                }
                out.append(Unicode.Scalar(value) ?? "?")
            default:
                out.append("\\")
                out.append(next)
            }
        }
        return String(out)
    }
}
