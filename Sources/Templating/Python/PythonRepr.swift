/// Python's `repr` of one-character strings, for error messages that quote the reference.
enum PythonRepr {
    static func character(_ scalar: Unicode.Scalar) -> String {
        PythonString.repr(String(scalar))
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
}
