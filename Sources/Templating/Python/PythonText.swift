/// Byte-level text helpers that follow Python's `str` rules, which the reference applies to
/// every script line (`strip`, `isspace`). Invalid UTF-8 bytes count as one ordinary character.
package enum PythonText {
    /// Python's `str.isspace` for one scalar value.
    package static func isSpace(_ value: UInt32) -> Bool {
        switch value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F,
            0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Decodes the scalar starting at `index`: its value (nil when the bytes there are not valid
    /// UTF-8) and how many bytes it takes (1 for an invalid byte).
    @inline(__always)
    package static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32?, length: Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (UInt32(lead), 1) }
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07)
        default: return (nil, 1)
        }
        guard index + length <= bytes.count else { return (nil, 1) }
        for offset in 1..<length {
            let next = bytes[index + offset]
            guard next & 0xC0 == 0x80 else { return (nil, 1) }
            value = value << 6 | UInt32(next & 0x3F)
        }
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return (nil, 1) }
        return (value, length)
    }

    /// Whether a whitespace scalar starts at `index`, and its length.
    @inline(__always)
    package static func spaceLength(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = bytes[index]
        if byte < 0x80 { return isSpace(UInt32(byte)) ? 1 : 0 }
        let (value, length) = scalar(in: bytes, at: index)
        if let value, isSpace(value) { return length }
        return 0
    }

    /// The range left after Python's `strip()` / `lstrip()` / `rstrip()` of `range`.
    package static func strip(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, leading: Bool = true, trailing: Bool = true
    ) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        if leading {
            while lower < upper {
                let length = spaceLength(in: bytes, at: lower)
                if length == 0 { break }
                lower += length
            }
        }
        if trailing {
            while upper > lower {
                // step back to the start of the last scalar
                var start = upper - 1
                while start > lower && bytes[start] & 0xC0 == 0x80 && upper - start < 4 { start -= 1 }
                var length = spaceLength(in: bytes, at: start)
                if length != upper - start {
                    // not a whole whitespace scalar; an invalid trailing byte is never space
                    if bytes[upper - 1] < 0x80, isSpace(UInt32(bytes[upper - 1])) { length = 1; start = upper - 1 } else { break }
                }
                upper = start
            }
        }
        return lower..<upper
    }

    /// `strip` over a whole array.
    package static func strip(_ bytes: [UInt8], leading: Bool = true, trailing: Bool = true) -> ArraySlice<UInt8> {
        bytes.withUnsafeBufferPointer { buffer in
            bytes[strip(buffer, 0..<buffer.count, leading: leading, trailing: trailing)]
        }
    }
}
