import BigInt
import ConfigLanguage
import Templating
import ConfigRuntime

/// A small JSON reader that keeps what Python's `json` keeps and Foundation's decoder loses:
/// object key order, `2.0` as a float, and integers of any size.
struct OrderedJSON {
    enum Failure: Error { case invalid(Int) }

    private let bytes: [UInt8]
    private var index = 0

    static func parse(_ text: String) throws -> Value {
        var reader = OrderedJSON(bytes: Array(text.utf8))
        let value = try reader.value()
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
    }

    private mutating func value() throws -> Value {
        skipSpace()
        guard index < bytes.count else { throw Failure.invalid(index) }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var dict = ValueDict()
            skipSpace()
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .dict(dict) }
            while true {
                skipSpace()
                let key = try string()
                skipSpace()
                guard bytes[index] == UInt8(ascii: ":") else { throw Failure.invalid(index) }
                index += 1
                dict[.string(key)] = try value()
                skipSpace()
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                guard bytes[index] == UInt8(ascii: "}") else { throw Failure.invalid(index) }
                index += 1
                return .dict(dict)
            }
        case UInt8(ascii: "["):
            index += 1
            var items: [Value] = []
            skipSpace()
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .list(items) }
            while true {
                items.append(try value())
                skipSpace()
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                guard bytes[index] == UInt8(ascii: "]") else { throw Failure.invalid(index) }
                index += 1
                return .list(items)
            }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): index += 4; return .bool(true)
        case UInt8(ascii: "f"): index += 5; return .bool(false)
        case UInt8(ascii: "n"): index += 4; return .none
        case UInt8(ascii: "N"): index += 3; return .float(.nan)
        case UInt8(ascii: "I"): index += 8; return .float(.infinity)
        default:
            let start = index
            if bytes[index] == UInt8(ascii: "-"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "I") {
                index += 9
                return .float(-.infinity)
            }
            while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) { index += 1 }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            if text.contains(where: { ".eE".contains($0) }) { return .float(Double(text) ?? .nan) }
            return .integer(BigInt(text) ?? 0)
        }
    }

    private mutating func string() throws -> String {
        guard bytes[index] == UInt8(ascii: "\"") else { throw Failure.invalid(index) }
        index += 1
        var scalars = String.UnicodeScalarView()
        var pendingHigh: UInt32? = nil
        var raw: [UInt8] = []
        func flush() {
            scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
            raw.removeAll()
        }
        while bytes[index] != UInt8(ascii: "\"") {
            if bytes[index] == UInt8(ascii: "\\") {
                flush()
                let escape = bytes[index + 1]
                index += 2
                switch escape {
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "u"):
                    let code = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16) ?? 0
                    index += 4
                    if (0xD800...0xDBFF).contains(code) {
                        pendingHigh = code
                    } else if let high = pendingHigh, (0xDC00...0xDFFF).contains(code) {
                        scalars.append(Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00))!)
                        pendingHigh = nil
                    } else if let scalar = Unicode.Scalar(code) {
                        scalars.append(scalar)
                    }
                default: scalars.append(Unicode.Scalar(escape))
                }
            } else {
                raw.append(bytes[index])
                index += 1
            }
        }
        flush()
        index += 1
        return String(scalars)
    }
}
