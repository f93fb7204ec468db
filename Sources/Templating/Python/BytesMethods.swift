/// The text methods of `bytes` and `bytearray` (`b'ab'.rjust(6)`, `.split(b',')`, `.upper()`), as
/// CPython 3.11 has them: ASCII-only case and classes, ASCII whitespace, bytes-like arguments,
/// and the result of the receiver's own type.
enum BytesMethods {
    /// The method `name` bound to `receiver`, or nil when bytes have none by that name.
    static func method(_ receiver: BytesValue, _ name: String) -> Value? {
        let bytes = receiver.bytes
        let make: @Sendable ([UInt8]) -> Value = { [mutable = receiver.mutable] in .object(BytesValue($0, mutable: mutable)) }
        let typeName = receiver.typeName
        func plain(_ body: @escaping @Sendable () throws(TemplateError) -> Value) -> Value {
            TemplateMethods.method(name) { (arguments) throws(TemplateError) -> Value in
                guard arguments.keywords.isEmpty else { throw .type("\(typeName).\(name)() takes no keyword arguments") }
                guard arguments.positional.isEmpty else {
                    throw .type("\(typeName).\(name)() takes no arguments (\(arguments.positional.count) given)")
                }
                return try body()
            }
        }
        func positional(_ least: Int, _ most: Int, _ body: @escaping @Sendable ([Value]) throws(TemplateError) -> Value) -> Value {
            TemplateMethods.method(name) { (arguments) throws(TemplateError) -> Value in
                guard arguments.keywords.isEmpty else { throw .type("\(name)() takes no keyword arguments") }
                let count = arguments.positional.count
                if count < least {
                    throw .type("\(name) expected at least \(least) argument\(least == 1 ? "" : "s"), got \(count)")
                }
                if count > most {
                    if least == most { throw .type("\(name)() takes exactly one argument (\(count) given)") }
                    throw .type("\(name) expected at most \(most) argument\(most == 1 ? "" : "s"), got \(count)")
                }
                return try body(arguments.positional)
            }
        }
        switch name {
        case "upper": return plain { make(bytes.map(upper)) }
        case "lower": return plain { make(bytes.map(lower)) }
        case "swapcase": return plain { make(bytes.map { isUpper($0) ? lower($0) : upper($0) }) }
        case "capitalize": return plain { make(bytes.enumerated().map { $0.offset == 0 ? upper($0.element) : lower($0.element) }) }
        case "title": return plain { make(title(bytes)) }
        case "isalpha": return plain { .bool(!bytes.isEmpty && bytes.allSatisfy(isLetter)) }
        case "isdigit": return plain { .bool(!bytes.isEmpty && bytes.allSatisfy(isDigit)) }
        case "isalnum": return plain { .bool(!bytes.isEmpty && bytes.allSatisfy { isLetter($0) || isDigit($0) }) }
        case "isspace": return plain { .bool(!bytes.isEmpty && bytes.allSatisfy(isSpace)) }
        case "isascii": return plain { .bool(bytes.allSatisfy { $0 < 0x80 }) }
        case "islower": return plain { .bool(bytes.contains(where: isLower) && !bytes.contains(where: isUpper)) }
        case "isupper": return plain { .bool(bytes.contains(where: isUpper) && !bytes.contains(where: isLower)) }
        case "istitle": return plain { .bool(TemplateMethods.isTitle(bytes, upper: isUpper, lower: isLower)) }
        case "strip", "lstrip", "rstrip":
            return positional(0, 1) { (arguments) throws(TemplateError) -> Value in
                let set = try arguments.first.flatMap { (chars) throws(TemplateError) -> [UInt8]? in
                    chars.isNone ? nil : try bytesLike(chars)
                } ?? whitespace
                var start = 0, end = bytes.count
                if name != "rstrip" { while start < end && set.contains(bytes[start]) { start += 1 } }
                if name != "lstrip" { while end > start && set.contains(bytes[end - 1]) { end -= 1 } }
                return make(Array(bytes[start..<end]))
            }
        case "center", "ljust", "rjust":
            return positional(1, 2) { (arguments) throws(TemplateError) -> Value in
                let width = try index(arguments[0])
                var fill: UInt8 = 0x20
                if arguments.count == 2 {
                    guard case .object(let given as BytesValue) = arguments[1], given.bytes.count == 1 else {
                        throw .type("\(name)() argument 2 must be a byte string of length 1, not \(arguments[1].typeName)")
                    }
                    fill = given.bytes[0]
                }
                return make(try pad(bytes, width: width, fill: fill, mode: name))
            }
        case "zfill":
            return positional(1, 1) { (arguments) throws(TemplateError) -> Value in
                let width = try index(arguments[0])
                guard width > bytes.count else { return make(bytes) }
                try TemplateOperators.checkTextLength(width)
                var out = [UInt8](repeating: 0x30, count: width - bytes.count) + bytes
                if let sign = bytes.first, sign == 0x2B || sign == 0x2D {
                    out[0] = sign
                    out[width - bytes.count] = 0x30
                }
                return make(out)
            }
        case "replace":
            return positional(2, 3) { (arguments) throws(TemplateError) -> Value in
                let old = try bytesLike(arguments[0]), new = try bytesLike(arguments[1])
                let limit = arguments.count == 3 ? try index(arguments[2]) : -1
                return make(try replace(bytes, old, new, limit: limit))
            }
        case "expandtabs":
            return TemplateMethods.method(name) { (arguments) throws(TemplateError) -> Value in
                let bound = try arguments.bind(name, ["tabsize"], [.int(8)])
                return make(try expandTabs(bytes, size: try index(bound[0])))
            }
        case "removeprefix", "removesuffix":
            return positional(1, 1) { (arguments) throws(TemplateError) -> Value in
                let part = try bytesLike(arguments[0])
                if name == "removeprefix" {
                    return make(bytes.starts(with: part) ? Array(bytes.dropFirst(part.count)) : bytes)
                }
                return make(bytes.count >= part.count && Array(bytes.suffix(part.count)) == part ? Array(bytes.dropLast(part.count)) : bytes)
            }
        case "join":
            return positional(1, 1) { (arguments) throws(TemplateError) -> Value in
                var out: [UInt8] = []
                for (position, item) in try TemplateOperators.iterate(arguments[0]).enumerated() {
                    guard case .object(let piece as BytesValue) = item else {
                        throw .type("sequence item \(position): expected a bytes-like object, \(item.typeName) found")
                    }
                    if position > 0 { out += bytes }
                    out += piece.bytes
                    try TemplateOperators.checkTextLength(out.count)
                }
                return make(out)
            }
        case "partition", "rpartition":
            return positional(1, 1) { (arguments) throws(TemplateError) -> Value in
                let separator = try bytesLike(arguments[0])
                guard !separator.isEmpty else { throw .value("empty separator") }
                let found = name == "partition" ? firstIndex(of: separator, in: bytes) : lastIndex(of: separator, in: bytes)
                guard let at = found else {
                    return name == "partition" ? .tuple([make(bytes), make([]), make([])]) : .tuple([make([]), make([]), make(bytes)])
                }
                return .tuple([make(Array(bytes[..<at])), make(separator), make(Array(bytes[(at + separator.count)...]))])
            }
        case "split", "rsplit":
            return TemplateMethods.method(name) { (arguments) throws(TemplateError) -> Value in
                let bound = try arguments.bind(name, ["sep", "maxsplit"], [Value.none, .int(-1)])
                let limit = try index(bound[1])
                let pieces: [[UInt8]]
                if bound[0].isNone {
                    pieces = splitOnWhitespace(bytes, limit: limit, fromEnd: name == "rsplit")
                } else {
                    let separator = try bytesLike(bound[0])
                    guard !separator.isEmpty else { throw .value("empty separator") }
                    pieces = split(bytes, on: separator, limit: limit, fromEnd: name == "rsplit")
                }
                return .list(pieces.map(make))
            }
        case "splitlines":
            return TemplateMethods.method(name) { (arguments) throws(TemplateError) -> Value in
                let keepEnds = try arguments.bind(name, ["keepends"], [.bool(false)])[0].isTruthy
                return .list(splitLines(bytes, keepEnds: keepEnds).map(make))
            }
        case "startswith", "endswith":
            return positional(1, 3) { (arguments) throws(TemplateError) -> Value in
                let candidates: [Value]
                if case .tuple(let items) = arguments[0] { candidates = items } else { candidates = [arguments[0]] }
                let bounds = try TemplateSlicing.sliceIndices(
                    count: bytes.count, arguments.count > 1 ? arguments[1] : nil, arguments.count > 2 ? arguments[2] : nil, nil)
                let window = bounds.0 <= bounds.1 ? Array(bytes[bounds.0..<bounds.1]) : []
                for candidate in candidates {
                    guard case .object(let part as BytesValue) = candidate else {
                        throw .type("\(name) first arg must be bytes or a tuple of bytes, not \(candidate.typeName)")
                    }
                    if bounds.0 > bytes.count { continue }
                    let matches = name == "startswith"
                        ? window.starts(with: part.bytes)
                        : window.count >= part.bytes.count && Array(window.suffix(part.bytes.count)) == part.bytes
                    if matches { return .bool(true) }
                }
                return .bool(false)
            }
        case "translate":
            return positional(1, 2) { (arguments) throws(TemplateError) -> Value in
                let deleted = arguments.count == 2 ? try bytesLike(arguments[1]) : []
                var table: [UInt8]? = nil
                if !arguments[0].isNone {
                    let given = try bytesLike(arguments[0])
                    guard given.count == 256 else { throw .value("translation table must be 256 characters long") }
                    table = given
                }
                return make(bytes.filter { !deleted.contains($0) }.map { table?[Int($0)] ?? $0 })
            }
        default:
            return nil
        }
    }

    // MARK: - Arguments

    /// A bytes-like argument's bytes.
    static func bytesLike(_ value: Value) throws(TemplateError) -> [UInt8] {
        guard case .object(let given as BytesValue) = value else {
            throw .type("a bytes-like object is required, not \(PythonString.repr(value.typeName))")
        }
        return given.bytes
    }

    /// An index argument (`__index__`): ints and booleans.
    package static func index(_ value: Value) throws(TemplateError) -> Int {
        switch value {
        case .int(let number): return number
        case .bool(let flag): return flag ? 1 : 0
        case .bigInt: throw TemplateError("OverflowError", "Python int too large to convert to C ssize_t")
        default: throw .type("\(PythonString.repr(value.typeName)) object cannot be interpreted as an integer")
        }
    }

    // MARK: - ASCII classes

    /// `bytes.isspace()`'s whitespace: space, tab, line feed, carriage return, vertical tab, form feed.
    static let whitespace: [UInt8] = [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C]
    package static func isSpace(_ byte: UInt8) -> Bool { whitespace.contains(byte) }
    static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    static func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
    static func isLetter(_ byte: UInt8) -> Bool { isUpper(byte) || isLower(byte) }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func upper(_ byte: UInt8) -> UInt8 { isLower(byte) ? byte - 0x20 : byte }
    static func lower(_ byte: UInt8) -> UInt8 { isUpper(byte) ? byte + 0x20 : byte }

    /// Upper case after a byte that is not a letter, lower case after a letter.
    static func title(_ bytes: [UInt8]) -> [UInt8] {
        var previousCased = false
        return bytes.map { byte in
            let out = previousCased ? lower(byte) : upper(byte)
            previousCased = isLetter(byte)
            return out
        }
    }

    // MARK: - Operations

    /// `center`, `ljust`, `rjust`: CPython puts the odd byte of `center`'s padding on the left
    /// when the width is odd.
    static func pad(_ bytes: [UInt8], width: Int, fill: UInt8, mode: String) throws(TemplateError) -> [UInt8] {
        guard width > bytes.count else { return bytes }
        try TemplateOperators.checkTextLength(width)
        let padding = width - bytes.count
        let left: Int
        switch mode {
        case "ljust": left = 0
        case "rjust": left = padding
        default: left = padding / 2 + (padding & width & 1)
        }
        return [UInt8](repeating: fill, count: left) + bytes + [UInt8](repeating: fill, count: padding - left)
    }

    static func replace(_ bytes: [UInt8], _ old: [UInt8], _ new: [UInt8], limit: Int) throws(TemplateError) -> [UInt8] {
        var out: [UInt8] = []
        var remaining = limit < 0 ? Int.max : limit
        if old.isEmpty {
            for (position, byte) in bytes.enumerated() {
                if remaining > 0 { out += new; remaining -= 1 }
                out.append(byte)
                if position % 4096 == 0 { try TemplateOperators.checkTextLength(out.count) }
            }
            if remaining > 0 { out += new }
            try TemplateOperators.checkTextLength(out.count)
            return out
        }
        var position = 0
        while position < bytes.count {
            if remaining > 0, position + old.count <= bytes.count, bytes[position..<position + old.count].elementsEqual(old) {
                out += new
                position += old.count
                remaining -= 1
                try TemplateOperators.checkTextLength(out.count)
            } else {
                out.append(bytes[position])
                position += 1
            }
        }
        return out
    }

    static func expandTabs(_ bytes: [UInt8], size: Int) throws(TemplateError) -> [UInt8] {
        var out: [UInt8] = []
        var column = 0
        for byte in bytes {
            switch byte {
            case 0x09:
                guard size > 0 else { continue }
                let spaces = size - column % size
                column += spaces
                try TemplateOperators.checkTextLength(out.count + spaces)
                out += [UInt8](repeating: 0x20, count: spaces)
            case 0x0A, 0x0D:
                out.append(byte)
                column = 0
            default:
                out.append(byte)
                column += 1
            }
        }
        return out
    }

    static func firstIndex(of part: [UInt8], in bytes: [UInt8]) -> Int? {
        guard part.count <= bytes.count else { return nil }
        return (0...(bytes.count - part.count)).first { bytes[$0..<$0 + part.count].elementsEqual(part) }
    }

    static func lastIndex(of part: [UInt8], in bytes: [UInt8]) -> Int? {
        guard part.count <= bytes.count else { return nil }
        return (0...(bytes.count - part.count)).reversed().first { bytes[$0..<$0 + part.count].elementsEqual(part) }
    }

    /// `split(sep)` / `rsplit(sep)` with at most `limit` splits (all when negative).
    package static func split(_ bytes: [UInt8], on separator: [UInt8], limit: Int, fromEnd: Bool) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        var remaining = limit < 0 ? Int.max : limit
        if fromEnd {
            var end = bytes.count
            var position = bytes.count - separator.count
            while position >= 0 && remaining > 0 {
                if bytes[position..<position + separator.count].elementsEqual(separator) {
                    pieces.append(Array(bytes[(position + separator.count)..<end]))
                    end = position
                    position -= separator.count
                    remaining -= 1
                } else {
                    position -= 1
                }
            }
            pieces.append(Array(bytes[0..<end]))
            return pieces.reversed()
        }
        var start = 0
        var position = 0
        while position + separator.count <= bytes.count && remaining > 0 {
            if bytes[position..<position + separator.count].elementsEqual(separator) {
                pieces.append(Array(bytes[start..<position]))
                position += separator.count
                start = position
                remaining -= 1
            } else {
                position += 1
            }
        }
        pieces.append(Array(bytes[start...]))
        return pieces
    }

    /// `split()` / `rsplit()`: runs of ASCII whitespace separate, empty pieces are dropped.
    static func splitOnWhitespace(_ bytes: [UInt8], limit: Int, fromEnd: Bool) -> [[UInt8]] {
        let source = fromEnd ? bytes.reversed() : bytes
        var pieces: [[UInt8]] = []
        var remaining = limit < 0 ? Int.max : limit
        var position = 0
        while position < source.count {
            while position < source.count && isSpace(source[position]) { position += 1 }
            guard position < source.count else { break }
            if remaining == 0 {
                // the rest, as it is
                pieces.append(Array(source[position...]))
                break
            }
            let start = position
            while position < source.count && !isSpace(source[position]) { position += 1 }
            pieces.append(Array(source[start..<position]))
            remaining -= 1
        }
        return fromEnd ? pieces.reversed().map { $0.reversed() } : pieces
    }

    /// `splitlines`: at `\n`, `\r` and `\r\n` only (bytes know no other line breaks).
    static func splitLines(_ bytes: [UInt8], keepEnds: Bool) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = 0, position = 0
        while position < bytes.count {
            let byte = bytes[position]
            guard byte == 0x0A || byte == 0x0D else {
                position += 1
                continue
            }
            var end = position + 1
            if byte == 0x0D && end < bytes.count && bytes[end] == 0x0A { end += 1 }
            lines.append(Array(bytes[start..<(keepEnds ? end : position)]))
            start = end
            position = end
        }
        if start < bytes.count { lines.append(Array(bytes[start...])) }
        return lines
    }
}
