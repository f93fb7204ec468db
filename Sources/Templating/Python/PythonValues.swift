/// The values only `\setp` expressions make: `...`, `break`/`continue` handed back, complex
/// numbers, `bytes` and `bytearray`.

/// Python's `...`.
package final class EllipsisValue: TemplateObject, @unchecked Sendable {
    package static let shared = EllipsisValue()
    package var typeName: String { "ellipsis" }
    package var printed: String { "Ellipsis" }
}

/// What `break` and `continue` evaluate to in the reference's evaluator: the statement's node.
package final class InterruptStatement: TemplateObject, @unchecked Sendable {
    package let typeName: String
    package init(_ typeName: String) { self.typeName = typeName }
    package var printed: String { "<ast.\(typeName) object>" }
}

/// A Python `complex` (as far as `\setp` literals need it).
package final class ComplexNumber: TemplateObject, @unchecked Sendable {
    let real: Double, imaginary: Double
    package var isTruthy: Bool { real != 0 || imaginary != 0 }
    package init(real: Double, imaginary: Double) { self.real = real; self.imaginary = imaginary }
    package var typeName: String { "complex" }
    package var printed: String {
        // repr without a ".0" for whole numbers: (1+2j), (-0-1j)
        func part(_ value: Double) -> String {
            let text = PythonFloat.repr(value)
            return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
        }
        if real == 0 && real.sign == .plus { return part(imaginary) + "j" }
        let sign = imaginary < 0 || (imaginary == 0 && imaginary.sign == .minus) ? "-" : "+"
        return "(" + part(real) + sign + part(abs(imaginary)) + "j)"
    }
    package func attribute(_ name: String) -> Value? {
        switch name {
        case "real": return .float(real)
        case "imag": return .float(imaginary)
        case "conjugate":
            return .object(FunctionObject("conjugate") { [real, imaginary] (_: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
                .object(ComplexNumber(real: real, imaginary: -imaginary))
            })
        default: return nil
        }
    }
}

/// A Python `bytes` value, or a `bytearray` (`mutable`).
package final class BytesValue: TemplateObject, @unchecked Sendable {
    package let bytes: [UInt8]
    package let mutable: Bool
    package var isTruthy: Bool { !bytes.isEmpty }
    package init(_ bytes: [UInt8], mutable: Bool = false) {
        self.bytes = bytes
        self.mutable = mutable
    }
    package var typeName: String { mutable ? "bytearray" : "bytes" }
    package var printed: String { mutable ? "bytearray(\(literal))" : literal }

    /// `b'...'` as Python writes it: single quotes unless the bytes hold a single quote and
    /// no double quote, printable ASCII as is, the rest escaped.
    var literal: String {
        let quote: UInt8 = bytes.contains(0x27) && !bytes.contains(0x22) ? 0x22 : 0x27
        var out = "b" + String(UnicodeScalar(quote))
        for byte in bytes {
            switch byte {
            case 0x5C: out += "\\\\"
            case quote: out += "\\" + String(UnicodeScalar(quote))
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(byte))
            default: out += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
            }
        }
        return out + String(UnicodeScalar(quote))
    }

    package func attribute(_ name: String) -> Value? {
        switch name {
        case "hex":
            return .object(FunctionObject("hex") { [bytes] (_: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
                .string(bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined())
            })
        case "decode":
            return .object(FunctionObject("decode") { [bytes] (_: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw .value("'utf-8' codec can't decode bytes")
                }
                return .string(text)
            })
        default: return nil
        }
    }
}
