/// Python's `repr` of one-character strings, for error messages that quote the reference.
enum PythonRepr {
    static func character(_ scalar: Unicode.Scalar) -> String {
        let body: String
        switch scalar {
        case "\\": body = "\\\\"
        case "\n": body = "\\n"
        case "\r": body = "\\r"
        case "\t": body = "\\t"
        case "'": return "\"'\""
        default:
            if isPrintable(scalar) {
                body = String(scalar)
            } else if scalar.value < 0x100 {
                body = "\\x" + hex(scalar.value, width: 2)
            } else if scalar.value < 0x10000 {
                body = "\\u" + hex(scalar.value, width: 4)
            } else {
                body = "\\U" + hex(scalar.value, width: 8)
            }
        }
        return "'" + body + "'"
    }

    /// Python's `str.isprintable` for one scalar, close enough for error text.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
            .spaceSeparator:
            return false
        default:
            return true
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
